"""Moments as people in the office read them: in the case's time zone, day first."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo

from engine.calendars import get_calendar
from engine.errors import ReglamentError


def zone_of(calendar_code: str | None) -> tzinfo:
    try:
        return get_calendar(calendar_code or "RU-PRI").zone
    except (ReglamentError, KeyError, AttributeError):
        return UTC


def local_moment(moment: datetime | None, calendar_code: str | None = None) -> str:
    if moment is None:
        return "—"
    return moment.astimezone(zone_of(calendar_code)).strftime("%d.%m.%Y %H:%M")


def local_date(value: str | None) -> str:
    """An ISO date of form data as 14.05.1990."""
    if not value or len(value) < 10:
        return value or "—"
    year, month, day = value[:10].split("-")
    return f"{day}.{month}.{year}"
