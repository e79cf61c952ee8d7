"""The Reglament BPMN parser: SpiffWorkflow's, with XSD validation and our task classes."""

from __future__ import annotations

from SpiffWorkflow.bpmn.parser.BpmnParser import full_tag
from SpiffWorkflow.bpmn.specs.defaults import BoundaryEvent, IntermediateCatchEvent, StartEvent
from SpiffWorkflow.spiff.parser.event_parsers import (
    SpiffBoundaryEventParser,
    SpiffIntermediateCatchEventParser,
    SpiffStartEventParser,
)
from SpiffWorkflow.spiff.parser.process import VALIDATOR, SpiffBpmnParser
from SpiffWorkflow.spiff.parser.task_spec import ServiceTaskParser

from engine.bpmn.service_task import JobServiceTask
from engine.bpmn.timers import ClockTimerParserMixin


class StartEventParser(ClockTimerParserMixin, SpiffStartEventParser):
    pass


class BoundaryEventParser(ClockTimerParserMixin, SpiffBoundaryEventParser):
    pass


class IntermediateCatchEventParser(ClockTimerParserMixin, SpiffIntermediateCatchEventParser):
    pass


class RegParser(SpiffBpmnParser):
    OVERRIDE_PARSER_CLASSES = {
        **SpiffBpmnParser.OVERRIDE_PARSER_CLASSES,
        full_tag("serviceTask"): (ServiceTaskParser, JobServiceTask),
        full_tag("startEvent"): (StartEventParser, StartEvent),
        full_tag("boundaryEvent"): (BoundaryEventParser, BoundaryEvent),
        full_tag("intermediateCatchEvent"): (IntermediateCatchEventParser, IntermediateCatchEvent),
    }

    def __init__(self, **kwargs):
        super().__init__(validator=VALIDATOR, **kwargs)
