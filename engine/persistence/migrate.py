"""Schema upgrades through Alembic, callable from the CLI and the test fixtures."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

from engine.settings import ROOT


def alembic_config(database_url: str) -> Config:
    config = Config(str(Path(ROOT, "alembic.ini")))
    config.set_main_option("script_location", str(Path(ROOT, "migrations")))
    config.attributes["database_url"] = database_url
    return config


def upgrade(database_url: str) -> None:
    command.upgrade(alembic_config(database_url), "head")


def check(database_url: str) -> None:
    """Fails when the models and the migrations disagree (run in CI)."""
    command.check(alembic_config(database_url))
