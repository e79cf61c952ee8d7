"""Calendar tables: country years and jurisdictions as admins edit them, and the revision that
tells every process when its cached calendars are stale.

Seeded from engine/calendars/data (`reglament calendar seed`, or lazily by the store); after
that the database is the source of truth and the files only fill what it lacks.
"""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from sqlalchemy import String, Text, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from engine.persistence.models import Base

# why: after the import above; models.py star-imports this module at its end, and an __all__ naming
# classes not yet defined would break that import when this module is imported first
__all__ = ["CalendarRevision", "CalendarYearRecord", "JurisdictionRecord"]

_DAY_LIST = "JSON list of {date, name | instead_of+basis | before | basis}, as in the shipped files"


class CalendarYearRecord(Base):
    """One country's production-calendar year; every jurisdiction of the country shares it."""

    __tablename__ = "calendar_year"
    __table_args__ = (UniqueConstraint("country", "year"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    country: Mapped[str] = mapped_column(String(2), comment="ISO 3166-1 alpha-2: RU, KZ")
    year: Mapped[int]
    holidays: Mapped[list[Any]] = mapped_column(comment=f"non-working holidays (RU Labour Code art. 112); {_DAY_LIST}")
    days_off: Mapped[list[Any]] = mapped_column(comment=f"weekdays made days off by law or a transfer; {_DAY_LIST}")
    working_weekends: Mapped[list[Any]] = mapped_column(comment=f"weekend days worked by a transfer; {_DAY_LIST}")
    shortened_days: Mapped[list[Any]] = mapped_column(comment=f"pre-holiday days (RU Labour Code art. 95); {_DAY_LIST}")
    act: Mapped[str] = mapped_column(Text, comment="the act that set the year (decree on transfers of days off)")
    basis: Mapped[str] = mapped_column(Text, default="")
    confirmed: Mapped[bool] = mapped_column(comment="checked against the official act; else deadlines carry a warning")
    source: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime]
    updated_by: Mapped[str] = mapped_column(String(200), comment="admin login, or `seed` for the shipped file")


class JurisdictionRecord(Base):
    """A regional calendar: its country's years plus a time zone and office hours."""

    __tablename__ = "calendar_jurisdiction"
    code: Mapped[str] = mapped_column(String(20), primary_key=True, comment="ISO 3166-2: RU-PRI, KZ-KAR")
    country: Mapped[str] = mapped_column(String(2))
    name: Mapped[str] = mapped_column(String(200), default="")
    zone: Mapped[str] = mapped_column(String(64), comment="IANA time zone")
    office_open: Mapped[time] = mapped_column(Time)
    office_close: Mapped[time] = mapped_column(Time, comment="an office term ends at this hour (Civil Code art. 194)")
    note: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime]
    updated_by: Mapped[str] = mapped_column(String(200))


class CalendarRevision(Base):
    """One row (id 1): bumped in the transaction of every calendar edit.

    `stamp` is new and random on each bump, so a process compares it with the stamp of its
    cached calendars; unlike the counter alone it cannot repeat after a restore or a reset.
    """

    __tablename__ = "calendar_revision"
    id: Mapped[int] = mapped_column(primary_key=True)
    revision: Mapped[int]
    stamp: Mapped[str] = mapped_column(String(32))
    changed_at: Mapped[datetime]
    changed_by: Mapped[str] = mapped_column(String(200))
