"""Deploy: store a new definition version only when a process's content changed.

A version holds the serialized specs of the process and every process it calls, the BPMN
sources for the viewer, and a snapshot of the forms its user tasks use, so that instances
started on version 1 finish on version 1 with the forms they started with.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from engine import clock
from engine.bpmn.serializer import specs_to_json
from engine.definitions.lint import DiagramSet, bpmn_files, lint
from engine.errors import DeployError
from engine.persistence.models import ProcessDefinition

DEFAULT_CALENDAR = "RU-PRI"


@dataclass(frozen=True)
class DeployResult:
    process_key: str
    version: int
    created: bool


def deploy(session: Session, path: Path, forms, actor: str = "system") -> list[DeployResult]:
    diagrams, problems = lint(bpmn_files(path), forms)
    if problems:
        raise DeployError(problems=[p.as_dict() for p in problems])
    return [_deploy_process(session, diagrams, pid, forms, actor) for pid in diagrams.process_ids]


def _deploy_process(session: Session, diagrams: DiagramSet, pid: str, forms, actor: str) -> DeployResult:
    spec = diagrams.parser.get_spec(pid)
    subprocess_specs = diagrams.parser.get_subprocess_specs(pid)
    specs_json = specs_to_json(spec, subprocess_specs)
    form_snapshot = _forms_of(spec, subprocess_specs, forms)
    properties = {
        "calendar": DEFAULT_CALENDAR,
        **diagrams.process_properties.get(pid, {}),
        "forms": form_snapshot,
    }
    content_hash = _hash(specs_json, properties)
    existing = session.scalar(select(ProcessDefinition).filter_by(process_key=pid, content_hash=content_hash))
    if existing is not None:
        return DeployResult(pid, existing.version, created=False)
    latest = session.scalar(select(func.max(ProcessDefinition.version)).filter_by(process_key=pid)) or 0
    files = {s.file for s in [spec, *subprocess_specs.values()] if s.file}
    definition = ProcessDefinition(
        process_key=pid,
        name=spec.description or pid,
        version=latest + 1,
        content_hash=content_hash,
        specs_json=specs_json,
        sources={f: diagrams.sources[f] for f in files if f in diagrams.sources},
        properties=properties,
        deployed_at=clock.now(),
        deployed_by=actor,
    )
    session.add(definition)
    session.flush()
    return DeployResult(pid, definition.version, created=True)


def _forms_of(spec, subprocess_specs, forms) -> dict[str, dict]:
    snapshot = {}
    for process in [spec, *subprocess_specs.values()]:
        for task_spec in process.task_specs.values():
            name = (getattr(task_spec, "extensions", None) or {}).get("properties", {}).get("form")
            if name and name not in snapshot:
                form = forms.get(name)
                snapshot[name] = {"schema": form.schema, "ui": form.ui}
    return snapshot


def _hash(specs_json: str, properties: dict) -> str:
    canonical = specs_json + json.dumps(properties, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
