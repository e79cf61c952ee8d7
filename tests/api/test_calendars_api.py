"""The calendar admin API as an admin uses it: read the calendars, store a decree, see what it
moves, move it; every edit audited, contradictions refused with the Russian message."""

from __future__ import annotations

import base64
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from engine.accounts.service import create_user
from engine.persistence.models import AuditEvent, TaskRecord

VLADIVOSTOK = ZoneInfo("Asia/Vladivostok")
DECREE = "Постановление Правительства РФ о переносе выходных дней в 2027 году (тест)"
DECREE_DAY_OFF = {"date": "2027-01-11", "basis": DECREE}
REGISTRATION = {"applicant_name": "Петров Пётр Петрович", "snils": "112-233-445 95"}


def _basic(login: str, password: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{login}:{password}".encode()).decode()}


ADMIN = _basic("admin-1", "calendar-admin-pass")
SPECIALIST = _basic("specialist-1", "calendar-specialist-pass")


@pytest.fixture(autouse=True)
def staff(app, db):
    """An admin and a specialist of the Vladivostok office, signing in with HTTP Basic."""
    from api import auth

    if not any(f.__module__ == "api.auth" for f in app.before_request_funcs.get(None, [])):
        auth.init_app(app)  # why: until create_app installs sign-in itself
    with db.transaction() as session:
        create_user(session, "admin-1", "calendar-admin-pass", "Администратор", [("admin", "vladivostok")])
        create_user(session, "specialist-1", "calendar-specialist-pass", "Специалист", [("specialist", "vladivostok")])


def _year(client, code="RU-PRI", year=2027):
    response = client.get(f"/api/v1/calendars/{code}/years/{year}", headers=SPECIALIST)
    assert response.status_code == 200, response.json
    return response.json


def _put_year(client, body, code="RU-PRI", year=2027):
    return client.put(f"/api/v1/calendars/{code}/years/{year}", json=body, headers=ADMIN)


def _editable(year_view: dict, **changes) -> dict:
    """The body of a PUT: a year as shown, without what the server keeps (who, when, stored)."""
    kept = ("country", "year", "stored", "updated_at", "updated_by")
    return {**{name: value for name, value in year_view.items() if name not in kept}, **changes}


def _with_decree(client, **changes):
    current = _year(client)
    body = _editable(current, days_off=[*current["days_off"], DECREE_DAY_OFF], act=DECREE, **changes)
    response = _put_year(client, body)
    assert response.status_code == 200, response.json
    return response.json


def _audit_count(db, action):
    with db.transaction() as session:
        return session.scalar(select(func.count()).select_from(AuditEvent).filter_by(action=action))


def test_admins_see_every_calendar_with_office_hours_and_the_acts_of_its_years(client, clock):
    calendars = {c["code"]: c for c in client.get("/api/v1/calendars", headers=SPECIALIST).json}

    assert set(calendars) == {"KZ-KAR", "RU-LEN", "RU-PRI", "RU-SPE", "RU-TVE"}
    primorye = calendars["RU-PRI"]
    assert (primorye["zone"], primorye["office_open"], primorye["office_close"]) == (
        "Asia/Vladivostok",
        "09:00",
        "18:00",
    )
    years = {y["year"]: y for y in primorye["years"]}
    assert sorted(years) == [2025, 2026, 2027]
    assert years[2026]["confirmed"] is True and "№ 1466" in years[2026]["act"]
    assert years[2027]["confirmed"] is False and years[2027]["updated_by"] == "seed"


def test_a_year_without_a_record_shows_the_fallback_as_a_draft_the_admin_can_store(client, clock):
    draft = _year(client, "RU-SPE", 2031)

    assert (draft["stored"], draft["confirmed"], draft["country"]) == (False, False, "RU")
    assert "2031-01-07" in {day["date"] for day in draft["holidays"]}
    assert "holidays" in draft["source"]
    stored = _put_year(client, _editable(draft, act="Постановление на 2031 год (тест)", confirmed=True), year=2031)
    assert stored.status_code == 200, stored.json
    assert (stored.json["stored"], stored.json["holidays"]) == (True, draft["holidays"])


def test_storing_a_decree_is_audited_with_who_before_and_after(client, db, clock):
    stored = _with_decree(client, confirmed=True)

    assert stored["stored"] is True and stored["updated_by"] == "admin-1" and stored["act"] == DECREE
    assert DECREE_DAY_OFF in stored["days_off"]
    with db.transaction() as session:
        [event] = session.scalars(select(AuditEvent).filter_by(action="calendar.year_updated")).all()
    assert (event.actor, event.data["country"], event.data["year"]) == ("admin-1", "RU", 2027)
    assert DECREE_DAY_OFF not in event.data["before"]["days_off"] and DECREE_DAY_OFF in event.data["after"]["days_off"]
    assert _year(client, "RU-SPE")["days_off"] == stored["days_off"]  # one federal year for every RU calendar


def test_a_working_weekend_on_a_weekday_is_refused_with_422_and_the_russian_message(client, db, clock):
    before = _year(client)
    body = _editable(before, working_weekends=[{"date": "2027-03-03", "basis": "опечатка"}])

    response = _put_year(client, body)

    assert response.status_code == 422
    assert response.json["code"] == "calendar-data-invalid"
    assert "2027-03-03: рабочим выходным может быть только суббота или воскресенье" in response.json["message"]
    assert response.json["details"]["year"] == 2027
    assert _year(client) == before and _audit_count(db, "calendar.year_updated") == 0


def test_a_year_body_with_a_bad_date_or_no_act_is_refused_field_by_field(client, clock):
    body = _editable(_year(client), act="", holidays=[{"date": "2027-02-30", "name": "нет такой даты"}])

    response = _put_year(client, body)

    assert response.status_code == 422
    assert {f["field"].split(".")[0] for f in response.json["details"]["fields"]} == {"act", "holidays"}


def test_office_hours_are_patched_and_office_terms_end_at_the_new_closing(client, db, clock):
    response = client.patch("/api/v1/calendars/RU-TVE", json={"office_close": "17:00"}, headers=ADMIN)
    due = _due(client, "RU-TVE", "2026-03-02T10:00:00+03:00", "1wd")

    assert response.status_code == 200 and response.json["office_close"] == "17:00"
    assert due.json["due"] == "2026-03-03T17:00:00+03:00"
    assert _audit_count(db, "calendar.office_hours_updated") == 1
    refused = client.patch("/api/v1/calendars/RU-TVE", json={"office_close": "08:00"}, headers=ADMIN)
    assert refused.status_code == 422 and refused.json["code"] == "calendar-data-invalid"


def test_only_an_admin_edits_a_calendar(client, db, clock):
    body = _editable(_year(client), confirmed=True)

    by_specialist = client.put("/api/v1/calendars/RU-PRI/years/2027", json=body, headers=SPECIALIST)
    anonymous = client.patch("/api/v1/calendars/RU-TVE", json={"office_close": "17:00"})

    assert (by_specialist.status_code, by_specialist.json["code"]) == (403, "forbidden")
    assert anonymous.status_code == 401
    assert _year(client)["confirmed"] is False and _audit_count(db, "calendar.year_updated") == 0


def test_the_due_moment_carries_the_warning_of_an_unconfirmed_year_until_it_is_confirmed(client, clock):
    before = _due(client, "RU-PRI", "2026-12-24T10:00:00+10:00", "10wd").json
    _with_decree(client, confirmed=True)
    after = _due(client, "RU-PRI", "2026-12-24T10:00:00+10:00", "10wd").json

    assert before["due"] == "2027-01-18T18:00:00+10:00"
    assert before["warnings"][0].startswith("calendar-year-unconfirmed")
    assert after == {**before, "due": "2027-01-19T18:00:00+10:00", "warnings": []}


def test_a_due_query_with_a_bad_term_or_calendar_says_what_is_wrong(client, clock):
    bad_term = _due(client, "RU-PRI", "2026-03-02T10:00:00+10:00", "10x")
    unknown = _due(client, "RU-MOW", "2026-03-02T10:00:00+10:00", "1wd")

    assert (bad_term.status_code, bad_term.json["code"]) == (400, "invalid-term")
    assert (unknown.status_code, unknown.json["code"]) == (404, "calendar-not-found")


def test_a_year_without_confirmed_data_is_listed_as_a_warning_for_admins(client, clock):
    listed = client.get("/api/v1/calendars/warnings", headers=ADMIN).json

    assert {(w["country"], w["year"], w["status"]) for w in listed} == {
        ("RU", 2027, "unconfirmed"),
        ("KZ", 2027, "unconfirmed"),
    }
    _with_decree(client, confirmed=True)
    listed = client.get("/api/v1/calendars/warnings", headers=ADMIN).json
    assert [(w["country"], w["year"]) for w in listed] == [("KZ", 2027)]


def test_after_a_decree_the_admin_lists_the_moves_and_recomputes_them(client, services, deployed, clock):
    case = _review_pending(services, clock)
    _with_decree(client)

    [move] = client.get("/api/v1/calendars/RU/pending-moves", query_string={"year": 2027}, headers=ADMIN).json
    unclear = client.post("/api/v1/calendars/RU-PRI/recompute", json={"reason": DECREE}, headers=ADMIN)
    chosen = {"deadline_ids": [move["deadline_id"], 999], "reason": DECREE}
    outcome = client.post("/api/v1/calendars/RU-PRI/recompute", json=chosen, headers=ADMIN).json

    assert (move["instance_id"], move["clause"], move["term"]) == (case, "2.4", "10wd")
    assert (move["old_due"], move["new_due"]) == ("2027-01-18T18:00:00+10:00", "2027-01-19T18:00:00+10:00")
    assert unclear.status_code == 422
    assert [m["deadline_id"] for m in outcome["moved"]] == [move["deadline_id"]]
    assert [s["deadline_id"] for s in outcome["skipped"]] == [999]
    with services.db.transaction() as session:
        review = session.scalar(select(TaskRecord).filter_by(instance_id=case, state="ready"))
        [event] = session.scalars(select(AuditEvent).filter_by(action="deadline.recomputed")).all()
    assert review.due_at == datetime(2027, 1, 19, 18, 0, tzinfo=VLADIVOSTOK)
    assert (event.actor, event.instance_id, event.data["reason"]) == ("admin-1", case, DECREE)
    assert client.get("/api/v1/calendars/RU-PRI/pending-moves", headers=ADMIN).json == []


def _due(client, code, start, term):
    return client.get(f"/api/v1/calendars/{code}/due", query_string={"from": start, "term": term}, headers=SPECIALIST)


def _review_pending(services, clock) -> int:
    """A demo case registered on 24 December 2026: its review term counts into 2027."""
    clock.move_to(datetime(2026, 12, 24, 10, 0, tzinfo=VLADIVOSTOK))
    case = services.instances.start("demo_application", {}, "specialist-1", office="vladivostok")
    with services.db.transaction() as session:
        register = session.scalar(select(TaskRecord).filter_by(instance_id=case, state="ready"))
    services.instances.complete_task(case, register.id, REGISTRATION, "specialist-1")
    return case
