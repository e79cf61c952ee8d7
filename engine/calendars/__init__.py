"""Production calendars by jurisdiction (ISO 3166-2): working days, office hours, the acts.

calendar = get_calendar("RU-PRI")
calendar.add_working_days(date(2026, 12, 29), 10)  # 21 January 2027

`get_calendar` reads the shipped files unless a store is installed: the app and worker
factories install the database-backed one (`use_store(CalendarStore(db))`), so that admins'
edits reach diagrams' `due()`; pure tests and `reglament due` keep the files.
"""

from __future__ import annotations

from functools import cache
from typing import Protocol

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
    "CalendarSource",
    "calendar_codes",
    "get_calendar",
    "shipped_calendars",
    "use_store",
]


class CalendarSource(Protocol):
    """Where `get_calendar` looks when installed (engine.calendars.store.CalendarStore)."""

    def get(self, code: str) -> ProductionCalendar: ...

    def codes(self) -> tuple[str, ...]: ...


_installed: CalendarSource | None = None


def use_store(store: CalendarSource | None) -> CalendarSource | None:
    """Install the calendars `get_calendar` returns (None: the shipped files); returns the previous."""
    global _installed
    previous, _installed = _installed, store
    return previous


def get_calendar(code: str) -> ProductionCalendar:
    """The calendar of a jurisdiction, e.g. "RU-SPE" or "KZ-KAR": the installed store's, else the file's."""
    if _installed is not None:
        return _installed.get(code)
    calendars = shipped_calendars()
    try:
        return calendars[code.upper()]
    except KeyError:
        raise UnknownCalendar(
            f"Производственный календарь «{code}» не найден; доступны: {', '.join(sorted(calendars))}",
            code=code,
            known=sorted(calendars),
        ) from None


def calendar_codes() -> tuple[str, ...]:
    if _installed is not None:
        return _installed.codes()
    return tuple(sorted(shipped_calendars()))


@cache
def shipped_calendars() -> dict[str, ProductionCalendar]:
    """The calendars of the files in engine/calendars/data, as shipped with this release."""
    # why: files are read once per process; the calendars are immutable values
    return load_calendars()
