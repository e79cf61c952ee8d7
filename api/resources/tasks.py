"""Human tasks: the filtered list, one task with its form, and completion."""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from api.context import current_user, services
from api.schemas import (
    CompleteTaskSchema,
    ErrorBodySchema,
    InstanceDetailSchema,
    TaskDetailSchema,
    TaskQuerySchema,
    TaskSchema,
)
from engine.accounts import access
from engine.instances import claims, queries
from engine.persistence.models import ProcessInstance

blp = Blueprint("tasks", __name__, url_prefix="/api/v1", description="Задачи сотрудников")


@blp.route("/tasks")
class Tasks(MethodView):
    @blp.arguments(TaskQuerySchema, location="query")
    @blp.response(200, TaskSchema(many=True))
    def get(self, args):
        """Tasks of the caller's roles and offices, filtered by lane, process, state and due moment."""
        visible = access.task_filter_for(current_user())
        with services().db.transaction() as session:
            return queries.list_tasks(session, queries.TaskFilter(**args, access=visible))


@blp.route("/tasks/<string:task_id>")
class Task(MethodView):
    @blp.response(200, TaskDetailSchema)
    @blp.alt_response(404, schema=ErrorBodySchema)
    def get(self, task_id):
        """One task with its form's JSON Schema and UI schema, and the data it sees."""
        svc = services()
        with svc.db.transaction() as session:
            visible_task(session, task_id)
            return queries.task_detail(session, svc.instances, task_id)


@blp.route("/tasks/<string:task_id>/complete")
class CompleteTask(MethodView):
    @blp.arguments(CompleteTaskSchema)
    @blp.response(200, InstanceDetailSchema)
    @blp.alt_response(403, schema=ErrorBodySchema, description="not a task of the caller's roles and office")
    @blp.alt_response(409, schema=ErrorBodySchema, description="the task no longer waits, or another user won")
    @blp.alt_response(422, schema=ErrorBodySchema, description="data failed the form's JSON Schema")
    def post(self, body, task_id):
        """Complete a task with data validated against its form; nothing changes if invalid."""
        svc, user = services(), current_user()
        with svc.db.transaction() as session:
            task, instance = visible_task(session, task_id)
            access.require_completable(user, task, instance)
            instance_id = task.instance_id
        svc.instances.complete_task(instance_id, task_id, body["data"], user.login)
        with svc.db.transaction() as session:
            return queries.instance_detail(session, svc.instances, instance_id)


@blp.route("/tasks/<string:task_id>/claim")
class ClaimTask(MethodView):
    @blp.response(200, TaskSchema)
    @blp.alt_response(409, schema=ErrorBodySchema, description="a colleague claimed it first")
    def post(self, task_id):
        """Take the task into work: it moves to the caller's own list and nobody else completes it."""
        svc, user = services(), current_user()
        with svc.db.transaction() as session:
            task, instance = visible_task(session, task_id)
            access.require_completable(user, task, instance)
            claims.claim(session, task_id, user.login)
            session.refresh(task)
            return queries.task_view(task)


@blp.route("/tasks/<string:task_id>/release")
class ReleaseTask(MethodView):
    @blp.response(200, TaskSchema)
    @blp.alt_response(409, schema=ErrorBodySchema, description="claimed by someone else")
    def post(self, task_id):
        """Give a claimed task back to the role's common queue."""
        svc, user = services(), current_user()
        with svc.db.transaction() as session:
            task, _ = visible_task(session, task_id)
            claims.release(session, task_id, user.login)
            return queries.task_view(task)


def visible_task(session, task_id: str):
    """The task and its case, if the caller may see them (403 otherwise, 404 if there is none)."""
    task = queries.get_task(session, task_id)
    instance = session.get(ProcessInstance, task.instance_id)
    access.require_task(current_user(), task, instance)
    return task, instance
