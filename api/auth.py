"""Who is calling: an API client with HTTP Basic (login:password), or a browser with the signed
session cookie set at sign-in. What they may then see and do is decided in
engine/accounts/access.py, the same rules for pages and API.

X-Reglament-User is not read any more: a header anyone can set is not an identity.
"""

from __future__ import annotations

from datetime import timedelta

from flask import Flask, g, redirect, request, session, url_for

from api.context import Unauthenticated, services
from api.csrf import check_csrf, new_csrf_token
from engine.accounts.access import Principal
from engine.accounts.service import authenticate, principal_by_id

# Reachable without signing in. Inbound messages come from outside systems (treasury, СМЭВ
# callbacks): they authenticate at the integration gateway, not as staff.
PUBLIC_ENDPOINTS = frozenset(
    {
        "api-docs.openapi_json",
        "messages.Messages",
        "web.login",
        "web.oidc_login",
        "web.oidc_callback",
        "web.set_language",
        "web.static",
        "static",
    }
)


def init_app(app: Flask) -> None:
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        PERMANENT_SESSION_LIFETIME=timedelta(hours=services_of(app).settings.session_hours),
    )
    app.before_request(_identify)


def services_of(app: Flask):
    return app.extensions["reglament"]


def _identify():
    g.user, g.via_basic = None, False
    credentials = request.authorization
    if credentials is not None and credentials.type == "basic":
        g.user = authenticate(services().db, credentials.username or "", credentials.password or "")
        g.via_basic = True
    elif "user_id" in session:
        g.user = principal_by_id(services().db, session["user_id"])
        if g.user is None:  # removed or deactivated since signing in
            session.clear()
    check_csrf(via_basic=g.via_basic, signed_in=g.user is not None)
    if g.user is None and request.endpoint not in PUBLIC_ENDPOINTS:
        if is_api_request():
            raise Unauthenticated()
        return redirect(url_for("web.login", next=request.full_path.rstrip("?")))
    return None


def is_api_request() -> bool:
    return request.path.startswith("/api/")


def sign_in(user: Principal) -> None:
    """A fresh session for the user: nothing from before sign-in survives but the language."""
    language = session.get("lang")
    session.clear()
    session.permanent = True
    session["user_id"] = user.id
    if language:
        session["lang"] = language
    new_csrf_token()
    g.user = user


def sign_out() -> None:
    language = session.get("lang")
    session.clear()
    if language:
        session["lang"] = language
