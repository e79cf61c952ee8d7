"""Due moments of statutory terms on a production calendar (Civil Code of the RF, arts. 191-194).

- Office terms: an event after office hours or on a non-working day counts as happening at the
  next working day's opening (`deemed_received`): the office could not have seen it earlier.
  Applicant terms count from the event's own date: office hours must not lengthen or shorten
  the applicant's time, and the Civil Code counts from the calendar date of the event.
- A day term starts on the day after the event (art. 191). `Nwd` ends on the N-th working day
  after the event day; `Nd` on the event day + N, moved to the next working day if that day is
  non-working (art. 193).
- `-Nwd` ends on the N-th working day before the event's own day: the event is one to prepare
  for (a booked visit), so it is not shifted, and "the last working day before the visit" is -1wd.
- The last day ends when the office closes (18:00, an hour earlier on a shortened pre-holiday
  day) for the office, and at 23:59:59 local time for the applicant (art. 194).
- `MM-DD` ends that day of the start's year and is never moved: a fixed statutory date, which the
  caller may find already past (a breached deadline).
- `Nh`/`Nmin` are elapsed time from the start itself: no calendar, no after-hours shift.
- `min(...)` is the earliest of its terms, with the warnings of all of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal

from engine.calendars import ProductionCalendar
from engine.deadlines.terms import (
    CalendarDays,
    Earliest,
    Elapsed,
    FixedDate,
    InvalidTerm,
    Term,
    WorkingDays,
    WorkingDaysBefore,
    parse_term,
)
from engine.errors import InvalidInput

Party = Literal["office", "applicant"]
PARTIES: tuple[Party, ...] = ("office", "applicant")
APPLICANT_DAY_END = time(23, 59, 59)


@dataclass(frozen=True)
class DueMoment:
    """When a term ends, in the calendar's zone, and what the computation could not vouch for."""

    due: datetime
    term: Term
    party: Party
    calendar: str
    start: datetime
    counted_from: datetime
    warnings: tuple[str, ...] = ()


def compute_due(calendar: ProductionCalendar, start: datetime, term: str | Term, party: Party = "office") -> DueMoment:
    parsed = parse_term(term) if isinstance(term, str) else term
    _check_start(start)
    if party not in PARTIES:
        raise InvalidInput(f"Сторона срока «{party}» неизвестна: ожидается office или applicant", party=str(party))
    return _compute(calendar, start, parsed, party)


def deemed_received(calendar: ProductionCalendar, moment: datetime) -> datetime:
    """The moment an office counts something arriving at `moment` as received: the moment itself
    in office hours, the opening of that day before hours, else the next working day's opening."""
    local = calendar.local(moment)
    hours = calendar.office_hours(local.date())
    if hours and local < hours.close:
        return max(local, hours.open)
    return datetime.combine(calendar.next_working_day(local.date()), calendar.office_open, tzinfo=calendar.zone)


def _compute(calendar: ProductionCalendar, start: datetime, term: Term, party: Party) -> DueMoment:
    match term:
        case Earliest():
            return _earliest(calendar, start, term, party)
        case Elapsed():
            due = (start.astimezone(UTC) + term.duration).astimezone(calendar.zone)
            return DueMoment(due, term, party, calendar.code, start, calendar.local(start))
        case FixedDate():
            local = calendar.local(start)
            day = term.in_year(local.year)
            due = _day_end(calendar, day, party)
            return DueMoment(due, term, party, calendar.code, start, local, calendar.warnings_for([day.year]))
        case WorkingDays() | CalendarDays():
            return _day_term(calendar, start, term, party)
        case WorkingDaysBefore():
            return _days_before(calendar, start, term, party)
    raise InvalidTerm(f"Неизвестный вид срока: {term!r}", term=repr(term))


def _day_term(
    calendar: ProductionCalendar, start: datetime, term: WorkingDays | CalendarDays, party: Party
) -> DueMoment:
    counted = deemed_received(calendar, start) if party == "office" else calendar.local(start)
    event_day = counted.date()
    if isinstance(term, WorkingDays):
        last_day = calendar.add_working_days(event_day, term.count)
    else:
        last_day = calendar.working_day_on_or_after(event_day + timedelta(days=term.count))
    years = range(calendar.local(start).year, last_day.year + 1)
    due = _day_end(calendar, last_day, party)
    return DueMoment(due, term, party, calendar.code, start, counted, calendar.warnings_for(years))


def _days_before(calendar: ProductionCalendar, start: datetime, term: WorkingDaysBefore, party: Party) -> DueMoment:
    event = calendar.local(start)
    last_day = calendar.working_days_before(event.date(), term.count)
    due = _day_end(calendar, last_day, party)
    years = range(last_day.year, event.year + 1)
    return DueMoment(due, term, party, calendar.code, start, event, calendar.warnings_for(years))


def _earliest(calendar: ProductionCalendar, start: datetime, term: Earliest, party: Party) -> DueMoment:
    results = [_compute(calendar, start, part, party) for part in term.terms]
    first = min(results, key=lambda result: result.due)
    # why: each part consulted the calendar, so each part's doubts apply to the result
    warnings = tuple(dict.fromkeys(warning for result in results for warning in result.warnings))
    return DueMoment(first.due, term, party, calendar.code, start, first.counted_from, warnings)


def _day_end(calendar: ProductionCalendar, day: date, party: Party) -> datetime:
    if party == "applicant":
        return datetime.combine(day, APPLICANT_DAY_END, tzinfo=calendar.zone)
    hours = calendar.office_hours(day)
    if hours:
        return hours.close
    # why: only a fixed date can fall on a day off; it is not moved, so the usual closing time stands
    return datetime.combine(day, calendar.office_close, tzinfo=calendar.zone)


def _check_start(start: datetime) -> None:
    if not isinstance(start, datetime) or start.tzinfo is None or start.utcoffset() is None:
        raise InvalidInput("Начало срока должно быть моментом времени с часовым поясом", start=repr(start))
