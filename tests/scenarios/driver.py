"""Every request the scenario tests make to the REST API goes through ApiDriver.

Who acts is decided in one method, `_as`: each member of staff is a demo user of
engine/accounts/demo_users.py with a session of their own, as a browser has after /login (the
session cookie and its CSRF token), so the API resolves the user without a password check on
every request. The alternatives are one line each in `_as`:
    HTTP Basic (checks the Argon2 hash on every request, about 0.25 s each here):
        return self.app.test_client(), {"Authorization": "Basic " + b64encode(f"{login}:{login}".encode()).decode()}
    the API before accounts: return self.app.test_client(), {"X-Reglament-User": login}
"""

from __future__ import annotations

from typing import Any

# The staff member who works each lane of the diagrams: BPMN lane -> demo user's login.
LOGIN_OF_LANE = {
    "specialist": "specialist",
    "document_clerk": "clerk",
    "director": "director",
    "payments_specialist": "payments",
    "mfc_worker": "mfc",
}
CSRF = "scenario-csrf-token"


class ApiDriver:
    """The app under test as the staff of one office use it: requests, answers, nothing else."""

    def __init__(self, app, staff_ids: dict[str, int], login: str = "specialist") -> None:
        self.app, self.staff_ids, self.login = app, staff_ids, login
        self._clients: dict[str, tuple[Any, dict[str, str]]] = {}

    def _as(self, login: str) -> tuple[Any, dict[str, str]]:
        """The test client and headers of a signed-in member of staff."""
        if login not in self._clients:
            client = self.app.test_client()
            with client.session_transaction() as session:
                session["user_id"], session["csrf"] = self.staff_ids[login], CSRF
            self._clients[login] = client, {"X-CSRF-Token": CSRF}
        return self._clients[login]

    def _request(self, method: str, url: str, *, login: str | None = None, expect: int = 200, **kwargs) -> Any:
        client, headers = self._as(login or self.login)
        response = client.open(url, method=method, headers=headers, **kwargs)
        assert response.status_code == expect, f"{method} {url} -> {response.status_code}: {response.get_data(True)}"
        return response

    # -- instances ---------------------------------------------------------------------------
    def start(self, process_key: str, data: dict, *, business_key: str | None = None) -> dict:
        body = {"process_key": process_key, "data": data, "business_key": business_key}
        return self._request("POST", "/api/v1/instances", json=body, expect=201).json

    def instance(self, instance_id: int) -> dict:
        """Status, open tasks, data, deadlines, history and incidents of one case."""
        return self._request("GET", f"/api/v1/instances/{instance_id}").json

    # -- tasks -------------------------------------------------------------------------------
    def tasks(self, instance_id: int, *, lane: str = "specialist", state: str = "ready") -> list[dict]:
        """The case's tasks in one lane, as its staff member's inbox lists them."""
        query = {"instance_id": instance_id, "state": state, "limit": 1000}
        return self._request("GET", "/api/v1/tasks", login=LOGIN_OF_LANE[lane], query_string=query).json

    def complete(self, task: dict, data: dict) -> dict:
        """Complete a task as the staff member of its lane; returns the case after the action."""
        url = f"/api/v1/tasks/{task['id']}/complete"
        return self._request("POST", url, login=LOGIN_OF_LANE[task["lane"]], json={"data": data}).json

    # -- messages from outside systems ------------------------------------------------------
    def message(self, name: str, correlation_key: str, payload: dict) -> dict:
        body = {"name": name, "correlation_key": correlation_key, "payload": payload}
        return self._request("POST", "/api/v1/messages", json=body, expect=202).json

    # -- documents ---------------------------------------------------------------------------
    def documents(self, instance_id: int) -> list[dict]:
        return self._request("GET", f"/api/v1/instances/{instance_id}/documents").json

    def pdf(self, document_id: int) -> bytes:
        response = self._request("GET", f"/api/v1/documents/{document_id}/pdf")
        assert response.mimetype == "application/pdf"
        return response.get_data()
