"""Shared fixtures: a migrated database (SQLite, or PostgreSQL via TEST_DATABASE_URL), a manual
clock installed process-wide, deployed diagrams, the Flask app and its test client, and the
sandbox emulators of the outside systems (one per session, shared by tests/worker and
tests/contract, which reset it before use), and the browser (tests/chromium.py).

Tests marked `postgres` need what only PostgreSQL gives (SKIP LOCKED, many workers): on SQLite
they are deselected at collection, so a run says how many it left out."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from chromium import browser, live_server, open_browser  # noqa: F401 - fixtures for tests/web and tests/scenarios
from sqlalchemy import text

from engine import clock as clock_module
from engine.persistence.database import Database
from engine.persistence.migrate import upgrade
from engine.persistence.models import Base
from engine.settings import ROOT, Settings
from sandbox.runner import SandboxHandle, SandboxPorts, start_all

START = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)  # Monday 2 March 2026, 19:30 in Vladivostok


def _on_postgres() -> bool:
    return os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql")


def pytest_collection_modifyitems(config, items) -> None:
    """On SQLite, leave out the tests marked `postgres` (reported as deselected, not skipped)."""
    if _on_postgres():
        return
    needs_postgres = [item for item in items if item.get_closest_marker("postgres")]
    if needs_postgres:
        config.hook.pytest_deselected(items=needs_postgres)
        items[:] = [item for item in items if not item.get_closest_marker("postgres")]


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    url = os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
    if url.startswith("postgresql"):
        fresh = Database(url)
        with fresh.engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        fresh.dispose()
    upgrade(url)
    return url


@pytest.fixture
def db(database_url) -> Database:
    database = Database(database_url)
    _empty(database)
    yield database
    database.dispose()


def _empty(database: Database) -> None:
    tables = [t.name for t in reversed(Base.metadata.sorted_tables)]
    with database.engine.begin() as conn:
        if database.is_postgres:
            conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        else:
            for name in tables:
                conn.execute(text(f"DELETE FROM {name}"))


@pytest.fixture
def clock():
    manual = clock_module.ManualClock(START)
    previous = clock_module.install(manual)
    yield manual
    clock_module.install(previous)


@pytest.fixture
def settings(database_url) -> Settings:
    return Settings.from_env({}, database_url=database_url)


@pytest.fixture
def forms():
    from engine.forms.catalog import FormCatalog

    return FormCatalog(Path(ROOT, "forms"))


@pytest.fixture
def services(settings, db):
    from api.context import Services

    return Services.build(settings, db)


@pytest.fixture
def deployed(services, clock):
    from engine.definitions.deploy import deploy

    with services.db.transaction() as session:
        return deploy(session, Path(ROOT, "bpmn"), services.forms, "analyst")


@pytest.fixture
def app(settings, services):
    from api import create_app

    return create_app(settings, services)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture(scope="session")
def sandbox() -> Iterator[SandboxHandle]:
    """Every emulator on free ports of 127.0.0.1, started once; reset it before a test uses it."""
    handle = start_all(SandboxPorts.ephemeral(), seed=2026)
    yield handle
    handle.stop()


@pytest.fixture(scope="session")
def _demo_password_hashes() -> dict[str, str]:
    # why: Argon2 is slow on purpose; hashing the demo passwords once per run keeps tests quick
    from engine.accounts.demo_users import DEMO_USERS
    from engine.accounts.passwords import hash_password

    return {login: hash_password(login) for login, _, _ in DEMO_USERS}


@pytest.fixture
def staff(db, _demo_password_hashes) -> dict[str, str]:
    """The demo users of engine/accounts/demo_users.py (password = login): specialist, director,
    payments, clerk, mfc, admin (also analyst) in vladivostok, nakhodka_specialist in nakhodka."""
    from engine.accounts.demo_users import DEMO_USERS
    from engine.accounts.service import create_user

    with db.transaction() as session:
        for login, full_name, grants in DEMO_USERS:
            create_user(session, login, None, full_name, grants).password_hash = _demo_password_hashes[login]
    return {login: login for login, _, _ in DEMO_USERS}


@pytest.fixture
def basic_auth():
    """`basic_auth(login)`: the Authorization header of an API client signing in as a demo user."""
    import base64

    def header(login: str, password: str | None = None) -> dict[str, str]:
        token = base64.b64encode(f"{login}:{password or login}".encode()).decode()
        return {"Authorization": f"Basic {token}"}

    return header
