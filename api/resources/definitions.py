"""Process definitions: list, versions, BPMN source, and deployment of uploaded diagrams."""

from __future__ import annotations

import tempfile
from pathlib import Path

from flask.views import MethodView
from flask_smorest import Blueprint
from sqlalchemy import select

from api.context import current_user, services
from api.schemas import DefinitionSchema, DefinitionSourceSchema, DeploymentSchema, DeployResultSchema, ErrorBodySchema
from engine.accounts import access
from engine.definitions.deploy import deploy
from engine.errors import InvalidInput, NotFound
from engine.persistence.models import ProcessDefinition

blp = Blueprint("definitions", __name__, url_prefix="/api/v1", description="Определения процессов и их версии")


@blp.route("/definitions")
class Definitions(MethodView):
    @blp.response(200, DefinitionSchema(many=True))
    def get(self):
        """Latest version of every deployed process."""
        with services().db.transaction() as session:
            rows = session.scalars(
                select(ProcessDefinition).order_by(ProcessDefinition.process_key, ProcessDefinition.version.desc())
            ).all()
            latest = {}
            for row in rows:
                latest.setdefault(row.process_key, row)
            return list(latest.values())


@blp.route("/definitions/<string:process_key>/versions")
class Versions(MethodView):
    @blp.response(200, DefinitionSchema(many=True))
    @blp.alt_response(404, schema=ErrorBodySchema)
    def get(self, process_key):
        """Every deployed version of one process, newest first."""
        with services().db.transaction() as session:
            rows = session.scalars(
                select(ProcessDefinition).filter_by(process_key=process_key).order_by(ProcessDefinition.version.desc())
            ).all()
            if not rows:
                raise NotFound("Процесс не найден", process_key=process_key)
            return rows


@blp.route("/definitions/<string:process_key>/versions/<int:version>/bpmn")
class Source(MethodView):
    @blp.response(200, DefinitionSourceSchema)
    def get(self, process_key, version):
        """BPMN XML of a version, as deployed (for the diagram viewer)."""
        with services().db.transaction() as session:
            row = session.scalar(select(ProcessDefinition).filter_by(process_key=process_key, version=version))
            if row is None:
                raise NotFound("Версия процесса не найдена", process_key=process_key, version=version)
            return {"process_key": row.process_key, "version": row.version, "sources": row.sources}


@blp.route("/deployments")
class Deployments(MethodView):
    @blp.arguments(DeploymentSchema)
    @blp.response(201, DeployResultSchema(many=True))
    @blp.alt_response(422, schema=ErrorBodySchema)
    def post(self, body):
        """Check and deploy uploaded diagrams; a new version only where content changed (role analyst)."""
        user = current_user()
        access.require_role(user, "analyst")
        files = body["files"]
        if not files or any(not name.endswith(".bpmn") or "/" in name or name.startswith(".") for name in files):
            raise InvalidInput("Ожидаются файлы *.bpmn без путей", files=list(files))
        svc = services()
        with tempfile.TemporaryDirectory() as tmp:
            for name, content in files.items():
                Path(tmp, name).write_text(content, encoding="utf-8")
            with svc.db.transaction() as session:
                return deploy(session, Path(tmp), svc.forms, user.login)
