"""Serializer configuration and the split of a workflow into definition and instance state.

Money is Decimal and dates are dates in task data; both get explicit converters so the stored
JSON round-trips exactly. The process definition (spec and subprocess specs) is stored once
per deployed version; an instance row keeps only its state.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from SpiffWorkflow.bpmn.serializer.default.event_definition import TimerConditionalEventDefinitionConverter
from SpiffWorkflow.bpmn.serializer.workflow import BpmnWorkflowSerializer
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG

from engine.bpmn.service_task import JobServiceTask, JobServiceTaskConverter
from engine.bpmn.timers import CLOCK_TIMERS

# Bumped when the stored instance format changes; engine/persistence/state_migrations has one
# module per bump.
STATE_FORMAT_VERSION = 1
_SPEC_KEYS = ("spec", "subprocess_specs")


def _build_serializer() -> BpmnWorkflowSerializer:
    config = dict(SPIFF_CONFIG)
    config[JobServiceTask] = JobServiceTaskConverter
    for ours in CLOCK_TIMERS.values():
        config[ours] = TimerConditionalEventDefinitionConverter
    registry = BpmnWorkflowSerializer.configure(config)
    registry.register(Decimal, lambda v: {"value": str(v)}, lambda d: Decimal(d["value"]), typename="Decimal")
    registry.register(
        datetime,
        lambda v: {"value": v.isoformat()},
        lambda d: datetime.fromisoformat(d["value"]),
        typename="datetime",
    )
    registry.register(
        date, lambda v: {"value": v.isoformat()}, lambda d: date.fromisoformat(d["value"]), typename="date"
    )
    return BpmnWorkflowSerializer(registry)


SERIALIZER = _build_serializer()


def specs_to_json(spec, subprocess_specs: dict) -> str:
    registry = SERIALIZER.registry
    return json.dumps(
        {
            "spec": registry.convert(spec),
            "subprocess_specs": {k: registry.convert(v) for k, v in subprocess_specs.items()},
        }
    )


def specs_from_json(specs_json: str) -> tuple[Any, dict[str, Any]]:
    """Restore the spec objects of a definition version; callers cache them per version."""
    dct = json.loads(specs_json)
    registry = SERIALIZER.registry
    subprocess_specs = {k: registry.restore(v) for k, v in dct["subprocess_specs"].items()}
    return registry.restore(dct["spec"]), subprocess_specs


def state_to_json(workflow) -> str:
    """The instance state without the specs, which live on the definition version."""
    registry = SERIALIZER.registry
    registry._encoder_mode = True
    try:
        dct = SERIALIZER.to_dict(workflow)
    finally:
        registry._encoder_mode = False
    for key in _SPEC_KEYS:
        dct.pop(key)
    dct[SERIALIZER.VERSION_KEY] = SERIALIZER.VERSION
    dct["format_version"] = STATE_FORMAT_VERSION
    return json.dumps(dct, cls=SERIALIZER._encoder_cls, separators=(",", ":"))


def workflow_from_json(state_json: str, spec, subprocess_specs: dict):
    """Rebuild a workflow from stored state and the (shared, read-only) spec objects.

    Already restored objects pass through the registry unchanged, so the cached specs are
    handed in place of their dicts.
    """
    dct = json.loads(state_json)
    dct.pop("format_version", None)
    SERIALIZER.migrate(dct)
    dct["spec"] = spec
    dct["subprocess_specs"] = dict(subprocess_specs)
    return SERIALIZER.from_dict(dct)


def data_to_json(data: Any) -> Any:
    """Task data as plain JSON (Decimal and date as strings) for the API."""
    return json.loads(json.dumps(data, default=_plain))


def _plain(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    raise TypeError(f"not JSON-friendly: {type(value).__name__}")
