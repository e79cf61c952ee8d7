"""The `reglament` console command as an admin or analyst types it (click's CliRunner, in process).

`due` prints warnings first and the due moment last, for scripts; `lint` names file, line and
element; `calendar moves` / `recompute` act on the database of DATABASE_URL, as in production.
The case for the calendar commands is the one of tests/engine/deadlines/test_recompute.py: the
demo application (review within 10 working days, clause 2.4, RU-PRI) registered on 24 December
2026, due on 18 January 2027, and on 19 January once a decree makes 11 January a day off.
"""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from engine.calendars import use_store
from engine.calendars.store import CalendarStore, year_document, year_record
from engine.definitions.deploy import deploy
from engine.instances.service import InstanceService
from engine.persistence.models import AuditEvent, Deadline, TaskRecord
from engine.settings import ROOT
from reglament.cli import main

VLADIVOSTOK = ZoneInfo("Asia/Vladivostok")
REGISTERED = datetime(2026, 12, 24, 10, 0, tzinfo=VLADIVOSTOK)
SHIPPED_DUE = datetime(2027, 1, 18, 18, 0, tzinfo=VLADIVOSTOK)
DECREED_DUE = datetime(2027, 1, 19, 18, 0, tzinfo=VLADIVOSTOK)
DECREE = "Постановление Правительства РФ о переносе выходных дней в 2027 году (тест)"
REGISTRATION = {"applicant_name": "Иванова Мария Петровна", "snils": "112-233-445 95"}

TIMER_WITHOUT_CLAUSE = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                  xmlns:spiffworkflow="http://spiffworkflow.org/bpmn/schema/1.0/core"
                  id="waiting_definitions" targetNamespace="http://reglament.local/bpmn">
  <bpmn:process id="waiting" name="Ожидание ответа" isExecutable="true">
    <bpmn:extensionElements>
      <spiffworkflow:properties>
        <spiffworkflow:property name="calendar" value="RU-PRI" />
      </spiffworkflow:properties>
    </bpmn:extensionElements>
    <bpmn:startEvent id="start">
      <bpmn:outgoing>flow_wait</bpmn:outgoing>
    </bpmn:startEvent>
    <bpmn:intermediateCatchEvent id="answer_term" name="5 рабочих дней">
      <bpmn:incoming>flow_wait</bpmn:incoming>
      <bpmn:outgoing>flow_end</bpmn:outgoing>
      <bpmn:timerEventDefinition id="answer_term_timer">
        <bpmn:timeDate>due("5wd")</bpmn:timeDate>
      </bpmn:timerEventDefinition>
    </bpmn:intermediateCatchEvent>
    <bpmn:endEvent id="end">
      <bpmn:incoming>flow_end</bpmn:incoming>
    </bpmn:endEvent>
    <bpmn:sequenceFlow id="flow_wait" sourceRef="start" targetRef="answer_term" />
    <bpmn:sequenceFlow id="flow_end" sourceRef="answer_term" targetRef="end" />
  </bpmn:process>
</bpmn:definitions>
"""


@pytest.fixture
def reglament():
    """`reglament ARGS…` with the test's environment; returns click's Result (stdout, stderr, exit code)."""
    runner = CliRunner()
    previous = use_store(None)  # why: the calendar commands install the database calendars process-wide

    def run(*args: str, env: dict[str, str | None] | None = None):
        return runner.invoke(main, list(args), env=env)

    yield run
    use_store(previous)


@pytest.fixture
def on_test_database(database_url) -> dict[str, str | None]:
    """The environment of a CLI pointed at the test database; no clock offset, so the test's
    ManualClock stays the clock of the command."""
    return {"DATABASE_URL": database_url, "REGLAMENT_CLOCK_OFFSET": None}


# -- due ------------------------------------------------------------------------------------------


def test_due_prints_ten_working_days_from_a_friday_evening_email_as_tuesday_24_march(reglament):
    result = reglament("due", "--calendar", "RU-PRI", "--from", "2026-03-06T19:40:00+10:00", "--term", "10wd")

    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == "2026-03-24T18:00:00+10:00"


def test_due_on_the_unconfirmed_2027_calendar_prints_the_warning_before_the_moment(reglament):
    result = reglament("due", "--calendar", "RU-PRI", "--from", "2027-03-01T10:00:00+10:00", "--term", "5wd")

    assert result.exit_code == 0, result.output
    *warnings, moment = result.stdout.splitlines()
    assert moment == "2027-03-09T18:00:00+10:00"
    [warning] = warnings
    assert warning.startswith("warning: calendar-year-unconfirmed: ") and "2027" in warning


def test_due_counts_back_to_the_last_working_day_before_a_visit(reglament):
    result = reglament("due", "--calendar", "RU-LEN", "--from", "2026-03-10T09:30:00+03:00", "--term", "-1wd")

    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == "2026-03-06T18:00:00+03:00"


def test_due_refuses_an_invalid_term_with_a_russian_message(reglament):
    result = reglament("due", "--calendar", "RU-PRI", "--from", "2026-03-06T19:40:00+10:00", "--term", "10 дней")

    assert result.exit_code != 0
    assert "Неверная запись срока «10 дней»" in result.stderr
    assert result.stdout == ""


def test_due_refuses_a_start_without_its_time_zone(reglament):
    result = reglament("due", "--calendar", "RU-PRI", "--from", "2026-03-06T19:40:00", "--term", "10wd")

    assert result.exit_code != 0
    assert "укажите смещение часового пояса" in result.stderr


# -- lint -----------------------------------------------------------------------------------------


def test_lint_names_file_line_and_element_of_a_statutory_timer_without_its_clause(reglament, tmp_path):
    diagram = tmp_path / "waiting.bpmn"
    diagram.write_text(TIMER_WITHOUT_CLAUSE, encoding="utf-8")
    line = next(n for n, text in enumerate(TIMER_WITHOUT_CLAUSE.splitlines(), 1) if 'id="answer_term"' in text)

    result = reglament("lint", str(tmp_path))

    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"waiting.bpmn:{line}: answer_term: Таймер статутного срока (due) без пункта регламента (свойство clause)"
    ]


def test_lint_passes_the_shipped_diagrams(reglament):
    result = reglament("lint", str(Path(ROOT, "bpmn")))

    assert result.exit_code == 0, result.output
    assert result.stdout.strip().endswith("diagram(s) OK")


# -- calendar moves / recompute ------------------------------------------------------------------


@pytest.fixture
def pending_review(db, forms, clock, tmp_path):
    """A registered application whose review term (clause 2.4) counts into January 2027."""
    shutil.copy(Path(ROOT, "bpmn/examples/demo_application.bpmn"), tmp_path)
    with db.transaction() as session:
        deploy(session, tmp_path, forms, "analyst")
    clock.move_to(REGISTERED)
    service = InstanceService(db)
    instance_id = service.start("demo_application", {}, "specialist")
    with db.transaction() as session:
        register = session.scalar(select(TaskRecord).filter_by(instance_id=instance_id, state="ready"))
    service.complete_task(instance_id, register.id, REGISTRATION, "specialist")
    return instance_id


def _decree(db) -> None:
    """The admin stores the decree: Monday 11 January 2027 becomes a day off."""
    store = CalendarStore(db)
    with db.transaction() as session:
        store.calendars(session)
        document = year_document(year_record(session, "RU", 2027))
        document["days_off"] = [*document["days_off"], {"date": "2027-01-11", "basis": DECREE}]
        store.update_year(session, "RU", 2027, {**document, "act": DECREE}, "admin-1")


def _deadline(db, instance_id) -> Deadline:
    with db.transaction() as session:
        return session.scalar(select(Deadline).filter_by(instance_id=instance_id))


def _moments(line: str) -> tuple[datetime, datetime]:
    old, new = line.rsplit(": ", 1)[1].split(" -> ")
    return datetime.fromisoformat(old), datetime.fromisoformat(new)


def test_calendar_moves_lists_the_pending_deadline_a_year_edit_would_move(
    reglament, on_test_database, db, pending_review
):
    _decree(db)

    result = reglament("calendar", "moves", "RU-PRI", env=on_test_database)

    assert result.exit_code == 0, result.output
    *moves, total = result.stdout.splitlines()
    [move] = moves
    deadline = _deadline(db, pending_review)
    assert move.startswith(f"deadline {deadline.id} case {pending_review} review_term п. 2.4 10wd (office, RU-PRI): ")
    assert _moments(move) == (SHIPPED_DUE, DECREED_DUE)
    assert total == "1 deadline(s) would move"
    assert deadline.due_at == SHIPPED_DUE  # listing moves nothing


def test_calendar_recompute_moves_the_deadline_with_the_decree_in_the_audit_trail(
    reglament, on_test_database, db, pending_review
):
    _decree(db)

    result = reglament(
        "calendar", "recompute", "RU-PRI", "--all", "--reason", DECREE, "--actor", "admin-1", env=on_test_database
    )

    assert result.exit_code == 0, result.output
    [moved, total] = result.stdout.splitlines()
    assert moved.startswith("moved deadline ") and _moments(moved) == (SHIPPED_DUE, DECREED_DUE)
    assert total == "1 deadline(s) moved"
    assert (_deadline(db, pending_review).due_at, _deadline(db, pending_review).state) == (DECREED_DUE, "pending")
    with db.transaction() as session:
        [event] = session.scalars(select(AuditEvent).filter_by(action="deadline.recomputed")).all()
    assert (event.actor, event.instance_id, event.data["reason"]) == ("admin-1", pending_review, DECREE)
    again = reglament("calendar", "moves", "RU-PRI", env=on_test_database)
    assert again.stdout.splitlines() == ["0 deadline(s) would move"]


def test_calendar_recompute_asks_which_deadlines_to_move(reglament, on_test_database, db, pending_review):
    _decree(db)

    result = reglament("calendar", "recompute", "RU-PRI", "--reason", DECREE, env=on_test_database)

    assert result.exit_code == 2
    assert "give either --all or --deadline ID" in result.stderr
    assert _deadline(db, pending_review).due_at == SHIPPED_DUE
