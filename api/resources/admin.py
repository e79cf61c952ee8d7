"""Admin repairs: incidents and stuck jobs, retry with corrected input, skip, cancel."""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from api.context import actor, services
from api.schemas import (
    CancelInstanceSchema,
    ErrorBodySchema,
    InstanceDetailSchema,
    JobSchema,
    RetryJobSchema,
    SkipJobSchema,
)
from engine.instances import queries
from engine.jobs import admin

blp = Blueprint("admin", __name__, url_prefix="/api/v1", description="Администрирование: инциденты и ремонт")


@blp.route("/admin/incidents")
class Incidents(MethodView):
    @blp.response(200, JobSchema(many=True))
    def get(self):
        """Service calls that failed for good: the error, the attempts and the system's reply."""
        with services().db.transaction() as session:
            return admin.incidents(session)


@blp.route("/admin/jobs/stuck")
class StuckJobs(MethodView):
    @blp.response(200, JobSchema(many=True))
    def get(self):
        """Jobs whose worker vanished or that wait long past their due moment."""
        with services().db.transaction() as session:
            return admin.stuck_jobs(session)


@blp.route("/admin/jobs/<int:job_id>/retry")
class RetryJob(MethodView):
    @blp.arguments(RetryJobSchema)
    @blp.response(200, JobSchema)
    @blp.alt_response(409, schema=ErrorBodySchema)
    def post(self, body, job_id):
        """Queue the job again now, optionally with corrected parameters (audited)."""
        return admin.retry(services().instances, job_id, actor(), body["params"])


@blp.route("/admin/jobs/<int:job_id>/skip")
class SkipJob(MethodView):
    @blp.arguments(SkipJobSchema)
    @blp.response(204)
    @blp.alt_response(409, schema=ErrorBodySchema)
    def post(self, body, job_id):
        """Complete the service task with a recorded result and reason, without calling out."""
        admin.skip(services().instances, job_id, actor(), body["result"], body["reason"])


@blp.route("/instances/<int:instance_id>/cancel")
class CancelInstance(MethodView):
    @blp.arguments(CancelInstanceSchema)
    @blp.response(200, InstanceDetailSchema)
    def post(self, body, instance_id):
        """Cancel an instance: its tasks, timers and queued jobs end (audited with the reason)."""
        svc = services()
        svc.instances.cancel(instance_id, actor(), body["reason"])
        with svc.db.transaction() as session:
            return queries.instance_detail(session, svc.instances, instance_id)
