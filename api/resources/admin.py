"""Admin repairs: incidents and stuck jobs, retry with corrected input, skip, cancel.

All need the role ``admin``; a repair touches only cases of the offices where the caller is admin.
"""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint
from sqlalchemy import select

from api.context import current_user, services
from api.schemas import (
    CancelInstanceSchema,
    ErrorBodySchema,
    InstanceDetailSchema,
    JobSchema,
    RetryJobSchema,
    SkipJobSchema,
)
from engine.accounts import access
from engine.errors import NotFound
from engine.instances import queries
from engine.jobs import admin
from engine.persistence.models import Job, ProcessInstance

blp = Blueprint("admin", __name__, url_prefix="/api/v1", description="Администрирование: инциденты и ремонт")


@blp.before_request
def _admins_only():
    access.require_role(current_user(), "admin")


def _administered(session, instance_id: int) -> ProcessInstance:
    instance = session.get(ProcessInstance, instance_id)
    if instance is None:
        raise NotFound("Экземпляр процесса не найден", instance_id=instance_id)
    if instance.office not in access.admin_offices(current_user()):
        raise access.CaseForbidden(instance_id=instance_id)
    return instance


def _job_instance(job_id: int) -> None:
    with services().db.transaction() as session:
        job = session.get(Job, job_id)
        if job is None:
            raise NotFound("Задание не найдено", job_id=job_id)
        _administered(session, job.instance_id)


def _of_my_offices(session, jobs: list[Job]) -> list[Job]:
    offices = set(access.admin_offices(current_user()))
    ids = {j.instance_id for j in jobs}
    office_of = dict(
        session.execute(select(ProcessInstance.id, ProcessInstance.office).where(ProcessInstance.id.in_(ids))).all()
    )
    return [j for j in jobs if office_of.get(j.instance_id) in offices]


@blp.route("/admin/incidents")
class Incidents(MethodView):
    @blp.response(200, JobSchema(many=True))
    def get(self):
        """Service calls that failed for good: the error, the attempts and the system's reply."""
        with services().db.transaction() as session:
            return _of_my_offices(session, admin.incidents(session))


@blp.route("/admin/jobs/stuck")
class StuckJobs(MethodView):
    @blp.response(200, JobSchema(many=True))
    def get(self):
        """Jobs whose worker vanished or that wait long past their due moment."""
        with services().db.transaction() as session:
            return _of_my_offices(session, admin.stuck_jobs(session))


@blp.route("/admin/jobs/<int:job_id>/retry")
class RetryJob(MethodView):
    @blp.arguments(RetryJobSchema)
    @blp.response(200, JobSchema)
    @blp.alt_response(409, schema=ErrorBodySchema)
    def post(self, body, job_id):
        """Queue the job again now, optionally with corrected parameters (audited)."""
        _job_instance(job_id)
        return admin.retry(services().instances, job_id, current_user().login, body["params"])


@blp.route("/admin/jobs/<int:job_id>/skip")
class SkipJob(MethodView):
    @blp.arguments(SkipJobSchema)
    @blp.response(204)
    @blp.alt_response(409, schema=ErrorBodySchema)
    def post(self, body, job_id):
        """Complete the service task with a recorded result and reason, without calling out."""
        _job_instance(job_id)
        admin.skip(services().instances, job_id, current_user().login, body["result"], body["reason"])


@blp.route("/instances/<int:instance_id>/cancel")
class CancelInstance(MethodView):
    @blp.arguments(CancelInstanceSchema)
    @blp.response(200, InstanceDetailSchema)
    def post(self, body, instance_id):
        """Cancel an instance: its tasks, timers and queued jobs end (audited with the reason)."""
        svc = services()
        with svc.db.transaction() as session:
            _administered(session, instance_id)
        svc.instances.cancel(instance_id, current_user().login, body["reason"])
        with svc.db.transaction() as session:
            return queries.instance_detail(session, svc.instances, instance_id)
