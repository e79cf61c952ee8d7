"""Many workers, one effect each: four `reglament worker` OS processes share 1,000 payment jobs on
PostgreSQL, where a claim is `SELECT … FOR UPDATE SKIP LOCKED`, so no two workers take the same
job; the treasury executes exactly 1,000 distinct payments and no idempotency key twice.

PostgreSQL only (SQLite serializes claims, and one worker is the supported setup there): on SQLite
the `postgres` mark deselects it at collection (tests/conftest.py).
"""

from __future__ import annotations

from collections import Counter

import pytest

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

WORKERS = 4
PAYMENTS = 1000
LEASE = "60"  # the production default: a claim here is never taken over, so no job may be sent twice


def test_four_worker_processes_make_each_of_1000_payments_exactly_once(payment_cases, treasury, worker_processes):
    cases = payment_cases.start(range(1, PAYMENTS + 1))

    workers = [worker_processes.start(WORKER_LEASE=LEASE) for _ in range(WORKERS)]
    assert all(worker_processes.wait_ready(w) for w in workers), worker_processes.log_tail()
    statuses = payment_cases.wait_until_completed(cases, seconds=240)

    assert statuses == Counter(completed=PAYMENTS), worker_processes.log_tail()
    assert all(w.poll() is None for w in workers)  # none crashed on the way
    paid = treasury.payments()
    assert len(paid) == PAYMENTS
    assert Counter(p["idempotency_key"] for p in paid).most_common(1)[0][1] == 1
    assert len({p["order_number"] for p in paid}) == PAYMENTS
    sent = Counter(r["idempotency_key"] for r in treasury.requests())
    assert sent.most_common(1)[0][1] == 1  # no job was even sent twice: no two workers held one claim
    jobs = payment_cases.jobs(cases)
    assert {(job.state, job.attempts) for job in jobs} == {("done", 1)}
    assert len({job.claimed_by for job in jobs}) > 1  # the work really was shared
