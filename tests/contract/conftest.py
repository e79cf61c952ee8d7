"""Contract tests: the real adapters against the sandbox emulators over HTTP and SMTP on 127.0.0.1.

The sandbox (tests/conftest.py) starts once per session on free ports and is reset before every test. Callbacks
(treasury statements, СМЭВ answers, pushed MFC packages) land in a small werkzeug server that
plays the API's `POST /api/v1/messages`.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

from engine.settings import Settings
from sandbox.runner import SandboxHandle

WAIT_SECONDS = 10.0  # upper bound for an async reply; tests never assert on how long it took


class MessageReceiver:
    """A tiny HTTP server that keeps every JSON body POSTed to it."""

    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._server = make_server("127.0.0.1", 0, self._app, threaded=True)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    @Request.application
    def _app(self, request: Request) -> Response:
        with self._lock:
            self.received.append({"path": request.path, "json": json.loads(request.get_data() or b"null")})
        return Response(json.dumps({"state": "pending"}), status=202, content_type="application/json")

    def wait_for(self, wanted: Callable[[dict[str, Any]], bool], count: int = 1) -> list[dict[str, Any]]:
        """Poll (bounded) until `count` received bodies satisfy `wanted`; returns them."""
        deadline = time.monotonic() + WAIT_SECONDS
        while True:
            with self._lock:
                found = [item for item in self.received if wanted(item["json"])]
            if len(found) >= count or time.monotonic() > deadline:
                return found
            time.sleep(0.02)

    def clear(self) -> None:
        with self._lock:
            self.received.clear()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


class SandboxAdmin:
    """The emulators' /_sandbox endpoints, as the tests drive them."""

    def __init__(self, handle: SandboxHandle) -> None:
        self.handle = handle
        self.client = httpx.Client(timeout=5.0)

    def configure(self, system: str, **changes: Any) -> dict[str, Any]:
        return self._call("POST", system, "/_sandbox/config", json=changes)

    def get(self, system: str, endpoint: str, **params: str) -> Any:
        return self._call("GET", system, endpoint, params=params)

    def post(self, system: str, path: str, body: Any) -> Any:
        return self._call("POST", system, path, json=body)

    def _call(self, method: str, system: str, path: str, **kwargs: Any) -> Any:
        response = self.client.request(method, self.handle.urls[system] + path, **kwargs)
        response.raise_for_status()
        return response.json()


@pytest.fixture(scope="session")
def message_receiver() -> Iterator[MessageReceiver]:
    receiver = MessageReceiver()
    yield receiver
    receiver.stop()


@pytest.fixture(autouse=True)
def fresh_sandbox(sandbox: SandboxHandle, message_receiver: MessageReceiver) -> None:
    sandbox.reset()
    message_receiver.clear()


@pytest.fixture
def sandbox_settings(sandbox: SandboxHandle, message_receiver: MessageReceiver) -> Settings:
    """Adapters aimed at the sandbox; callbacks go to the receiver, which stands in for the API."""
    return sandbox.settings(api_base_url=message_receiver.url, adapter_timeout_seconds=5.0)


@pytest.fixture
def admin(sandbox: SandboxHandle) -> Iterator[SandboxAdmin]:
    helper = SandboxAdmin(sandbox)
    yield helper
    helper.client.close()
