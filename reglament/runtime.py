"""Process-wide runtime choices made once by each factory (app, worker, CLI): which clock."""

from __future__ import annotations

from datetime import timedelta

from engine import clock
from engine.persistence.database import Database
from engine.settings import Settings


def install_runtime(settings: Settings, db: Database | None = None) -> None:
    """The demo's time travel: REGLAMENT_CLOCK_OFFSET shifts every process's clock alike."""
    if settings.clock_offset_seconds:
        clock.install(clock.OffsetClock(timedelta(seconds=settings.clock_offset_seconds)))
