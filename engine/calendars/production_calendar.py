"""A jurisdiction's production calendar: its country's calendar years plus its own time zone
and office hours.

Regional calendars (RU-SPE, RU-PRI, ...) share their country's years (federal RU data, KZ data)
and differ only in zone and hours. A year missing from `years` falls back to the `holidays`
package, and `warnings_for` says so, so that no deadline is silently computed on guesses.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

from engine.calendars.calendar_year import CalendarYear
from engine.calendars.errors import CalendarDataInvalid
from engine.calendars.fallback import fallback_year
from engine.errors import CalendarYearUnconfirmed

SHORTENING = timedelta(hours=1)  # RU Labour Code art. 95: the pre-holiday day is one hour shorter
ONE_DAY = timedelta(days=1)
# why: the longest real run of days off is about eleven days (New Year holidays); the bound only
# stops a loop over corrupt data (a year with every day off) from running forever.
MAX_DAYS_WITHOUT_WORK = 400


class OfficeHours(NamedTuple):
    open: datetime
    close: datetime


@dataclass(frozen=True)
class ProductionCalendar:
    code: str
    zone: ZoneInfo
    office_open: time
    office_close: time
    years: Mapping[int, CalendarYear]
    country: str = ""
    name: str = ""

    def __post_init__(self) -> None:
        if not self.country:
            object.__setattr__(self, "country", self.code.split("-")[0])
        opening = datetime.combine(date(2000, 1, 1), self.office_open)
        closing = datetime.combine(date(2000, 1, 1), self.office_close)
        if closing - SHORTENING <= opening:
            raise CalendarDataInvalid(
                f"Часы приёма календаря {self.code} некорректны: {self.office_open}–{self.office_close}",
                code=self.code,
            )

    def calendar_year(self, year: int) -> CalendarYear:
        return self.years.get(year) or fallback_year(self.country, year)

    def is_working_day(self, day: date) -> bool:
        return self.calendar_year(day.year).is_working_day(day)

    def is_shortened_day(self, day: date) -> bool:
        return self.calendar_year(day.year).is_shortened_day(day)

    def office_hours(self, day: date) -> OfficeHours | None:
        """Opening and closing moments of `day` in local time; None on a non-working day."""
        if not self.is_working_day(day):
            return None
        opening = datetime.combine(day, self.office_open, tzinfo=self.zone)
        closing = datetime.combine(day, self.office_close, tzinfo=self.zone)
        return OfficeHours(opening, closing - SHORTENING if self.is_shortened_day(day) else closing)

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after `day`."""
        return self.working_day_on_or_after(day + ONE_DAY)

    def working_day_on_or_after(self, day: date) -> date:
        for _ in range(MAX_DAYS_WITHOUT_WORK):
            if self.is_working_day(day):
                return day
            day += ONE_DAY
        raise CalendarDataInvalid(f"В календаре {self.code} нет рабочих дней после {day.isoformat()}", code=self.code)

    def add_working_days(self, day: date, count: int) -> date:
        """The `count`-th working day after `day`; `day` itself is not counted (Civil Code art. 191).

        count=0 gives `day` if it is a working day, else the next working day.
        """
        if count < 0:
            raise ValueError("count must not be negative")
        if count == 0:
            return self.working_day_on_or_after(day)
        for _ in range(count):
            day = self.next_working_day(day)
        return day

    def working_days_before(self, day: date, count: int) -> date:
        """The `count`-th working day before `day`; `day` itself is not counted (count >= 1)."""
        if count < 1:
            raise ValueError("count must be positive")
        for _ in range(count):
            day = self._previous_working_day(day)
        return day

    def _previous_working_day(self, day: date) -> date:
        for _ in range(MAX_DAYS_WITHOUT_WORK):
            day -= ONE_DAY
            if self.is_working_day(day):
                return day
        raise CalendarDataInvalid(f"В календаре {self.code} нет рабочих дней до {day.isoformat()}", code=self.code)

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.zone)

    def warnings_for(self, years: Iterable[int]) -> tuple[str, ...]:
        """One warning (code + Russian text) per year the calendar could not vouch for."""
        return tuple(warning for year in sorted(set(years)) if (warning := self._year_warning(year)))

    def _year_warning(self, year: int) -> str | None:
        known = self.years.get(year)
        if known is None:
            fallback = fallback_year(self.country, year)
            reason = (
                f"нет сверенных данных на {year} год, дни взяты из резервного источника ({fallback.source}); "
                "переносы и сокращённые дни могут быть неверны"
            )
        elif known.confirmed:
            return None
        else:
            reason = f"данные на {year} год не подтверждены ({known.act})"
        return (
            f"{CalendarYearUnconfirmed.code}: производственный календарь {self.country} ({self.code}): "
            f"{reason}; проверьте срок вручную"
        )
