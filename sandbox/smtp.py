"""A real SMTP server (aiosmtpd) that keeps every letter it receives, parsed and decoded.

Letters are readable in-process (`SmtpSink.messages`) and over a small HTTP admin app:
  GET  /_sandbox/messages      letters (filters: to, idempotency_key), decoded subject and body
  GET|POST /_sandbox/config    {"reject_next": N, "reject_code": 451|550, "rejected_recipients": [...]}
  POST /_sandbox/reset
reject_next refuses the next N letters at DATA with reject_code (451 → retry, 550 → permanent);
rejected_recipients get "550 no such mailbox" at RCPT.
"""

from __future__ import annotations

import threading
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default as DEFAULT_POLICY
from typing import Any

from aiosmtpd.controller import Controller
from flask import Flask, jsonify, request

from engine import clock

DEFAULTS: dict[str, Any] = {"reject_next": 0, "reject_code": 451, "rejected_recipients": []}


class _Controller(Controller):
    def _trigger_server(self) -> None:
        # why: port 0 asks the OS for a free port; learn which before the readiness probe connects to it
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


class SmtpSink:
    """The aiosmtpd handler, its controller and the mailbox."""

    name = "smtp"

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.controller: Controller | None = None
        self.reset()

    def reset(self) -> None:
        with self.lock:
            self.config = {key: (list(value) if isinstance(value, list) else value) for key, value in DEFAULTS.items()}
            self.messages: list[dict[str, Any]] = []

    def start(self, host: str = "127.0.0.1", port: int = 8025) -> int:
        """Listen on host:port (0 = any free port); returns the port."""
        self.controller = _Controller(self, hostname=host, port=port)
        self.controller.start()
        return self.controller.port

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def matching(self, to: str | None = None, idempotency_key: str | None = None) -> list[dict[str, Any]]:
        with self.lock:
            return [
                letter
                for letter in self.messages
                if (to is None or to.lower() in letter["recipients"])
                and (idempotency_key is None or letter["headers"].get("X-Idempotency-Key") == idempotency_key)
            ]

    # -- aiosmtpd handler hooks -------------------------------------------------------------------
    async def handle_RCPT(self, server, session, envelope, address: str, rcpt_options) -> str:  # noqa: N802
        if address.lower() in (a.lower() for a in self.config["rejected_recipients"]):
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802
        with self.lock:
            if self.config["reject_next"] > 0:
                self.config["reject_next"] -= 1
                code = int(self.config["reject_code"])
                return f"{code} {'4.3.0 Try again later' if code < 500 else '5.7.1 Refused'} (sandbox)"
            self.messages.append(_stored(envelope))
        return "250 Message accepted for delivery"

    # -- HTTP admin ----------------------------------------------------------------------------------
    def create_app(self) -> Flask:
        app = Flask("sandbox.smtp")
        app.json.ensure_ascii = False
        app.add_url_rule("/_sandbox/messages", "messages", self._messages_view)
        app.add_url_rule("/_sandbox/received", "received", self._messages_view)
        app.add_url_rule("/_sandbox/config", "config", self._config_view, methods=["GET", "POST"])
        app.add_url_rule("/_sandbox/reset", "reset", self._reset_view, methods=["POST"])
        return app

    def _messages_view(self) -> Any:
        return jsonify(self.matching(request.args.get("to"), request.args.get("idempotency_key")))

    def _config_view(self) -> Any:
        if request.method == "POST":
            changes = request.get_json(force=True) or {}
            unknown = sorted(set(changes) - set(DEFAULTS))
            if unknown:
                return {"code": "unknown-setting", "message": f"Неизвестные настройки: {unknown}", "details": {}}, 400
            with self.lock:
                self.config.update(changes)
        return jsonify(self.config)

    def _reset_view(self) -> Any:
        self.reset()
        return jsonify({"reset": self.name})


def _stored(envelope) -> dict[str, Any]:
    """The letter as a reader sees it: decoded headers, the plain-text body, the envelope."""
    letter: EmailMessage = message_from_bytes(envelope.original_content or envelope.content, policy=DEFAULT_POLICY)
    body_part = letter.get_body(preferencelist=("plain",))
    return {
        "received_at": clock.now().isoformat(),
        "mail_from": envelope.mail_from,
        "recipients": [address.lower() for address in envelope.rcpt_tos],
        "subject": str(letter["Subject"] or ""),
        "body": body_part.get_content().replace("\r\n", "\n") if body_part is not None else "",
        "headers": {name: str(value) for name, value in letter.items()},
        "message_id": str(letter["Message-ID"] or ""),
    }
