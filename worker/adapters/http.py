"""One way to speak JSON over HTTP to an outside system, so every adapter fails the same way.

Replies are parsed with `parse_float=Decimal`: even if a system sends money as a JSON number,
it never passes through float. Requests carry money as strings (see `to_wire`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import fields, is_dataclass
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

import httpx

from worker.adapters.errors import AdapterRequestInvalid, PermanentAdapterError, TransientAdapterError

T = TypeVar("T")
USER_AGENT = "reglament-adapter/0.1"
RETRY_LATER = {408, 425, 429}  # why: "come back later" answers, although 4xx


class JsonHttp:
    """An httpx client bound to one system: base URL, timeout, error taxonomy."""

    def __init__(self, system: str, base_url: str, *, timeout: float) -> None:
        self.system = system
        self.timeout = timeout
        self._client = httpx.Client(
            base_url=base_url.rstrip("/"),
            timeout=timeout,
            headers={"Accept": "application/json", "User-Agent": USER_AGENT},
        )

    def get(self, path: str, *, params: Mapping[str, str] | None = None) -> Any:
        return self._send("GET", path, params=params)

    def post(self, path: str, body: Any, *, idempotency_key: str) -> Any:
        """POST with an Idempotency-Key: a repeat of the same key must not repeat the effect."""
        headers = {"Idempotency-Key": checked_key(idempotency_key, self.system)}
        return self._send("POST", path, json=to_wire(body), headers=headers)

    def close(self) -> None:
        self._client.close()

    def _send(self, method: str, path: str, **kwargs: Any) -> Any:
        try:
            response = self._client.request(method, path, **kwargs)
        except httpx.TimeoutException as exc:
            raise TransientAdapterError(
                f"Система «{self.system}» не ответила за {self.timeout} с",
                system=self.system,
                reason="timeout",
                request=f"{method} {path}",
            ) from exc
        except httpx.TransportError as exc:
            raise TransientAdapterError(
                f"Нет соединения с системой «{self.system}»: {exc}",
                system=self.system,
                reason="connection",
                request=f"{method} {path}",
            ) from exc
        return self._judge(response, f"{method} {path}")

    def _judge(self, response: httpx.Response, request: str) -> Any:
        status, body = response.status_code, _body_of(response)
        if not 200 <= status < 300:
            error = TransientAdapterError if status >= 500 or status in RETRY_LATER else PermanentAdapterError
            # why: to_wire, because the body lands in the job's JSON error column (no Decimal there)
            raise error(
                _said(self.system, status, body), system=self.system, status=status, body=to_wire(body), request=request
            )
        if isinstance(body, str):
            raise PermanentAdapterError(
                f"Система «{self.system}» ответила не в формате JSON",
                system=self.system,
                status=status,
                body=body,
                request=request,
            )
        return body


def checked_key(idempotency_key: str, system: str) -> str:
    """An idempotency key travels in a header: it must be non-empty printable ASCII."""
    if not isinstance(idempotency_key, str) or not idempotency_key.isascii() or not idempotency_key.isprintable():
        raise AdapterRequestInvalid("Ключ идемпотентности должен быть строкой ASCII", system=system)
    if not idempotency_key.strip():
        raise AdapterRequestInvalid("Ключ идемпотентности пуст", system=system)
    return idempotency_key


def to_wire(value: Any) -> Any:
    """Dataclasses and containers to JSON values: Decimal as a string, dates as ISO 8601."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_wire(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, Mapping):
        return {str(key): to_wire(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [to_wire(item) for item in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):  # datetime included
        return value.isoformat()
    return value


def _body_of(response: httpx.Response) -> Any:
    """The reply as JSON (money as Decimal), or its text when it is not JSON."""
    try:
        return json.loads(response.text, parse_float=Decimal) if response.content else {}
    except ValueError:
        return response.text


def _said(system: str, status: int, body: Any) -> str:
    detail = body.get("message") if isinstance(body, dict) else None
    return f"Система «{system}» ответила {status}" + (f": {detail}" if detail else "")


def parse_reply(system: str, body: Any, parse: Callable[[Any], T]) -> T:
    """Turn a reply into a domain object; a reply that breaks the protocol is a permanent error."""
    try:
        return parse(body)
    except (KeyError, TypeError, ValueError, ArithmeticError) as exc:
        raise PermanentAdapterError(
            f"Ответ системы «{system}» не соответствует протоколу: {exc!r}", system=system, body=to_wire(body)
        ) from exc


def money(value: Any) -> Decimal:
    """Money from the wire: a decimal string (or int, or Decimal), never a float."""
    if isinstance(value, bool | float) or not isinstance(value, str | int | Decimal):
        raise TypeError(f"money must be a decimal string, got {type(value).__name__}")
    amount = Decimal(value)
    if not amount.is_finite():
        raise ValueError(f"money must be finite, got {value!r}")
    return amount


def messages_url(api_base_url: str) -> str:
    """Where outside systems deliver asynchronous replies: the API's BPMN message endpoint."""
    return f"{api_base_url.rstrip('/')}/api/v1/messages"
