"""Read models: tasks, instances, deadlines and history as the API and pages show them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from engine import clock
from engine.bpmn.serializer import data_to_json
from engine.errors import NotFound
from engine.instances import runtime
from engine.persistence.models import AuditEvent, Deadline, Job, ProcessDefinition, ProcessInstance, TaskRecord


@dataclass
class TaskFilter:
    lane: str | list[str] | None = None
    process_key: str | None = None
    state: str = "ready"
    due_before: datetime | None = None
    overdue: bool | None = None
    instance_id: int | None = None
    office: str | list[str] | None = None
    sort: str = "due_at"
    limit: int = 100
    access: Any = None  # SQL condition on task joined with instance (engine.accounts.access.task_filter_for)


def task_view(row: TaskRecord, now: datetime | None = None) -> dict[str, Any]:
    now = now or clock.now()
    view = {
        c: getattr(row, c)
        for c in (
            "id",
            "instance_id",
            "process_key",
            "element_id",
            "title",
            "lane",
            "form",
            "state",
            "due_at",
            "clause",
            "assignee",
            "created_at",
            "completed_at",
            "completed_by",
        )
    }
    view["overdue"] = bool(row.state == "ready" and row.due_at is not None and row.due_at < now)
    return view


def list_tasks(session: Session, f: TaskFilter) -> list[dict[str, Any]]:
    query = _task_query(f)
    now = clock.now()
    return [task_view(row, now) for row in session.scalars(query.limit(f.limit))]


def _task_query(f: TaskFilter) -> Select:
    query = select(TaskRecord)
    if f.state != "all":
        query = query.where(TaskRecord.state == f.state)
    if f.lane:
        lanes = [f.lane] if isinstance(f.lane, str) else f.lane
        query = query.where(TaskRecord.lane.in_(lanes))
    if f.process_key:
        query = query.where(TaskRecord.process_key == f.process_key)
    if f.instance_id is not None:
        query = query.where(TaskRecord.instance_id == f.instance_id)
    if f.due_before is not None:
        query = query.where(TaskRecord.due_at < f.due_before)
    if f.overdue is not None:
        now = clock.now()
        query = (
            query.where(TaskRecord.due_at < now)
            if f.overdue
            else query.where((TaskRecord.due_at.is_(None)) | (TaskRecord.due_at >= now))
        )
    if f.office or f.access is not None:
        query = query.join(ProcessInstance)
    if f.office:
        offices = [f.office] if isinstance(f.office, str) else f.office
        query = query.where(ProcessInstance.office.in_(offices))
    if f.access is not None:
        query = query.where(f.access)
    order = {
        "due_at": TaskRecord.due_at.asc().nulls_last(),
        "-due_at": TaskRecord.due_at.desc().nulls_last(),
        "created_at": TaskRecord.created_at.asc(),
    }[f.sort]
    return query.order_by(order, TaskRecord.created_at)


def get_task(session: Session, task_id: str) -> TaskRecord:
    row = session.get(TaskRecord, task_id)
    if row is None:
        raise NotFound("Задача не найдена", task_id=task_id)
    return row


def task_detail(session: Session, service, task_id: str) -> dict[str, Any]:
    row = get_task(session, task_id)
    view = task_view(row)
    loaded = service.load(session, row.instance_id)
    document = loaded.definition.properties.get("forms", {}).get(row.form) if row.form else None
    view["schema"] = document.get("schema") if document else None
    view["ui"] = document.get("ui") if document else None
    task = runtime.find_task(loaded.workflow, task_id)
    view["data"] = data_to_json(task.data if task is not None else loaded.workflow.data)
    return view


def instance_view(session: Session, row: ProcessInstance) -> dict[str, Any]:
    view = {
        c: getattr(row, c)
        for c in (
            "id",
            "process_key",
            "status",
            "business_key",
            "office",
            "calendar_code",
            "summary",
            "created_at",
            "updated_at",
            "ended_at",
        )
    }
    view["definition_version"] = session.get(ProcessDefinition, row.definition_id).version
    return view


def instance_detail(session: Session, service, instance_id: int) -> dict[str, Any]:
    loaded = service.load(session, instance_id)
    view = instance_view(session, loaded.row)
    now = clock.now()
    tasks = session.scalars(
        select(TaskRecord).filter_by(instance_id=instance_id, state="ready").order_by(TaskRecord.created_at)
    )
    view["tasks"] = [task_view(t, now) for t in tasks]
    view["data"] = data_to_json(instance_data(loaded.workflow))
    view["deadlines"] = deadlines(session, instance_id)
    view["history"] = history(session, instance_id)
    view["incidents"] = list(session.scalars(select(Job).filter_by(instance_id=instance_id, state="incident")))
    return view


def instance_data(workflow) -> dict:
    """Data as the instance knows it now: workflow data merged with the latest task data."""
    data = dict(workflow.data)
    last = workflow.last_task
    if last is not None:
        data.update(last.data)
    return data


def deadlines(session: Session, instance_id: int) -> list[Deadline]:
    return list(session.scalars(select(Deadline).filter_by(instance_id=instance_id).order_by(Deadline.due_at)))


def history(session: Session, instance_id: int) -> list[AuditEvent]:
    return list(
        session.scalars(select(AuditEvent).filter_by(instance_id=instance_id).order_by(AuditEvent.at, AuditEvent.id))
    )


def list_instances(session: Session, *, process_key=None, status=None, business_key=None, limit=100, access=None):
    query = select(ProcessInstance).order_by(ProcessInstance.id.desc()).limit(limit)
    if access is not None:
        query = query.where(access)
    for column, value in (("process_key", process_key), ("status", status), ("business_key", business_key)):
        if value:
            query = query.where(getattr(ProcessInstance, column) == value)
    return [instance_view(session, row) for row in session.scalars(query)]
