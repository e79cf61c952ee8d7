"""Who may call the API: HTTP Basic or the signed session; X-Reglament-User means nothing; pages'
forms and session-authenticated API calls need the CSRF token; admin and deployment roles."""

from __future__ import annotations

import re

import pytest


def _token(response) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', response.get_data(as_text=True)).group(1)


def _signed_in(client, login: str) -> str:
    token = _token(client.get("/login"))
    response = client.post("/login", data={"login": login, "password": login, "csrf_token": token})
    assert response.status_code == 302, response.get_data(as_text=True)
    return _token(client.get("/inbox"))


def test_an_anonymous_call_is_refused_with_401_and_a_basic_challenge(client, staff):
    response = client.get("/api/v1/tasks")
    assert response.status_code == 401
    assert response.json["code"] == "unauthorized"
    assert response.headers["WWW-Authenticate"].startswith("Basic")


def test_the_x_reglament_user_header_is_not_an_identity(client, staff):
    response = client.get("/api/v1/tasks", headers={"X-Reglament-User": "specialist"})
    assert response.status_code == 401


def test_a_wrong_password_is_401_and_the_fifth_locks_the_account_with_429(client, staff, basic_auth):
    for _ in range(4):
        assert client.get("/api/v1/tasks", headers=basic_auth("specialist", "wrong")).json["code"] == "login-failed"
    locked = client.get("/api/v1/tasks", headers=basic_auth("specialist", "wrong"))
    assert (locked.status_code, locked.json["code"]) == (429, "account-locked")
    assert client.get("/api/v1/tasks", headers=basic_auth("specialist")).status_code == 429


def test_a_page_form_without_the_csrf_token_is_refused(client, staff):
    _signed_in(client, "specialist")
    response = client.post("/language", data={"lang": "en"})
    assert response.status_code == 400
    assert "Форма устарела" in response.get_data(as_text=True)


def test_the_login_form_itself_needs_the_token(client, staff):
    client.get("/login")
    response = client.post("/login", data={"login": "specialist", "password": "specialist"})
    assert response.status_code == 400


def test_a_session_may_call_the_api_but_writes_need_the_csrf_header(client, deployed, staff):
    token = _signed_in(client, "specialist")
    assert client.get("/api/v1/tasks").status_code == 200
    body = {"process_key": "demo_application"}
    refused = client.post("/api/v1/instances", json=body)
    assert (refused.status_code, refused.json["code"]) == (400, "csrf-rejected")
    assert client.post("/api/v1/instances", json=body, headers={"X-CSRF-Token": token}).status_code == 201


def test_basic_authentication_needs_no_csrf_token(client, deployed, staff, basic_auth):
    response = client.post("/api/v1/instances", json={"process_key": "demo_application"}, headers=basic_auth("clerk"))
    assert response.status_code == 201


@pytest.mark.parametrize(
    ("login", "status"),
    [("specialist", 403), ("director", 403), ("admin", 200)],
    ids=["specialist", "director", "admin"],
)
def test_admin_repairs_need_the_admin_role(client, staff, basic_auth, login, status):
    assert client.get("/api/v1/admin/incidents", headers=basic_auth(login)).status_code == status


def test_deployments_need_the_analyst_role(client, staff, basic_auth):
    body = {"files": {"x.bpmn": "<x/>"}}
    refused = client.post("/api/v1/deployments", json=body, headers=basic_auth("specialist"))
    assert (refused.status_code, refused.json["code"]) == (403, "forbidden")
    assert "Аналитик" in refused.json["message"]


def test_lists_hold_only_the_callers_office(client, deployed, staff, basic_auth):
    mine = client.post("/api/v1/instances", json={"process_key": "demo_application"}, headers=basic_auth("specialist"))
    theirs = client.post(
        "/api/v1/instances", json={"process_key": "demo_application"}, headers=basic_auth("nakhodka_specialist")
    )
    assert theirs.json["office"] == "nakhodka"
    listed = client.get("/api/v1/instances", headers=basic_auth("specialist")).json
    assert [i["id"] for i in listed] == [mine.json["id"]]
    tasks = client.get("/api/v1/tasks", headers=basic_auth("nakhodka_specialist")).json
    assert {t["instance_id"] for t in tasks} == {theirs.json["id"]}


def test_a_case_may_be_started_only_in_an_office_of_ones_own(client, deployed, staff, basic_auth):
    body = {"process_key": "demo_application", "office": "nakhodka"}
    refused = client.post("/api/v1/instances", json=body, headers=basic_auth("specialist"))
    assert (refused.status_code, refused.json["code"]) == (403, "forbidden")


def test_claiming_over_the_api_keeps_colleagues_from_completing(client, deployed, staff, basic_auth, db):
    from engine.accounts.service import create_user

    with db.transaction() as session:
        create_user(session, "boris", "boris", "Борис", [("specialist", "vladivostok")])
    started = client.post(
        "/api/v1/instances", json={"process_key": "demo_application"}, headers=basic_auth("specialist")
    )
    task_id = started.json["tasks"][0]["id"]
    claimed = client.post(f"/api/v1/tasks/{task_id}/claim", headers=basic_auth("specialist"))
    assert claimed.json["assignee"] == "specialist"
    again = client.post(f"/api/v1/tasks/{task_id}/claim", headers=basic_auth("boris"))
    assert (again.status_code, again.json["code"]) == (409, "task-claimed")
    data = {"data": {"applicant_name": "Петров Пётр Петрович", "snils": "112-233-445 95"}}
    blocked = client.post(f"/api/v1/tasks/{task_id}/complete", json=data, headers=basic_auth("boris"))
    assert blocked.status_code == 409
    client.post(f"/api/v1/tasks/{task_id}/release", headers=basic_auth("specialist"))
    assert client.post(f"/api/v1/tasks/{task_id}/complete", json=data, headers=basic_auth("boris")).status_code == 200


def test_a_colleague_of_the_same_office_in_another_role_cannot_complete_the_task(client, deployed, staff, basic_auth):
    started = client.post(
        "/api/v1/instances", json={"process_key": "demo_application"}, headers=basic_auth("specialist")
    )
    task_id = started.json["tasks"][0]["id"]  # register_application: the specialist's lane
    data = {"data": {"applicant_name": "Петров Пётр Петрович", "snils": "112-233-445 95"}}
    refused = client.post(f"/api/v1/tasks/{task_id}/complete", json=data, headers=basic_auth("director"))
    assert (refused.status_code, refused.json["code"]) == (403, "forbidden")
    listed = client.get(
        "/api/v1/tasks", query_string={"instance_id": started.json["id"]}, headers=basic_auth("director")
    )
    assert listed.json == []  # nor is it in the director's list
    assert (
        client.get(f"/api/v1/instances/{started.json['id']}", headers=basic_auth("specialist")).json["tasks"][0]["id"]
        == task_id
    )  # nothing changed
