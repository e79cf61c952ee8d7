"""Reglament's own functions available to diagram expressions, bound to the task they run for."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from engine import clock
from engine.errors import InvalidInput

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

    moment = _as_moment(start) if start is not None else clock.now()
    result = compute_due(get_calendar(calendar_code), moment, term, party=party)
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


def _as_moment(value: Any) -> datetime:
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime.combine(value, time(0, 0))
    elif isinstance(value, str):
        moment = datetime.fromisoformat(value)
    else:
        raise InvalidInput("Начало срока должно быть датой или моментом времени", value=repr(value))
    if moment.tzinfo is None:
        raise InvalidInput("Начало срока должно содержать часовой пояс", value=str(value))
    return moment
