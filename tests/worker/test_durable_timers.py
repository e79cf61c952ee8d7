"""Statutory timers as durable jobs: fired by the worker once, surviving restarts and dead workers.

bpmn/examples/appointment_no_show.bpmn: the booked visit lapses at the end of the applicant's next
working day (clause 2.10.2, interrupting). bpmn/examples/demo_application.bpmn: review within 10
working days (clause 2.4); when the term lapses (non-interrupting) the director is notified.
"""

from __future__ import annotations

import shutil
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from engine import clock as clock_module
from engine.definitions.deploy import deploy
from engine.instances.service import InstanceService
from engine.jobs import queue
from engine.persistence.models import AuditEvent, Deadline, Job, ProcessInstance, TaskRecord
from engine.settings import ROOT
from worker.factory import build_worker
from worker.operations import Operations
from worker.runner import Worker

REGISTRATION = {"applicant_name": "Иванова Мария Петровна", "snils": "112-233-445 95"}
DIRECTOR = "director@czn.example"


@pytest.fixture
def no_show_case(db, forms, clock, tmp_path):
    shutil.copy(Path(ROOT, "bpmn/examples/appointment_no_show.bpmn"), tmp_path)
    with db.transaction() as session:
        deploy(session, tmp_path, forms)
    instance_id = InstanceService(db).start("appointment_no_show", {}, "specialist")
    with db.transaction() as session:
        visit = session.scalar(select(TaskRecord).filter_by(instance_id=instance_id))
    return instance_id, visit.due_at


@pytest.fixture
def review_case(db, forms, clock, tmp_path):
    """A registered application waiting for review; returns (instance id, review task)."""
    shutil.copy(Path(ROOT, "bpmn/examples/demo_application.bpmn"), tmp_path)
    with db.transaction() as session:
        deploy(session, tmp_path, forms, "analyst")
    service = InstanceService(db)
    instance_id = service.start("demo_application", {"channel": "office"}, "specialist-1")
    with db.transaction() as session:
        register = session.scalar(select(TaskRecord).filter_by(instance_id=instance_id, state="ready"))
    service.complete_task(instance_id, register.id, REGISTRATION, "specialist-1")
    with db.transaction() as session:
        review = session.scalar(select(TaskRecord).filter_by(instance_id=instance_id, state="ready"))
    return instance_id, review


def _worker(db, name: str) -> Worker:
    return Worker(db, InstanceService(db), Operations(), lease_seconds=30, worker_id=name)


def _fired(db, instance_id) -> int:
    with db.transaction() as session:
        return len(session.scalars(select(AuditEvent).filter_by(instance_id=instance_id, element_id="no_show")).all())


def test_a_waiting_timer_is_indexed_by_its_due_moment(db, no_show_case):
    instance_id, due = no_show_case
    with db.transaction() as session:
        [job] = session.scalars(select(Job).filter_by(instance_id=instance_id)).all()
    assert (job.kind, job.state, job.run_at) == ("timer", "pending", due)
    assert due.isoformat() == "2026-03-03T20:59:59+00:00"  # Tue 3 March 23:59:59 MSK: the applicant's day


def test_nothing_fires_before_the_due_moment(db, clock, no_show_case):
    instance_id, due = no_show_case
    clock.move_to(due - timedelta(seconds=1))
    assert _worker(db, "w1").run_until_idle() == 0
    assert _fired(db, instance_id) == 0


def test_when_the_clock_crosses_the_deadline_the_timer_fires_exactly_once(db, clock, no_show_case):
    instance_id, due = no_show_case
    clock.move_to(due + timedelta(minutes=1))
    workers = [_worker(db, f"w{n}") for n in range(3)]
    threads = [threading.Thread(target=w.run_until_idle) for w in workers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)

    with db.transaction() as session:
        row = session.get(ProcessInstance, instance_id)
        [deadline] = session.scalars(select(Deadline).filter_by(instance_id=instance_id)).all()
        jobs = session.scalars(select(Job).filter_by(instance_id=instance_id)).all()
    assert _fired(db, instance_id) == 1
    assert (row.status, deadline.state, deadline.closed_at) == ("completed", "breached", due)
    assert jobs == []


def test_restarting_the_worker_while_a_timer_waits_does_not_lose_it(db, clock, no_show_case):
    instance_id, due = no_show_case
    first = _worker(db, "before-restart")
    assert first.run_until_idle() == 0
    del first  # the process is gone; nothing of the timer lived in it
    clock.move_to(due + timedelta(seconds=1))
    assert _worker(db, "after-restart").run_until_idle() == 1
    assert _fired(db, instance_id) == 1


def test_a_timer_claimed_by_a_worker_that_died_is_fired_by_another_after_the_lease(db, clock, no_show_case):
    instance_id, due = no_show_case
    clock.move_to(due + timedelta(seconds=1))
    [stale] = queue.claim(db, "died-mid-job", lease_seconds=30)
    assert _worker(db, "survivor").run_until_idle() == 0  # the lease still holds
    clock.advance(timedelta(seconds=31))
    assert _worker(db, "survivor").run_until_idle() == 1
    _worker(db, "died-mid-job")._carry_out(stale)  # the dead worker wakes up: nothing left to fire
    assert _fired(db, instance_id) == 1


def test_a_lapsed_review_term_fires_once_under_two_racing_workers_is_breached_and_escalates(
    db, clock, review_case, worker, worker_settings, emulators
):
    instance_id, review = review_case
    clock.move_to(review.due_at + timedelta(minutes=1))  # the 10 working days of clause 2.4 are over
    racing = [worker, build_worker(worker_settings, db, worker_id="second-worker")]
    threads = [threading.Thread(target=w.run_until_idle) for w in racing]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    latecomer = build_worker(worker_settings, db, worker_id="late-worker")

    assert latecomer.run_until_idle() == 0  # nothing left: the timer and its escalation are done
    with db.transaction() as session:
        fired = session.scalars(select(AuditEvent).filter_by(instance_id=instance_id, element_id="review_term")).all()
        [deadline] = session.scalars(select(Deadline).filter_by(instance_id=instance_id)).all()
        escalation = session.scalars(select(Job).filter_by(instance_id=instance_id, kind="service")).all()
        ready = set(session.scalars(select(TaskRecord.element_id).filter_by(instance_id=instance_id, state="ready")))
    assert [e.action for e in fired] == ["step.completed"]  # the timer fired exactly once
    assert (deadline.element_id, deadline.clause, deadline.state) == ("review_term", "2.4", "breached")
    assert deadline.closed_at == review.due_at
    assert [(j.element_id, j.operation, j.state, j.attempts) for j in escalation] == [
        ("notify_director", "notify.send", "done", 1)
    ]
    assert len(emulators.smtp.matching(to=DIRECTOR)) == 1
    assert ready == {"review_application", "escalate_to_director"}  # non-interrupting: the review goes on


@pytest.mark.slow
def test_a_worker_process_killed_while_the_timer_waits_loses_nothing_and_the_next_one_fires_it_once(
    db, no_show_case, worker_processes, eventually
):
    """Real `reglament worker` processes on a shifted system clock (REGLAMENT_CLOCK_OFFSET): the
    first runs an hour before the visit lapses and is killed with SIGKILL; the next starts a few
    seconds before the due moment, so the timer still waits when it comes up."""
    instance_id, due = no_show_case

    def offset_to(moment) -> str:
        """REGLAMENT_CLOCK_OFFSET that makes a process's clock read `moment` now."""
        return str((moment - clock_module.SystemClock().now()).total_seconds())

    first = worker_processes.start(REGLAMENT_CLOCK_OFFSET=offset_to(due - timedelta(hours=1)))
    assert worker_processes.wait_ready(first), worker_processes.log_tail()
    worker_processes.kill(first)
    with db.transaction() as session:
        [job] = session.scalars(select(Job).filter_by(instance_id=instance_id)).all()
    assert (job.kind, job.state, job.run_at) == ("timer", "pending", due)
    assert _fired(db, instance_id) == 0

    second = worker_processes.start(REGLAMENT_CLOCK_OFFSET=offset_to(due - timedelta(seconds=3)))
    assert worker_processes.wait_ready(second), worker_processes.log_tail()
    assert eventually(lambda: _status(db, instance_id) == "completed"), worker_processes.log_tail()

    with db.transaction() as session:
        [fired] = session.scalars(select(AuditEvent).filter_by(instance_id=instance_id, element_id="no_show")).all()
        [deadline] = session.scalars(select(Deadline).filter_by(instance_id=instance_id)).all()
        jobs = session.scalars(select(Job).filter_by(instance_id=instance_id)).all()
    assert fired.at >= due  # after its due moment, by the worker's clock
    assert (deadline.state, deadline.closed_at) == ("breached", due)
    assert jobs == []


def _status(db, instance_id) -> str:
    with db.transaction() as session:
        return session.get(ProcessInstance, instance_id).status
