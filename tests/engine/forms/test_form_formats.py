"""Formats of Russian documents and money: layout and the official control digits."""

from __future__ import annotations

import pytest

from engine.forms.formats import (
    FORMAT_CHECKER,
    FormatProblem,
    account_matches_bic,
    correspondent_account_matches_bic,
    is_decimal,
    is_inn,
    is_snils,
)


def conforms(value: object, fmt: str) -> bool:
    return FORMAT_CHECKER.conforms(value, fmt)


@pytest.mark.parametrize("snils", ["112-233-445 95", "11223344595"])
def test_snils_with_the_right_checksum_is_accepted_in_either_layout(snils):
    assert conforms(snils, "snils")


def test_snils_with_wrong_checksum_is_rejected_with_russian_message():
    with pytest.raises(FormatProblem, match="Неверный СНИЛС: не сходится контрольное число"):
        is_snils("112-233-445 96")


@pytest.mark.parametrize("snils", ["112-233-44595", "112 233 445 95", "1122334459", "112-233-445 9a"])
def test_snils_in_another_layout_is_rejected_naming_the_expected_layout(snils):
    with pytest.raises(FormatProblem, match="123-456-789 01"):
        is_snils(snils)


@pytest.mark.parametrize(
    "snils",
    [
        "001-326-679 00",  # weighted sum 100 gives 00
        "001-508-816 00",  # 101 gives 00
        "017-996-174 00",  # 201 mod 101 = 100, which gives 00 too
        "999-999-999 01",  # 405 mod 101 = 1
    ],
)
def test_snils_control_number_follows_the_pension_fund_rules_for_100_101_and_above(snils):
    assert conforms(snils, "snils")


def test_snils_up_to_001_001_998_is_not_checksum_checked_but_the_next_one_is():
    assert conforms("001-001-998 55", "snils")
    assert not conforms("001-001-999 55", "snils")


@pytest.mark.parametrize("inn", ["7707083893", "500100732259"])
def test_inn_of_an_organisation_or_an_individual_with_right_control_digits_is_accepted(inn):
    assert conforms(inn, "inn")


@pytest.mark.parametrize("inn", ["7707083894", "500100732258", "500100732269"])
def test_inn_with_a_wrong_control_digit_is_rejected(inn):
    with pytest.raises(FormatProblem, match="не сходятся контрольные цифры"):
        is_inn(inn)


@pytest.mark.parametrize("inn", ["77070838", "77070838931", "77O7083893"])
def test_inn_of_another_length_or_with_letters_is_rejected(inn):
    with pytest.raises(FormatProblem, match="10 цифр"):
        is_inn(inn)


def test_account_key_is_checked_against_the_last_three_digits_of_the_bic():
    assert account_matches_bic("40817810700000000001", "044525225")
    assert not account_matches_bic("40817810000000000001", "044525225")
    assert not account_matches_bic("40817810700000000001", "044525187")


def test_malformed_account_or_bic_never_matches():
    assert not account_matches_bic("4081781070000000000", "044525225")
    assert not account_matches_bic("40817810700000000001", "144525225")


def test_correspondent_account_key_uses_zero_and_bic_digits_five_and_six():
    assert correspondent_account_matches_bic("30101810400000000225", "044525225")
    assert correspondent_account_matches_bic("30101810700000000187", "044525187")
    assert not correspondent_account_matches_bic("30101810400000000225", "044525187")


@pytest.mark.parametrize(("bic", "ok"), [("044525225", True), ("144525225", False), ("04452522", False)])
def test_bic_is_nine_digits_starting_with_04(bic, ok):
    assert conforms(bic, "bic") is ok


@pytest.mark.parametrize(("account", "ok"), [("40817810700000000001", True), ("4081781070000000000", False)])
def test_account_number_is_twenty_digits(account, ok):
    assert conforms(account, "account20") is ok


@pytest.mark.parametrize(
    ("passport", "ok"),
    [
        ("45 06 123456", True),
        ("4506123456", True),
        ("4506 123456", True),
        ("45 06 12345", False),
        ("45-06-123456", False),
    ],
)
def test_passport_is_four_digit_series_and_six_digit_number(passport, ok):
    assert conforms(passport, "passport_ru") is ok


@pytest.mark.parametrize("amount", ["12345.67", "0", "0.5", "100", "1000000.00"])
def test_money_amount_is_a_non_negative_string_with_at_most_two_decimals(amount):
    assert conforms(amount, "decimal")


@pytest.mark.parametrize("amount", ["-1", "-0.01", "1.234", "1e3", "1,50", "01.50", " 12", ""])
def test_money_amount_with_a_sign_three_decimals_or_a_comma_is_rejected(amount):
    with pytest.raises(FormatProblem, match="Неверная сумма"):
        is_decimal(amount)


@pytest.mark.parametrize("amount", [12.5, 12, True])
def test_money_amount_as_a_json_number_is_rejected_so_no_float_creeps_in(amount):
    with pytest.raises(FormatProblem, match="строкой"):
        is_decimal(amount)


@pytest.mark.parametrize(("value", "ok"), [("2026-03-02", True), ("2026-02-30", False), ("20260302", False)])
def test_date_is_an_iso_calendar_date(value, ok):
    assert conforms(value, "date") is ok


@pytest.mark.parametrize(
    ("phone", "ok"),
    [("+7 (423) 222-33-44", True), ("84232223344", True), ("+74232223344", True), ("+1 423 222 33 44", False)],
)
def test_phone_is_a_russian_number_with_any_usual_separators(phone, ok):
    assert conforms(phone, "phone_ru") is ok


@pytest.mark.parametrize(("email", "ok"), [("ivanov@example.ru", True), ("ivanov@", False), ("a b@c.ru", False)])
def test_email_needs_a_name_an_at_sign_and_a_domain(email, ok):
    assert conforms(email, "email") is ok


@pytest.mark.parametrize(
    ("kbk", "ok"),
    [
        ("81310012410152900321", True),
        ("8131001241Р152900321", True),  # a letter in the target article (national projects)
        ("8131001241015290032", False),
        ("81310012410152900ABC", False),
    ],
)
def test_kbk_is_twenty_characters_with_letters_only_in_the_target_article(kbk, ok):
    assert conforms(kbk, "kbk") is ok
