"""Shared fixtures: a migrated database (SQLite, or PostgreSQL via TEST_DATABASE_URL), a manual
clock installed process-wide, deployed diagrams, the Flask app and its test client."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from engine import clock as clock_module
from engine.persistence.database import Database
from engine.persistence.migrate import upgrade
from engine.persistence.models import Base
from engine.settings import ROOT, Settings

START = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)  # Monday 2 March 2026, 19:30 in Vladivostok


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
