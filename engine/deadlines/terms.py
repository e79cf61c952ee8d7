"""The term grammar: one notation for statutory terms in diagrams, the CLI and the API.

    10wd               ten working days ("не позднее следующего рабочего дня" is 1wd)
    -1wd               the first working day before the event ("the last working day before the visit")
    30d                thirty calendar days
    24h, 15min         elapsed time
    12-10              a fixed date of the current year (10 December)
    min(30d, 12-10)    the earlier of the terms; nestable, whitespace allowed

Parsing is kept apart from computing (engine/deadlines/due.py): a Term is a plain value that
prints back to its canonical text, so a stored deadline can always say which term it used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal, NoReturn

from engine.errors import InvalidInput

MAX_TEXT = 200
MAX_NESTING = 5
# why: about ten years; a larger figure is a typo, and the bound keeps day-by-day loops short
MAX_COUNT = {"wd": 2_500, "d": 3_660, "h": 87_840, "min": 5_270_400}
SYNTAX = "Nwd, -Nwd, Nd, Nh, Nmin, ММ-ДД или min(срок, срок)"


class InvalidTerm(InvalidInput):
    code = "invalid-term"
    message = "Неверная запись срока"


@dataclass(frozen=True)
class WorkingDays:
    count: int

    def __str__(self) -> str:
        return f"{self.count}wd"


@dataclass(frozen=True)
class WorkingDaysBefore:
    """Counted back from a coming event (a booked visit) to the day by which it must be prepared."""

    count: int

    def __str__(self) -> str:
        return f"-{self.count}wd"


@dataclass(frozen=True)
class CalendarDays:
    count: int

    def __str__(self) -> str:
        return f"{self.count}d"


@dataclass(frozen=True)
class Elapsed:
    amount: int
    unit: Literal["h", "min"]

    @property
    def duration(self) -> timedelta:
        return timedelta(hours=self.amount) if self.unit == "h" else timedelta(minutes=self.amount)

    def __str__(self) -> str:
        return f"{self.amount}{self.unit}"


@dataclass(frozen=True)
class FixedDate:
    month: int
    day: int

    def in_year(self, year: int) -> date:
        try:
            return date(year, self.month, self.day)
        except ValueError:
            raise InvalidTerm(f"Даты {self} нет в {year} году", term=str(self), year=year) from None

    def __str__(self) -> str:
        return f"{self.month:02d}-{self.day:02d}"


@dataclass(frozen=True)
class Earliest:
    terms: tuple[Term, ...]

    def __str__(self) -> str:
        return f"min({', '.join(str(term) for term in self.terms)})"


Term = WorkingDays | WorkingDaysBefore | CalendarDays | Elapsed | FixedDate | Earliest

_ATOM = re.compile(
    r"\s*(?:(?P<before>-)?(?P<count>\d+)\s*(?P<unit>wd|min|d|h)(?![a-z0-9])|(?P<month>\d{2})-(?P<day>\d{2})(?!\d))\s*"
)
# why: February has 29 here, so 02-29 parses; a non-leap year rejects it when the term is computed
_DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_MIN_OPEN = re.compile(r"\s*min\s*\(")
_COMMA = re.compile(r"\s*,")
_CLOSE = re.compile(r"\s*\)\s*")


def parse_term(text: str) -> Term:
    """Parse a term; raises InvalidTerm (code invalid-term) with a Russian message."""
    if not isinstance(text, str):
        raise InvalidTerm(f"Срок должен быть строкой вида {SYNTAX}", term=repr(text))
    if len(text) > MAX_TEXT:
        raise InvalidTerm(f"Запись срока длиннее {MAX_TEXT} символов", term=text[:MAX_TEXT])
    return _Parser(text).parse()


class _Parser:
    """Recursive descent over the lower-cased text; `pos` always points at unread input."""

    def __init__(self, text: str) -> None:
        self.original = text
        self.text = text.lower()
        self.pos = 0

    def parse(self) -> Term:
        term = self._term(depth=0)
        if self.pos != len(self.text):
            self._fail("лишние символы после срока")
        return term

    def _term(self, depth: int) -> Term:
        if depth > MAX_NESTING:
            self._fail(f"min() вложены глубже {MAX_NESTING} уровней")
        if opening := _MIN_OPEN.match(self.text, self.pos):
            self.pos = opening.end()
            return self._earliest(depth)
        if atom := _ATOM.match(self.text, self.pos):
            self.pos = atom.end()
            return self._atom(atom)
        self._fail("ожидается срок")

    def _earliest(self, depth: int) -> Earliest:
        terms = [self._term(depth + 1)]
        while comma := _COMMA.match(self.text, self.pos):
            self.pos = comma.end()
            terms.append(self._term(depth + 1))
        closing = _CLOSE.match(self.text, self.pos)
        if not closing:
            self._fail("ожидается «,» или «)»")
        if len(terms) < 2:
            self._fail("min() сравнивает не меньше двух сроков")
        self.pos = closing.end()
        return Earliest(tuple(terms))

    def _atom(self, match: re.Match[str]) -> Term:
        if match["month"]:
            return self._fixed_date(int(match["month"]), int(match["day"]))
        count, unit = int(match["count"]), match["unit"]
        if count > MAX_COUNT[unit]:
            self._fail(f"{count}{unit} больше предела {MAX_COUNT[unit]}{unit}")
        if match["before"]:
            return self._before(count, unit)
        if unit == "wd":
            return WorkingDays(count)
        if unit == "d":
            return CalendarDays(count)
        return Elapsed(count, unit)

    def _before(self, count: int, unit: str) -> WorkingDaysBefore:
        # why: only "the N-th working day before" occurs in the regulations; a backward calendar-day
        # or hour term has no reading in the counting rules, so it stays a typo
        if unit != "wd":
            self._fail(f"назад отсчитываются только рабочие дни (-Nwd), а не -{count}{unit}")
        if count == 0:
            self._fail("-0wd не срок: отсчёт назад начинается с одного рабочего дня")
        return WorkingDaysBefore(count)

    def _fixed_date(self, month: int, day: int) -> FixedDate:
        if not 1 <= month <= 12 or not 1 <= day <= _DAYS_IN_MONTH[month - 1]:
            self._fail(f"{month:02d}-{day:02d} не дата (ожидается ММ-ДД)")
        return FixedDate(month, day)

    def _fail(self, reason: str) -> NoReturn:
        raise InvalidTerm(
            f"Неверная запись срока «{self.original}»: {reason} (позиция {self.pos + 1}); допустимо: {SYNTAX}",
            term=self.original,
            position=self.pos + 1,
        )
