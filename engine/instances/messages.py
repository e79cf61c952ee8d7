"""Inbound BPMN messages: stored first, delivered when an instance waits, never dropped.

A message that matches no waiting instance yet stays pending and is taken by the instance's
next save that subscribes to it. A repeated message (same id, or same name, key and payload)
is recognised by its dedupe key and ignored.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from engine import clock
from engine.persistence.database import Database
from engine.persistence.models import InboundMessage, MessageSubscription


@dataclass(frozen=True)
class Receipt:
    message_id: int | None
    state: str  # "pending" (stored, awaited later), "duplicate"
    instance_id: int | None  # the instance that waits for it now, if any


def store(db: Database, name: str, correlation_key: str, payload: dict, message_id: str | None = None) -> Receipt:
    dedupe = message_id or _fingerprint(name, correlation_key, payload)
    try:
        with db.transaction() as session:
            row = InboundMessage(
                name=name,
                correlation_key=correlation_key,
                dedupe_key=f"{name}:{dedupe}",
                payload=payload,
                state="pending",
                received_at=clock.now(),
            )
            session.add(row)
            session.flush()
            waiting = session.scalar(
                select(MessageSubscription.instance_id).filter_by(name=name, correlation_key=correlation_key).limit(1)
            )
            return Receipt(row.id, "pending", waiting)
    except IntegrityError:
        return Receipt(None, "duplicate", None)


def deliver_pending(loaded, actor: str, deliver) -> bool:
    """Deliver the oldest stored message this instance now waits for; True if one was taken."""
    session: Session = loaded.session
    subscriptions = session.scalars(select(MessageSubscription).filter_by(instance_id=loaded.row.id)).all()
    for sub in subscriptions:
        query = (
            select(InboundMessage)
            .filter_by(state="pending", name=sub.name, correlation_key=sub.correlation_key)
            .order_by(InboundMessage.received_at, InboundMessage.id)
            .limit(1)
        )
        if loaded.session.get_bind().dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)
        message = session.scalar(query)
        if message is not None and deliver(loaded, sub.task_id, message.payload, actor):
            message.state, message.instance_id, message.delivered_at = "delivered", loaded.row.id, clock.now()
            return True
    return False


def _fingerprint(name: str, key: str, payload: Any) -> str:
    canonical = json.dumps([name, key, payload], sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def state_of(db: Database, message_id: int) -> str:
    with db.transaction() as session:
        row = session.get(InboundMessage, message_id)
        return row.state if row is not None else "unknown"
