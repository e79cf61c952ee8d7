"""The one place that reads the wall clock.

Deadlines, timers and tests all ask a Clock; tests and demos travel in time by moving a
ManualClock instead of patching datetime.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class ManualClock:
    """A clock that stands still until moved; thread-safe so a live server and a test share it."""

    def __init__(self, start: datetime | None = None) -> None:
        self._now = _aware(start) if start else datetime.now(UTC)
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            return self._now

    def move_to(self, moment: datetime) -> None:
        with self._lock:
            self._now = _aware(moment)

    def advance(self, delta: timedelta) -> None:
        with self._lock:
            self._now = self._now + delta


class OffsetClock:
    """System time shifted by an offset: the demo's time travel for separate processes."""

    def __init__(self, offset: timedelta) -> None:
        self.offset = offset

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset


def _aware(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("clock moments must be timezone-aware")
    return moment.astimezone(UTC)


_current: Clock = SystemClock()


def now() -> datetime:
    """Aware UTC now from the installed clock."""
    return _current.now()


def install(clock: Clock) -> Clock:
    """Install the process-wide clock (factories and tests); returns the previous one."""
    global _current
    previous, _current = _current, clock
    return previous


def current() -> Clock:
    return _current
