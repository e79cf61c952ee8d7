"""Service tasks are durable jobs: a worker killed at any moment loses no payment and pays none twice.

200 treasury payments run through `reglament worker` OS processes that are killed with SIGKILL
at random moments (seeded) and restarted. A job claimed by a dead worker returns to the queue
when its lease (2 s) ends; a payment the dead worker had already sent is sent again with the
same idempotency key, and the treasury replays its first receipt instead of paying again. The
statement comes back through the live API as the message `treasury_statement`. Real time here:
the workers are other processes, so the test's clock cannot be theirs.
"""

from __future__ import annotations

import random
import time
from collections import Counter

import pytest

pytestmark = pytest.mark.slow

PAYMENTS = 200
RUN_SECONDS = 180.0  # bound of the whole run (about 20 s alone on 2 cores); the outcome is asserted, not the time
RESTART_SEED = 20260302


def test_every_payment_is_made_exactly_once_although_workers_are_killed_at_random(
    payment_cases, treasury, worker_processes, request
):
    cases = payment_cases.start(range(1, PAYMENTS + 1))
    killer = random.Random(RESTART_SEED)

    stop_at = time.monotonic() + RUN_SECONDS
    while time.monotonic() < stop_at and payment_cases.statuses(cases)["completed"] < PAYMENTS:
        worker = worker_processes.start()
        assert worker_processes.wait_ready(worker), worker_processes.log_tail()
        time.sleep(killer.uniform(0.2, 1.0))  # a random moment of its work
        worker_processes.kill(worker)

    statuses = payment_cases.wait_until_completed(cases, seconds=0)
    assert statuses == Counter(completed=PAYMENTS), worker_processes.log_tail()
    taken_over = [job for job in payment_cases.jobs(cases) if job.attempts > 1]
    assert worker_processes.kills >= 2  # it really was killed and restarted …
    assert taken_over  # … and what a dead worker had claimed was done by the next one
    assert {job.state for job in payment_cases.jobs(cases)} == {"done"}

    paid = treasury.payments()
    by_key = Counter(p["idempotency_key"] for p in paid)
    assert len(paid) == PAYMENTS
    assert max(by_key.values()) == 1  # no payment twice
    assert sorted(p["order_number"] for p in paid) == sorted(order["order_number"] for order in cases.values())
    sent = Counter(r["idempotency_key"] for r in treasury.requests())
    # how often a dead worker's payment was sent again (the treasury replayed its receipt): for the record
    request.node.user_properties += [
        ("kills", worker_processes.kills),
        ("claims_taken_over", len(taken_over)),
        ("payments_sent_again", sum(n - 1 for n in sent.values())),
    ]

    for instance_id, order in cases.items():
        data = payment_cases.detail(instance_id)["data"]
        assert data["statement"]["order_number"] == order["order_number"]
        assert data["statement"]["amount"] == order["amount"]
        assert data["paid"] is True
