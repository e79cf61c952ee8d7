"""Calendars in the database: seeded from the shipped files, edited by admins with an audit
trail, and seen by every process at its next lookup."""

from __future__ import annotations

import threading
from datetime import date, time

import pytest
from sqlalchemy import event, func, select

from engine.calendars import CalendarDataInvalid, get_calendar, use_store
from engine.calendars.store import CalendarStore, seed_from_files, year_document, year_record
from engine.persistence.calendar_models import CalendarYearRecord, JurisdictionRecord
from engine.persistence.models import AuditEvent

DECREE_DAY_OFF = {"date": "2027-01-11", "basis": "Постановление о переносе выходных дней в 2027 году (тест)"}


@pytest.fixture
def store(db):
    return CalendarStore(db)


@pytest.fixture
def installed(store):
    previous = use_store(store)
    yield store
    use_store(previous)


def _with_day_off(db, store, day_off=DECREE_DAY_OFF, *, actor="admin-1", **changes):
    with db.transaction() as session:
        store.calendars(session)  # seeds an empty database
        document = year_document(year_record(session, "RU", 2027))
        document["days_off"] = [*document["days_off"], day_off]
        store.update_year(session, "RU-PRI", 2027, {**document, **changes}, actor)


def test_an_empty_database_is_seeded_from_the_shipped_files_at_the_first_lookup(db, store, clock):
    with db.transaction() as session:
        calendar = store.get("ru-pri", session)
        years = session.scalars(select(CalendarYearRecord.year).filter_by(country="RU")).all()
        [seeded] = session.scalars(select(AuditEvent).filter_by(action="calendar.seeded")).all()

    assert sorted(years) == [2025, 2026, 2027]
    assert calendar.calendar_year(2027) == get_calendar("RU-PRI").calendar_year(2027)
    assert calendar.office_close == time(18, 0) and calendar.zone.key == "Asia/Vladivostok"
    assert "RU-2027" in seeded.data["years"] and seeded.actor == "seed"


def test_seeding_again_never_overwrites_an_admins_edit(db, store, clock):
    _with_day_off(db, store)

    with db.transaction() as session:
        report = seed_from_files(session)
        stored = year_record(session, "RU", 2027)

    assert (report.years, report.jurisdictions) == ([], [])
    assert DECREE_DAY_OFF in stored.days_off and stored.updated_by == "admin-1"


def test_an_edit_is_seen_by_the_next_lookup_of_another_process(db, clock):
    reader, editor = CalendarStore(db), CalendarStore(db)  # two processes, two caches
    assert reader.get("RU-SPE").is_working_day(date(2027, 1, 11))
    with db.transaction() as session:
        assert reader.get("RU-SPE", session).is_working_day(date(2027, 1, 11))  # cached, seeded now

    _with_day_off(db, editor)

    assert not reader.get("RU-SPE").is_working_day(date(2027, 1, 11))
    assert not reader.get("KZ-KAR").calendar_year(2027).days_off & {date(2027, 1, 11)}  # RU's decree only


def test_an_unchanged_calendar_costs_one_select_of_the_revision_per_lookup(db, store, clock):
    with db.transaction() as session:
        store.calendars(session)
    store.get("RU-PRI")  # the build is cached
    statements = []
    event.listen(store._reader, "before_cursor_execute", lambda *args: statements.append(args[2]))

    store.get("RU-PRI")
    store.get("RU-TVE")

    assert len(statements) == 2 and all("calendar_revision" in sql for sql in statements)


def test_a_lookup_from_a_diagram_does_not_wait_for_the_open_instance_transaction(db, installed, clock):
    with db.transaction() as session:  # what the instance service holds while due() runs
        session.add(AuditEvent(at=clock.now(), actor="t", action="t", data={}))
        session.flush()  # the write lock is taken, as in the middle of a case's action
        calendar = get_calendar("RU-PRI")

    assert calendar.code == "RU-PRI"


def test_get_calendar_uses_the_installed_store(db, installed, clock):
    _with_day_off(db, installed)

    assert not get_calendar("RU-PRI").is_working_day(date(2027, 1, 11))
    use_store(None)
    assert get_calendar("RU-PRI").is_working_day(date(2027, 1, 11))  # the shipped file again


def test_a_working_weekend_on_a_weekday_is_refused_with_a_russian_message(db, store, clock):
    with db.transaction() as session:
        seed_from_files(session)

    with pytest.raises(CalendarDataInvalid) as refused:
        _with_day_off(db, store, working_weekends=[{"date": "2027-03-03", "basis": "опечатка"}])

    assert "2027-03-03: рабочим выходным может быть только суббота или воскресенье" in refused.value.message
    with db.transaction() as session:
        assert DECREE_DAY_OFF not in year_record(session, "RU", 2027).days_off  # nothing stored


def test_editing_a_year_is_audited_with_who_before_and_after(db, store, clock):
    _with_day_off(db, store, confirmed=True, act="Постановление Правительства РФ (тест)")

    with db.transaction() as session:
        [edit] = session.scalars(select(AuditEvent).filter_by(action="calendar.year_updated")).all()

    assert (edit.actor, edit.instance_id, edit.data["country"], edit.data["year"]) == ("admin-1", None, "RU", 2027)
    assert edit.data["before"]["confirmed"] is False and edit.data["after"]["confirmed"] is True
    assert DECREE_DAY_OFF not in edit.data["before"]["days_off"]
    assert DECREE_DAY_OFF in edit.data["after"]["days_off"]


def test_a_year_beyond_the_files_can_be_stored_and_stops_the_fallback_warning(db, store, clock):
    with db.transaction() as session:
        assert store.get("RU-SPE", session).warnings_for([2031])  # the `holidays` fallback
        document = {"act": "Постановление на 2031 год (тест)", "confirmed": True, "holidays": [], "days_off": [],
                    "working_weekends": [], "shortened_days": []}  # fmt: skip
        store.update_year(session, "RU", 2031, document, "admin-1")
        created = session.scalar(select(func.count()).select_from(AuditEvent).filter_by(action="calendar.year_created"))

    assert store.get("RU-SPE").warnings_for([2031]) == ()
    assert created == 1


def test_office_hours_are_changed_for_one_jurisdiction_and_audited(db, store, clock):
    with db.transaction() as session:
        store.set_office_hours(session, "RU-TVE", "admin-1", office_open=None, office_close=time(17, 0))
        [change] = session.scalars(select(AuditEvent).filter_by(action="calendar.office_hours_updated")).all()
        hours = {r.code: r.office_close for r in session.scalars(select(JurisdictionRecord))}

    assert store.get("RU-TVE").office_close == time(17, 0)
    assert hours["RU-SPE"] == time(18, 0)
    assert (change.data["before"]["office_close"], change.data["after"]["office_close"]) == ("18:00", "17:00")


def test_office_hours_closing_before_opening_are_refused(db, store, clock):
    with pytest.raises(CalendarDataInvalid), db.transaction() as session:
        store.set_office_hours(session, "RU-TVE", "admin-1", office_open=time(9, 0), office_close=time(9, 30))

    assert store.get("RU-TVE").office_close == time(18, 0)


def test_two_processes_seeding_at_once_leave_one_copy(db, clock):
    first_seeded, first_may_commit = threading.Event(), threading.Event()

    def first_process():
        with db.transaction() as session:
            seed_from_files(session)
            first_seeded.set()
            first_may_commit.wait(10)

    thread = threading.Thread(target=first_process)
    thread.start()
    first_seeded.wait(10)
    threading.Timer(0.3, first_may_commit.set).start()  # the second seeder is waiting on the first by then
    with db.transaction() as session:
        calendar = CalendarStore(db).get("RU-PRI", session)
        copies = session.scalar(select(func.count()).select_from(CalendarYearRecord).filter_by(country="RU"))
    thread.join(10)

    assert calendar.code == "RU-PRI" and copies == 3
