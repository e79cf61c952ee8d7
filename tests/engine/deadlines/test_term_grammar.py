"""The term grammar: what parses, what it means, what it prints back, and what is refused."""

from __future__ import annotations

from datetime import timedelta

import pytest

from engine.deadlines.terms import (
    CalendarDays,
    Earliest,
    Elapsed,
    FixedDate,
    InvalidTerm,
    WorkingDays,
    WorkingDaysBefore,
    parse_term,
)
from engine.errors import InvalidInput


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("10wd", WorkingDays(10)),
        ("1wd", WorkingDays(1)),
        ("0wd", WorkingDays(0)),
        ("-1wd", WorkingDaysBefore(1)),
        ("30d", CalendarDays(30)),
        ("24h", Elapsed(24, "h")),
        ("15min", Elapsed(15, "min")),
        ("12-10", FixedDate(12, 10)),
        ("02-29", FixedDate(2, 29)),
        ("min(30d, 12-10)", Earliest((CalendarDays(30), FixedDate(12, 10)))),
    ],
)
def test_each_form_of_the_grammar_parses_to_its_term(text, term):
    assert parse_term(text) == term


@pytest.mark.parametrize(
    "text",
    [
        "10wd",
        "-1wd",
        "30d",
        "24h",
        "15min",
        "12-10",
        "min(30d, 12-10)",
        "min(5wd, min(10d, 12-10))",
        "min(-2wd, 12-10)",
    ],
)
def test_a_term_prints_back_to_its_canonical_text(text):
    assert str(parse_term(text)) == text


def test_whitespace_and_case_are_tolerated():
    assert parse_term("  MIN ( 30 d ,12-10 ) ") == parse_term("min(30d, 12-10)")


def test_the_last_working_day_before_an_event_counts_back_in_working_days_only():
    assert parse_term(" -2 WD ") == WorkingDaysBefore(2)
    with pytest.raises(InvalidTerm, match="назад отсчитываются только рабочие дни"):
        parse_term("-3d")
    with pytest.raises(InvalidTerm, match="-0wd не срок"):
        parse_term("-0wd")


def test_min_nests_and_takes_more_than_two_terms():
    term = parse_term("min(min(10wd, 15d), 12-10, 48h)")
    assert term == Earliest((Earliest((WorkingDays(10), CalendarDays(15))), FixedDate(12, 10), Elapsed(48, "h")))


def test_elapsed_terms_know_their_duration():
    assert parse_term("90min").duration == timedelta(minutes=90)
    assert parse_term("24h").duration == timedelta(hours=24)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "10",
        "wd",
        "10 working days",
        "10w",
        "10m",
        "1.5d",
        "-1d",
        "-2h",
        "-15min",
        "-0wd",
        "--1wd",
        "- 1wd",
        "-12-10",
        "10wdx",
        "13-01",
        "02-30",
        "2-10",
        "12-10-2026",
        "min(30d)",
        "min(30d, 12-10",
        "min 30d, 12-10",
        "min(30d,, 12-10)",
        "30d, 12-10",
        "max(30d, 12-10)",
        "99999wd",
        "min(" * 7 + "1d, 2d" + ")" * 7,
        "1d" + " " * 300,
    ],
)
def test_an_invalid_term_is_refused_with_code_invalid_term(text):
    with pytest.raises(InvalidTerm) as caught:
        parse_term(text)
    assert caught.value.code == "invalid-term"
    assert caught.value.message.startswith(("Неверная запись срока", "Запись срока"))


def test_an_invalid_term_is_an_invalid_input_error_with_details():
    with pytest.raises(InvalidInput) as caught:
        parse_term("min(30d, 12-10")
    assert caught.value.as_dict()["details"] == {"term": "min(30d, 12-10", "position": 15}


def test_a_non_string_term_is_refused():
    with pytest.raises(InvalidTerm):
        parse_term(10)


def test_29_february_is_refused_only_in_a_year_that_lacks_it():
    assert parse_term("02-29").in_year(2028).isoformat() == "2028-02-29"
    with pytest.raises(InvalidTerm, match="нет в 2026 году"):
        parse_term("02-29").in_year(2026)
