"""ProductionCalendar behaviour on the shipped data: working days, office hours, transfers."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from engine.calendars import (
    CalendarDataInvalid,
    CalendarYear,
    ProductionCalendar,
    UnknownCalendar,
    calendar_codes,
    get_calendar,
)
from engine.errors import NotFound

MOSCOW = ZoneInfo("Europe/Moscow")


def working_days_in(code: str, year: int) -> int:
    calendar = get_calendar(code)
    day, count = date(year, 1, 1), 0
    while day.year == year:
        count += calendar.is_working_day(day)
        day = date.fromordinal(day.toordinal() + 1)
    return count


def test_the_five_jurisdictions_of_the_regulation_cards_are_shipped():
    assert calendar_codes() == ("KZ-KAR", "RU-LEN", "RU-PRI", "RU-SPE", "RU-TVE")


def test_calendar_codes_are_case_insensitive():
    assert get_calendar("ru-spe") is get_calendar("RU-SPE")


def test_unknown_jurisdiction_is_a_not_found_error_listing_the_known_ones():
    with pytest.raises(UnknownCalendar) as caught:
        get_calendar("RU-MOW")
    assert isinstance(caught.value, NotFound)
    assert caught.value.code == "calendar-not-found"
    assert "RU-SPE" in caught.value.message


@pytest.mark.parametrize(
    ("code", "zone"),
    [
        ("RU-SPE", "Europe/Moscow"),
        ("RU-LEN", "Europe/Moscow"),
        ("RU-TVE", "Europe/Moscow"),
        ("RU-PRI", "Asia/Vladivostok"),
        ("KZ-KAR", "Asia/Almaty"),
    ],
)
def test_each_jurisdiction_has_its_own_zone(code, zone):
    assert get_calendar(code).zone == ZoneInfo(zone)


def test_kazakhstan_uses_a_single_utc_plus_5_zone_since_march_2024():
    hours = get_calendar("KZ-KAR").office_hours(date(2026, 3, 26))
    assert hours.open.isoformat() == "2026-03-26T09:00:00+05:00"


def test_regional_calendars_share_the_federal_year_data():
    assert get_calendar("RU-PRI").calendar_year(2026) is get_calendar("RU-SPE").calendar_year(2026)


@pytest.mark.parametrize(("code", "year"), [("RU-SPE", 2025), ("RU-SPE", 2026), ("RU-SPE", 2027), ("KZ-KAR", 2026)])
def test_russia_2025_to_2027_and_kazakhstan_2026_have_247_working_days(code, year):
    assert working_days_in(code, year) == 247


def test_kazakhstan_2025_has_246_working_days_with_sunday_5_january_worked():
    assert working_days_in("KZ-KAR", 2025) == 246


@pytest.mark.parametrize(
    "day",
    [
        date(2026, 1, 9),  # transferred from Saturday 3 January
        date(2026, 3, 9),  # 8 March falls on a Sunday
        date(2026, 5, 11),  # 9 May falls on a Saturday
        date(2026, 12, 31),  # transferred from Sunday 4 January
        date(2026, 2, 23),
        date(2026, 6, 12),
        date(2026, 11, 4),
    ],
)
def test_russia_2026_non_working_weekdays(day):
    assert not get_calendar("RU-SPE").is_working_day(day)


def test_russia_2025_saturday_1_november_is_a_shortened_working_day():
    calendar = get_calendar("RU-SPE")
    assert calendar.is_working_day(date(2025, 11, 1))
    assert calendar.office_hours(date(2025, 11, 1)).close.time() == time(17, 0)
    assert not calendar.is_working_day(date(2025, 11, 3))


@pytest.mark.parametrize("day", [date(2026, 4, 30), date(2026, 5, 8), date(2026, 6, 11), date(2026, 11, 3)])
def test_russian_pre_holiday_days_of_2026_close_an_hour_earlier(day):
    hours = get_calendar("RU-TVE").office_hours(day)
    assert (hours.open.time(), hours.close.time()) == (time(9, 0), time(17, 0))


def test_an_ordinary_working_day_keeps_full_office_hours():
    hours = get_calendar("RU-TVE").office_hours(date(2026, 4, 29))
    assert hours == (datetime(2026, 4, 29, 9, 0, tzinfo=MOSCOW), datetime(2026, 4, 29, 18, 0, tzinfo=MOSCOW))


def test_a_non_working_day_has_no_office_hours():
    assert get_calendar("RU-TVE").office_hours(date(2026, 5, 1)) is None


def test_kazakhstan_has_no_shortened_pre_holiday_days():
    # Labour Code of RK 2015 has no pre-holiday shortening (art. 84 is about days off)
    calendar = get_calendar("KZ-KAR")
    assert all(not calendar.calendar_year(year).shortened_days for year in (2025, 2026, 2027))
    assert calendar.office_hours(date(2026, 3, 20)).close.time() == time(18, 0)


@pytest.mark.parametrize("day", [date(2026, 3, 23), date(2026, 3, 24), date(2026, 3, 25)])
def test_nauryz_2026_keeps_kazakhstan_off_until_wednesday_25_march(day):
    assert not get_calendar("KZ-KAR").is_working_day(day)


def test_kurban_ait_2026_is_a_day_off_in_kazakhstan():
    assert not get_calendar("KZ-KAR").is_working_day(date(2026, 5, 27))


def test_constitution_day_no_longer_gives_a_day_off_on_31_august_2026():
    calendar = get_calendar("KZ-KAR")
    assert calendar.is_working_day(date(2026, 8, 31))
    assert not calendar.is_working_day(date(2027, 3, 15))


def test_kurban_ait_on_a_sunday_is_not_carried_to_monday():
    # religious days off (Labour Code of RK art. 84(5)) are not moved off a weekend
    assert get_calendar("KZ-KAR").is_working_day(date(2027, 5, 17))


def test_next_working_day_after_friday_6_march_2026_is_tuesday_10_march():
    # Leningrad card S5: Friday's reviews cover Tuesday 10 March
    assert get_calendar("RU-LEN").next_working_day(date(2026, 3, 6)) == date(2026, 3, 10)


def test_the_last_working_day_before_tuesday_10_march_2026_is_friday_6_march():
    # Leningrad card S5 the other way round: the visit is known, the review day is sought
    assert get_calendar("RU-LEN").working_days_before(date(2026, 3, 10), 1) == date(2026, 3, 6)


def test_working_days_before_cross_the_new_year_holidays_backwards():
    calendar = get_calendar("RU-SPE")
    assert calendar.working_days_before(date(2027, 1, 11), 1) == date(2026, 12, 30)
    assert calendar.working_days_before(date(2027, 1, 11), 2) == date(2026, 12, 29)
    with pytest.raises(ValueError):
        calendar.working_days_before(date(2027, 1, 11), 0)


def test_ten_working_days_from_29_december_2026_cross_the_new_year_holidays():
    assert get_calendar("RU-PRI").add_working_days(date(2026, 12, 29), 10) == date(2027, 1, 21)


def test_zero_working_days_is_the_day_itself_or_the_next_working_day():
    calendar = get_calendar("RU-SPE")
    assert calendar.add_working_days(date(2026, 3, 4), 0) == date(2026, 3, 4)
    assert calendar.add_working_days(date(2026, 3, 7), 0) == date(2026, 3, 10)


def test_negative_working_days_are_refused():
    with pytest.raises(ValueError):
        get_calendar("RU-SPE").add_working_days(date(2026, 3, 4), -1)


def test_confirmed_years_give_no_warning():
    assert get_calendar("RU-SPE").warnings_for([2025, 2026]) == ()


def test_russia_2027_is_shipped_unconfirmed_and_warns():
    (warning,) = get_calendar("RU-SPE").warnings_for([2026, 2027])
    assert warning.startswith("calendar-year-unconfirmed: ")
    assert "2027" in warning


def test_a_year_without_data_falls_back_to_the_holidays_package_with_a_warning():
    calendar = get_calendar("RU-SPE")
    assert not calendar.is_working_day(date(2030, 1, 8))
    assert calendar.is_shortened_day(date(2030, 3, 7))  # derived from Labour Code art. 95
    (warning,) = calendar.warnings_for([2030])
    assert warning.startswith("calendar-year-unconfirmed: ")
    assert "holidays" in warning


def test_kazakhstan_fallback_year_has_no_shortened_days():
    assert not get_calendar("KZ-KAR").calendar_year(2030).shortened_days


def test_office_hours_are_configurable_per_calendar():
    federal = get_calendar("RU-SPE")
    late = ProductionCalendar("RU-SPE", MOSCOW, time(10, 0), time(19, 30), federal.years)
    assert late.office_hours(date(2026, 4, 30)) == (
        datetime(2026, 4, 30, 10, 0, tzinfo=MOSCOW),
        datetime(2026, 4, 30, 18, 30, tzinfo=MOSCOW),
    )
    assert late.country == "RU"


def test_office_hours_too_short_to_shorten_are_rejected():
    with pytest.raises(CalendarDataInvalid):
        ProductionCalendar("RU-SPE", MOSCOW, time(9, 0), time(9, 30), {})


def year_2026(**changes) -> CalendarYear:
    fields = dict(
        country="RU",
        year=2026,
        holidays=[date(2026, 1, 1)],
        days_off=[],
        working_weekends=[],
        shortened_days=[],
        act="test",
        confirmed=True,
    )
    return CalendarYear(**(fields | changes))


@pytest.mark.parametrize(
    "changes",
    [
        {"working_weekends": [date(2026, 3, 10)]},  # a Tuesday
        {"days_off": [date(2026, 3, 7)]},  # a Saturday
        {"shortened_days": [date(2026, 1, 1)]},  # a holiday
        {"holidays": [date(2027, 1, 1)]},  # another year
    ],
)
def test_a_self_contradicting_calendar_year_is_rejected(changes):
    with pytest.raises(CalendarDataInvalid) as caught:
        year_2026(**changes)
    assert caught.value.code == "calendar-data-invalid"


def test_a_database_store_can_build_a_calendar_from_plain_lists():
    custom = ProductionCalendar("RU-ZZZ", MOSCOW, time(9, 0), time(18, 0), {2026: year_2026()})
    assert not custom.is_working_day(date(2026, 1, 1))
    assert custom.is_working_day(date(2026, 1, 9))  # this store knows no transfer
    assert custom.warnings_for([2026]) == ()
