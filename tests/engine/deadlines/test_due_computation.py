"""compute_due: the counting rules of DESIGN.md "Statutory deadlines" on the shipped calendars."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from engine.calendars import get_calendar
from engine.deadlines import DueMoment, InvalidTerm, WorkingDays, compute_due, deemed_received
from engine.deadlines.cli import format_due
from engine.errors import InvalidInput

MOSCOW = ZoneInfo("Europe/Moscow")
VLADIVOSTOK = ZoneInfo("Asia/Vladivostok")
ALMATY = ZoneInfo("Asia/Almaty")
UNCONFIRMED = "calendar-year-unconfirmed: "


def due(code: str, start: datetime, term: str, party: str = "office") -> DueMoment:
    return compute_due(get_calendar(code), start, term, party=party)


def test_ten_working_days_from_29_december_in_primorye_lands_on_21_january_2027():
    result = due("RU-PRI", datetime(2026, 12, 29, 11, 0, tzinfo=VLADIVOSTOK), "10wd")
    assert result.due.isoformat() == "2027-01-21T18:00:00+10:00"


def test_a_term_that_reaches_the_unconfirmed_2027_calendar_carries_its_warning():
    result = due("RU-PRI", datetime(2026, 12, 29, 11, 0, tzinfo=VLADIVOSTOK), "10wd")
    assert len(result.warnings) == 1
    assert result.warnings[0].startswith(UNCONFIRMED) and "2027" in result.warnings[0]


def test_a_term_ending_on_a_pre_holiday_day_ends_at_17_00():
    # Tver T5: 5 working days from 30 April 2026 end on Friday 8 May, the eve of Victory Day
    result = due("RU-TVE", datetime(2026, 4, 30, 11, 0, tzinfo=MOSCOW), "5wd")
    assert result.due == datetime(2026, 5, 8, 17, 0, tzinfo=MOSCOW)


def test_a_receipt_after_the_early_close_of_a_pre_holiday_day_counts_as_after_hours():
    result = due("RU-LEN", datetime(2026, 4, 30, 17, 30, tzinfo=MOSCOW), "1wd")
    assert result.counted_from == datetime(2026, 5, 4, 9, 0, tzinfo=MOSCOW)
    assert result.due == datetime(2026, 5, 5, 18, 0, tzinfo=MOSCOW)


def test_an_after_hours_email_on_the_eve_of_the_new_year_holidays_is_due_on_12_january_2027():
    # 30 Dec 19:00 → counted as Monday 11 January 09:00 (31 Dec and 1–10 Jan are off) → 1wd
    result = due("RU-SPE", datetime(2026, 12, 30, 19, 0, tzinfo=MOSCOW), "1wd")
    assert result.counted_from == datetime(2027, 1, 11, 9, 0, tzinfo=MOSCOW)
    assert result.due == datetime(2027, 1, 12, 18, 0, tzinfo=MOSCOW)
    assert any("2027" in warning for warning in result.warnings)


def test_friday_evening_plus_one_working_day_ends_on_tuesday():
    result = due("RU-LEN", datetime(2026, 1, 30, 19, 40, tzinfo=MOSCOW), "1wd")
    assert result.counted_from == datetime(2026, 2, 2, 9, 0, tzinfo=MOSCOW)
    assert result.due == datetime(2026, 2, 3, 18, 0, tzinfo=MOSCOW)


def test_an_event_before_opening_counts_from_the_opening_of_the_same_day():
    result = due("RU-LEN", datetime(2026, 2, 3, 7, 15, tzinfo=MOSCOW), "1wd")
    assert result.counted_from == datetime(2026, 2, 3, 9, 0, tzinfo=MOSCOW)
    assert result.due == datetime(2026, 2, 4, 18, 0, tzinfo=MOSCOW)


def test_a_start_in_another_offset_is_read_in_the_calendars_local_time():
    # 10:30 UTC on Friday 6 March is 20:30 in Vladivostok: after hours, so Tuesday 10 March counts
    result = due("RU-PRI", datetime(2026, 3, 6, 10, 30, tzinfo=ZoneInfo("UTC")), "10wd")
    assert result.due.isoformat() == "2026-03-24T18:00:00+10:00"


def test_thirty_days_within_the_year_or_10_december_whichever_is_earlier():
    calendar = get_calendar("RU-PRI")
    late_hire = compute_due(calendar, datetime(2026, 11, 16, 10, 0, tzinfo=VLADIVOSTOK), "min(30d, 12-10)", "applicant")
    early_hire = compute_due(calendar, datetime(2026, 6, 1, 10, 0, tzinfo=VLADIVOSTOK), "min(30d, 12-10)", "applicant")
    assert late_hire.due.isoformat() == "2026-12-10T23:59:59+10:00"
    assert early_hire.due.isoformat() == "2026-07-01T23:59:59+10:00"
    assert str(late_hire.term) == "min(30d, 12-10)"


def test_a_calendar_day_term_ending_on_a_weekend_moves_to_monday():
    # Primorye S05: hired Friday 6 March + 30 days = Sunday 5 April → Monday 6 April
    result = due("RU-PRI", datetime(2026, 3, 6, 10, 0, tzinfo=VLADIVOSTOK), "30d", "applicant")
    assert result.due == datetime(2026, 4, 6, 23, 59, 59, tzinfo=VLADIVOSTOK)


def test_a_fixed_date_already_past_is_kept_and_not_rolled_into_next_year():
    result = due("RU-PRI", datetime(2026, 12, 15, 10, 0, tzinfo=VLADIVOSTOK), "12-10")
    assert result.due == datetime(2026, 12, 10, 18, 0, tzinfo=VLADIVOSTOK)
    assert result.due < result.start


def test_a_fixed_date_on_a_day_off_is_not_moved():
    result = due("RU-SPE", datetime(2026, 1, 20, 10, 0, tzinfo=MOSCOW), "05-09")
    assert result.due == datetime(2026, 5, 9, 18, 0, tzinfo=MOSCOW)


def test_the_fixed_date_belongs_to_the_year_of_the_start_in_local_time():
    # 31 Dec 2026 20:00 UTC is already 1 January 2027 in Vladivostok
    result = due("RU-PRI", datetime(2026, 12, 31, 20, 0, tzinfo=ZoneInfo("UTC")), "12-10", "applicant")
    assert result.due.date().isoformat() == "2027-12-10"


def test_nauryz_week_in_karaganda_one_working_day_from_friday_20_march_is_thursday_26_march():
    result = due("KZ-KAR", datetime(2026, 3, 20, 10, 0, tzinfo=ALMATY), "1wd")
    assert result.due.isoformat() == "2026-03-26T18:00:00+05:00"
    assert result.warnings == ()


def test_a_request_arriving_during_nauryz_is_deemed_received_on_thursday_26_march_at_opening():
    deemed = deemed_received(get_calendar("KZ-KAR"), datetime(2026, 3, 21, 12, 0, tzinfo=ALMATY))
    assert deemed.isoformat() == "2026-03-26T09:00:00+05:00"


def test_a_year_without_confirmed_data_gives_a_warning():
    result = due("RU-SPE", datetime(2030, 3, 4, 10, 0, tzinfo=MOSCOW), "5wd")
    assert result.due == datetime(2030, 3, 12, 18, 0, tzinfo=MOSCOW)  # 8 March 2030 is a Friday holiday
    (warning,) = result.warnings
    assert warning.startswith(UNCONFIRMED) and "2030" in warning


def test_hours_and_minutes_are_elapsed_time_with_no_after_hours_shift():
    start = datetime(2026, 5, 8, 21, 30, tzinfo=MOSCOW)
    assert due("RU-SPE", start, "24h").due == datetime(2026, 5, 9, 21, 30, tzinfo=MOSCOW)
    assert due("RU-SPE", start, "45min").due == datetime(2026, 5, 8, 22, 15, tzinfo=MOSCOW)
    assert due("RU-SPE", start, "45min").warnings == ()


def test_an_applicant_term_ends_at_23_59_59_local_time():
    result = due("RU-PRI", datetime(2026, 3, 10, 10, 0, tzinfo=VLADIVOSTOK), "10wd", "applicant")
    assert result.due.isoformat() == "2026-03-24T23:59:59+10:00"


def test_an_applicant_term_counts_from_the_events_own_date_even_after_hours():
    # office hours must not lengthen the applicant's time: Friday 19:40 + 1wd is Monday
    result = due("RU-LEN", datetime(2026, 1, 30, 19, 40, tzinfo=MOSCOW), "1wd", "applicant")
    assert result.due == datetime(2026, 2, 2, 23, 59, 59, tzinfo=MOSCOW)


def test_zero_working_days_is_the_close_of_the_day_of_receipt():
    # "registration on the day of receipt": a Saturday receipt is registered on Tuesday after 9 March
    result = due("RU-TVE", datetime(2026, 3, 7, 14, 0, tzinfo=MOSCOW), "0wd")
    assert result.due == datetime(2026, 3, 10, 18, 0, tzinfo=MOSCOW)


def test_min_picks_the_earlier_due_and_merges_the_warnings_of_all_parts():
    result = due("RU-SPE", datetime(2026, 12, 21, 10, 0, tzinfo=MOSCOW), "min(3wd, 20wd)")
    assert result.due == datetime(2026, 12, 24, 18, 0, tzinfo=MOSCOW)
    assert len(result.warnings) == 1 and "2027" in result.warnings[0]  # from the 20wd part


def test_the_last_working_day_before_a_tuesday_visit_after_a_holiday_weekend_ends_on_friday():
    # Leningrad D6: 7-9 March 2026 are non-working, so a Tuesday 10 March visit is prepared on Friday
    visit = datetime(2026, 3, 10, 9, 30, tzinfo=MOSCOW)
    result = due("RU-LEN", visit, "-1wd")
    assert result.due == datetime(2026, 3, 6, 18, 0, tzinfo=MOSCOW)
    assert result.counted_from == visit and result.warnings == ()


def test_a_backward_term_counts_from_the_events_own_day_without_an_after_hours_shift():
    # an event at 19:00 on Friday is not "received" on Tuesday: the day before it is Thursday
    result = due("RU-LEN", datetime(2026, 3, 6, 19, 0, tzinfo=MOSCOW), "-1wd")
    assert result.due == datetime(2026, 3, 5, 18, 0, tzinfo=MOSCOW)


def test_a_backward_term_ending_on_a_pre_holiday_day_ends_at_17_00():
    # a visit on Monday 4 May 2026 (1-3 May are off): Thursday 30 April closes an hour early
    result = due("RU-LEN", datetime(2026, 5, 4, 10, 0, tzinfo=MOSCOW), "-1wd")
    assert result.due == datetime(2026, 4, 30, 17, 0, tzinfo=MOSCOW)


def test_a_backward_term_for_the_applicant_ends_at_23_59_59():
    result = due("RU-LEN", datetime(2026, 2, 19, 14, 0, tzinfo=MOSCOW), "-2wd", "applicant")
    assert result.due == datetime(2026, 2, 17, 23, 59, 59, tzinfo=MOSCOW)


def test_a_backward_term_across_the_new_year_warns_about_every_year_it_consulted():
    result = due("RU-SPE", datetime(2027, 1, 11, 10, 0, tzinfo=MOSCOW), "-1wd")
    assert result.due == datetime(2026, 12, 30, 18, 0, tzinfo=MOSCOW)
    assert len(result.warnings) == 1 and "2027" in result.warnings[0]


def test_a_term_object_is_accepted_as_well_as_its_text():
    start = datetime(2026, 2, 3, 10, 0, tzinfo=MOSCOW)
    assert due("RU-SPE", start, "5wd") == compute_due(get_calendar("RU-SPE"), start, WorkingDays(5))


def test_the_due_moment_is_expressed_in_the_calendars_zone():
    result = due("RU-PRI", datetime(2026, 3, 10, 1, 0, tzinfo=ZoneInfo("UTC")), "1wd")
    assert result.due.tzinfo == VLADIVOSTOK
    assert result.due.utcoffset() == timedelta(hours=10)


def test_a_naive_start_is_refused():
    with pytest.raises(InvalidInput, match="часовым поясом"):
        due("RU-SPE", datetime(2026, 3, 10, 10, 0), "1wd")


def test_an_unknown_party_is_refused():
    with pytest.raises(InvalidInput, match="office или applicant"):
        due("RU-SPE", datetime(2026, 3, 10, 10, 0, tzinfo=MOSCOW), "1wd", "court")


def test_an_invalid_term_text_is_refused_before_computing():
    with pytest.raises(InvalidTerm):
        due("RU-SPE", datetime(2026, 3, 10, 10, 0, tzinfo=MOSCOW), "10 рабочих дней")


def test_format_due_prints_warnings_first_and_the_iso_moment_last():
    result = due("RU-PRI", datetime(2026, 12, 29, 11, 0, tzinfo=VLADIVOSTOK), "10wd")
    lines = format_due(result).splitlines()
    assert lines[-1] == "2027-01-21T18:00:00+10:00"
    assert lines[0].startswith("warning: calendar-year-unconfirmed: ")
    assert len(lines) == 2


def test_format_due_without_warnings_is_a_single_line():
    result = due("RU-PRI", datetime(2026, 3, 6, 19, 40, tzinfo=VLADIVOSTOK), "10wd")
    assert format_due(result) == "2026-03-24T18:00:00+10:00"
