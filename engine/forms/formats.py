"""Formats of Russian documents and money that forms use, registered on one FormatChecker.

Each check returns True or raises FormatProblem with a Russian message: the message becomes the
error's ``cause`` so staff read *why* a СНИЛС is wrong (layout or checksum), not just that it is.
A check ignores values of other JSON types (the ``type`` keyword reports those), except
``decimal``: money must arrive as a string, so a float never slips into task data.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from jsonschema import FormatChecker


class FormatProblem(ValueError):
    """Why a value does not have its format; the text is shown to staff as is."""


FORMAT_CHECKER = FormatChecker(formats=())
DIGITS_ONLY = re.compile(r"\d+")


def _format(name: str):
    return FORMAT_CHECKER.checks(name, raises=FormatProblem)


def _digits(value: str) -> list[int]:
    return [int(ch) for ch in value]


# --- СНИЛС -----------------------------------------------------------------------------------

SNILS_LAYOUT = re.compile(r"(\d{3})-(\d{3})-(\d{3}) (\d{2})|(\d{11})")
# The Pension Fund computes the control number only for numbers above 001-001-998.
SNILS_CHECKED_ABOVE = 1001998


def snils_control(first_nine: str) -> int:
    """Official control number: weights 9..1; 100 and 101 give 00, above 101 take mod 101."""
    total = sum(d * w for d, w in zip(_digits(first_nine), range(9, 0, -1), strict=True))
    if total > 101:
        total %= 101
    return 0 if total in (100, 101) else total


def snils_digits(value: str) -> str:
    """The 11 digits of a СНИЛС written either way; FormatProblem if the layout is wrong."""
    match = SNILS_LAYOUT.fullmatch(value)
    if not match:
        raise FormatProblem("Неверный СНИЛС: ожидается формат 123-456-789 01 или 11 цифр")
    return match.group(5) or "".join(match.group(1, 2, 3, 4))


@_format("snils")
def is_snils(value: object) -> bool:
    if not isinstance(value, str):
        return True
    digits = snils_digits(value)
    if int(digits[:9]) > SNILS_CHECKED_ABOVE and snils_control(digits[:9]) != int(digits[9:]):
        raise FormatProblem("Неверный СНИЛС: не сходится контрольное число")
    return True


# --- ИНН -------------------------------------------------------------------------------------

INN_WEIGHTS = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]  # a 10-digit INN uses the last 9, n11 the last 10


def _inn_digit(digits: list[int]) -> int:
    weights = INN_WEIGHTS[-len(digits) :]
    return sum(d * w for d, w in zip(digits, weights, strict=True)) % 11 % 10


def inn_is_valid(value: str) -> bool:
    """10 digits (organisation) or 12 digits (individual) with the Tax Service control digits."""
    if not DIGITS_ONLY.fullmatch(value) or len(value) not in (10, 12):
        return False
    d = _digits(value)
    if len(d) == 10:
        return _inn_digit(d[:9]) == d[9]
    return _inn_digit(d[:10]) == d[10] and _inn_digit(d[:11]) == d[11]


@_format("inn")
def is_inn(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if not DIGITS_ONLY.fullmatch(value) or len(value) not in (10, 12):
        raise FormatProblem("Неверный ИНН: ожидается 10 цифр (организация) или 12 цифр (физическое лицо)")
    if not inn_is_valid(value):
        raise FormatProblem("Неверный ИНН: не сходятся контрольные цифры")
    return True


# --- Bank details ----------------------------------------------------------------------------

ACCOUNT_LAYOUT = re.compile(r"\d{20}")
BIC_LAYOUT = re.compile(r"04\d{7}")  # Russian BICs start with the country code 04


def _account_key_ok(prefix: str, account: str) -> bool:
    # Bank of Russia rules: weights 7,1,3 over the 23 digits; the sum must end in 0.
    weights = [7, 1, 3] * 8
    return sum(d * w for d, w in zip(_digits(prefix + account), weights, strict=False)) % 10 == 0


def account_matches_bic(account: str, bic: str) -> bool:
    """Control key of an account held at a credit institution: last 3 BIC digits + account."""
    if not (ACCOUNT_LAYOUT.fullmatch(account) and BIC_LAYOUT.fullmatch(bic)):
        return False
    return _account_key_ok(bic[-3:], account)


def correspondent_account_matches_bic(account: str, bic: str) -> bool:
    """Control key of a bank's correspondent account at the Bank of Russia: "0" + BIC digits 5-6."""
    if not (ACCOUNT_LAYOUT.fullmatch(account) and BIC_LAYOUT.fullmatch(bic)):
        return False
    return account.startswith("30101") and account[-3:] == bic[-3:] and _account_key_ok("0" + bic[4:6], account)


@_format("account20")
def is_account20(value: object) -> bool:
    if isinstance(value, str) and not ACCOUNT_LAYOUT.fullmatch(value):
        raise FormatProblem("Неверный номер счёта: ожидается 20 цифр")
    return True


@_format("bic")
def is_bic(value: object) -> bool:
    if isinstance(value, str) and not BIC_LAYOUT.fullmatch(value):
        raise FormatProblem("Неверный БИК: ожидается 9 цифр, начиная с 04")
    return True


# --- Identity documents and contacts ---------------------------------------------------------

PASSPORT_LAYOUT = re.compile(r"\d{2} ?\d{2} ?\d{6}")


@_format("passport_ru")
def is_passport_ru(value: object) -> bool:
    if isinstance(value, str) and not PASSPORT_LAYOUT.fullmatch(value):
        raise FormatProblem("Неверные серия и номер паспорта: ожидается 45 06 123456 или 4506123456")
    return True


PHONE_SEPARATORS = re.compile(r"[\s\-()]")
PHONE_LAYOUT = re.compile(r"(\+7|8)\d{10}")


@_format("phone_ru")
def is_phone_ru(value: object) -> bool:
    if isinstance(value, str) and not PHONE_LAYOUT.fullmatch(PHONE_SEPARATORS.sub("", value)):
        raise FormatProblem("Неверный номер телефона: ожидается +7 и десять цифр, например +7 914 123-45-67")
    return True


# Deliberately loose: the only reliable e-mail check is a delivered letter.
EMAIL_LAYOUT = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")


@_format("email")
def is_email(value: object) -> bool:
    if isinstance(value, str) and not EMAIL_LAYOUT.fullmatch(value):
        raise FormatProblem("Неверный адрес электронной почты")
    return True


# --- Dates, money, budget codes --------------------------------------------------------------

DATE_LAYOUT = re.compile(r"\d{4}-\d{2}-\d{2}")  # fromisoformat alone also takes 20260115


def parse_date(value: str) -> date:
    if not DATE_LAYOUT.fullmatch(value):
        raise FormatProblem("Неверная дата: ожидается ГГГГ-ММ-ДД")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise FormatProblem("Такой даты нет в календаре") from None


@_format("date")
def is_date(value: object) -> bool:
    if isinstance(value, str):
        parse_date(value)
    return True


DECIMAL_LAYOUT = re.compile(r"(0|[1-9]\d*)(\.\d{1,2})?")


def parse_decimal(value: object) -> Decimal:
    """A non-negative amount with at most 2 decimals, written as a string with a dot."""
    if not isinstance(value, str):
        raise FormatProblem('Сумма передаётся строкой, например "1234.50"')
    if not DECIMAL_LAYOUT.fullmatch(value):
        raise FormatProblem("Неверная сумма: не меньше нуля, не более двух знаков после точки, например 1234.50")
    try:
        return Decimal(value)
    except InvalidOperation:  # the layout already rules this out; kept so a bad edit cannot crash
        raise FormatProblem("Неверная сумма") from None


@_format("decimal")
def is_decimal(value: object) -> bool:
    if value is not None:  # null is the type keyword's business (an optional amount may be null)
        parse_decimal(value)
    return True


# Expenditure КБК: administrator (3) + section (4) + target article (10, may hold letters) + kind (3).
KBK_LAYOUT = re.compile(r"\d{7}[0-9A-ZА-ЯЁ]{10}\d{3}")


@_format("kbk")
def is_kbk(value: object) -> bool:
    if isinstance(value, str) and not KBK_LAYOUT.fullmatch(value):
        raise FormatProblem("Неверный КБК: ожидается 20 знаков (цифры; в целевой статье возможны буквы)")
    return True


KNOWN_FORMATS = frozenset(FORMAT_CHECKER.checkers)
