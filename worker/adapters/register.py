"""Register of recipients of employment-service state services (регистр получателей госуслуг).

Each procedure of a regulation "фиксирует в регистре" its result: the personal file is found or
opened by СНИЛС, name and birth date, then results and deregistration are appended to it. E-mail
intake asks whether a sender is known before accepting a letter as an application.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol
from urllib.parse import quote

from engine.settings import Settings
from worker.adapters.errors import AdapterRequestInvalid
from worker.adapters.http import JsonHttp, parse_reply, to_wire

SYSTEM = "register"


def normalized_snils(snils: str, system: str = SYSTEM) -> str:
    """ "112-233-445 95" → "11223344595": the register keys files by the 11 digits."""
    digits = re.sub(r"[\s-]", "", str(snils))
    if not re.fullmatch(r"\d{11}", digits):
        raise AdapterRequestInvalid("СНИЛС должен состоять из 11 цифр", system=system, snils=snils)
    return digits


@dataclass(frozen=True)
class Person:
    snils: str
    last_name: str
    first_name: str
    birth_date: date
    middle_name: str | None = None
    email: str | None = None  # kept on the file so e-mail intake can recognise the sender

    def __post_init__(self) -> None:
        object.__setattr__(self, "snils", normalized_snils(self.snils))
        if not self.last_name or not self.first_name:
            raise AdapterRequestInvalid("Фамилия и имя обязательны", system=SYSTEM)


@dataclass(frozen=True)
class PersonalFile:
    file_id: str
    created: bool  # False: the person already had a file


@dataclass(frozen=True)
class ProcedureResult:
    file_id: str
    procedure_code: str  # e.g. "P16" from the regulation card
    result: dict[str, Any] = field(default_factory=dict)  # JSON values; money as decimal strings
    result_date: date | None = None


@dataclass(frozen=True)
class RegisterEntry:
    entry_id: str
    file_id: str
    recorded_at: datetime

    def to_json(self) -> dict[str, Any]:
        return to_wire(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RegisterEntry:
        return cls(data["entry_id"], data["file_id"], datetime.fromisoformat(data["recorded_at"]))


class Register(Protocol):
    def find_or_create_file(self, person: Person, *, idempotency_key: str) -> PersonalFile: ...

    def record_result(self, result: ProcedureResult, *, idempotency_key: str) -> RegisterEntry: ...

    def deregister(self, file_id: str, effective_date: date, reason: str, *, idempotency_key: str) -> RegisterEntry: ...

    def is_registered_sender(self, email: str) -> bool: ...


class RegisterAdapter:
    """The register over HTTP/JSON (PROTOCOLS.md, "Register")."""

    def __init__(self, base_url: str, *, timeout: float = 10.0) -> None:
        self._http = JsonHttp(SYSTEM, base_url, timeout=timeout)

    @classmethod
    def from_settings(cls, settings: Settings) -> RegisterAdapter:
        return cls(settings.register_url, timeout=settings.adapter_timeout_seconds)

    def find_or_create_file(self, person: Person, *, idempotency_key: str) -> PersonalFile:
        """The person's file by СНИЛС; opened if absent. A СНИЛС on another name is refused (409)."""
        reply = self._http.post("/api/v1/personal-files", person, idempotency_key=idempotency_key)
        return parse_reply(SYSTEM, reply, lambda body: PersonalFile(body["file_id"], bool(body["created"])))

    def record_result(self, result: ProcedureResult, *, idempotency_key: str) -> RegisterEntry:
        body = {"procedure_code": result.procedure_code, "result": result.result, "result_date": result.result_date}
        reply = self._http.post(f"{_file_path(result.file_id)}/results", body, idempotency_key=idempotency_key)
        return parse_reply(SYSTEM, reply, RegisterEntry.from_json)

    def deregister(self, file_id: str, effective_date: date, reason: str, *, idempotency_key: str) -> RegisterEntry:
        """Снятие с регистрационного учёта from `effective_date`. Again on the same grounds it corrects
        the effective date (a corrected referral, card A8); on other grounds it is refused (409)."""
        body = {"effective_date": effective_date, "reason": reason}
        reply = self._http.post(f"{_file_path(file_id)}/deregistration", body, idempotency_key=idempotency_key)
        return parse_reply(SYSTEM, reply, RegisterEntry.from_json)

    def is_registered_sender(self, email: str) -> bool:
        """Whether a letter from this address belongs to a person with a file (e-mail intake check)."""
        reply = self._http.get("/api/v1/senders", params={"email": email.strip().lower()})
        return parse_reply(SYSTEM, reply, lambda body: bool(body["registered"]))

    def close(self) -> None:
        self._http.close()


def _file_path(file_id: str) -> str:
    return f"/api/v1/personal-files/{quote(file_id, safe='')}"
