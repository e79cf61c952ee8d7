"""Emulated register of recipients of employment-service state services: personal files keyed by
СНИЛС, procedure results appended to them, deregistration, and the e-mail sender lookup.

Extra admin: GET /_sandbox/files (every file with its entries), POST /_sandbox/files (seed one).
"""

from __future__ import annotations

import re
from typing import Any

from flask import Flask, jsonify, request

from engine import clock
from sandbox.emulator import Emulator, Reply, problem

ISO_DATE = r"\d{4}-\d{2}-\d{2}"
IDENTITY = ("last_name", "first_name", "middle_name", "birth_date")


class RegisterEmulator(Emulator):
    name = "register"

    def reset_state(self) -> None:
        self.files: dict[str, dict[str, Any]] = {}
        self.by_snils: dict[str, str] = {}

    def add_routes(self, app: Flask) -> None:
        app.add_url_rule("/api/v1/personal-files", view_func=self._open, methods=["POST"])
        app.add_url_rule("/api/v1/personal-files/<file_id>", view_func=self._file)
        app.add_url_rule("/api/v1/personal-files/<file_id>/results", view_func=self._result, methods=["POST"])
        app.add_url_rule(
            "/api/v1/personal-files/<file_id>/deregistration", view_func=self._deregister, methods=["POST"]
        )
        app.add_url_rule("/api/v1/senders", view_func=self._sender)
        app.add_url_rule("/_sandbox/files", view_func=self._files, methods=["GET", "POST"])

    def _open(self) -> Any:
        return self.idempotent(lambda: self.find_or_create(request.get_json(silent=True) or {}))

    def find_or_create(self, person: dict[str, Any]) -> Reply:
        problems = _person_problems(person)
        if problems:
            return problem(400, "invalid-person", "Сведения о заявителе неполны", problems=problems)
        with self.lock:
            file_id = self.by_snils.get(person["snils"])
            if file_id is None:
                return self._create(person), 201
            known = self.files[file_id]
            if any(_same(known.get(key)) != _same(person.get(key)) for key in IDENTITY):
                return problem(409, "snils-data-mismatch", "СНИЛС принадлежит другому лицу", file_id=file_id)
            if person.get("email"):
                known["email"] = person["email"].lower()
            return {"file_id": file_id, "created": False}, 200

    def _create(self, person: dict[str, Any]) -> dict[str, Any]:
        file_id = self.next_id("LD", self.files)
        fields = {key: person.get(key) for key in ("snils", *IDENTITY)}
        email = (person.get("email") or "").lower() or None
        self.files[file_id] = {"file_id": file_id, **fields, "email": email, "entries": [], "deregistered": None}
        self.by_snils[person["snils"]] = file_id
        return {"file_id": file_id, "created": True}

    def _file(self, file_id: str) -> Any:
        with self.lock:
            found = self.files.get(file_id)
            return jsonify(found) if found else problem(404, "file-not-found", "Личное дело не найдено")

    def _result(self, file_id: str) -> Any:
        return self.idempotent(lambda: self._append_result(file_id, request.get_json(silent=True) or {}))

    def _append_result(self, file_id: str, body: dict[str, Any]) -> Reply:
        if file_id not in self.files:
            return problem(404, "file-not-found", "Личное дело не найдено", file_id=file_id)
        if not body.get("procedure_code") or not isinstance(body.get("result", {}), dict):
            return problem(400, "invalid-result", "Нужны код процедуры и результат (объект)")
        if body.get("result_date") and not re.fullmatch(ISO_DATE, str(body["result_date"])):
            return problem(400, "invalid-result", "Дата результата — в формате ГГГГ-ММ-ДД")
        return self._entry(file_id, "result", body), 201

    def _deregister(self, file_id: str) -> Any:
        return self.idempotent(lambda: self._close_file(file_id, request.get_json(silent=True) or {}))

    def _close_file(self, file_id: str, body: dict[str, Any]) -> Reply:
        found = self.files.get(file_id)
        if found is None:
            return problem(404, "file-not-found", "Личное дело не найдено", file_id=file_id)
        if not re.fullmatch(ISO_DATE, str(body.get("effective_date") or "")) or not body.get("reason"):
            return problem(400, "invalid-deregistration", "Нужны дата снятия с учёта (ГГГГ-ММ-ДД) и основание")
        earlier = [e for e in found["entries"] if e["kind"] == "deregistration"]
        if earlier and earlier[-1]["reason"] != body["reason"]:
            return problem(409, "already-deregistered", "Гражданин уже снят с учёта", since=found["deregistered"])
        if earlier:  # the same grounds again: the effective date is corrected (a typo in the referral)
            body = {**body, "corrects": earlier[-1]["effective_date"]}
        found["deregistered"] = body["effective_date"]
        return self._entry(file_id, "deregistration", body), 201

    def _entry(self, file_id: str, kind: str, body: dict[str, Any]) -> dict[str, Any]:
        entries = self.files[file_id]["entries"]
        entry = {"entry_id": f"{file_id}-{len(entries) + 1}", "kind": kind, "recorded_at": clock.now().isoformat()}
        entries.append({**entry, **body})
        return {"entry_id": entry["entry_id"], "file_id": file_id, "recorded_at": entry["recorded_at"]}

    def _sender(self) -> Any:
        email = (request.args.get("email") or "").strip().lower()
        if not email:
            return problem(400, "email-required", "Нужен параметр email")
        with self.lock:
            registered = any(found["email"] == email for found in self.files.values())
        return {"email": email, "registered": registered}

    def _files(self) -> Any:
        if request.method == "POST":
            return self.find_or_create(request.get_json(force=True) or {})
        with self.lock:
            return jsonify(list(self.files.values()))


def _person_problems(person: dict[str, Any]) -> list[str]:
    problems = []
    if not re.fullmatch(r"\d{11}", str(person.get("snils") or "")):
        problems.append("snils: 11 цифр")
    if not re.fullmatch(ISO_DATE, str(person.get("birth_date") or "")):
        problems.append("birth_date: ГГГГ-ММ-ДД")
    problems += [f"{key}: не заполнено" for key in ("last_name", "first_name") if not person.get(key)]
    return problems


def _same(value: Any) -> str:
    return str(value or "").strip().casefold().replace("ё", "е")
