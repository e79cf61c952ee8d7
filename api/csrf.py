"""CSRF protection: a random token kept in the signed session, echoed by every page form
(hidden field ``csrf_token``) and by the pages' own API calls (header ``X-CSRF-Token``).

A request authenticated with HTTP Basic carries its credentials itself, so a forged cross-site
request cannot use them: those skip the check. So do requests with no session to ride on.
"""

from __future__ import annotations

import hmac
import secrets

from flask import request, session

from engine.errors import ReglamentError

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
EXEMPT_ENDPOINTS = frozenset({"messages.Messages"})  # outside systems, no cookies


class CsrfRejected(ReglamentError):
    code = "csrf-rejected"
    message = "Форма устарела или отправлена с другого сайта: обновите страницу и повторите"


def csrf_token() -> str:
    """The session's token, created on first use (templates call this)."""
    token = session.get("csrf")
    return token if token else new_csrf_token()


def new_csrf_token() -> str:
    session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def check_csrf(*, via_basic: bool, signed_in: bool) -> None:
    if request.method in SAFE_METHODS or via_basic or request.endpoint in EXEMPT_ENDPOINTS:
        return
    if request.path.startswith("/api/") and not signed_in:
        return  # refused as unauthenticated anyway
    expected = session.get("csrf")
    sent = request.headers.get("X-CSRF-Token") or request.form.get("csrf_token")
    if not (expected and sent and hmac.compare_digest(expected, sent)):
        raise CsrfRejected()
