"""One country's production-calendar year (производственный календарь): which days are off,
which weekend days are worked, which days close an hour early, and the act that set them.

The same value comes from the JSON files shipped in engine/calendars/data, from the `holidays`
package fallback, and later from the database (admins edit it with an audit trail).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from engine.calendars.errors import CalendarDataInvalid

SATURDAY = 5


@dataclass(frozen=True)
class CalendarYear:
    """Non-working and special days of one country in one year.

    holidays: statutory non-working holidays (incl. those falling on a weekend; for KZ also the
        religious days off of Labour Code art. 84(5): Orthodox Christmas, first day of Kurban Ait).
    days_off: weekdays made days off: a holiday moved off a weekend by law, or a transfer by act.
    working_weekends: Saturdays/Sundays made working days by a transfer.
    shortened_days: working days one hour shorter before a holiday (RU Labour Code art. 95).
    confirmed: False when nobody has checked the year against the official act; every deadline
        that used such a year carries a warning.
    """

    country: str
    year: int
    holidays: frozenset[date]
    days_off: frozenset[date]
    working_weekends: frozenset[date]
    shortened_days: frozenset[date]
    act: str
    confirmed: bool
    source: str = ""
    note: str = ""
    labels: Mapping[date, str] = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self) -> None:
        # why: builders (files, a DB row, the fallback) pass lists; lookups want frozensets
        for name in ("holidays", "days_off", "working_weekends", "shortened_days"):
            object.__setattr__(self, name, frozenset(getattr(self, name)))
        self._check()

    def is_working_day(self, day: date) -> bool:
        if day in self.holidays or day in self.days_off:
            return False
        return day.weekday() < SATURDAY or day in self.working_weekends

    def is_shortened_day(self, day: date) -> bool:
        return day in self.shortened_days

    def _check(self) -> None:
        problems = [*self._outside_year(), *self._misplaced_days()]
        if problems:
            raise CalendarDataInvalid(
                f"Производственный календарь {self.country} на {self.year} год противоречив: {'; '.join(problems)}",
                country=self.country,
                year=self.year,
                problems=problems,
            )

    def _outside_year(self) -> Iterable[str]:
        for name in ("holidays", "days_off", "working_weekends", "shortened_days"):
            for day in sorted(getattr(self, name)):
                if day.year != self.year:
                    yield f"{day.isoformat()} в списке {name} относится к другому году"

    def _misplaced_days(self) -> Iterable[str]:
        for day in sorted(self.days_off):
            if day.weekday() >= SATURDAY:
                yield f"{day.isoformat()}: перенесённый выходной приходится на субботу или воскресенье"
        for day in sorted(self.working_weekends):
            if day.weekday() < SATURDAY or day in self.holidays or day in self.days_off:
                yield f"{day.isoformat()}: рабочим выходным может быть только суббота или воскресенье"
        for day in sorted(self.shortened_days):
            if not self.is_working_day(day):
                yield f"{day.isoformat()}: сокращённым может быть только рабочий день"
