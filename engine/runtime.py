"""Process-wide runtime choices made once by each entry point (gunicorn app, worker, CLI):
which clock, and where production calendars come from."""

from __future__ import annotations

import gc
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


def settle_heap() -> None:
    """Call once an entry point is set up: what exists now (modules, the app, settings) lives as
    long as the process, so it is moved out of the garbage collector's reach. Each action
    allocates many short-lived engine objects; without this, every full collection they trigger
    rescans the whole long-lived heap (about a tenth of the cost of starting a case)."""
    gc.collect()
    gc.freeze()
