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

import orjson
from SpiffWorkflow.bpmn.serializer.default.event_definition import TimerConditionalEventDefinitionConverter
from SpiffWorkflow.bpmn.serializer.default.workflow import BpmnWorkflowConverter, WorkflowConverter
from SpiffWorkflow.bpmn.serializer.workflow import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG

from engine.bpmn.service_task import JobServiceTask, JobServiceTaskConverter
from engine.bpmn.timers import CLOCK_TIMERS

# Bumped when the stored instance format changes; engine/persistence/state_migrations has one
# module per bump.
STATE_FORMAT_VERSION = 1


class InstanceStateConverter(BpmnWorkflowConverter):
    """A workflow's own state without its specs: they are stored once per definition version,
    so converting them on every save would only be thrown away."""

    def to_dict(self, workflow) -> dict:
        dct = WorkflowConverter.to_dict(self, workflow)
        dct["subprocesses"] = self.mapping_to_dict(workflow.subprocesses)
        dct["bpmn_events"] = self.registry.convert(workflow.bpmn_events)
        return dct


def _build_serializer() -> BpmnWorkflowSerializer:
    config = dict(SPIFF_CONFIG)
    config[BpmnWorkflow] = InstanceStateConverter
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

# The state is written on every action, so it goes through orjson; dates and dataclasses are
# handed to SpiffWorkflow's encoder (typed, so they come back as what they were), and keys that
# are not strings become strings, as the json module does.
_ENCODER = SERIALIZER._encoder_cls()
_STATE_JSON_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_NON_STR_KEYS


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
    dct[SERIALIZER.VERSION_KEY] = SERIALIZER.VERSION
    dct["format_version"] = STATE_FORMAT_VERSION
    return orjson.dumps(dct, default=_ENCODER.default, option=_STATE_JSON_OPTIONS).decode()


def workflow_from_json(state_json: str, spec, subprocess_specs: dict):
    """Rebuild a workflow from stored state and the (shared, read-only) spec objects.

    Already restored objects pass through the registry unchanged, so the cached specs are
    handed in place of their dicts.
    """
    dct = orjson.loads(state_json)
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
