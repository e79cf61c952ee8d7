"""A failing treasury: "try later" is retried with back-off until the payment goes through; a
refusal becomes an incident an admin sees (error, attempts, the treasury's reply) and repairs by
retrying with corrected input, which the audit trail records with the parameters before and after.

Time: the in-process worker runs on the test's ManualClock. When no job is due, the clock moves
to the moment the next retry falls due (its back-off), so retries cost no real waiting and the
sequence of calls is the same on every run (the jitter's generator is seeded as well). Only the
treasury's statement callbacks travel in real time, through the live API; tests poll for them.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from datetime import datetime

import pytest
from sqlalchemy import select

from engine.jobs import admin, queue
from engine.persistence.models import AuditEvent

CORRECT_ACCOUNT = "40817810900000000777"
CLOSED_ACCOUNT_REPLY = {
    "code": "invalid-order",
    "message": "Счёт получателя не найден в кредитной организации",
    "details": {"problems": ["recipient_account: счёт не найден"]},
}


@pytest.fixture
def seeded_jitter():
    """The back-off jitter draws from the module-level generator: seed it, then put it back."""
    state = random.getstate()
    random.seed(2026)
    yield
    random.setstate(state)


def run_through_back_offs(worker, db, clock, rounds: int = 200) -> None:
    """Carry out what is due; when nothing is, move the clock to the next retry and go on."""
    for _ in range(rounds):
        worker.run_until_idle()
        next_retry = queue.next_due(db)
        if next_retry is None:
            return
        clock.move_to(max(clock.now(), next_retry))


def test_every_payment_goes_through_when_the_treasury_fails_30_percent_of_calls_with_503(
    db, clock, seeded_jitter, payment_cases, treasury, worker
):
    treasury.configure(failure_rate=0.3, failure_status=503, seed=7)
    cases = payment_cases.start(range(1, 51))

    run_through_back_offs(worker, db, clock)

    assert payment_cases.wait_until_completed(cases) == Counter(completed=50)
    jobs = payment_cases.jobs(cases)
    assert {job.state for job in jobs} == {"done"}
    assert max(job.attempts for job in jobs) > 1  # some payments needed retries …
    assert max(job.attempts for job in jobs) <= 8  # … within the diagram's 8 attempts
    paid = treasury.payments()
    assert len(paid) == 50
    assert len({p["idempotency_key"] for p in paid}) == 50


def test_a_retry_waits_its_exponential_back_off(db, clock, seeded_jitter, payment_cases, treasury, worker):
    treasury.configure(failure_rate=0.3, failure_status=503, seed=7)
    cases = payment_cases.start(range(1, 51))

    run_through_back_offs(worker, db, clock)

    assert payment_cases.wait_until_completed(cases) == Counter(completed=50)
    attempts = defaultdict(list)
    for sent in treasury.requests():
        attempts[sent["idempotency_key"]].append((datetime.fromisoformat(sent["at"]), sent["status"]))
    retried = 0
    for tries in attempts.values():
        for attempt, ((failed_at, status), (next_at, _)) in enumerate(zip(tries, tries[1:], strict=False), 1):
            assert status == 503
            ceiling = 0.05 * 2 ** (attempt - 1)  # the diagram's backoff 0.05 s, doubled per attempt
            assert (next_at - failed_at).total_seconds() >= ceiling / 2  # full jitter in [ceiling/2, ceiling]
            retried += 1
    assert retried > 0


def test_a_treasury_400_becomes_an_incident_and_an_admin_retry_with_a_corrected_account_pays(
    db, clock, payment_cases, treasury, worker
):
    treasury.configure(force_status=400, force_count=1, force_body=CLOSED_ACCOUNT_REPLY)
    [instance_id] = payment_cases.start([1])

    worker.run_until_idle()

    detail = payment_cases.detail(instance_id)
    [incident] = detail["incidents"]
    assert detail["status"] == "running"  # the case waits at the payment, nothing was lost
    assert (incident.element_id, incident.state, incident.attempts) == ("send_payment", "incident", 1)
    assert incident.last_error["code"] == "adapter-rejected"
    assert incident.last_error["message"] == (
        "Система «treasury» ответила 400: Счёт получателя не найден в кредитной организации"
    )
    assert incident.last_error["details"]["status"] == 400
    assert incident.last_error["details"]["body"] == CLOSED_ACCOUNT_REPLY  # the treasury's own reply
    assert incident.last_error["attempt"] == 1
    assert treasury.payments() == []

    admin.retry(payment_cases.service, incident.id, "admin-petrova", params={"recipient_account": CORRECT_ACCOUNT})
    worker.run_until_idle()

    assert payment_cases.wait_until_completed([instance_id]) == Counter(completed=1)
    [payment] = treasury.payments()
    assert payment["recipient_account"] == CORRECT_ACCOUNT
    assert payment_cases.detail(instance_id)["incidents"] == []
    retried = _audited_retry(db, instance_id)
    assert retried.actor == "admin-petrova"
    assert retried.data["params_before"]["recipient_account"] == "40817810000000000001"
    assert retried.data["params_after"]["recipient_account"] == CORRECT_ACCOUNT
    assert {k: v for k, v in retried.data["params_after"].items() if k != "recipient_account"} == {
        k: v for k, v in retried.data["params_before"].items() if k != "recipient_account"
    }


def test_an_order_our_adapter_refuses_is_an_incident_without_a_call_and_is_repaired_by_a_corrected_retry(
    db, clock, payment_cases, treasury, worker
):
    [instance_id] = payment_cases.start([2], recipient_account="4081781000000000002")  # 19 digits

    worker.run_until_idle()

    [incident] = payment_cases.detail(instance_id)["incidents"]
    assert incident.last_error["code"] == "adapter-request-invalid"
    assert incident.last_error["details"]["problems"] == ["recipient_account: нужно 20 цифр"]
    assert incident.attempts == 1  # a refusal is not retried by itself
    assert treasury.requests() == []  # nothing malformed left the building

    admin.retry(payment_cases.service, incident.id, "admin-petrova", params={"recipient_account": CORRECT_ACCOUNT})
    worker.run_until_idle()

    assert payment_cases.wait_until_completed([instance_id]) == Counter(completed=1)
    assert payment_cases.detail(instance_id)["data"]["paid"] is True
    retried = _audited_retry(db, instance_id)
    assert retried.data["params_before"]["recipient_account"] == "4081781000000000002"
    assert retried.data["params_after"]["recipient_account"] == CORRECT_ACCOUNT
    history = [(e.actor, e.action, e.element_id) for e in payment_cases.detail(instance_id)["history"]]
    assert history.index(("admin-petrova", "job.retried", "send_payment")) < history.index(
        ("worker", "service.completed", "send_payment")
    )


def _audited_retry(db, instance_id: int) -> AuditEvent:
    with db.transaction() as session:
        return session.scalar(select(AuditEvent).filter_by(instance_id=instance_id, action="job.retried"))
