"""Timer event definitions that read the injectable clock.

SpiffWorkflow 3.2.0 compares timers with the system clock read directly; these subclasses
ask engine.clock instead, so tests and demos move time rather than patch it. The computed due
moment is stored in the task's internal data once and survives reload.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from SpiffWorkflow.bpmn.specs.event_definitions.timer import (
    CycleTimerEventDefinition,
    DurationTimerEventDefinition,
    TimeDateEventDefinition,
    TimerEventDefinition,
)

from engine import clock


def timer_due(task) -> datetime | None:
    """The stored due moment of a waiting timer task, or None if not yet computed."""
    value = task._get_internal_data("event_value")
    if isinstance(value, dict):  # a cycle timer stores its next firing
        value = value.get("next")
    return TimerEventDefinition.get_datetime(value) if value else None


class ClockTimeDate(TimeDateEventDefinition):
    def has_fired(self, my_task):
        event_value = my_task._get_internal_data("event_value")
        if event_value is None:
            event_value = my_task.workflow.script_engine.evaluate(my_task, self.expression)
            my_task._set_internal_data(event_value=event_value)
        if TimerEventDefinition.parse_time_or_duration(event_value) <= clock.now():
            my_task._set_internal_data(event_fired=True)
        return my_task._get_internal_data("event_fired", False)


class ClockDuration(DurationTimerEventDefinition):
    def has_fired(self, my_task):
        event_value = my_task._get_internal_data("event_value")
        if event_value is None:
            expression = my_task.workflow.script_engine.evaluate(my_task, self.expression)
            parsed = TimerEventDefinition.parse_iso_duration(expression)
            now = clock.now()
            event_value = (now + TimerEventDefinition.get_timedelta_from_start(parsed, now)).isoformat()
            my_task._set_internal_data(event_value=event_value)
        if TimerEventDefinition.get_datetime(event_value) <= clock.now():
            my_task._set_internal_data(event_fired=True)
        return my_task._get_internal_data("event_fired", False)


class ClockCycle(CycleTimerEventDefinition):
    def cycle_complete(self, my_task):
        event_value = my_task._get_internal_data("event_value")
        if event_value is None:
            expression = my_task.workflow.script_engine.evaluate(my_task, self.expression)
            cycles, start, duration = _parse_cycle(expression)
            event_value = {"cycles": cycles, "next": start.isoformat(), "duration": duration.total_seconds()}
        ready = False
        if event_value["cycles"] != 0:
            next_event = datetime.fromisoformat(event_value["next"])
            if next_event <= clock.now():
                event_value["next"] = (next_event + timedelta(seconds=event_value["duration"])).isoformat()
                event_value["cycles"] -= 1
                ready = True
        else:
            my_task.internal_data.pop("event_value", None)
            my_task.internal_data["event_fired"] = True
        my_task._set_internal_data(event_value=event_value)
        return ready


def _parse_cycle(expression: str):
    """Like the stock parser, but an interval with no start begins at clock.now()."""
    components = expression.upper().replace("--", "/").strip("R").split("/")
    if len(components) == 2 and components[1].startswith("P"):
        cycles = int(components[0]) if components[0] else -1
        parsed = TimerEventDefinition.parse_iso_duration(components[1])
        now = clock.now()
        duration = TimerEventDefinition.get_timedelta_from_start(parsed, now)
        return cycles, now + duration, duration
    return TimerEventDefinition.parse_iso_recurring_interval(expression)


CLOCK_TIMERS = {
    TimeDateEventDefinition: ClockTimeDate,
    DurationTimerEventDefinition: ClockDuration,
    CycleTimerEventDefinition: ClockCycle,
}


class ClockTimerParserMixin:
    """Event parsers build clock-aware timers in place of the stock ones."""

    def parse_timer_event(self, event):
        stock = super().parse_timer_event(event)
        ours = CLOCK_TIMERS[type(stock)]
        return ours(stock.name, stock.expression, description=stock.description)
