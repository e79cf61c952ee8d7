"""Emulated СМЭВ 3 gateway with МСЭ behind it: requests are accepted at once and answered after
callback_delay_seconds, pushed as the `smev_answer` message and kept for polling.

Extra admin: GET /_sandbox/ipra (МСЭ records by СНИЛС), POST /_sandbox/ipra ({snils: record}).
"""

from __future__ import annotations

import re
from typing import Any

from flask import Flask, jsonify, request

from engine import clock
from sandbox.emulator import Emulator, Reply, problem

KINDS = ("ipra_by_snils", "accompaniment_recommendation")

# МСЭ knows these people (the demo applicants); everyone else gets "no-data".
SEED_IPRA: dict[str, dict[str, Any]] = {
    "11223344595": {
        "ipra_number": "1234.5.77/2026",
        "issued_on": "2026-01-20",
        "valid_until": "2028-02-01",
        "disability_group": "III",
        "recommended_work": ["работа с документами", "работа за компьютером"],
        "contraindicated": ["работа на высоте", "тяжёлый физический труд"],
        "accompaniment_recommended": True,
    },
    "08765432102": {
        "ipra_number": "0871.2.69/2025",
        "issued_on": "2025-09-12",
        "valid_until": "2027-10-01",
        "disability_group": "II",
        "recommended_work": ["надомная работа"],
        "contraindicated": ["работа в ночное время"],
        "accompaniment_recommended": False,
    },
}


class SmevEmulator(Emulator):
    name = "smev"

    def reset_state(self) -> None:
        self.requests: dict[str, dict[str, Any]] = {}
        self.ipra = {snils: dict(record) for snils, record in SEED_IPRA.items()}

    def add_routes(self, app: Flask) -> None:
        app.add_url_rule("/api/v1/requests", view_func=self._submit, methods=["POST"])
        app.add_url_rule("/api/v1/requests/<request_id>/answer", view_func=self._answer)
        app.add_url_rule("/_sandbox/ipra", view_func=self._ipra, methods=["GET", "POST"])

    def _submit(self) -> Any:
        return self.idempotent(self._accept)

    def _accept(self) -> Reply:
        body = request.get_json(silent=True) or {}
        kind, params = body.get("kind"), body.get("params") or {}
        if kind not in KINDS:
            return problem(400, "unknown-kind", "Неизвестный вид сведений", kind=kind, known=list(KINDS))
        if not re.fullmatch(r"\d{11}", str(params.get("snils") or "")):
            return problem(400, "invalid-params", "СНИЛС — 11 цифр", params=params)
        request_id = self.next_id("SMEV", self.requests)
        self.requests[request_id] = {"request_id": request_id, "status": "pending", "data": {}, "answered_at": None}
        correlation_key = body.get("correlation_key") or request.headers["Idempotency-Key"]
        self.send_callback(body.get("callback_url"), lambda: self._reply(request_id, kind, params, correlation_key))
        return {"request_id": request_id, "status": "accepted"}, 202

    def _reply(self, request_id: str, kind: str, params: dict[str, Any], correlation_key: str) -> dict[str, Any]:
        """МСЭ's answer: the record (or the recommendation drawn from it), or "no-data"."""
        with self.lock:
            record = self.ipra.get(params["snils"])
            data = _answer_data(kind, record) if record else {}
            answer = self.requests[request_id]
            answer.update(status="answer" if record else "no-data", data=data, answered_at=clock.now().isoformat())
            return {"name": "smev_answer", "correlation_key": correlation_key, "payload": dict(answer)}

    def _answer(self, request_id: str) -> Any:
        with self.lock:
            answer = self.requests.get(request_id)
            return dict(answer) if answer else problem(404, "request-not-found", "Запрос не найден")

    def _ipra(self) -> Any:
        with self.lock:
            if request.method == "POST":
                self.ipra.update(request.get_json(force=True) or {})
            return jsonify(self.ipra)


def _answer_data(kind: str, record: dict[str, Any]) -> dict[str, Any]:
    if kind == "ipra_by_snils":
        return dict(record)
    return {"accompaniment_recommended": bool(record.get("accompaniment_recommended")), "basis": record["ipra_number"]}
