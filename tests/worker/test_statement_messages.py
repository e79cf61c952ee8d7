"""The treasury's statement reaches the case as the message `treasury_statement`, correlated on the
payment's key, through the live API: a repeated statement is recognised and ignored, and a
statement that comes before the case waits for it is kept and handed over when it does.
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import httpx
from sqlalchemy import select

from engine.instances import messages
from engine.jobs import undelivered
from engine.persistence.models import AuditEvent, InboundMessage


def _statement(order: dict, statement_id: str) -> dict:
    """The statement line the treasury writes for an executed order."""
    return {
        "statement_id": statement_id,
        "request_id": f"ZKR-{statement_id[4:]}",
        "order_number": order["order_number"],
        "operation_date": "2026-03-02",
        "amount": order["amount"],
        "payer_account": order["payer_account"],
        "recipient_account": order["recipient_account"],
        "status": "executed",
    }


def _post_message(live_api: str, message: dict) -> dict:
    response = httpx.post(f"{live_api}/api/v1/messages", json=message, timeout=5.0)
    assert response.status_code == 202, response.text
    return response.json()


def _messages(db, correlation_key: str) -> list[InboundMessage]:
    with db.transaction() as session:
        return list(session.scalars(select(InboundMessage).filter_by(correlation_key=correlation_key)))


def _deliveries(db, instance_id: int) -> int:
    with db.transaction() as session:
        return len(
            session.scalars(select(AuditEvent).filter_by(instance_id=instance_id, action="message.delivered")).all()
        )


def test_a_statement_sent_twice_is_delivered_once_and_the_repeat_is_recognised(
    db, clock, payment_cases, treasury, worker, live_api, eventually
):
    treasury.configure(callback_copies=2)  # the treasury's gateway sends the statement twice
    [(instance_id, order)] = payment_cases.start([3]).items()

    worker.run_until_idle()

    assert payment_cases.wait_until_completed([instance_id]) == Counter(completed=1)
    copies = eventually(lambda: len(treasury.callbacks()) == 2 and treasury.callbacks())
    assert [c["status"] for c in copies] == [202, 202]  # both accepted by the API …
    [stored] = _messages(db, order["payment_key"])  # … but kept once
    assert (stored.state, stored.instance_id) == ("delivered", instance_id)
    assert _deliveries(db, instance_id) == 1

    again = _post_message(live_api, copies[0]["message"])  # the same statement once more
    assert again["state"] == "duplicate"
    assert _deliveries(db, instance_id) == 1


def test_a_statement_that_arrives_before_the_case_waits_is_kept_and_delivered_when_it_does(
    db, clock, payment_cases, treasury, worker, live_api
):
    treasury.configure(callback_copies=0)  # the treasury sends nothing itself: we bring the statement early
    [(instance_id, order)] = payment_cases.start([4]).items()
    statement = _statement(order, "VLS-0004")

    early = _post_message(
        live_api, {"name": "treasury_statement", "correlation_key": order["payment_key"], "payload": statement}
    )
    assert (early["state"], early["instance_id"]) == ("pending", None)  # nobody waits yet: kept

    worker.run_until_idle()  # the payment is sent; the case now waits and takes the kept statement

    detail = payment_cases.detail(instance_id)
    assert detail["status"] == "completed"
    assert detail["data"]["paid"] is True
    assert detail["data"]["statement"] == statement
    [stored] = _messages(db, order["payment_key"])
    assert (stored.id, stored.state, stored.instance_id) == (early["message_id"], "delivered", instance_id)
    assert len(treasury.payments()) == 1


def test_a_stored_statement_that_nobody_handed_over_is_delivered_by_the_worker(
    db, clock, payment_cases, treasury, worker
):
    treasury.configure(callback_copies=0)
    [(instance_id, order)] = payment_cases.start([5]).items()
    worker.run_until_idle()  # paid; the case waits for its statement
    # The API stores a message, then hands it to the waiting case. If that second step never happens
    # (the API process died in between, or on PostgreSQL the message was stored while the case's
    # own save was still committing, so neither saw the other), the statement must not lie there.
    receipt = messages.store(db, "treasury_statement", order["payment_key"], _statement(order, "VLS-0005"))
    assert (receipt.state, receipt.instance_id) == ("pending", instance_id)
    worker.run_until_idle()
    assert payment_cases.detail(instance_id)["status"] == "running"  # a fresh message is the receiver's to hand over

    clock.advance(undelivered.GRACE + timedelta(seconds=1))
    worker.run_until_idle()

    assert payment_cases.detail(instance_id)["status"] == "completed"
    assert messages.state_of(db, receipt.message_id) == "delivered"
