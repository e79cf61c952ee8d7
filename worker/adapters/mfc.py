"""MFC case exchange (АИС МФЦ): electronic case packages from the MFC, and the CZN's receipt.

The MFC registers an application and sends its package (scans of the signed application and
the receipt) within the next working day. The CZN either pulls the waiting packages
(`waiting_packages`) or receives one pushed to its endpoint (`CasePackage.from_json` reads the
pushed body). Once the case is registered at the CZN, `confirm_receipt` closes the MFC case with
the CZN's registration number and date (Tver card §10: "CZN → MFC acknowledgement").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol
from urllib.parse import quote

from engine.settings import Settings
from worker.adapters.http import JsonHttp, parse_reply, to_wire

SYSTEM = "mfc"


@dataclass(frozen=True)
class PackageDocument:
    title: str  # "Заявление", "Расписка в приёме документов"
    file_name: str
    media_type: str
    content_base64: str


@dataclass(frozen=True)
class CasePackage:
    package_id: str
    service_code: str  # which regulation the application is for
    mfc_office: str
    mfc_registration_number: str
    registered_at: datetime  # registration at the MFC: the CZN's intake term counts from here
    applicant: dict[str, Any] = field(default_factory=dict)
    documents: tuple[PackageDocument, ...] = ()
    status: str = "waiting"  # "waiting" until the CZN confirms receipt, then "received"

    def to_json(self) -> dict[str, Any]:
        return to_wire(self)

    @classmethod
    def from_json(cls, body: dict[str, Any]) -> CasePackage:
        return cls(
            package_id=body["package_id"],
            service_code=body["service_code"],
            mfc_office=body["mfc_office"],
            mfc_registration_number=body["mfc_registration_number"],
            registered_at=datetime.fromisoformat(body["registered_at"]),
            applicant=dict(body.get("applicant") or {}),
            documents=tuple(PackageDocument(**doc) for doc in body.get("documents") or ()),
            status=body.get("status", "waiting"),
        )


@dataclass(frozen=True)
class ReceiptConfirmation:
    package_id: str
    status: str
    confirmed_at: datetime

    def to_json(self) -> dict[str, Any]:
        return to_wire(self)


class Mfc(Protocol):
    def waiting_packages(self) -> list[CasePackage]: ...

    def get_package(self, package_id: str) -> CasePackage: ...

    def confirm_receipt(
        self,
        package_id: str,
        *,
        idempotency_key: str,
        registration_number: str | None = None,
        registered_on: date | None = None,
    ) -> ReceiptConfirmation: ...


class MfcAdapter:
    """АИС МФЦ over HTTP/JSON (PROTOCOLS.md, "MFC")."""

    def __init__(self, base_url: str, *, timeout: float = 10.0) -> None:
        self._http = JsonHttp(SYSTEM, base_url, timeout=timeout)

    @classmethod
    def from_settings(cls, settings: Settings) -> MfcAdapter:
        return cls(settings.mfc_url, timeout=settings.adapter_timeout_seconds)

    def waiting_packages(self) -> list[CasePackage]:
        """Packages the MFC has sent and the CZN has not yet confirmed."""
        reply = self._http.get("/api/v1/packages", params={"status": "waiting"})
        return parse_reply(SYSTEM, reply, lambda body: [CasePackage.from_json(item) for item in body["packages"]])

    def get_package(self, package_id: str) -> CasePackage:
        reply = self._http.get(_package_path(package_id))
        return parse_reply(SYSTEM, reply, CasePackage.from_json)

    def confirm_receipt(
        self,
        package_id: str,
        *,
        idempotency_key: str,
        registration_number: str | None = None,
        registered_on: date | None = None,
    ) -> ReceiptConfirmation:
        """Tell the MFC the case arrived; confirming twice returns the first confirmation."""
        body = {"registration_number": registration_number, "registered_on": registered_on}
        reply = self._http.post(f"{_package_path(package_id)}/receipt", body, idempotency_key=idempotency_key)
        return parse_reply(
            SYSTEM,
            reply,
            lambda data: ReceiptConfirmation(
                data["package_id"], data["status"], datetime.fromisoformat(data["confirmed_at"])
            ),
        )

    def close(self) -> None:
        self._http.close()


def _package_path(package_id: str) -> str:
    return f"/api/v1/packages/{quote(package_id, safe='')}"
