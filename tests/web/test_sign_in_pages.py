"""The sign-in page: local passwords always; «Войти через …» only when OpenID Connect is set up,
and then the provider's claim names a local user, whose roles apply."""

from __future__ import annotations

import dataclasses

from api import create_app
from api.context import Services
from api.web.oidc import principal_for_claims


def test_the_login_page_offers_no_provider_when_none_is_configured(client):
    page = client.get("/login").get_data(as_text=True)
    assert "Войти через" not in page
    assert client.get("/login/oidc").status_code == 302


def test_the_login_page_offers_the_provider_when_it_is_configured(settings, db):
    configured = dataclasses.replace(
        settings,
        oidc_issuer="http://127.0.0.1:9/realms/czn",
        oidc_client_id="reglament",
        oidc_client_secret="secret",
        oidc_provider_name="Keycloak ЦЗН",
    )
    app = create_app(configured, Services.build(configured, db))
    page = app.test_client().get("/login").get_data(as_text=True)
    assert "Войти через Keycloak ЦЗН" in page


def test_a_claim_maps_to_the_active_local_user_of_that_login(db, staff):
    user = principal_for_claims(db, {"preferred_username": "Director"}, "preferred_username")
    assert user.login == "director" and user.has_role("director", "vladivostok")
    assert principal_for_claims(db, {"preferred_username": "stranger"}, "preferred_username") is None
    assert principal_for_claims(db, {}, "preferred_username") is None


def test_pages_send_an_anonymous_visitor_to_the_login_page(client):
    response = client.get("/inbox")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login?next=/inbox")
