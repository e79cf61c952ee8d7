"""A claim is a lease: while one worker holds a job, no other worker gets it, not even when the
worker that held it before (and lost it by outliving its lease) wakes up and reports back."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from engine.jobs import queue
from engine.persistence.models import Job

TIMED_OUT = {"code": "adapter-unavailable", "message": "Система «treasury» не ответила за 10.0 с", "details": {}}


def _job(db) -> Job:
    with db.transaction() as session:
        return session.scalar(select(Job).filter_by(kind="service"))


@pytest.mark.parametrize("transient", [True, False], ids=["timeout", "refusal"])
def test_a_worker_that_lost_its_lease_cannot_settle_the_job_its_successor_holds(db, clock, payment_cases, transient):
    payment_cases.start([5])
    [stale] = queue.claim(db, "worker-a", lease_seconds=2)
    clock.advance(timedelta(seconds=3))  # worker-a hangs past its lease …
    [current] = queue.claim(db, "worker-b", lease_seconds=60)  # … and worker-b takes the job over

    outcome = queue.fail(db, stale, TIMED_OUT, transient=transient)  # worker-a wakes up and reports

    clock.advance(timedelta(seconds=10))  # past any back-off worker-a's report could have set
    assert outcome == "gone"
    assert queue.claim(db, "worker-c") == []  # still worker-b's: nobody else gets it
    job = _job(db)
    assert (job.state, job.claimed_by, job.attempts, job.last_error) == ("running", "worker-b", 2, None)
    assert current.attempts == 2


def test_a_worker_whose_lease_ran_out_unclaimed_still_settles_its_job(db, clock, payment_cases):
    payment_cases.start([6])
    [claim] = queue.claim(db, "worker-a", lease_seconds=2)
    clock.advance(timedelta(seconds=3))  # the lease ran out, but nobody took the job over

    assert queue.fail(db, claim, TIMED_OUT, transient=True) == "pending"
    job = _job(db)
    assert (job.state, job.claimed_by, job.last_error["attempt"]) == ("pending", None, 1)
