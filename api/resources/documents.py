"""Documents a case produced: the list, and each as PDF."""

from __future__ import annotations

from flask import Response
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from api.context import current_user, services
from api.resources.instances import visible_instance
from engine.accounts import access
from engine.documents.store import list_documents, pdf_of
from engine.persistence.models import ProcessInstance

blp = Blueprint("documents", __name__, url_prefix="/api/v1", description="Документы дела")


class DocumentSchema(Schema):
    id = fields.Integer()
    template = fields.String()
    title = fields.String()
    number = fields.String(allow_none=True)
    created_at = fields.DateTime()


@blp.route("/instances/<int:instance_id>/documents")
class InstanceDocuments(MethodView):
    @blp.response(200, DocumentSchema(many=True))
    def get(self, instance_id):
        """Documents the steps of this case produced, oldest first."""
        with services().db.transaction() as session:
            visible_instance(session, instance_id)
            return list_documents(session, instance_id)


@blp.route("/documents/<int:document_id>/pdf")
class DocumentPdf(MethodView):
    @blp.response(200, content_type="application/pdf")
    def get(self, document_id):
        """The document as PDF."""
        with services().db.transaction() as session:
            document, pdf = pdf_of(session, document_id)
            instance = session.get(ProcessInstance, document.instance_id) if document.instance_id else None
            if instance is None or not access.can_see_instance(current_user(), instance):
                raise access.CaseForbidden(document_id=document_id)
            filename = f"{document.template}-{document.id}.pdf"
        return Response(
            pdf, mimetype="application/pdf", headers={"Content-Disposition": f'attachment; filename="{filename}"'}
        )
