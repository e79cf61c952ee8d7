"""Diagrams generated for measurement: a straight line of N user tasks in one lane."""

from __future__ import annotations

import json
from pathlib import Path

HEADER = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
    'xmlns:spiffworkflow="http://spiffworkflow.org/bpmn/schema/1.0/core" '
    'id="bench_defs" targetNamespace="http://reglament.local/bench">\n'
)


def linear_process(tasks: int, process_id: str = "bench_linear") -> str:
    nodes = ['<bpmn:startEvent id="start"><bpmn:outgoing>f0</bpmn:outgoing></bpmn:startEvent>']
    for n in range(1, tasks + 1):
        nodes.append(
            f'<bpmn:userTask id="step_{n}" name="Шаг {n}"><bpmn:extensionElements><spiffworkflow:properties>'
            f'<spiffworkflow:property name="form" value="bench/step" /></spiffworkflow:properties>'
            f"</bpmn:extensionElements><bpmn:incoming>f{n - 1}</bpmn:incoming>"
            f"<bpmn:outgoing>f{n}</bpmn:outgoing></bpmn:userTask>"
        )
    nodes.append(f'<bpmn:endEvent id="end"><bpmn:incoming>f{tasks}</bpmn:incoming></bpmn:endEvent>')
    targets = [f"step_{n}" for n in range(1, tasks + 1)] + ["end"]
    sources = ["start"] + targets[:-1]
    flows = [
        f'<bpmn:sequenceFlow id="f{i}" sourceRef="{s}" targetRef="{t}" />'
        for i, (s, t) in enumerate(zip(sources, targets, strict=True))
    ]
    lane = (
        '<bpmn:laneSet id="lanes"><bpmn:lane id="lane" name="specialist">'
        + "".join(f"<bpmn:flowNodeRef>{x}</bpmn:flowNodeRef>" for x in ["start", *targets])
        + "</bpmn:lane></bpmn:laneSet>"
    )
    return (
        HEADER
        + f'<bpmn:process id="{process_id}" isExecutable="true">'
        + lane
        + "".join(nodes + flows)
        + "</bpmn:process></bpmn:definitions>\n"
    )


def write_fixture(folder: Path, tasks: int) -> tuple[Path, Path]:
    bpmn_dir, forms_dir = folder / "bpmn", folder / "forms" / "bench"
    bpmn_dir.mkdir(parents=True, exist_ok=True)
    forms_dir.mkdir(parents=True, exist_ok=True)
    (bpmn_dir / "bench_linear.bpmn").write_text(linear_process(tasks), encoding="utf-8")
    step = {
        "schema": {"type": "object", "title": "Шаг", "properties": {"note": {"type": "string", "title": "Отметка"}}}
    }
    (forms_dir / "step.json").write_text(json.dumps(step, ensure_ascii=False), encoding="utf-8")
    return bpmn_dir, folder / "forms"
