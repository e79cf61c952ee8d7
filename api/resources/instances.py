"""Process instances: start, read (status, tasks, data, deadlines, history), cancel."""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from api.context import actor, services
from api.schemas import ErrorBodySchema, InstanceDetailSchema, InstanceQuerySchema, InstanceSchema, StartInstanceSchema
from engine.instances import queries

blp = Blueprint("instances", __name__, url_prefix="/api/v1", description="Экземпляры процессов")


@blp.route("/instances")
class Instances(MethodView):
    @blp.arguments(InstanceQuerySchema, location="query")
    @blp.response(200, InstanceSchema(many=True))
    def get(self, args):
        """Instances, newest first, filtered by process, status or business key."""
        with services().db.transaction() as session:
            return queries.list_instances(session, **args)

    @blp.arguments(StartInstanceSchema)
    @blp.response(201, InstanceDetailSchema)
    @blp.alt_response(404, schema=ErrorBodySchema)
    def post(self, body):
        """Start an instance of the latest version of a process with initial data."""
        svc = services()
        instance_id = svc.instances.start(
            body["process_key"], body["data"], actor(), business_key=body["business_key"], office=body["office"]
        )
        with svc.db.transaction() as session:
            return queries.instance_detail(session, svc.instances, instance_id)


@blp.route("/instances/<int:instance_id>")
class Instance(MethodView):
    @blp.response(200, InstanceDetailSchema)
    @blp.alt_response(404, schema=ErrorBodySchema)
    def get(self, instance_id):
        """Status, active tasks, data, deadlines and history of one instance."""
        svc = services()
        with svc.db.transaction() as session:
            return queries.instance_detail(session, svc.instances, instance_id)
