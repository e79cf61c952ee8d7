"""The tables: definitions, instances, the task index, jobs, messages, deadlines, audit."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from engine.persistence.types import JsonDocument, UtcDateTime


class Base(DeclarativeBase):
    type_annotation_map = {datetime: UtcDateTime, dict[str, Any]: JsonDocument, list[Any]: JsonDocument}


class ProcessDefinition(Base):
    """One deployed version of a process; specs are stored once here, not per instance."""

    __tablename__ = "process_definition"
    __table_args__ = (
        UniqueConstraint("process_key", "version"),
        UniqueConstraint("process_key", "content_hash"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    process_key: Mapped[str] = mapped_column(String(200), index=True)
    name: Mapped[str] = mapped_column(String(500))
    version: Mapped[int]
    content_hash: Mapped[str] = mapped_column(String(64))
    # deferred: large, and read only when a version's specs are first restored or shown
    specs_json: Mapped[str] = mapped_column(Text, deferred=True)
    sources: Mapped[dict[str, Any]] = mapped_column(deferred=True, comment="file name -> BPMN XML, for the viewer")
    properties: Mapped[dict[str, Any]] = mapped_column(comment="calendar code and other process properties")
    deployed_at: Mapped[datetime]
    deployed_by: Mapped[str] = mapped_column(String(200))


class ProcessInstance(Base):
    __tablename__ = "process_instance"
    id: Mapped[int] = mapped_column(primary_key=True)
    definition_id: Mapped[int] = mapped_column(ForeignKey("process_definition.id"), index=True)
    process_key: Mapped[str] = mapped_column(String(200), index=True)
    status: Mapped[str] = mapped_column(String(20), index=True)
    business_key: Mapped[str | None] = mapped_column(String(200), index=True)
    calendar_code: Mapped[str] = mapped_column(String(20))
    office: Mapped[str | None] = mapped_column(String(100), index=True)
    state_json: Mapped[str] = mapped_column(Text)
    summary: Mapped[dict[str, Any]] = mapped_column(comment="applicant name, СНИЛС, variant: what inboxes search")
    derived: Mapped[dict[str, Any]] = mapped_column(
        default=dict, comment="counts of derived rows at the last save: lets a save skip empty lookups"
    )
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}


class TaskRecord(Base):
    """The queryable index of human tasks, rebuilt from the workflow on every save."""

    __tablename__ = "task"
    __table_args__ = (Index("ix_task_open_due", "state", "due_at"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True, comment="SpiffWorkflow task id")
    instance_id: Mapped[int] = mapped_column(ForeignKey("process_instance.id", ondelete="CASCADE"), index=True)
    process_key: Mapped[str] = mapped_column(String(200), index=True)
    element_id: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(500))
    lane: Mapped[str | None] = mapped_column(String(100), index=True)
    form: Mapped[str | None] = mapped_column(String(200))
    state: Mapped[str] = mapped_column(String(20), index=True)
    due_at: Mapped[datetime | None]
    clause: Mapped[str | None] = mapped_column(String(100))
    assignee: Mapped[str | None] = mapped_column(String(200), index=True)
    draft: Mapped[dict[str, Any] | None]
    created_at: Mapped[datetime]
    completed_at: Mapped[datetime | None]
    completed_by: Mapped[str | None] = mapped_column(String(200))


class Job(Base):
    """Work the worker does outside the instance lock: fire a timer, call an adapter."""

    __tablename__ = "job"
    __table_args__ = (
        UniqueConstraint("instance_id", "kind", "task_id"),
        Index("ix_job_claimable", "state", "run_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    instance_id: Mapped[int] = mapped_column(ForeignKey("process_instance.id", ondelete="CASCADE"), index=True)
    task_id: Mapped[str] = mapped_column(String(36))
    element_id: Mapped[str] = mapped_column(String(200))
    state: Mapped[str] = mapped_column(String(20))
    run_at: Mapped[datetime] = mapped_column(comment="due moment of a timer, next attempt of a call")
    operation: Mapped[str | None] = mapped_column(String(200))
    params: Mapped[dict[str, Any] | None]
    idempotency_key: Mapped[str] = mapped_column(String(200))
    attempts: Mapped[int] = mapped_column(default=0)
    max_attempts: Mapped[int] = mapped_column(default=5)
    backoff_seconds: Mapped[float] = mapped_column(default=2.0)
    lease_until: Mapped[datetime | None]
    claimed_by: Mapped[str | None] = mapped_column(String(200))
    last_error: Mapped[dict[str, Any] | None]
    created_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]


class InboundMessage(Base):
    """A BPMN message from outside; kept until an instance waits for it, never dropped."""

    __tablename__ = "inbound_message"
    __table_args__ = (Index("ix_message_pending", "state", "name", "correlation_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    correlation_key: Mapped[str] = mapped_column(String(200))
    dedupe_key: Mapped[str] = mapped_column(String(300), unique=True)
    payload: Mapped[dict[str, Any]]
    state: Mapped[str] = mapped_column(String(20))
    instance_id: Mapped[int | None] = mapped_column(ForeignKey("process_instance.id", ondelete="SET NULL"))
    received_at: Mapped[datetime]
    delivered_at: Mapped[datetime | None]


class Deadline(Base):
    """A statutory term of one instance: what it is, where it comes from, and whether it held."""

    __tablename__ = "deadline"
    __table_args__ = (Index("ix_deadline_state_due", "state", "due_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    instance_id: Mapped[int] = mapped_column(ForeignKey("process_instance.id", ondelete="CASCADE"), index=True)
    timer_task_id: Mapped[str] = mapped_column(String(36), unique=True)
    element_id: Mapped[str] = mapped_column(String(200))
    guarded_task_id: Mapped[str | None] = mapped_column(String(36), comment="the task the timer is attached to")
    guarded_element_id: Mapped[str | None] = mapped_column(String(200))
    clause: Mapped[str] = mapped_column(String(100), comment="clause of the regulation that sets the term")
    term: Mapped[str | None] = mapped_column(String(100))
    party: Mapped[str] = mapped_column(String(20), default="office")
    calendar_code: Mapped[str] = mapped_column(String(20))
    started_at: Mapped[datetime]
    due_at: Mapped[datetime]
    state: Mapped[str] = mapped_column(String(20), comment="pending, met, breached, cancelled")
    closed_at: Mapped[datetime | None]
    warnings: Mapped[list[Any]]


class AuditEvent(Base):
    __tablename__ = "audit_event"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(index=True)
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(100))
    instance_id: Mapped[int | None] = mapped_column(index=True)
    task_id: Mapped[str | None] = mapped_column(String(36))
    element_id: Mapped[str | None] = mapped_column(String(200))
    data: Mapped[dict[str, Any]]


class MessageSubscription(Base):
    """An instance waiting for a message, by name and correlation key; rebuilt on every save."""

    __tablename__ = "message_subscription"
    __table_args__ = (
        Index("ix_subscription_lookup", "name", "correlation_key"),
        UniqueConstraint("instance_id", "task_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    instance_id: Mapped[int] = mapped_column(ForeignKey("process_instance.id", ondelete="CASCADE"), index=True)
    task_id: Mapped[str] = mapped_column(String(200), comment="waiting task id, or start:<event sub-process>")
    name: Mapped[str] = mapped_column(String(200))
    correlation_key: Mapped[str] = mapped_column(String(200))


class IssuedNumber(Base):
    """Automatic numbering of orders and contracts: one number per idempotency key, gap-free per series."""

    __tablename__ = "issued_number"
    __table_args__ = (UniqueConstraint("series", "year", "sequence"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(200), unique=True)
    series: Mapped[str] = mapped_column(String(50))
    year: Mapped[int]
    sequence: Mapped[int]
    number: Mapped[str] = mapped_column(String(100))
    issued_at: Mapped[datetime]


class Document(Base):
    """A document a step produced (referral, contract, order, refusal): kept as rendered HTML,
    served as PDF; one per idempotency key, so a retried job does not issue it twice."""

    __tablename__ = "document"
    id: Mapped[int] = mapped_column(primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(200), unique=True)
    instance_id: Mapped[int | None] = mapped_column(ForeignKey("process_instance.id", ondelete="CASCADE"), index=True)
    template: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(500))
    number: Mapped[str | None] = mapped_column(String(100))
    html: Mapped[str] = mapped_column(Text)
    context: Mapped[dict[str, Any]]
    created_at: Mapped[datetime]


from engine.accounts.models import *  # noqa: E402,F403
from engine.attachments.models import *  # noqa: E402,F403
from engine.persistence.calendar_models import *  # noqa: E402,F403
