"""Every notice and document a deployed diagram names exists as a template: a missing one is found
here, not as an incident in the middle of a case (as every notify.send of the relocation diagrams
was until their notice templates were written)."""

from __future__ import annotations

import ast
from pathlib import Path

from lxml import etree

from engine.documents.render import TITLES
from engine.settings import ROOT

NS = {"spiffworkflow": "http://spiffworkflow.org/bpmn/schema/1.0/core"}
NOTICE_TEMPLATES = Path(ROOT, "worker", "adapters", "templates")


def _named(operation: str) -> set[tuple[str, str]]:
    """(diagram, template) for every service task of this operation whose template is a literal."""
    found = set()
    for path in sorted(Path(ROOT, "bpmn").rglob("*.bpmn")):
        query = f"//spiffworkflow:serviceTaskOperator[@id='{operation}']//spiffworkflow:parameter[@id='template']"
        for parameter in etree.parse(str(path)).xpath(query, namespaces=NS):
            value = ast.parse(parameter.get("value"), mode="eval").body
            if isinstance(value, ast.Constant):  # the typo correction names the kind of document corrected
                found.add((path.name, value.value))
    return found


def test_every_notice_a_diagram_sends_has_a_notification_template():
    named = _named("notify.send")
    assert ("employer_approval.bpmn", "employer_approved") in named
    missing = {(diagram, t) for diagram, t in named if not (NOTICE_TEMPLATES / f"{t}.txt.j2").exists()}
    assert missing == set()


def test_every_document_a_diagram_renders_has_a_document_template():
    named = _named("documents.render")
    assert ("financial_support.bpmn", "grant_order") in named
    assert {(diagram, t) for diagram, t in named if t not in TITLES} == set()
