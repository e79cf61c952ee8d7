"""What the CLI's commands share: the runtime choices of engine/runtime.py, and the database of one
command, closed when the command ends (a process that runs commands in turn, such as the tests'
CliRunner or a shell embedding the CLI, keeps no connections of finished commands)."""

from __future__ import annotations

import click

from engine.persistence.database import Database
from engine.runtime import install_runtime
from engine.settings import Settings

__all__ = ["command_database", "install_runtime"]


def command_database(settings: Settings) -> Database:
    db = Database(settings.database_url)
    click.get_current_context().call_on_close(db.dispose)
    return db
