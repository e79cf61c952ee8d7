"""Human tasks: the filtered list, one task with its form, and completion."""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from api.context import actor, services
from api.schemas import (
    CompleteTaskSchema,
    ErrorBodySchema,
    InstanceDetailSchema,
    TaskDetailSchema,
    TaskQuerySchema,
    TaskSchema,
)
from engine.instances import queries

blp = Blueprint("tasks", __name__, url_prefix="/api/v1", description="Задачи сотрудников")


@blp.route("/tasks")
class Tasks(MethodView):
    @blp.arguments(TaskQuerySchema, location="query")
    @blp.response(200, TaskSchema(many=True))
    def get(self, args):
        """Tasks filtered by lane (role), process, state and due moment; sorted by due moment."""
        with services().db.transaction() as session:
            return queries.list_tasks(session, queries.TaskFilter(**args))


@blp.route("/tasks/<string:task_id>")
class Task(MethodView):
    @blp.response(200, TaskDetailSchema)
    @blp.alt_response(404, schema=ErrorBodySchema)
    def get(self, task_id):
        """One task with its form's JSON Schema and UI schema, and the data it sees."""
        svc = services()
        with svc.db.transaction() as session:
            return queries.task_detail(session, svc.instances, task_id)


@blp.route("/tasks/<string:task_id>/complete")
class CompleteTask(MethodView):
    @blp.arguments(CompleteTaskSchema)
    @blp.response(200, InstanceDetailSchema)
    @blp.alt_response(409, schema=ErrorBodySchema, description="the task no longer waits, or another user won")
    @blp.alt_response(422, schema=ErrorBodySchema, description="data failed the form's JSON Schema")
    def post(self, body, task_id):
        """Complete a task with data validated against its form; nothing changes if invalid."""
        svc = services()
        with svc.db.transaction() as session:
            instance_id = queries.get_task(session, task_id).instance_id
        svc.instances.complete_task(instance_id, task_id, body["data"], actor())
        with svc.db.transaction() as session:
            return queries.instance_detail(session, svc.instances, instance_id)
