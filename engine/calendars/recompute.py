"""Deadlines after a calendar change: which pending ones it would move, moving them on request,
and which years in use the calendars cannot vouch for.

A decree (a year edited by an admin) never moves a deadline by itself: a timer keeps the due
moment it computed. `preview` recomputes each pending deadline from what it stored (start,
term, party, calendar) with today's calendar; `apply` moves the chosen ones through the
instance service, so the timer, its job, the human task's due date and the Deadline row change
in one transaction per case, each with a "deadline.recomputed" audit event.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from SpiffWorkflow.util.task import TaskState
from sqlalchemy import select
from sqlalchemy.orm import Session

from engine import clock
from engine.calendars.production_calendar import ProductionCalendar
from engine.calendars.store import CalendarStore, year_records
from engine.deadlines.due import DueMoment, compute_due
from engine.errors import Conflict, NotFound
from engine.instances import audit, runtime
from engine.instances.service import InstanceService, Loaded
from engine.persistence.models import Deadline


@dataclass(frozen=True)
class Move:
    """A pending deadline whose due moment the current calendar puts elsewhere."""

    deadline_id: int
    instance_id: int
    element_id: str
    clause: str
    term: str
    party: str
    calendar_code: str
    started_at: datetime
    old_due: datetime
    new_due: datetime
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Skipped:
    deadline_id: int
    reason: str


@dataclass(frozen=True)
class Outcome:
    moved: list[Move]
    skipped: list[Skipped]


@dataclass(frozen=True)
class YearWarning:
    """A country-year that a computation in use relies on without an act-checked record."""

    country: str
    year: int
    status: str  # "unconfirmed": stored but not checked against the act; "missing": `holidays` fallback
    act: str
    calendars: tuple[str, ...]
    pending_deadlines: int


def preview(session: Session, store: CalendarStore, scope: str, year: int | None = None) -> list[Move]:
    """Pending deadlines of a calendar ("RU-PRI") or a country ("RU") that the current calendar
    would move; with `year`, only those whose counting touches that year."""
    codes = _codes_in_scope(session, store, scope)
    moves = []
    for deadline in _pending(session, codes):
        result = _recomputed(session, store, deadline)
        if result.due != deadline.due_at and (year is None or year in _years(deadline, result)):
            moves.append(_move(deadline, result))
    return moves


def apply(service: InstanceService, store: CalendarStore, moves: Iterable[Move], actor: str, reason: str) -> Outcome:
    """Move the deadlines, one transaction per case. Each is recomputed again inside it: the
    calendar or the case may have changed since the preview, and what is stored is what holds."""
    by_instance: dict[int, list[int]] = defaultdict(list)
    for move in moves:
        by_instance[move.instance_id].append(move.deadline_id)
    outcome = Outcome([], [])
    for instance_id, deadline_ids in sorted(by_instance.items()):
        case = Outcome([], [])
        change = partial(_move_deadlines, store=store, deadline_ids=deadline_ids, reason=reason, outcome=case)
        try:
            service.update(instance_id, actor, change)
        except (Conflict, NotFound):
            # why: one busy or vanished case must not undo the moves already committed for others
            outcome.skipped.extend(Skipped(i, "дело изменено во время пересчёта; повторите") for i in deadline_ids)
            continue
        outcome.moved.extend(case.moved)
        outcome.skipped.extend(case.skipped)
    return outcome


def year_warnings(session: Session, store: CalendarStore) -> list[YearWarning]:
    """Country-years in use (this year, the next, and every year a pending deadline counts
    through) that are stored unconfirmed or not stored at all."""
    calendars = store.calendars(session)
    stored = {(r.country, r.year): r for r in year_records(session)}
    warnings = []
    for (country, year), count in sorted(_years_in_use(session, calendars).items()):
        record = stored.get((country, year))
        if record is None or not record.confirmed:
            codes = tuple(sorted(c.code for c in calendars.values() if c.country == country))
            status, act = ("missing", "") if record is None else ("unconfirmed", record.act)
            warnings.append(YearWarning(country, year, status, act, codes, count))
    return warnings


def _years_in_use(session: Session, calendars: Mapping[str, ProductionCalendar]) -> dict[tuple[str, int], int]:
    """(country, year) -> pending deadlines counting through it; this year and the next always,
    since every case started today counts through them."""
    current = clock.now().year
    in_use = {(c.country, year): 0 for c in calendars.values() for year in (current, current + 1)}
    for deadline in _pending(session, tuple(calendars)):
        calendar = calendars[deadline.calendar_code]
        for year in range(calendar.local(deadline.started_at).year, calendar.local(deadline.due_at).year + 1):
            in_use[(calendar.country, year)] = in_use.get((calendar.country, year), 0) + 1
    return in_use


def _move_deadlines(
    loaded: Loaded, *, store: CalendarStore, deadline_ids: Sequence[int], reason: str, outcome: Outcome
) -> None:
    for deadline_id in deadline_ids:
        problem = _move_one(loaded, store, deadline_id, reason, outcome.moved)
        if problem:
            outcome.skipped.append(Skipped(deadline_id, problem))


def _move_one(loaded: Loaded, store: CalendarStore, deadline_id: int, reason: str, done: list[Move]) -> str | None:
    deadline = loaded.session.get(Deadline, deadline_id)
    if deadline is None or deadline.instance_id != loaded.row.id or deadline.state != "pending":
        return "срок уже не ожидается"
    timer = runtime.find_task(loaded.workflow, deadline.timer_task_id)
    if timer is None or not timer.has_state(TaskState.WAITING):
        return "таймер срока уже сработал"  # why: the load fired it: the old due moment has passed
    result = _recomputed(loaded.session, store, deadline)
    if result.due == deadline.due_at:
        return "срок не меняется"
    move = _move(deadline, result)
    # why: the timer never recomputes its stored moment; the save rebuilds the timer job and the
    # human task's due date from it, but leaves an open Deadline row alone, so that is set here
    timer._set_internal_data(event_value=result.due.isoformat())
    info = timer._get_internal_data("deadline") or {}
    timer._set_internal_data(deadline={**info, "warnings": list(result.warnings)})
    deadline.due_at, deadline.warnings = result.due, list(result.warnings)
    audit.record(loaded.session, loaded.actor, "deadline.recomputed", instance_id=deadline.instance_id,
                 task_id=deadline.timer_task_id, element_id=deadline.element_id, deadline_id=deadline.id,
                 clause=deadline.clause, term=deadline.term, party=deadline.party, calendar=deadline.calendar_code,
                 old_due=move.old_due, new_due=move.new_due, warnings=list(result.warnings), reason=reason)  # fmt: skip
    done.append(move)
    return None


def _codes_in_scope(session: Session, store: CalendarStore, scope: str) -> tuple[str, ...]:
    calendars = store.calendars(session)
    if scope.upper() in calendars:
        return (scope.upper(),)
    country = store.country_of(session, scope)  # raises calendar-not-found for an unknown scope
    return tuple(code for code, calendar in calendars.items() if calendar.country == country)


def _pending(session: Session, codes: Sequence[str]) -> list[Deadline]:
    query = (
        select(Deadline)
        .where(Deadline.state == "pending", Deadline.term.is_not(None), Deadline.calendar_code.in_(codes))
        .order_by(Deadline.due_at, Deadline.id)
    )
    return list(session.scalars(query))


def _recomputed(session: Session, store: CalendarStore, deadline: Deadline) -> DueMoment:
    calendar = store.get(deadline.calendar_code, session)
    return compute_due(calendar, deadline.started_at, deadline.term, party=deadline.party)


def _years(deadline: Deadline, result: DueMoment) -> range:
    zone = result.due.tzinfo
    first = deadline.started_at.astimezone(zone).year
    return range(first, max(deadline.due_at.astimezone(zone).year, result.due.year) + 1)


def _move(deadline: Deadline, result: DueMoment) -> Move:
    return Move(
        deadline_id=deadline.id,
        instance_id=deadline.instance_id,
        element_id=deadline.element_id,
        clause=deadline.clause,
        term=deadline.term or "",
        party=deadline.party,
        calendar_code=deadline.calendar_code,
        started_at=deadline.started_at,
        old_due=deadline.due_at.astimezone(result.due.tzinfo),
        new_due=result.due,
        warnings=result.warnings,
    )
