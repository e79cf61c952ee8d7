"""What a case page and a task page show besides the form: the summary, open tasks, statutory
deadlines, documents, attached scans, the history and the diagram."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from api.web.formatting import zone_of
from api.web.timeline import TimelineEntry, timeline
from engine import clock
from engine.accounts import access
from engine.accounts.access import Principal
from engine.accounts.roles import office_title
from engine.accounts.service import full_names
from engine.attachments import store as attachments
from engine.documents.store import list_documents
from engine.instances import queries
from engine.instances.inbox import due_mark
from engine.persistence.models import ProcessDefinition, ProcessInstance, TaskRecord

DEADLINE_STATES = {"pending": "Идёт", "met": "Соблюдён", "breached": "Нарушен", "cancelled": "Снят"}


@dataclass
class DeadlineView:
    title: str
    clause: str
    term: str | None
    due_at: datetime
    state: str
    state_title: str
    mark: str | None  # overdue, today or None while pending


@dataclass
class CasePanels:
    instance: ProcessInstance
    regulation: str
    version: int
    variant: str | None
    office: str
    open_tasks: list[tuple[TaskRecord, bool, str | None]]  # (task, the user may open it, due mark)
    deadlines: list[DeadlineView]
    documents: list[Any]
    attachments: list[Any]
    history: list[TimelineEntry]
    diagram_file: str | None
    highlight: list[str] = field(default_factory=list)

    @property
    def applicant(self) -> str:
        return (self.instance.summary or {}).get("applicant_name") or ""

    @property
    def snils(self) -> str:
        return (self.instance.summary or {}).get("snils") or ""

    @property
    def case_number(self) -> str:
        return self.instance.business_key or f"№ {self.instance.id}"


def case_panels(session, service, instance: ProcessInstance, user: Principal, focus: str | None = None) -> CasePanels:
    definition = session.get(ProcessDefinition, instance.definition_id)
    names = element_names(service, definition)
    now, zone = clock.now(), zone_of(instance.calendar_code)
    tasks = list(session.scalars(select(TaskRecord).filter_by(instance_id=instance.id, state="ready")))
    events = queries.history(session, instance.id)
    people = full_names(session, {e.actor for e in events})
    highlight = [focus] if focus else [t.element_id for t in tasks]
    return CasePanels(
        instance=instance,
        regulation=definition.name,
        version=definition.version,
        variant=variant_title(definition, (instance.summary or {}).get("variant")),
        office=office_title(instance.office),
        open_tasks=[(t, access.can_see_task(user, t, instance), due_mark(t.due_at, now, zone)) for t in tasks],
        deadlines=[_deadline(d, names, now, zone) for d in queries.deadlines(session, instance.id)],
        documents=list_documents(session, instance.id),
        attachments=attachments.of_instance(session, instance.id),
        history=timeline(events, people, names),
        diagram_file=diagram_file(definition, highlight[0] if highlight else None),
        highlight=highlight,
    )


def _deadline(row, names: dict[str, str], now, zone) -> DeadlineView:
    guarded = names.get(row.guarded_element_id or "", "")
    title = guarded or names.get(row.element_id, row.element_id)
    mark = due_mark(row.due_at, now, zone) if row.state == "pending" else None
    return DeadlineView(
        title, row.clause, row.term, row.due_at, row.state, _(DEADLINE_STATES.get(row.state, row.state)), mark
    )


# why: a deployed version never changes, so its element names are read once per process
_NAMES: dict[str, dict[str, str]] = {}  # content hash -> names


def element_names(service, definition: ProcessDefinition) -> dict[str, str]:
    """BPMN id -> name of every element of a deployed version (called processes included)."""
    if definition.content_hash not in _NAMES:
        spec, subprocesses = service.definitions.specs(definition)
        names = {}
        for process in [spec, *subprocesses.values()]:
            for task_spec in process.task_specs.values():
                if getattr(task_spec, "bpmn_id", None) and getattr(task_spec, "bpmn_name", None):
                    names[task_spec.bpmn_id] = task_spec.bpmn_name
        _NAMES[definition.content_hash] = names
    return _NAMES[definition.content_hash]


def variant_title(definition: ProcessDefinition, code: str | None) -> str | None:
    """The Russian name of the case's variant, as the regulation's forms list it."""
    if not code:
        return None
    for document in (definition.properties.get("forms") or {}).values():
        variant = (document.get("schema", {}).get("properties") or {}).get("variant") or {}
        values, titles = variant.get("enum") or [], variant.get("x-enum-titles") or []
        if code in values and len(titles) == len(values):
            return titles[values.index(code)]
    return code


def diagram_file(definition: ProcessDefinition, element_id: str | None) -> str | None:
    """The BPMN file that draws the element (a called process has its own file)."""
    sources: dict[str, str] = definition.sources or {}
    if element_id:
        for name, xml in sources.items():
            if f'id="{element_id}"' in xml:
                return name
    main = next((n for n, xml in sources.items() if f'id="{definition.process_key}"' in xml), None)
    return main or next(iter(sources), None)
