"""What can go wrong when an adapter talks to an outside system, sorted by what the worker does next.

TransientAdapterError: the system did not answer, or answered "try later" (timeout, refused
connection, 5xx, 429, SMTP 4xx). The job layer retries with the same idempotency key.
PermanentAdapterError: the system understood and said no (other 4xx, SMTP 5xx), or we refused to
send a request it would reject. Retrying cannot help; the job becomes an incident for an admin.

Every error carries the system name, the HTTP (or SMTP) status and the reply body, so the admin
sees in the incident exactly what the outside system answered.
"""

from __future__ import annotations

from typing import Any

from engine.errors import ReglamentError

BODY_LIMIT = 4000  # why: an HTML error page of a proxy must not bloat the job row


class AdapterError(ReglamentError):
    code = "adapter-error"
    message = "Ошибка обмена с внешней системой"
    transient = False  # read by worker.operations.failure_of

    def __init__(
        self,
        message: str | None = None,
        *,
        system: str,
        status: int | None = None,
        body: Any = None,
        **details: Any,
    ) -> None:
        body = _bounded(body)
        super().__init__(message, system=system, status=status, body=body, **details)
        self.system, self.status, self.body = system, status, body


class TransientAdapterError(AdapterError):
    code = "adapter-unavailable"
    message = "Внешняя система временно недоступна, запрос будет повторён"
    transient = True


class PermanentAdapterError(AdapterError):
    code = "adapter-rejected"
    message = "Внешняя система отклонила запрос"


class AdapterRequestInvalid(PermanentAdapterError):
    """Our own check refused the request before sending it (e.g. a 19-digit account)."""

    code = "adapter-request-invalid"
    message = "Запрос к внешней системе заполнен неверно"


def _bounded(body: Any) -> Any:
    if isinstance(body, bytes):
        body = body.decode("utf-8", errors="replace")
    if isinstance(body, str) and len(body) > BODY_LIMIT:
        return body[:BODY_LIMIT] + "…"
    return body
