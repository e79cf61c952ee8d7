"""Inbound BPMN messages (treasury statements, СМЭВ answers, registered letters)."""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from api.context import services
from api.schemas import MessageReceiptSchema, MessageSchema
from engine.instances import messages

blp = Blueprint("messages", __name__, url_prefix="/api/v1", description="Сообщения, коррелируемые с экземплярами")


@blp.route("/messages")
class Messages(MethodView):
    @blp.arguments(MessageSchema)
    @blp.response(202, MessageReceiptSchema)
    def post(self, body):
        """Store a message and deliver it to the instance waiting for it, now or when it waits.

        A repeated message (same message_id, or same name, key and payload) is ignored.
        """
        svc = services()
        receipt = messages.store(svc.db, body["name"], body["correlation_key"], body["payload"], body["message_id"])
        if receipt.instance_id is not None:
            # why: the sender is an outside system, not a signed-in user
            svc.instances.refresh(receipt.instance_id, f"message:{body['name']}")
            return {**receipt.__dict__, "state": messages.state_of(svc.db, receipt.message_id)}
        return receipt.__dict__
