"""Production calendars kept in the database: built from rows, cached per process, edited by
admins with an audit trail.

Cache and invalidation: every edit bumps the one `calendar_revision` row in its own
transaction, with a fresh random stamp. A lookup reads that stamp (one primary-key SELECT) and
rebuilds the calendars only when it differs from the stamp of the cached build. So an edit
committed by any process is seen by the next lookup of every process, with no time window a
test could fall into; the stamp is read before the rows, so a cached build is never older
than its stamp (at worst newer, which costs one extra rebuild).

Lookups inside a caller's transaction pass its session. `get(code)` without one (what a
diagram's `due()` does, in the middle of an instance transaction) reads on a separate
connection: on SQLite an autocommit one, because the app's connections begin IMMEDIATE and a
second one would wait for the first to commit. An unseeded database is seeded lazily by a
lookup that has a session; a session-less lookup uses the shipped files, which is exactly what
seeding would store.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, time
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import create_engine, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from engine import clock
from engine.calendars import shipped_calendars
from engine.calendars.calendar_year import CalendarYear
from engine.calendars.errors import CalendarDataInvalid, UnknownCalendar
from engine.calendars.fallback import fallback_year
from engine.calendars.loader import DATA_DIR, FORMAT, load_calendars, load_country_years

# why: the file loader already turns a year document into a CalendarYear (labels included); a
# row holds the same document, so it is reused rather than copied
from engine.calendars.loader import _year as year_from_document
from engine.calendars.production_calendar import ProductionCalendar
from engine.instances import audit
from engine.persistence.calendar_models import CalendarRevision, CalendarYearRecord, JurisdictionRecord
from engine.persistence.database import Database

SEED_ACTOR = "seed"
REVISION_ID = 1
DAY_LISTS = ("holidays", "days_off", "working_weekends", "shortened_days")
FIRST_YEAR, LAST_YEAR = 1991, 2200  # why: a typo like 20277 must not become a stored year
YEAR_FIELDS = ("act", "basis", "confirmed", "source", "note", *DAY_LISTS)


@dataclass(frozen=True)
class SeedReport:
    years: list[str] = field(default_factory=list)
    jurisdictions: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Build:
    stamp: str | None
    calendars: Mapping[str, ProductionCalendar]


class CalendarStore:
    """Calendars from the database; install with `engine.calendars.use_store(store)`."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._reader = _reader_engine(db)
        self._build: _Build | None = None

    # -- lookups ----------------------------------------------------------------------------

    def get(self, code: str, session: Session | None = None) -> ProductionCalendar:
        calendars = self.calendars(session)
        try:
            return calendars[code.upper()]
        except KeyError:
            raise UnknownCalendar(
                f"Производственный календарь «{code}» не найден; доступны: {', '.join(sorted(calendars))}",
                code=code,
                known=sorted(calendars),
            ) from None

    def codes(self, session: Session | None = None) -> tuple[str, ...]:
        return tuple(sorted(self.calendars(session)))

    def calendars(self, session: Session | None = None) -> Mapping[str, ProductionCalendar]:
        if session is not None:
            return self._current(session, may_seed=True)
        with Session(self._reader) as reading:
            return self._current(reading, may_seed=False)

    def country_of(self, session: Session, code: str) -> str:
        """The country whose years a calendar code uses: "RU-PRI" -> "RU"; "RU" -> "RU"."""
        calendars = self.calendars(session)
        countries = {calendar.country for calendar in calendars.values()}
        if code.upper() in countries:
            return code.upper()
        return self.get(code, session).country

    def _current(self, session: Session, may_seed: bool) -> Mapping[str, ProductionCalendar]:
        stamp = _stamp(session)
        if stamp is None and may_seed:
            ensure_seeded(session)
            stamp = _stamp(session)
        build = self._build
        if build is not None and build.stamp == stamp:
            return build.calendars
        calendars = _from_rows(session) if stamp is not None else shipped_calendars()
        self._build = _Build(stamp, MappingProxyType(calendars))
        return self._build.calendars

    # -- edits (each audited and bumping the revision) ----------------------------------------

    def update_year(
        self, session: Session, code: str, year: int, document: Mapping[str, Any], actor: str
    ) -> CalendarYearRecord:
        """Replace a country's year (created if absent) after checking it is consistent."""
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise CalendarDataInvalid(f"Год {year} вне допустимых {FIRST_YEAR}–{LAST_YEAR}", year=year)
        country = self.country_of(session, code)
        after = _normalized(document)
        calendar_year(country, year, after)  # raises CalendarDataInvalid on a contradiction
        record = year_record(session, country, year)
        before = year_document(record) if record else None
        if record is None:
            record = CalendarYearRecord(country=country, year=year)
            session.add(record)
        for name, value in after.items():
            setattr(record, name, value)
        record.updated_at, record.updated_by = clock.now(), actor
        action = "calendar.year_updated" if before else "calendar.year_created"
        revision = bump_revision(session, actor)
        audit.record(session, actor, action, country=country, year=year, before=before, after=after, revision=revision)
        return record

    def set_office_hours(
        self, session: Session, code: str, actor: str, *, office_open: time | None, office_close: time | None
    ) -> JurisdictionRecord:
        self.get(code, session)  # seeds an empty database; raises calendar-not-found
        record = session.get(JurisdictionRecord, code.upper())
        before = jurisdiction_document(record)
        if office_open is not None:
            record.office_open = office_open
        if office_close is not None:
            record.office_close = office_close
        _calendar(record, {})  # raises CalendarDataInvalid when closing is not after opening
        record.updated_at, record.updated_by = clock.now(), actor
        revision = bump_revision(session, actor)
        after = jurisdiction_document(record)
        audit.record(session, actor, "calendar.office_hours_updated", code=record.code, before=before, after=after,
                     revision=revision)  # fmt: skip
        return record


# -- rows and values --------------------------------------------------------------------------


def calendar_year(country: str, year: int, document: Mapping[str, Any]) -> CalendarYear:
    """The CalendarYear a year document describes; CalendarDataInvalid when it does not hold."""
    raw = {"format": FORMAT, "country": country, "year": year, **document}
    try:
        return year_from_document(raw)
    except (KeyError, TypeError, ValueError) as exc:
        raise CalendarDataInvalid(
            f"Производственный календарь {country} на {year} год не читается: {exc!r}", country=country, year=year
        ) from exc


def _normalized(document: Mapping[str, Any]) -> dict[str, Any]:
    """A year document as stored: every field present, dates as ISO text (JSON columns)."""
    after: dict[str, Any] = {name: str(document.get(name) or "") for name in ("act", "basis", "source", "note")}
    after["confirmed"] = bool(document.get("confirmed"))
    for name in DAY_LISTS:
        after[name] = [
            {key: value.isoformat() if isinstance(value, date) else value for key, value in dict(entry).items()}
            for entry in document.get(name) or []
        ]
    return after


def fallback_document(country: str, year: int) -> dict[str, Any]:
    """What computations use for a year the database lacks: the `holidays` package, unconfirmed;
    shown to admins as the draft to check and store."""
    draft = fallback_year(country, year)

    def entries(days: frozenset[date], **extra: str) -> list[dict[str, str]]:
        return [{"date": day.isoformat(), **extra} for day in sorted(days)]

    return {
        "act": draft.act,
        "basis": "",
        "confirmed": False,
        "source": draft.source,
        "note": draft.note,
        "holidays": [{"date": day.isoformat(), "name": draft.labels.get(day, "")} for day in sorted(draft.holidays)],
        "days_off": entries(draft.days_off, basis=draft.source),
        "working_weekends": entries(draft.working_weekends, basis=draft.source),
        "shortened_days": entries(draft.shortened_days, basis="ст. 95 ТК РФ: предпраздничный день короче на час"),
    }


def year_document(record: CalendarYearRecord) -> dict[str, Any]:
    return {name: getattr(record, name) for name in YEAR_FIELDS}


def jurisdiction_document(record: JurisdictionRecord) -> dict[str, Any]:
    return {
        "code": record.code,
        "country": record.country,
        "name": record.name,
        "zone": record.zone,
        "office_open": record.office_open.strftime("%H:%M"),
        "office_close": record.office_close.strftime("%H:%M"),
    }


def year_record(session: Session, country: str, year: int) -> CalendarYearRecord | None:
    return session.scalar(select(CalendarYearRecord).filter_by(country=country.upper(), year=year))


def jurisdictions(session: Session) -> list[JurisdictionRecord]:
    return list(session.scalars(select(JurisdictionRecord).order_by(JurisdictionRecord.code)))


def year_records(session: Session) -> list[CalendarYearRecord]:
    query = select(CalendarYearRecord).order_by(CalendarYearRecord.country, CalendarYearRecord.year)
    return list(session.scalars(query))


def _from_rows(session: Session) -> dict[str, ProductionCalendar]:
    years: dict[str, dict[int, CalendarYear]] = {}
    for record in year_records(session):
        years.setdefault(record.country, {})[record.year] = calendar_year(
            record.country, record.year, year_document(record)
        )
    return {record.code: _calendar(record, years.get(record.country, {})) for record in jurisdictions(session)}


def _calendar(record: JurisdictionRecord, years: dict[int, CalendarYear]) -> ProductionCalendar:
    try:
        zone = ZoneInfo(record.zone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise CalendarDataInvalid(f"Неизвестный часовой пояс {record.zone}", code=record.code) from exc
    return ProductionCalendar(
        code=record.code,
        zone=zone,
        office_open=record.office_open,
        office_close=record.office_close,
        years=MappingProxyType(years),
        country=record.country,
        name=record.name,
    )


# -- the revision and seeding -----------------------------------------------------------------


def _stamp(session: Session) -> str | None:
    return session.scalar(select(CalendarRevision.stamp).where(CalendarRevision.id == REVISION_ID))


def bump_revision(session: Session, actor: str) -> int:
    """Mark the calendars changed, in the caller's transaction; returns the new revision."""
    values = {"stamp": uuid.uuid4().hex, "changed_at": clock.now(), "changed_by": actor}
    # why: an UPDATE of the one row, not read-modify-write: concurrent edits serialize on its lock
    bumped = session.execute(
        update(CalendarRevision)
        .where(CalendarRevision.id == REVISION_ID)
        .values(revision=CalendarRevision.revision + 1, **values)
        .returning(CalendarRevision.revision)
    ).scalar()
    if bumped is None:
        session.add(CalendarRevision(id=REVISION_ID, revision=1, **values))
        return 1
    return bumped


def ensure_seeded(session: Session) -> None:
    """Seed an empty database; a concurrent seeder that won the race is fine too."""
    if _stamp(session) is not None:
        return
    try:
        with session.begin_nested():
            seed_from_files(session)
    except IntegrityError:
        pass  # why: another process seeded between our check and our insert: its rows stand


def seed_from_files(session: Session, actor: str = SEED_ACTOR) -> SeedReport:
    """Store the shipped years and jurisdictions the database lacks; never overwrites a row."""
    report = SeedReport()
    now = clock.now()
    for country, years in load_country_years().items():
        for year in sorted(years):
            if year_record(session, country, year) is None:
                document = json.loads((DATA_DIR / f"{country}-{year}.json").read_text(encoding="utf-8"))
                session.add(_seeded_year(country, year, document, now, actor))
                report.years.append(f"{country}-{year}")
    load_calendars()  # why: validates jurisdictions.json (zones, hours) before it is stored
    listing = json.loads((DATA_DIR / "jurisdictions.json").read_text(encoding="utf-8"))
    for entry in listing["calendars"]:
        if session.get(JurisdictionRecord, entry["code"]) is None:
            session.add(_seeded_jurisdiction(entry, now, actor))
            report.jurisdictions.append(entry["code"])
    if report.years or report.jurisdictions or _stamp(session) is None:
        revision = bump_revision(session, actor)
        audit.record(session, actor, "calendar.seeded", revision=revision, **vars(report))
    return report


def _seeded_year(country: str, year: int, document: dict[str, Any], now, actor: str) -> CalendarYearRecord:
    values = {name: document.get(name, "") for name in YEAR_FIELDS}
    return CalendarYearRecord(country=country, year=year, **values, updated_at=now, updated_by=actor)


def _seeded_jurisdiction(entry: dict[str, str], now, actor: str) -> JurisdictionRecord:
    return JurisdictionRecord(
        code=entry["code"],
        country=entry["country"],
        name=entry.get("name", ""),
        zone=entry["zone"],
        office_open=time.fromisoformat(entry["office_open"]),
        office_close=time.fromisoformat(entry["office_close"]),
        note=entry.get("note", ""),
        updated_at=now,
        updated_by=actor,
    )


def _reader_engine(db: Database) -> Engine:
    """Where session-less lookups read. PostgreSQL: the app's pool (reads never wait for a writer).
    SQLite: a pool-less autocommit engine, since the app's connections begin IMMEDIATE."""
    if db.is_postgres or db.engine.url.database in (None, "", ":memory:"):
        return db.engine
    return create_engine(
        db.engine.url,
        poolclass=NullPool,  # why: nothing to dispose; a SQLite connection opens in microseconds
        isolation_level="AUTOCOMMIT",
        connect_args={"timeout": 30, "check_same_thread": False},
    )
