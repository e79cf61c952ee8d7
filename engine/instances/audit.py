"""Audit events: who did what, when, to which instance and task, with what data."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from engine import clock
from engine.bpmn.serializer import data_to_json
from engine.persistence.models import AuditEvent


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
    session.add(
        AuditEvent(
            at=clock.now(),
            actor=actor,
            action=action,
            instance_id=instance_id,
            task_id=task_id,
            element_id=element_id,
            data=data_to_json(data),
        )
    )
