"""СМЭВ 3 style interagency requests, e.g. the ИПРА of a disabled citizen from МСЭ by СНИЛС.

The request is accepted at once; the answer comes later: pushed as the BPMN message
`smev_answer` to the callback URL (correlated by the key given in the request), or pulled with
`get_answer`. "no-data" is an answer, not an error: МСЭ has no ИПРА for this СНИЛС, and the
diagram continues without it (Tver card, A10: the request is non-blocking).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal, NewType, Protocol
from urllib.parse import quote

from engine.settings import Settings
from worker.adapters.errors import AdapterRequestInvalid
from worker.adapters.http import JsonHttp, messages_url, parse_reply, to_wire
from worker.adapters.register import normalized_snils

SYSTEM = "smev"
ANSWER_MESSAGE = "smev_answer"
SmevRequestId = NewType("SmevRequestId", str)

# Request kinds this gateway knows, with the parameters each one needs.
KINDS: dict[str, tuple[str, ...]] = {
    "ipra_by_snils": ("snils",),  # МСЭ: the individual rehabilitation programme (ИПРА)
    "accompaniment_recommendation": ("snils",),  # МСЭ: is accompaniment at work recommended
}


@dataclass(frozen=True)
class SmevAnswer:
    request_id: SmevRequestId
    status: Literal["pending", "answer", "no-data"]
    data: dict[str, Any] = field(default_factory=dict)
    answered_at: datetime | None = None

    @property
    def ready(self) -> bool:
        return self.status != "pending"

    def to_json(self) -> dict[str, Any]:
        return to_wire(self)

    @classmethod
    def from_json(cls, body: dict[str, Any]) -> SmevAnswer:
        if body["status"] not in ("pending", "answer", "no-data"):
            raise ValueError(f"unknown answer status {body['status']!r}")
        answered = body.get("answered_at")
        return cls(
            SmevRequestId(body["request_id"]),
            body["status"],
            dict(body.get("data") or {}),
            answered and datetime.fromisoformat(answered),
        )


class Smev(Protocol):
    def send_request(
        self,
        kind: str,
        params: dict[str, Any],
        *,
        idempotency_key: str,
        callback_url: str | None = None,
        correlation_key: str | None = None,
    ) -> SmevRequestId: ...

    def get_answer(self, request_id: str) -> SmevAnswer: ...


class SmevAdapter:
    """The СМЭВ gateway over HTTP/JSON (PROTOCOLS.md, "СМЭВ")."""

    def __init__(self, base_url: str, *, timeout: float = 10.0, callback_url: str | None = None) -> None:
        self._http = JsonHttp(SYSTEM, base_url, timeout=timeout)
        self.callback_url = callback_url

    @classmethod
    def from_settings(cls, settings: Settings) -> SmevAdapter:
        return cls(
            settings.smev_url,
            timeout=settings.adapter_timeout_seconds,
            callback_url=messages_url(settings.api_base_url),
        )

    def send_request(
        self,
        kind: str,
        params: dict[str, Any],
        *,
        idempotency_key: str,
        callback_url: str | None = None,
        correlation_key: str | None = None,
    ) -> SmevRequestId:
        """Send the request; the `smev_answer` message is correlated by `correlation_key` (default: the key)."""
        body = {
            "kind": kind,
            "params": _checked_params(kind, params),
            "callback_url": callback_url or self.callback_url,
            "correlation_key": correlation_key or idempotency_key,
        }
        reply = self._http.post("/api/v1/requests", body, idempotency_key=idempotency_key)
        return parse_reply(SYSTEM, reply, lambda data: SmevRequestId(data["request_id"]))

    def get_answer(self, request_id: str) -> SmevAnswer:
        reply = self._http.get(f"/api/v1/requests/{quote(request_id, safe='')}/answer")
        return parse_reply(SYSTEM, reply, SmevAnswer.from_json)

    def close(self) -> None:
        self._http.close()


def _checked_params(kind: str, params: dict[str, Any]) -> dict[str, Any]:
    if kind not in KINDS:
        raise AdapterRequestInvalid(f"Неизвестный вид запроса СМЭВ: {kind}", system=SYSTEM, known=sorted(KINDS))
    missing = [name for name in KINDS[kind] if not params.get(name)]
    if missing:
        raise AdapterRequestInvalid("Не хватает параметров запроса СМЭВ", system=SYSTEM, missing=missing)
    checked = dict(params)
    if "snils" in checked:
        checked["snils"] = normalized_snils(checked["snils"], SYSTEM)
    return checked
