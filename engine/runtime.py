"""Process-wide runtime choices made once by each entry point (gunicorn app, worker, CLI):
which clock, and where production calendars come from."""

from __future__ import annotations

from datetime import timedelta

from engine import clock
from engine.calendars import use_store
from engine.calendars.store import CalendarStore
from engine.persistence.database import Database
from engine.settings import Settings


def install_runtime(settings: Settings, db: Database | None = None) -> None:
    """REGLAMENT_CLOCK_OFFSET shifts every process's clock alike (the demo's time travel); with a
    database, `due()` reads the calendars admins edit there instead of the shipped files."""
    if settings.clock_offset_seconds:
        clock.install(clock.OffsetClock(timedelta(seconds=settings.clock_offset_seconds)))
    if db is not None:
        use_store(CalendarStore(db))
