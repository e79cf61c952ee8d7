"""Audit events: who did what, when, to which instance and task, with what data.

Events are gathered on the session and written in one multi-row INSERT when the session
flushes or commits, or before it reads with a query (so a transaction sees its own events): an
action that completes a task and runs ten engine steps costs one statement, not eleven ORM
inserts. A flush inside a savepoint writes them there, so they roll back with it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, insert
from sqlalchemy.orm import Session

from engine import clock
from engine.bpmn.serializer import data_to_json
from engine.persistence.models import AuditEvent

_PENDING = "reglament.audit_events"
_INSERT = insert(AuditEvent.__table__)


def record(
    session: Session,
    actor: str,
    action: str,
    *,
    instance_id: int | None = None,
    task_id: str | None = None,
    element_id: str | None = None,
    **data: Any,
) -> None:
    session.info.setdefault(_PENDING, []).append(
        {
            "at": clock.now(),
            "actor": actor,
            "action": action,
            "instance_id": instance_id,
            "task_id": task_id,
            "element_id": element_id,
            "data": data_to_json(data),
        }
    )


def _write_pending(session: Session, *_flush_args) -> None:
    rows = session.info.pop(_PENDING, None)
    if rows:
        session.connection().execute(_INSERT, rows)


def _write_before_query(execute_state) -> None:
    if execute_state.is_select:
        _write_pending(execute_state.session)


def _forget_pending(session: Session, *_args) -> None:
    session.info.pop(_PENDING, None)


event.listen(Session, "before_flush", _write_pending)
event.listen(Session, "before_commit", _write_pending)
event.listen(Session, "do_orm_execute", _write_before_query)
event.listen(Session, "after_rollback", _forget_pending)
