"""Claiming and settling jobs.

PostgreSQL: `SELECT … FOR UPDATE SKIP LOCKED`, so workers never wait on each other and never
take the same row. SQLite: transactions are IMMEDIATE, so one claim runs at a time (a single
worker is the supported setup there). A claim holds a lease; a job whose lease expired (its
worker died) is claimable again, and the idempotency key makes the repeat harmless. A worker
that outlived its lease reports back into nothing: the job is settled only under the claim that
holds it now.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import or_, select

from engine import clock
from engine.persistence.database import Database
from engine.persistence.models import Job

MAX_BACKOFF_SECONDS = 3600.0


@dataclass(frozen=True)
class Claim:
    id: int
    kind: str
    instance_id: int
    task_id: str
    element_id: str
    operation: str | None
    params: dict[str, Any] | None
    idempotency_key: str
    attempts: int
    max_attempts: int
    backoff_seconds: float
    worker_id: str  # who holds this claim; with `attempts`, it tells this claim from a later one


def claim(
    db: Database,
    worker_id: str,
    *,
    limit: int = 10,
    lease_seconds: float = 60.0,
    kinds: tuple[str, ...] = ("timer", "service"),
) -> list[Claim]:
    now = clock.now()
    with db.transaction() as session:
        query = (
            select(Job)
            .where(Job.kind.in_(kinds))
            .where(or_(Job.state == "pending", (Job.state == "running") & (Job.lease_until < now)))
            .where(Job.run_at <= now)
            .order_by(Job.run_at, Job.id)
            .limit(limit)
        )
        if db.is_postgres:
            query = query.with_for_update(skip_locked=True)
        claims = []
        for job in session.scalars(query):
            job.state, job.claimed_by = "running", worker_id
            job.lease_until = now + timedelta(seconds=lease_seconds)
            job.attempts += 1
            claims.append(_claim_of(job))
        return claims


def _claim_of(job: Job) -> Claim:
    return Claim(
        job.id,
        job.kind,
        job.instance_id,
        job.task_id,
        job.element_id,
        job.operation,
        job.params,
        job.idempotency_key,
        job.attempts,
        job.max_attempts,
        job.backoff_seconds,
        job.claimed_by or "",
    )


def next_due(db: Database) -> Any:
    """When the earliest pending job falls due (for an idle worker's sleep)."""
    with db.transaction() as session:
        return session.scalar(select(Job.run_at).where(Job.state == "pending").order_by(Job.run_at).limit(1))


def fail(db: Database, claim_: Claim, error: dict[str, Any], *, transient: bool) -> str:
    """Record a failed attempt: back off and retry a transient one, or raise an incident."""
    with db.transaction() as session:
        job = session.get(Job, claim_.id)
        if job is None or not _held_by(job, claim_):
            return "gone"
        job.last_error = {**error, "attempt": job.attempts, "at": clock.now().isoformat()}
        job.lease_until, job.claimed_by = None, None
        if transient and job.attempts < job.max_attempts:
            job.state = "pending"
            job.run_at = clock.now() + timedelta(seconds=backoff(job.backoff_seconds, job.attempts))
        else:
            job.state = "incident"
        return job.state


def _held_by(job: Job, claim_: Claim) -> bool:
    """The job is still under this claim: not finished, not taken over after the lease ran out."""
    # why: a worker that hung past its lease would otherwise requeue or fail the job its successor works on
    return job.state == "running" and job.claimed_by == claim_.worker_id and job.attempts == claim_.attempts


def backoff(base: float, attempt: int) -> float:
    """Exponential back-off with full jitter: spreads retries of many jobs after an outage."""
    ceiling = min(MAX_BACKOFF_SECONDS, base * (2 ** (attempt - 1)))
    return random.uniform(ceiling / 2, ceiling)  # noqa: S311 - jitter, not security
