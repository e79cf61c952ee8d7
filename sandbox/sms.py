"""Emulated SMS gateway: accepts a message per Idempotency-Key and queues it "for delivery".

Extra admin: GET /_sandbox/messages (every message the gateway accepted).
"""

from __future__ import annotations

import re
from typing import Any

from flask import Flask, jsonify, request

from engine import clock
from sandbox.emulator import Emulator, Reply, problem

MAX_TEXT = 1000  # why: about 15 concatenated Cyrillic segments; longer texts are a caller's bug


class SmsEmulator(Emulator):
    name = "sms"

    def reset_state(self) -> None:
        self.messages: dict[str, dict[str, Any]] = {}

    def add_routes(self, app: Flask) -> None:
        app.add_url_rule("/api/v1/messages", view_func=self._send, methods=["POST"])
        app.add_url_rule("/_sandbox/messages", view_func=self._messages)

    def _send(self) -> Any:
        return self.idempotent(lambda: self._queue(request.get_json(silent=True) or {}))

    def _queue(self, body: dict[str, Any]) -> Reply:
        phone, text = str(body.get("phone") or ""), str(body.get("text") or "")
        if not re.fullmatch(r"\+7\d{10}", phone):
            return problem(400, "invalid-phone", "Номер телефона — в формате +7 и десять цифр", phone=phone)
        if not text or len(text) > MAX_TEXT:
            return problem(400, "invalid-text", f"Текст SMS — от 1 до {MAX_TEXT} знаков")
        message_id = self.next_id("SMS", self.messages)
        self.messages[message_id] = {
            "message_id": message_id,
            "phone": phone,
            "text": text,
            "idempotency_key": request.headers["Idempotency-Key"],
            "queued_at": clock.now().isoformat(),
        }
        return {"message_id": message_id, "status": "queued"}, 202

    def _messages(self) -> Any:
        with self.lock:
            return jsonify(list(self.messages.values()))
