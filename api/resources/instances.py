"""Process instances: start, read (status, tasks, data, deadlines, history), cancel."""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from api.context import current_user, services
from api.schemas import ErrorBodySchema, InstanceDetailSchema, InstanceQuerySchema, InstanceSchema, StartInstanceSchema
from engine.accounts import access
from engine.errors import NotFound
from engine.instances import queries
from engine.persistence.models import ProcessInstance

blp = Blueprint("instances", __name__, url_prefix="/api/v1", description="Экземпляры процессов")


@blp.route("/instances")
class Instances(MethodView):
    @blp.arguments(InstanceQuerySchema, location="query")
    @blp.response(200, InstanceSchema(many=True))
    def get(self, args):
        """Instances of the caller's offices, newest first, filtered by process, status or business key."""
        visible = access.instance_filter_for(current_user())
        with services().db.transaction() as session:
            return queries.list_instances(session, **args, access=visible)

    @blp.arguments(StartInstanceSchema)
    @blp.response(201, InstanceDetailSchema)
    @blp.alt_response(404, schema=ErrorBodySchema)
    def post(self, body):
        """Start an instance of the latest version of a process with initial data.

        The case belongs to the caller's office; one who works in several names it in `office`.
        """
        svc, user = services(), current_user()
        office = access.office_for_start(user, body["office"])
        instance_id = svc.instances.start(
            body["process_key"], body["data"], user.login, business_key=body["business_key"], office=office
        )
        with svc.db.transaction() as session:
            return queries.instance_detail(session, svc.instances, instance_id)


@blp.route("/instances/<int:instance_id>")
class Instance(MethodView):
    @blp.response(200, InstanceDetailSchema)
    @blp.alt_response(403, schema=ErrorBodySchema, description="a case of another office")
    @blp.alt_response(404, schema=ErrorBodySchema)
    def get(self, instance_id):
        """Status, active tasks, data, deadlines and history of one instance of the caller's office."""
        svc = services()
        with svc.db.transaction() as session:
            visible_instance(session, instance_id)
            return queries.instance_detail(session, svc.instances, instance_id)


def visible_instance(session, instance_id: int) -> ProcessInstance:
    """The case if the caller's office holds it: 404 if there is none, 403 if it is another office's."""
    instance = session.get(ProcessInstance, instance_id)
    if instance is None:
        raise NotFound("Экземпляр процесса не найден", instance_id=instance_id)
    access.require_instance(current_user(), instance)
    return instance
