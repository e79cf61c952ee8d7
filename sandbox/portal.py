"""Emulated portal (ЕПГУ/РПГУ): notices to a personal account, and the postal letters queued for
printing (the post is reached through the same gateway, so one emulator serves both).

Personal accounts are ЕСИА numeric ids; any other id, or one in `closed_accounts`, is unknown (404).
Extra admin: GET /_sandbox/notifications, GET /_sandbox/letters.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Flask, jsonify, request

from engine import clock
from sandbox.emulator import Emulator, Reply, problem


class PortalEmulator(Emulator):
    name = "portal"
    extra_config = {"closed_accounts": []}

    def reset_state(self) -> None:
        self.notifications: dict[str, dict[str, Any]] = {}
        self.letters: dict[str, dict[str, Any]] = {}

    def add_routes(self, app: Flask) -> None:
        app.add_url_rule("/api/v1/accounts/<account>/notifications", view_func=self._notify, methods=["POST"])
        app.add_url_rule("/api/v1/letters", view_func=self._letter, methods=["POST"])
        app.add_url_rule("/_sandbox/notifications", "sandbox_notifications", lambda: self._listed(self.notifications))
        app.add_url_rule("/_sandbox/letters", "sandbox_letters", lambda: self._listed(self.letters))

    def _notify(self, account: str) -> Any:
        return self.idempotent(lambda: self._to_account(account, request.get_json(silent=True) or {}))

    def _to_account(self, account: str, body: dict[str, Any]) -> Reply:
        if not re.fullmatch(r"\d{4,20}", account) or account in self.config["closed_accounts"]:
            return problem(404, "account-not-found", "Личный кабинет не найден", account=account)
        if not body.get("subject") or not body.get("text"):
            return problem(400, "invalid-notification", "Нужны тема и текст уведомления")
        notification_id = self.next_id("EPGU", self.notifications)
        self.notifications[notification_id] = {
            "notification_id": notification_id,
            "account": account,
            **self._kept(body),
        }
        return {"notification_id": notification_id, "status": "delivered"}, 201

    def _letter(self) -> Any:
        return self.idempotent(lambda: self._queue_letter(request.get_json(silent=True) or {}))

    def _queue_letter(self, body: dict[str, Any]) -> Reply:
        if not body.get("address") or not body.get("text"):
            return problem(400, "invalid-letter", "Нужны почтовый адрес и текст письма")
        letter_id = self.next_id("POST", self.letters)
        self.letters[letter_id] = {"letter_id": letter_id, "recipient": body.get("recipient"), **self._kept(body)}
        return {"letter_id": letter_id, "status": "queued_for_printing"}, 201

    def _kept(self, body: dict[str, Any]) -> dict[str, Any]:
        fields = {key: body.get(key) for key in ("address", "subject", "text") if key in body}
        return {**fields, "idempotency_key": request.headers["Idempotency-Key"], "at": clock.now().isoformat()}

    def _listed(self, table: dict[str, dict[str, Any]]) -> Any:
        with self.lock:
            return jsonify(list(table.values()))
