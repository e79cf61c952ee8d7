"""Reglament's own functions available to diagram expressions, bound to the task they run for."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from engine import clock
from engine.errors import InvalidInput

NOON = time(12, 0)

# Names a form field may not take: it would hide the function inside scripts.
TASK_FUNCTION_NAMES = frozenset({"due"})


def task_functions(calendar_code: str):
    """Factory for RegScriptEngine: returns the functions bound to one task."""

    def bind(task) -> dict[str, Any]:
        def due(term: str, start: Any = None, party: str = "office") -> str:
            return _due(task, calendar_code, term, start, party)

        return {"due": due}

    return bind


def _due(task, calendar_code: str, term: str, start: Any, party: str) -> str:
    from engine.calendars import get_calendar
    from engine.deadlines.due import compute_due

    calendar = get_calendar(calendar_code)
    moment = _as_moment(start, calendar.zone) if start is not None else clock.now()
    result = compute_due(calendar, moment, term, party=party)
    # why: the Deadline record is written from what the timer actually computed
    task._set_internal_data(
        deadline={
            "term": str(term),
            "party": party,
            "start": moment.isoformat(),
            "calendar": calendar_code,
            "warnings": list(result.warnings),
        }
    )
    return result.due.isoformat()


def _as_moment(value: Any, zone) -> datetime:
    """A recorded event as a moment. A bare date (a form's date field) is taken as that day during
    office hours: only the day matters to a day term, and the day must not shift to the next one."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value) if "T" in value or " " in value else date.fromisoformat(value)
        except ValueError as exc:
            raise InvalidInput("Начало срока: ожидается дата ГГГГ-ММ-ДД или момент ISO 8601", value=value) from exc
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise InvalidInput("Начало срока должно содержать часовой пояс", value=value.isoformat())
        return value
    if isinstance(value, date):
        return datetime.combine(value, NOON, tzinfo=zone)
    raise InvalidInput("Начало срока должно быть датой или моментом времени", value=repr(value))
