"""Messages stored but never handed over, although their instance waits for them: the worker's catch-up.

Receiving a message is two steps: store it, then refresh the instance that waits for it. The
second step can be lost: the receiving process dies in between, a retried callback is ignored
as a duplicate of the stored one, or (PostgreSQL, read committed) the message is stored while the
instance's own save, which subscribes to it, is still committing, so neither sees the other. The
message then stays pending beside a waiting instance; the worker finds such pairs and refreshes
the instance, whose save takes the message.

Only messages older than GRACE count: a fresh one is still being handed over by whoever received
it, and refreshing the instance at the same moment would make that receiver lose the race (409).
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from engine import clock
from engine.persistence.database import Database
from engine.persistence.models import InboundMessage, MessageSubscription

GRACE = timedelta(seconds=10)


def waiting_instances(db: Database, limit: int = 50) -> list[int]:
    """Instances subscribed to a message that was stored more than GRACE ago and is still pending."""
    query = (
        select(MessageSubscription.instance_id)
        .join(
            InboundMessage,
            (InboundMessage.name == MessageSubscription.name)
            & (InboundMessage.correlation_key == MessageSubscription.correlation_key),
        )
        .where(InboundMessage.state == "pending", InboundMessage.received_at < clock.now() - GRACE)
        .distinct()
        .limit(limit)
    )
    with db.transaction() as session:
        return list(session.scalars(query))
