"""The shipped data files: well-formed, documented, and cross-checked against `holidays`.

The `holidays` package is the cross-check named in DESIGN.md: a difference between the files and
the package must be a known, explained one (see KNOWN_DIFFERENCES), never a silent one.
"""

from __future__ import annotations

from datetime import date, timedelta

import holidays
import pytest

from engine.calendars.errors import CalendarDataInvalid
from engine.calendars.loader import DATA_DIR, load_calendars, load_country_years, load_year

SHIPPED = [(country, year) for country in ("RU", "KZ") for year in (2025, 2026, 2027)]
# (country, year) -> weekdays the package gets wrong, with the reason; empty while they agree.
KNOWN_DIFFERENCES: dict[tuple[str, int], set[date]] = {}


def shipped_year(country: str, year: int):
    return load_country_years()[country][year]


def package_non_working_weekdays(country: str, year: int) -> set[date]:
    package = holidays.country_holidays(country, years=year)
    day, days = date(year, 1, 1), set()
    while day.year == year:
        if day.weekday() < 5 and not package.is_working_day(day):
            days.add(day)
        day += timedelta(days=1)
    return days


def file_non_working_weekdays(country: str, year: int) -> set[date]:
    calendar_year = shipped_year(country, year)
    day, days = date(year, 1, 1), set()
    while day.year == year:
        if day.weekday() < 5 and not calendar_year.is_working_day(day):
            days.add(day)
        day += timedelta(days=1)
    return days


@pytest.mark.parametrize(("country", "year"), SHIPPED)
def test_every_shipped_year_names_its_act_and_source(country, year):
    calendar_year = shipped_year(country, year)
    assert calendar_year.act and calendar_year.source and calendar_year.note


@pytest.mark.parametrize(("country", "year"), SHIPPED)
def test_shipped_non_working_weekdays_agree_with_the_holidays_package(country, year):
    difference = file_non_working_weekdays(country, year) ^ package_non_working_weekdays(country, year)
    assert difference == KNOWN_DIFFERENCES.get((country, year), set())


@pytest.mark.parametrize(("country", "year"), SHIPPED)
def test_shipped_working_weekends_agree_with_the_holidays_package(country, year):
    package = holidays.country_holidays(country, years=year)
    from_package = {day for day in package.weekend_workdays if day.year == year}
    assert shipped_year(country, year).working_weekends == from_package


def test_only_the_years_decreed_after_our_sources_are_unconfirmed():
    unconfirmed = {key for key in SHIPPED if not shipped_year(*key).confirmed}
    assert unconfirmed == {("RU", 2027), ("KZ", 2027)}


def test_every_special_day_has_a_readable_label():
    calendar_year = shipped_year("RU", 2027)
    assert calendar_year.labels[date(2027, 2, 22)].startswith("Выходной вместо 20.02.2027")
    assert "на час короче" in calendar_year.labels[date(2027, 2, 20)]
    assert calendar_year.labels[date(2027, 5, 9)] == "День Победы"


def test_a_file_whose_name_and_content_disagree_is_rejected(tmp_path):
    (tmp_path / "RU-2031.json").write_text((DATA_DIR / "RU-2026.json").read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(CalendarDataInvalid):
        load_country_years(tmp_path)


def test_an_unreadable_file_is_a_calendar_data_error(tmp_path):
    broken = tmp_path / "RU-2026.json"
    broken.write_text('{"format": 1, "country": "RU"}', encoding="utf-8")
    with pytest.raises(CalendarDataInvalid) as caught:
        load_year(broken)
    assert "RU-2026.json" in caught.value.message


def test_a_calendar_for_a_country_without_files_runs_on_the_fallback_only(tmp_path):
    (tmp_path / "jurisdictions.json").write_text(
        '{"format": 1, "calendars": [{"code": "RU-MOW", "country": "RU", "zone": "Europe/Moscow",'
        ' "office_open": "08:00", "office_close": "17:00"}]}',
        encoding="utf-8",
    )
    calendar = load_calendars(tmp_path)["RU-MOW"]
    assert calendar.years == {}
    assert calendar.warnings_for([2026])
