"""Signing in and out, and the interface language."""

from __future__ import annotations

from flask import g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from api.auth import sign_in, sign_out
from api.context import services
from api.web import blp, oidc
from api.web.i18n import LANGUAGES
from engine.accounts.service import AccountLocked, LoginFailed, authenticate


def safe_next(target: str | None) -> str:
    """Only a path of this site: a login link must not send people elsewhere."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("web.inbox")


def _login_page(error: str | None = None, status: int = 200):
    settings = services().settings
    return render_template(
        "login.html",
        error=error,
        next=request.values.get("next", ""),
        oidc_name=settings.oidc_provider_name if oidc.client() is not None else None,
    ), status


@blp.route("/login", methods=["GET", "POST"])
def login():
    if request.method == "GET":
        if g.get("user") is not None:
            return redirect(safe_next(request.args.get("next")))
        return _login_page()
    try:
        user = authenticate(services().db, request.form.get("login", "").strip(), request.form.get("password", ""))
    except AccountLocked:
        return _login_page(_("Вход временно заблокирован после 5 неудачных попыток. Повторите через 15 минут"), 429)
    except LoginFailed:
        return _login_page(_("Неверный логин или пароль"), 401)
    sign_in(user)
    return redirect(safe_next(request.form.get("next")))


@blp.post("/logout")
def logout():
    sign_out()
    return redirect(url_for("web.login"))


@blp.post("/language")
def set_language():
    chosen = request.form.get("lang")
    if chosen in LANGUAGES:
        session["lang"] = chosen
    return redirect(safe_next(request.form.get("next")))


@blp.route("/login/oidc")
def oidc_login():
    provider = oidc.client()
    if provider is None:
        return redirect(url_for("web.login"))
    session["oidc_next"] = safe_next(request.args.get("next"))
    return provider.authorize_redirect(url_for("web.oidc_callback", _external=True))


@blp.route("/login/oidc/callback")
def oidc_callback():
    provider = oidc.client()
    if provider is None:
        return redirect(url_for("web.login"))
    token = provider.authorize_access_token()
    claims = token.get("userinfo") or provider.userinfo(token=token)
    settings = services().settings
    user = oidc.principal_for_claims(services().db, dict(claims), settings.oidc_login_claim)
    if user is None:
        return _login_page(_("Учётная запись не заведена в Reglament: обратитесь к администратору"), 403)
    target = session.pop("oidc_next", None)
    sign_in(user)
    return redirect(safe_next(target))


@blp.route("/")
def home():
    return redirect(url_for("web.inbox"))
