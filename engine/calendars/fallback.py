"""A calendar year from the `holidays` package, for years no act-checked data covers.

The package lags the decrees (transfers, estimated Kurban Ait dates) and knows nothing of
shortened days, so such a year is never `confirmed`: every deadline computed with it carries a
warning. Shortened days are derived here from the statutory rule where the country has one.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from functools import lru_cache

import holidays as holidays_package

from engine.calendars.calendar_year import CalendarYear

# why: RU Labour Code art. 95 shortens the working day right before a non-working holiday by an
# hour. Kazakhstan's Labour Code of 2015 has no such rule: the official working-time balance
# counts 8 hours for every working day of a 40-hour, five-day week.
_STATUTORY_HOLIDAYS = {
    "RU": ((1, 1), (1, 2), (1, 3), (1, 4), (1, 5), (1, 6), (1, 7), (1, 8))
    + ((2, 23), (3, 8), (5, 1), (5, 9), (6, 12), (11, 4)),
}


@lru_cache(maxsize=64)
def fallback_year(country: str, year: int) -> CalendarYear:
    package = holidays_package.country_holidays(country, years=year)
    off = {day: name for day, name in package.items() if day.year == year}
    draft = CalendarYear(
        country=country,
        year=year,
        holidays=frozenset(off),
        days_off=frozenset(),
        working_weekends=frozenset(day for day in package.weekend_workdays if day.year == year),
        shortened_days=frozenset(),
        act=f"нет: дни взяты из пакета holidays {holidays_package.__version__} (резервный источник)",
        confirmed=False,
        source=f"holidays {holidays_package.__version__}, country_holidays({country!r}, years={year})",
        note="Год не сверен с официальным актом; сокращённые дни выведены из правила закона.",
        labels={day: str(name) for day, name in off.items()},
    )
    return replace(draft, shortened_days=_pre_holiday_days(draft))


def _pre_holiday_days(draft: CalendarYear) -> frozenset[date]:
    statutory = _STATUTORY_HOLIDAYS.get(draft.country, ())
    days = set()
    for month, day in statutory:
        eve = date(draft.year, month, day) - timedelta(days=1)
        if eve.year == draft.year and draft.is_working_day(eve):
            days.add(eve)
    # why: 31 December precedes 1 January of the next year
    december_31 = date(draft.year, 12, 31)
    if statutory and draft.is_working_day(december_31):
        days.add(december_31)
    return frozenset(days)
