"""Reading a BPMN file's XML: where expressions live and which element a node belongs to."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

NS = {
    "bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL",
    "spiffworkflow": "http://spiffworkflow.org/bpmn/schema/1.0/core",
}

# (xpath, mode): every place SpiffWorkflow evaluates Python from a diagram
EXPRESSION_PATHS = (
    ("//bpmn:conditionExpression", "eval"),
    ("//bpmn:scriptTask/bpmn:script", "exec"),
    ("//spiffworkflow:preScript", "exec"),
    ("//spiffworkflow:postScript", "exec"),
    ("//bpmn:timeDate", "eval"),
    ("//bpmn:timeDuration", "eval"),
    ("//bpmn:timeCycle", "eval"),
    ("//spiffworkflow:serviceTaskOperator/spiffworkflow:parameters/spiffworkflow:parameter/@value", "eval"),
    ("//spiffworkflow:messagePayload", "eval"),
    ("//spiffworkflow:processVariableCorrelation/spiffworkflow:expression", "eval"),
    ("//bpmn:loopCardinality", "eval"),
    ("//bpmn:completionCondition", "eval"),
)


@dataclass(frozen=True)
class Expression:
    source: str
    mode: str
    element_id: str | None
    line: int | None


def parse_xml(content: bytes) -> etree._ElementTree:
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    return etree.ElementTree(etree.fromstring(content, parser))


def owning_element(node) -> etree._Element:
    """The nearest ancestor (or self) with an id: the BPMN element an analyst can find."""
    while node is not None and node.get("id") is None:
        node = node.getparent()
    return node


def expressions(tree) -> Iterator[Expression]:
    for path, mode in EXPRESSION_PATHS:
        for hit in tree.xpath(path, namespaces=NS):
            node = hit.getparent() if isinstance(hit, etree._ElementUnicodeResult) else hit
            text = str(hit) if isinstance(hit, etree._ElementUnicodeResult) else (hit.text or "")
            if text.strip():
                owner = owning_element(node)
                yield Expression(
                    text.strip() if mode == "eval" else text,
                    mode,
                    owner.get("id") if owner is not None else None,
                    node.sourceline,
                )


def properties(node) -> dict[str, str]:
    found = node.xpath("./bpmn:extensionElements/spiffworkflow:properties/spiffworkflow:property", namespaces=NS)
    return {p.get("name"): p.get("value") for p in found}


def processes(tree) -> list[etree._Element]:
    return tree.xpath("//bpmn:process", namespaces=NS)


def interrupting_event_subprocesses(process) -> list[str]:
    """Event sub-processes whose start interrupts the case (BPMN's default unless isInterrupting="false")."""
    found = []
    for sub in process.xpath("./bpmn:subProcess[@triggeredByEvent='true']", namespaces=NS):
        starts = sub.xpath("./bpmn:startEvent", namespaces=NS)
        if any(start.get("isInterrupting", "true") != "false" for start in starts):
            found.append(sub.get("id"))
    return found
