"""The Flask application: REST under /api/v1 and the staff pages."""

from __future__ import annotations

from flask import Flask
from flask_smorest import Api

from api import auth, errors, web
from api.context import Services
from api.web import oidc
from engine.settings import Settings


def create_app(settings: Settings | None = None, services: Services | None = None) -> Flask:
    settings = settings or Settings.from_env()
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=settings.secret_key,
        API_TITLE="Reglament API",
        API_VERSION="v1",
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX="/api/v1",
        OPENAPI_JSON_PATH="openapi.json",
        JSON_AS_ASCII=False,
        # why: the largest request is a form with one scan; the per-file limit is checked on storing
        MAX_CONTENT_LENGTH=settings.attachment_max_bytes + 1024 * 1024,
    )
    app.json.ensure_ascii = False
    app.extensions["reglament"] = services or Services.build(settings)
    api = Api(app, spec_kwargs={"info": {"description": "Административные регламенты как исполняемые BPMN"}})
    api.spec.components.security_scheme("basicAuth", {"type": "http", "scheme": "basic"})
    api.spec.options["security"] = [{"basicAuth": []}]
    from api.resources import admin, calendars, definitions, documents, instances, messages, tasks

    for module in (definitions, instances, tasks, messages, admin, documents, calendars):
        api.register_blueprint(module.blp)
    errors.register(app)
    auth.init_app(app)
    web.init_app(app)
    oidc.init_app(app, settings)
    return app
