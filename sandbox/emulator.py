"""What every emulator shares: fault injection, a log of what it received, idempotent replay,
delayed callbacks, and the admin endpoints under /_sandbox.

Admin (never faulted):
  GET  /_sandbox/config            the current fault configuration
  POST /_sandbox/config            merge JSON into it, e.g. {"failure_rate": 0.3, "seed": 7}
  GET  /_sandbox/received          requests received (filters: method, path, idempotency_key)
  GET  /_sandbox/callbacks         callbacks sent and how each went
  POST /_sandbox/reset             forget everything, back to the default configuration

Faults, applied in this order to every non-admin request after it is logged:
  latency_seconds                  sleep before answering (real time: makes adapters time out)
  force_status + force_count       the next N requests get this status (and force_body)
  failure_rate + failure_status    that share of requests fails at random (seeded by `seed`)
Callbacks: callback_delay_seconds before the first copy, callback_copies copies (2 = duplicate).
"""

from __future__ import annotations

import hashlib
import logging
import random
import threading
import time
from collections.abc import Callable
from typing import Any

import httpx
from flask import Flask, Response, g, jsonify, request

from engine import clock

log = logging.getLogger("reglament.sandbox")
Reply = tuple[dict[str, Any], int]
DEFAULTS: dict[str, Any] = {
    "latency_seconds": 0.0,
    "failure_rate": 0.0,
    "failure_status": 503,
    "force_status": None,
    "force_count": 0,
    "force_body": None,
    "callback_delay_seconds": 0.2,
    "callback_copies": 1,
    "seed": 0,
}
CALLBACK_ATTEMPTS = 3


def problem(status: int, code: str, message: str, **details: Any) -> Reply:
    """An error reply in the project's shape: {"code", "message", "details"}."""
    return {"code": code, "message": message, "details": details}, status


class Emulator:
    """Base of one emulated system; subclasses add routes, state and extra configuration."""

    name = "emulator"
    extra_config: dict[str, Any] = {}

    def __init__(self, seed: int = 0) -> None:
        self.lock = threading.RLock()
        self.stopping = threading.Event()
        self.base_seed = seed
        self.generation = 0  # why: a callback scheduled before a reset must not touch the new state
        self.reset()

    # -- subclass hooks ---------------------------------------------------------------------
    def reset_state(self) -> None:
        """Forget the emulated system's own data (payments, files, …)."""

    def add_routes(self, app: Flask) -> None:
        """Register the protocol's routes and any extra admin routes."""

    # -- state ------------------------------------------------------------------------------
    def reset(self) -> None:
        with self.lock:
            self.config = {**DEFAULTS, **self.extra_config, "seed": self.base_seed}
            self.rng = random.Random(self.base_seed)
            self.received: list[dict[str, Any]] = []
            self.callbacks: list[dict[str, Any]] = []
            self.replies: dict[tuple[str, str], tuple[str, dict[str, Any], int]] = {}
            self.generation += 1
            self.reset_state()

    def configure(self, changes: dict[str, Any]) -> dict[str, Any]:
        with self.lock:
            unknown = sorted(set(changes) - set(self.config))
            if unknown:
                raise KeyError(", ".join(unknown))
            self.config.update(changes)
            if "seed" in changes:
                self.rng = random.Random(changes["seed"])
            return dict(self.config)

    def stop(self) -> None:
        self.stopping.set()

    # -- the Flask app ----------------------------------------------------------------------
    def create_app(self) -> Flask:
        app = Flask(f"sandbox.{self.name}")
        app.json.ensure_ascii = False  # why: Russian in replies stays readable in logs
        app.before_request(self._receive)
        app.after_request(self._note_status)
        app.add_url_rule("/_sandbox/config", view_func=self._config_view, methods=["GET", "POST"])
        app.add_url_rule("/_sandbox/received", "sandbox_received", lambda: jsonify(self._received_matching()))
        app.add_url_rule("/_sandbox/callbacks", "sandbox_callbacks", lambda: jsonify(list(self.callbacks)))
        app.add_url_rule("/_sandbox/reset", view_func=self._reset_view, methods=["POST"])
        self.add_routes(app)
        return app

    def _config_view(self) -> Any:
        if request.method == "GET":
            return jsonify(self.config)
        try:
            return jsonify(self.configure(request.get_json(force=True) or {}))
        except KeyError as exc:
            return problem(400, "unknown-setting", f"Неизвестные настройки: {exc.args[0]}")

    def _reset_view(self) -> Any:
        self.reset()
        return jsonify({"reset": self.name})

    def _received_matching(self) -> list[dict[str, Any]]:
        wanted = {key: request.args[key] for key in ("method", "path", "idempotency_key") if key in request.args}
        with self.lock:
            return [entry for entry in self.received if all(entry[k] == v for k, v in wanted.items())]

    def _receive(self) -> Reply | None:
        if request.path.startswith("/_sandbox/"):
            return None
        with self.lock:
            entry = {
                "seq": len(self.received) + 1,
                "at": clock.now().isoformat(),
                "method": request.method,
                "path": request.path,
                "query": request.args.to_dict(),
                "idempotency_key": request.headers.get("Idempotency-Key"),
                "json": request.get_json(silent=True),
                "status": None,
            }
            self.received.append(entry)
        g.entry = entry
        return self._fault()

    def _fault(self) -> Reply | None:
        latency = float(self.config["latency_seconds"])
        if latency > 0:
            self.stopping.wait(latency)  # why: real time, so the adapter's timeout really expires
        with self.lock:
            if self.config["force_count"] > 0 and self.config["force_status"]:
                self.config["force_count"] -= 1
                status = int(self.config["force_status"])
                body = self.config["force_body"] or problem(status, "sandbox-forced", "Принудительный ответ")[0]
                return body, status
            if self.rng.random() < float(self.config["failure_rate"]):
                return problem(int(self.config["failure_status"]), "sandbox-failure", "Случайный сбой эмулятора")
        return None

    def _note_status(self, response: Response) -> Response:
        entry = g.get("entry")
        if entry is not None:
            entry["status"] = response.status_code
        return response

    # -- helpers for subclasses ---------------------------------------------------------------
    def idempotent(self, produce: Callable[[], Reply]) -> Any:
        """Run an effectful request once per Idempotency-Key; a repeat gets the first reply back.

        The same key with a different request is refused (422): it would hide a caller's bug.
        Replies of 5xx are not kept, so a retry after a failure really runs again.
        """
        key = request.headers.get("Idempotency-Key")
        if not key:
            return problem(400, "idempotency-key-required", "Нужен заголовок Idempotency-Key")
        fingerprint = hashlib.sha256(request.get_data()).hexdigest()
        with self.lock:
            kept = self.replies.get((request.path, key))
            if kept is not None:
                if kept[0] != fingerprint:
                    return problem(422, "idempotency-key-reused", "Ключ уже использован с другим запросом")
                return kept[1], kept[2], {"Idempotent-Replayed": "true"}
            body, status = produce()
            if status < 500:
                self.replies[(request.path, key)] = (fingerprint, body, status)
            return body, status

    def next_id(self, prefix: str, taken: dict[str, Any]) -> str:
        """A short readable id; random from the seeded generator, so runs repeat."""
        with self.lock:
            while True:
                candidate = f"{prefix}-{self.rng.randrange(16**8):08x}"
                if candidate not in taken:
                    return candidate

    def send_callback(self, url: str | None, compose: Callable[[], dict[str, Any]]) -> None:
        """After callback_delay_seconds: compose the message (e.g. execute and write the statement),
        then POST it to `url` callback_copies times; 2 copies is the duplicate a receiver must ignore.
        """
        delay, copies = float(self.config["callback_delay_seconds"]), int(self.config["callback_copies"])
        worker = threading.Thread(
            target=self._deliver,
            args=(url, compose, delay, copies, self.generation),
            name=f"{self.name}-callback",
            daemon=True,
        )
        worker.start()

    def _deliver(
        self, url: str | None, compose: Callable[[], dict[str, Any]], delay: float, copies: int, generation: int
    ) -> None:
        if self.stopping.wait(delay):
            return
        try:
            with self.lock:
                if generation != self.generation:
                    return
                message = compose()
            for copy in range(copies if url else 0):
                self._post(url, message, copy + 1)
        except Exception:  # why: a background thread must not die noisily; the log says what failed
            log.exception("%s: callback to %s failed", self.name, url)

    def _post(self, url: str, message: dict[str, Any], copy: int) -> None:
        outcome: dict[str, Any] = {"url": url, "copy": copy, "message": message, "status": None, "error": None}
        for attempt in range(1, CALLBACK_ATTEMPTS + 1):
            started = time.monotonic()
            try:
                outcome["status"] = httpx.post(url, json=message, timeout=5.0).status_code
                outcome["error"] = None
            except httpx.HTTPError as exc:
                outcome["error"] = repr(exc)
            outcome["attempts"], outcome["seconds"] = attempt, round(time.monotonic() - started, 3)
            if outcome["error"] is None and outcome["status"] < 500:
                break
            if self.stopping.wait(0.5 * attempt):
                break
        if outcome["error"] or outcome["status"] >= 500:
            log.warning("%s: callback to %s not delivered: %s", self.name, url, outcome["error"] or outcome["status"])
        with self.lock:
            self.callbacks.append(outcome)
