"""Production calendars by jurisdiction (ISO 3166-2): working days, office hours, the acts.

calendar = get_calendar("RU-PRI")
calendar.add_working_days(date(2026, 12, 29), 10)  # 21 January 2027
"""

from __future__ import annotations

from functools import cache

from engine.calendars.calendar_year import CalendarYear
from engine.calendars.errors import CalendarDataInvalid, UnknownCalendar
from engine.calendars.loader import load_calendars
from engine.calendars.production_calendar import OfficeHours, ProductionCalendar

__all__ = [
    "CalendarDataInvalid",
    "CalendarYear",
    "OfficeHours",
    "ProductionCalendar",
    "UnknownCalendar",
    "calendar_codes",
    "get_calendar",
]


def get_calendar(code: str) -> ProductionCalendar:
    """The shipped calendar of a jurisdiction, e.g. "RU-SPE" or "KZ-KAR"."""
    calendars = _shipped()
    try:
        return calendars[code.upper()]
    except KeyError:
        raise UnknownCalendar(
            f"Производственный календарь «{code}» не найден; доступны: {', '.join(sorted(calendars))}",
            code=code,
            known=sorted(calendars),
        ) from None


def calendar_codes() -> tuple[str, ...]:
    return tuple(sorted(_shipped()))


@cache
def _shipped() -> dict[str, ProductionCalendar]:
    # why: files are read once per process; the calendars are immutable values
    return load_calendars()
