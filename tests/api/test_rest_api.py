"""The REST API as a client sees it: the README curl session, errors, validation, races.

Every call signs in with HTTP Basic as one of the demo users (tests/conftest.py `staff`)."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from engine.persistence.models import AuditEvent, ProcessInstance

REGISTRATION = {"applicant_name": "Петров Пётр Петрович", "snils": "112-233-445 95"}


@pytest.fixture
def as_specialist(basic_auth, staff):
    return basic_auth("specialist")


def _start(client, headers, process_key="demo_application", **extra):
    response = client.post("/api/v1/instances", json={"process_key": process_key, **extra}, headers=headers)
    assert response.status_code == 201, response.json
    return response.json


def test_openapi_document_describes_the_api_and_its_basic_authentication(client):
    spec = client.get("/api/v1/openapi.json").json
    assert spec["info"]["title"] == "Reglament API"
    assert {"/api/v1/instances", "/api/v1/tasks", "/api/v1/tasks/{task_id}/complete", "/api/v1/messages"} <= set(
        spec["paths"]
    )
    assert spec["components"]["securitySchemes"]["basicAuth"] == {"type": "http", "scheme": "basic"}


def test_readme_session_start_list_complete(client, deployed, as_specialist):
    instance = _start(client, as_specialist, business_key="ЗАЯВ-2026-001")
    assert instance["office"] == "vladivostok"  # the specialist's only office
    tasks = client.get("/api/v1/tasks", query_string={"instance_id": instance["id"]}, headers=as_specialist).json
    assert [t["element_id"] for t in tasks] == ["register_application"]
    assert tasks[0]["lane"] == "specialist"

    done = client.post(f"/api/v1/tasks/{tasks[0]['id']}/complete", json={"data": REGISTRATION}, headers=as_specialist)
    assert done.status_code == 200
    [review] = done.json["tasks"]
    assert review["element_id"] == "review_application"
    assert review["clause"] == "2.4"
    assert review["due_at"] is not None and review["overdue"] is False
    assert done.json["deadlines"][0]["state"] == "pending"
    assert done.json["history"][-1]["actor"] == "specialist"


def test_a_task_shows_its_form_schema(client, deployed, as_specialist):
    instance = _start(client, as_specialist)
    task = client.get(f"/api/v1/tasks/{instance['tasks'][0]['id']}", headers=as_specialist).json
    assert task["schema"]["properties"]["snils"]["title"] == "СНИЛС"
    assert task["form"] == "demo/register"


def test_invalid_task_data_gives_422_with_field_errors_and_changes_nothing(client, deployed, db, as_specialist):
    instance = _start(client, as_specialist)
    task_id = instance["tasks"][0]["id"]
    with db.transaction() as session:
        before = session.get(ProcessInstance, instance["id"])
        before_state, before_version = before.state_json, before.version
        audit_before = session.scalar(select(func.count()).select_from(AuditEvent))

    response = client.post(
        f"/api/v1/tasks/{task_id}/complete",
        json={"data": {"applicant_name": "Петров Пётр", "snils": "112-233-445 96"}},
        headers=as_specialist,
    )

    assert response.status_code == 422
    assert response.json["code"] == "validation-failed"
    fields = {f["field"]: f["message"] for f in response.json["details"]["fields"]}
    assert "snils" in fields and "СНИЛС" in fields["snils"]
    with db.transaction() as session:
        after = session.get(ProcessInstance, instance["id"])
        assert (after.state_json, after.version) == (before_state, before_version)
        assert session.scalar(select(func.count()).select_from(AuditEvent)) == audit_before
    assert client.get(f"/api/v1/tasks/{task_id}", headers=as_specialist).json["state"] == "ready"


def test_two_concurrent_completions_of_one_task_one_wins_the_other_gets_409(app, deployed, staff, basic_auth):
    from engine.accounts.service import create_user

    with app.extensions["reglament"].db.transaction() as session:
        create_user(session, "specialist2", "specialist2", "Второй специалист", [("specialist", "vladivostok")])
    instance = _start(app.test_client(), basic_auth("specialist"))
    task_id = instance["tasks"][0]["id"]
    barrier, statuses = threading.Barrier(2), []

    def complete(user):
        client = app.test_client()
        barrier.wait()
        response = client.post(
            f"/api/v1/tasks/{task_id}/complete", json={"data": REGISTRATION}, headers=basic_auth(user)
        )
        statuses.append((response.status_code, response.json.get("code")))

    threads = [threading.Thread(target=complete, args=(user,)) for user in ("specialist", "specialist2")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)

    assert sorted(s for s, _ in statuses) == [200, 409]
    assert [code for s, code in statuses if s == 409][0] in ("conflict", "task-not-ready")


def test_unknown_process_is_a_404_with_a_json_error(client, deployed, as_specialist):
    response = client.post("/api/v1/instances", json={"process_key": "no_such_process"}, headers=as_specialist)
    assert response.status_code == 404
    assert response.json["code"] == "not-found"
    assert response.json["message"]


def test_a_request_without_required_fields_is_rejected_with_the_field_named(client, deployed, as_specialist):
    response = client.post("/api/v1/instances", json={"data": {}}, headers=as_specialist)
    assert response.status_code == 422
    assert response.json["details"]["fields"][0]["field"] == "process_key"


def test_a_completed_task_cannot_be_completed_again(client, deployed, as_specialist):
    instance = _start(client, as_specialist)
    task_id = instance["tasks"][0]["id"]
    url = f"/api/v1/tasks/{task_id}/complete"
    assert client.post(url, json={"data": REGISTRATION}, headers=as_specialist).status_code == 200
    again = client.post(url, json={"data": REGISTRATION}, headers=as_specialist)
    assert again.status_code == 409
    assert again.json["code"] == "task-not-ready"


def test_uploading_a_broken_diagram_is_rejected_with_its_problems(client, staff, basic_auth):
    broken = (
        '<?xml version="1.0"?><bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
        'id="d" targetNamespace="x"><bpmn:process id="p" isExecutable="true"><bpmn:startEvent id="s" '
        'oops="1"/></bpmn:process></bpmn:definitions>'
    )
    response = client.post("/api/v1/deployments", json={"files": {"broken.bpmn": broken}}, headers=basic_auth("admin"))
    assert response.status_code == 422
    [problem] = response.json["details"]["problems"]
    assert problem["file"] == "broken.bpmn" and problem["line"] == 1
