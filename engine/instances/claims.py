"""Who works on an open task, and the half-filled form they left: claim, release, draft.

A claim is one conditional UPDATE, so two colleagues clicking «Взять в работу» at once cannot
both win. These change the task index only, never the instance state: no engine step runs.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import or_, update
from sqlalchemy.orm import Session

from engine.accounts.access import TaskClaimedByOther
from engine.bpmn.serializer import data_to_json
from engine.errors import TaskNotReady
from engine.instances import audit
from engine.instances.queries import get_task
from engine.persistence.models import TaskRecord


def claim(session: Session, task_id: str, login: str) -> None:
    row = get_task(session, task_id)
    claimed = session.execute(
        update(TaskRecord)
        .where(TaskRecord.id == task_id, TaskRecord.state == "ready")
        .where(or_(TaskRecord.assignee.is_(None), TaskRecord.assignee == login))
        .values(assignee=login)
        .execution_options(synchronize_session=False)
    ).rowcount
    if not claimed:
        session.refresh(row)
        if row.state != "ready":
            raise TaskNotReady(task_id=task_id)
        raise TaskClaimedByOther(task_id=task_id, assignee=row.assignee)
    audit.record(
        session, login, "task.claimed", instance_id=row.instance_id, task_id=task_id, element_id=row.element_id
    )


def release(session: Session, task_id: str, login: str) -> None:
    """Give a claimed task back to the role's queue; only its assignee does that."""
    row = get_task(session, task_id)
    if row.assignee != login:
        raise TaskClaimedByOther(task_id=task_id, assignee=row.assignee)
    row.assignee = None
    audit.record(
        session, login, "task.released", instance_id=row.instance_id, task_id=task_id, element_id=row.element_id
    )


def save_draft(session: Session, task_id: str, data: dict[str, Any], login: str) -> None:
    """Keep unfinished form data with the task; it is not validated until the task is completed."""
    row = get_task(session, task_id)
    if row.state != "ready":
        raise TaskNotReady(task_id=task_id)
    row.draft = {"data": data_to_json(data), "by": login}
    audit.record(session, login, "task.draft_saved", instance_id=row.instance_id, task_id=task_id)


def draft_of(row: TaskRecord) -> dict[str, Any] | None:
    return (row.draft or {}).get("data")
