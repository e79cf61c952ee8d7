"""`GET /api/v1/tasks` as a specialist's inbox: due moments, overdue flags, filters and sorting.

Four demo applications (bpmn/examples/demo_application.bpmn, review within 10 working days,
clause 2.4, calendar RU-PRI) at the Vladivostok office:

- "unregistered" started Tue 10 Mar 2026 09:00 and left at registration: a task with no term;
- "first" registered Tue 10 Mar 10:00: review due Tue 24 Mar 18:00;
- "second" registered Thu 12 Mar 10:00: review due Thu 26 Mar 18:00;
- "third" registered Mon 16 Mar 10:00: review due Mon 30 Mar 18:00.

Then the clock passes the second review's due moment (Thu 26 Mar 18:01): two reviews are overdue.
"""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from engine.definitions.deploy import deploy
from engine.settings import ROOT

VLADIVOSTOK = ZoneInfo("Asia/Vladivostok")
REGISTRATION = {"applicant_name": "Петров Пётр Петрович", "snils": "112-233-445 95"}
DUE = {
    "first": datetime(2026, 3, 24, 18, 0, tzinfo=VLADIVOSTOK),
    "second": datetime(2026, 3, 26, 18, 0, tzinfo=VLADIVOSTOK),
    "third": datetime(2026, 3, 30, 18, 0, tzinfo=VLADIVOSTOK),
}


@pytest.fixture
def as_specialist(basic_auth, staff):
    return basic_auth("specialist")


@pytest.fixture
def demo_deployed(db, forms, tmp_path):
    shutil.copy(Path(ROOT, "bpmn/examples/demo_application.bpmn"), tmp_path)
    with db.transaction() as session:
        deploy(session, tmp_path, forms, "analyst")


@pytest.fixture
def inbox(client, demo_deployed, clock, as_specialist):
    """Starts the four cases; returns `list_tasks(**query)` -> [(case name, element id, due, overdue)]."""
    cases = {"unregistered": _start(client, clock, as_specialist, datetime(2026, 3, 10, 9, 0))}
    for name, day in (("first", 10), ("second", 12), ("third", 16)):
        cases[name] = _start(client, clock, as_specialist, datetime(2026, 3, day, 10, 0), register=True)
    name_of = {instance_id: name for name, instance_id in cases.items()}

    def list_tasks(**query) -> list[tuple[str, str, datetime | None, bool]]:
        response = client.get("/api/v1/tasks", query_string=query, headers=as_specialist)
        assert response.status_code == 200, response.json
        return [
            (
                name_of[t["instance_id"]],
                t["element_id"],
                t["due_at"] and datetime.fromisoformat(t["due_at"]),
                t["overdue"],
            )
            for t in response.json
        ]

    return list_tasks


def _start(client, clock, headers, local_moment: datetime, register: bool = False) -> int:
    clock.move_to(local_moment.replace(tzinfo=VLADIVOSTOK))
    started = client.post("/api/v1/instances", json={"process_key": "demo_application"}, headers=headers)
    assert started.status_code == 201, started.json
    if register:
        [task] = started.json["tasks"]
        done = client.post(f"/api/v1/tasks/{task['id']}/complete", json={"data": REGISTRATION}, headers=headers)
        assert done.status_code == 200, done.json
    return started.json["id"]


def test_the_inbox_lists_the_nearest_due_first_and_tasks_without_a_term_last(inbox, clock):
    clock.move_to(DUE["second"] + timedelta(minutes=1))

    assert (
        inbox()
        == inbox(sort="due_at")
        == [
            ("first", "review_application", DUE["first"], True),
            ("second", "review_application", DUE["second"], True),
            ("third", "review_application", DUE["third"], False),
            ("unregistered", "register_application", None, False),
        ]
    )


def test_sorting_by_due_descending_keeps_tasks_without_a_term_last(inbox, clock):
    clock.move_to(DUE["second"] + timedelta(minutes=1))

    assert [(name, overdue) for name, _, _, overdue in inbox(sort="-due_at")] == [
        ("third", False),
        ("second", True),
        ("first", True),
        ("unregistered", False),
    ]


def test_sorting_by_creation_lists_the_oldest_task_first(inbox):
    assert [name for name, *_ in inbox(sort="created_at")] == ["unregistered", "first", "second", "third"]


def test_overdue_lists_only_the_tasks_whose_due_moment_has_passed(inbox, clock):
    clock.move_to(DUE["second"] - timedelta(minutes=1))
    assert [name for name, *_ in inbox(overdue="true")] == ["first"]

    clock.move_to(DUE["second"] + timedelta(minutes=1))
    assert inbox(overdue="true") == [
        ("first", "review_application", DUE["first"], True),
        ("second", "review_application", DUE["second"], True),
    ]
    assert [(name, overdue) for name, _, _, overdue in inbox(overdue="false")] == [
        ("third", False),
        ("unregistered", False),
    ]


def test_nothing_is_overdue_before_the_first_due_moment(inbox, clock):
    clock.move_to(DUE["first"])  # due at 18:00 means until 18:00

    assert inbox(overdue="true") == []
    assert {overdue for *_, overdue in inbox()} == {False}


def test_due_before_lists_the_tasks_due_strictly_before_the_moment(inbox):
    assert [name for name, *_ in inbox(due_before="2026-03-27T00:00:00+10:00")] == ["first", "second"]
    assert [name for name, *_ in inbox(due_before=DUE["second"].isoformat())] == ["first"]
    # a moment in another offset is the same moment: 09:01 at UTC+1 is 18:01 in Vladivostok
    assert [name for name, *_ in inbox(due_before="2026-03-26T09:01:00+01:00", sort="-due_at")] == ["second", "first"]


def test_a_due_before_without_a_time_zone_is_refused(client, as_specialist):
    response = client.get("/api/v1/tasks", query_string={"due_before": "2026-03-27T00:00:00"}, headers=as_specialist)

    assert response.status_code == 422
    assert "due_before" in str(response.json["details"])
