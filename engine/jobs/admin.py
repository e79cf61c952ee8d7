"""What an admin does with stuck work: see incidents, retry (with corrected input), skip, cancel.

Every repair goes through the instance service, so it is one transaction with the usual
version check, and every one is audited with who did it and why.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from engine import clock
from engine.errors import Conflict, InvalidInput, NotFound
from engine.instances import audit
from engine.instances.index import FINAL_JOB_STATES
from engine.instances.service import InstanceService, Loaded, complete_parked
from engine.persistence.models import Job

STUCK_AFTER = timedelta(minutes=5)


def incidents(session: Session, instance_id: int | None = None) -> list[Job]:
    query = select(Job).where(Job.state == "incident").order_by(Job.run_at)
    if instance_id is not None:
        query = query.where(Job.instance_id == instance_id)
    return list(session.scalars(query))


def stuck_jobs(session: Session) -> list[Job]:
    """Jobs whose worker vanished (lease expired) or that wait far past their due moment."""
    now = clock.now()
    return list(
        session.scalars(
            select(Job)
            .where(
                or_(
                    (Job.state == "running") & (Job.lease_until < now),
                    (Job.state == "pending") & (Job.run_at < now - STUCK_AFTER),
                )
            )
            .order_by(Job.run_at)
        )
    )


def retry(service: InstanceService, job_id: int, actor: str, params: dict[str, Any] | None = None) -> Job:
    """Put an incident back in the queue now, optionally with corrected parameters."""
    with service.db.transaction() as session:
        job = _job(session, job_id)
        if job.state not in ("incident", "pending"):
            raise Conflict("Повторить можно только задание с инцидентом или в очереди", state=job.state)
        before = dict(job.params or {})
        if params:
            job.params = {**before, **params}
        job.state, job.run_at, job.attempts, job.claimed_by, job.lease_until = "pending", clock.now(), 0, None, None
        audit.record(
            session,
            actor,
            "job.retried",
            instance_id=job.instance_id,
            task_id=job.task_id,
            element_id=job.element_id,
            job_id=job.id,
            params_before=before,
            params_after=job.params,
        )
        return job


def skip(service: InstanceService, job_id: int, actor: str, result: Any, reason: str) -> None:
    """Complete a service task without calling the system: the admin states the result and why."""
    if not reason or not reason.strip():
        raise InvalidInput("Укажите причину пропуска сервисной задачи")
    with service.db.transaction() as session:
        job = _job(session, job_id)
        if job.kind != "service" or job.state in FINAL_JOB_STATES:
            raise Conflict("Задание уже завершено", state=job.state)
        instance_id, task_id = job.instance_id, job.task_id

    def complete_without_calling(loaded: Loaded) -> None:
        complete_parked(loaded, task_id, result, actor, "service.skipped", reason=reason, job_id=job_id)
        job_row = loaded.session.get(Job, job_id)
        job_row.state, job_row.finished_at = "skipped", clock.now()  # final: the sync leaves it so

    service.update(instance_id, actor, complete_without_calling)


def _job(session: Session, job_id: int) -> Job:
    job = session.get(Job, job_id)
    if job is None:
        raise NotFound("Задание не найдено", job_id=job_id)
    return job
