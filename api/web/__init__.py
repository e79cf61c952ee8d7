"""Staff pages: sign-in, the inbox, task forms, cases, and starting a case.

Server-rendered Jinja templates; plain CSS; a few lines of JavaScript only to improve what
already works without it, and the bpmn.io viewer for the diagram.
"""

from __future__ import annotations

from flask import Blueprint, Flask, g

from api.csrf import csrf_token
from api.web import i18n
from api.web.formatting import local_date, local_moment
from engine.accounts.roles import office_title, role_title

blp = Blueprint("web", __name__, template_folder="templates", static_folder="static", static_url_path="/assets")


def init_app(app: Flask) -> None:
    i18n.init_app(app)
    from api.web import case_views, inbox_views, session_views, task_views  # noqa: F401  (routes)

    app.register_blueprint(blp)
    app.jinja_env.globals.update(
        csrf_token=csrf_token,
        role_title=role_title,
        office_title=office_title,
        languages=i18n.LANGUAGES,
        current_language=i18n.selected_language,
    )
    app.jinja_env.filters.update(moment=local_moment, isodate=local_date)
    app.context_processor(lambda: {"user": g.get("user")})
