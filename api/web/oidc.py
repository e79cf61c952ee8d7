"""Optional sign-in through an OpenID Connect provider (authlib), on when OIDC_ISSUER,
OIDC_CLIENT_ID and OIDC_CLIENT_SECRET are set. The provider proves who the person is; what they
may do still comes from the local user with the same login, so roles stay in one place."""

from __future__ import annotations

from flask import Flask, current_app

from engine.accounts.access import Principal
from engine.accounts.service import active_principal
from engine.persistence.database import Database
from engine.settings import Settings

EXTENSION = "reglament_oidc"


def init_app(app: Flask, settings: Settings) -> None:
    if not settings.oidc_enabled:
        return
    from authlib.integrations.flask_client import OAuth  # why: only deployments that use it load it

    oauth = OAuth(app)
    app.extensions[EXTENSION] = oauth.register(
        "provider",
        client_id=settings.oidc_client_id,
        client_secret=settings.oidc_client_secret,
        server_metadata_url=settings.oidc_issuer.rstrip("/") + "/.well-known/openid-configuration",
        client_kwargs={"scope": "openid profile email"},
    )


def client():
    return current_app.extensions.get(EXTENSION)


def principal_for_claims(db: Database, claims: dict, claim: str) -> Principal | None:
    """The active local user whose login is the claim's value (case-insensitive), or None."""
    login = claims.get(claim)
    if not isinstance(login, str) or not login.strip():
        return None
    return active_principal(db, login.strip().lower())
