"""After a decree: an edited calendar year moves no deadline by itself; the admin sees the
pending deadlines it would move and moves them, with an audit trail.

The case: the demo application (review within 10 working days, clause 2.4, calendar RU-PRI)
registered on Thursday 24 December 2026, so the review term counts through the New Year
holidays into January 2027. The shipped 2027 data gives Monday 18 January; a decree making
Monday 11 January a day off puts it on Tuesday 19 January.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from engine.calendars import recompute, use_store
from engine.calendars.store import CalendarStore, year_document, year_record
from engine.persistence.models import AuditEvent, Deadline, Job, TaskRecord

VLADIVOSTOK = ZoneInfo("Asia/Vladivostok")
REGISTERED = datetime(2026, 12, 24, 10, 0, tzinfo=VLADIVOSTOK)
SHIPPED_DUE = datetime(2027, 1, 18, 18, 0, tzinfo=VLADIVOSTOK)
DECREED_DUE = datetime(2027, 1, 19, 18, 0, tzinfo=VLADIVOSTOK)
DECREE = "Постановление Правительства РФ о переносе выходных дней в 2027 году (тест)"
REGISTRATION = {"applicant_name": "Иванова Мария Петровна", "snils": "112-233-445 95"}


@pytest.fixture
def store(db):
    return CalendarStore(db)


@pytest.fixture
def review(services, deployed, clock):
    """A case whose review term (clause 2.4) is pending; returns the instance id."""
    clock.move_to(REGISTERED)
    instance_id = services.instances.start("demo_application", {}, "specialist")
    [register] = _ready(services.db, instance_id)
    services.instances.complete_task(instance_id, register.id, REGISTRATION, "specialist")
    return instance_id


def _ready(db, instance_id):
    with db.transaction() as session:
        return session.scalars(select(TaskRecord).filter_by(instance_id=instance_id, state="ready")).all()


def _state(db, instance_id):
    with db.transaction() as session:
        [deadline] = session.scalars(select(Deadline).filter_by(instance_id=instance_id)).all()
        [job] = session.scalars(select(Job).filter_by(instance_id=instance_id, kind="timer")).all()
        [task] = session.scalars(select(TaskRecord).filter_by(instance_id=instance_id, state="ready")).all()
        return deadline, job, task


def _decree(db, store, *, confirmed=False):
    """The admin stores the decree: Monday 11 January 2027 becomes a day off."""
    with db.transaction() as session:
        store.calendars(session)
        document = year_document(year_record(session, "RU", 2027))
        document["days_off"] = [*document["days_off"], {"date": "2027-01-11", "basis": DECREE}]
        store.update_year(session, "RU", 2027, {**document, "act": DECREE, "confirmed": confirmed}, "admin-1")


def _preview(db, store, scope="RU-PRI", year=None):
    with db.transaction() as session:
        return recompute.preview(session, store, scope, year)


def test_editing_2027_after_the_decree_does_not_move_pending_deadlines_until_recomputed(services, store, review, clock):
    assert _preview(services.db, store) == []

    _decree(services.db, store)

    deadline, job, task = _state(services.db, review)
    assert deadline.due_at == job.run_at == task.due_at == SHIPPED_DUE
    assert [m.new_due for m in _preview(services.db, store)] == [DECREED_DUE]
    clock.move_to(SHIPPED_DUE + timedelta(minutes=1))
    services.instances.refresh(review)  # what the worker does for the timer job
    with services.db.transaction() as session:
        [deadline] = session.scalars(select(Deadline).filter_by(instance_id=review)).all()
    assert (deadline.state, deadline.closed_at) == ("breached", SHIPPED_DUE)  # the old term still governs


def test_the_admin_sees_which_pending_deadlines_the_decree_would_move(services, store, review):
    _decree(services.db, store)

    [move] = _preview(services.db, store, "RU", year=2027)

    assert (move.instance_id, move.element_id, move.clause, move.term, move.party) == (
        review, "review_term", "2.4", "10wd", "office",
    )  # fmt: skip
    assert (move.old_due, move.new_due) == (SHIPPED_DUE, DECREED_DUE)
    assert _preview(services.db, store, "RU-PRI", year=2028) == []
    assert _preview(services.db, store, "KZ") == []
    deadline, job, task = _state(services.db, review)
    assert deadline.due_at == job.run_at == task.due_at == SHIPPED_DUE  # a preview changes nothing


def test_recompute_moves_the_timer_and_the_deadline_and_audits_it(services, store, review, clock):
    _decree(services.db, store, confirmed=True)
    moves = _preview(services.db, store)

    outcome = recompute.apply(services.instances, store, moves, "admin-1", DECREE)

    assert [m.new_due for m in outcome.moved] == [DECREED_DUE] and outcome.skipped == []
    deadline, job, task = _state(services.db, review)
    assert (deadline.state, deadline.due_at, deadline.warnings) == ("pending", DECREED_DUE, [])
    assert job.run_at == DECREED_DUE and job.state == "pending"
    assert (task.element_id, task.due_at) == ("review_application", DECREED_DUE)
    with services.db.transaction() as session:
        [event] = session.scalars(select(AuditEvent).filter_by(action="deadline.recomputed")).all()
    assert (event.actor, event.instance_id, event.element_id) == ("admin-1", review, "review_term")
    assert event.data["old_due"] == SHIPPED_DUE.isoformat() and event.data["new_due"] == DECREED_DUE.isoformat()
    assert event.data["reason"] == DECREE and event.data["clause"] == "2.4"
    assert _preview(services.db, store) == []  # nothing left to move


def test_a_moved_timer_fires_at_its_new_moment_and_not_before(services, store, review, clock):
    _decree(services.db, store)
    recompute.apply(services.instances, store, _preview(services.db, store), "admin-1", DECREE)

    clock.move_to(SHIPPED_DUE + timedelta(minutes=1))
    services.instances.refresh(review)
    assert _state(services.db, review)[0].state == "pending"

    clock.move_to(DECREED_DUE + timedelta(minutes=1))
    services.instances.refresh(review)
    with services.db.transaction() as session:
        [deadline] = session.scalars(select(Deadline).filter_by(instance_id=review)).all()
    assert (deadline.state, deadline.closed_at) == ("breached", DECREED_DUE)


def test_a_deadline_whose_timer_already_fired_is_not_moved(services, store, review, clock):
    _decree(services.db, store)
    moves = _preview(services.db, store)
    clock.move_to(SHIPPED_DUE + timedelta(seconds=1))  # the worker has not come yet

    outcome = recompute.apply(services.instances, store, moves, "admin-1", DECREE)

    assert outcome.moved == [] and [s.reason for s in outcome.skipped] == ["таймер срока уже сработал"]
    with services.db.transaction() as session:
        assert session.scalar(select(Deadline.state).filter_by(instance_id=review)) == "breached"


def test_a_case_started_after_the_decree_counts_with_the_edited_calendar(services, store, deployed, clock):
    _decree(services.db, store)
    previous = use_store(store)  # what the app and worker factories do
    try:
        clock.move_to(REGISTERED)
        instance_id = services.instances.start("demo_application", {}, "specialist")
        [register] = _ready(services.db, instance_id)
        services.instances.complete_task(instance_id, register.id, REGISTRATION, "specialist")
    finally:
        use_store(previous)

    deadline, _, task = _state(services.db, instance_id)
    assert deadline.due_at == task.due_at == DECREED_DUE
    assert deadline.started_at == REGISTERED.astimezone(UTC)


def test_a_year_without_confirmed_data_is_listed_as_a_warning_for_admins(services, store, review):
    with services.db.transaction() as session:
        warnings = {(w.country, w.year): w for w in recompute.year_warnings(session, store)}
    assert set(warnings) == {("RU", 2027), ("KZ", 2027)}  # 2026 is confirmed for both
    assert warnings[("RU", 2027)].status == "unconfirmed" and warnings[("RU", 2027)].pending_deadlines == 1
    assert "RU-PRI" in warnings[("RU", 2027)].calendars

    _decree(services.db, store, confirmed=True)

    with services.db.transaction() as session:
        assert [(w.country, w.year) for w in recompute.year_warnings(session, store)] == [("KZ", 2027)]


def test_a_year_missing_from_the_database_is_listed_as_the_fallback(services, store, clock):
    clock.move_to(datetime(2027, 6, 1, tzinfo=UTC))  # 2028 is now "next year": nobody has data for it

    with services.db.transaction() as session:
        missing = [w for w in recompute.year_warnings(session, store) if w.year == 2028]

    assert {(w.country, w.status) for w in missing} == {("RU", "missing"), ("KZ", "missing")}
