"""Statutory timers as durable jobs: fired by the worker once, surviving restarts and dead workers."""

from __future__ import annotations

import shutil
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from engine.definitions.deploy import deploy
from engine.instances.service import InstanceService
from engine.jobs import queue
from engine.persistence.models import AuditEvent, Deadline, Job, ProcessInstance, TaskRecord
from engine.settings import ROOT
from worker.operations import Operations
from worker.runner import Worker


@pytest.fixture
def no_show_case(db, forms, clock, tmp_path):
    shutil.copy(Path(ROOT, "bpmn/examples/appointment_no_show.bpmn"), tmp_path)
    with db.transaction() as session:
        deploy(session, tmp_path, forms)
    instance_id = InstanceService(db).start("appointment_no_show", {}, "specialist")
    with db.transaction() as session:
        visit = session.scalar(select(TaskRecord).filter_by(instance_id=instance_id))
    return instance_id, visit.due_at


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
