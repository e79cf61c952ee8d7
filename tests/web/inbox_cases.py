"""Cases made directly through the engine, to fill an inbox before the browser opens it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from engine.persistence.models import TaskRecord


def register_case(
    services, applicant: str | None, snils: str | None, number: str, office: str = "vladivostok"
) -> datetime | int:
    """Start a demo application and, given an applicant, register it: returns the review's due
    moment, or the case id when it is left unregistered."""
    instance_id = services.instances.start("demo_application", {}, "specialist", business_key=number, office=office)
    if applicant is None:
        return instance_id
    task_id = _ready(services, instance_id)
    services.instances.complete_task(instance_id, task_id, {"applicant_name": applicant, "snils": snils}, "specialist")
    with services.db.transaction() as session:
        return session.scalar(select(TaskRecord.due_at).filter_by(instance_id=instance_id, state="ready"))


def _ready(services, instance_id: int) -> str:
    with services.db.transaction() as session:
        return session.scalar(select(TaskRecord.id).filter_by(instance_id=instance_id, state="ready"))
