"""The operation names diagrams may use, each mapped to an adapter call or an engine service.

Parameters arrive as evaluated from task data (JSON-friendly: dates as ISO text, money as
decimal strings); results go back into task data, so they are JSON-friendly too. Every call
passes the job's idempotency key, so a retried job never repeats an effect.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from engine import clock
from engine.calendars import get_calendar
from engine.documents.numbering import assign_number
from engine.documents.store import issue
from engine.instances.service import InstanceService
from engine.persistence.database import Database
from engine.persistence.models import ProcessInstance
from engine.settings import Settings
from worker import cases
from worker.adapters import Adapters
from worker.adapters.errors import AdapterRequestInvalid
from worker.adapters.register import Person, ProcedureResult
from worker.adapters.treasury import PaymentOrder
from worker.operations import JobContext, Operations


def build_operations(settings: Settings, db: Database) -> Operations:
    a = Adapters.from_settings(settings)
    instances = InstanceService(db)
    return Operations(
        {
            "register.find_or_create_file": lambda p, job: _find_or_create_file(a, p, job),
            "register.record": lambda p, job: _record(a, db, p, job),
            "register.deregister": lambda p, job: a.register.deregister(
                p["file_id"], _date(p["effective_date"]), p.get("reason", ""), idempotency_key=job.idempotency_key
            ).to_json(),
            "register.check_sender": lambda p, job: {"registered": a.register.is_registered_sender(p["email"])},
            "treasury.send_payment": lambda p, job: _send_payment(a, p, job),
            "smev.request": lambda p, job: {
                "request_id": str(
                    a.smev.send_request(
                        p["kind"],
                        p.get("params") or {},
                        idempotency_key=job.idempotency_key,
                        correlation_key=p.get("correlation_key"),
                    )
                )
            },
            "notify.send": lambda p, job: _notify(a, p, job),
            "mfc.confirm_receipt": lambda p, job: a.mfc.confirm_receipt(
                p["package_id"], idempotency_key=job.idempotency_key
            ).to_json(),
            "orders.assign_number": lambda p, job: (
                assign_number(db, p["series"], job.idempotency_key, _zone_of(db, job.instance_id)).__dict__
            ),
            "documents.render": lambda p, job: {
                "document_id": issue(
                    db,
                    p["template"],
                    p.get("context") or {},
                    instance_id=job.instance_id,
                    idempotency_key=job.idempotency_key,
                )
            },
            "cases.start": lambda p, job: cases.start_case(db, instances, p, job),
            "messages.send": lambda p, job: cases.send_message(db, instances, p, job),
        }
    )


def _find_or_create_file(a: Adapters, p: dict[str, Any], job: JobContext) -> dict[str, Any]:
    last, first, *middle = (p.get("full_name") or "").split()
    person = Person(
        snils=p["snils"],
        last_name=last,
        first_name=first,
        birth_date=_date(p["birth_date"]),
        middle_name=" ".join(middle) or None,
        email=p.get("email"),
    )
    found = a.register.find_or_create_file(person, idempotency_key=job.idempotency_key)
    return {"file_id": found.file_id, "created": found.created}


def _record(a: Adapters, db: Database, p: dict[str, Any], job: JobContext) -> dict[str, Any]:
    result = ProcedureResult(
        p["file_id"],
        p["procedure"],
        p.get("result") or {},
        _date(p["result_date"]) if p.get("result_date") else clock.now().date(),
    )
    return a.register.record_result(result, idempotency_key=job.idempotency_key).to_json()


def _send_payment(a: Adapters, p: dict[str, Any], job: JobContext) -> dict[str, Any]:
    fields = {
        k: p[k]
        for k in (
            "order_number",
            "order_date",
            "payer_account",
            "recipient_name",
            "recipient_account",
            "amount",
            "purpose",
            "kbk",
        )
        if k in p
    }
    order = PaymentOrder.from_json({**fields, "bank_bic": p.get("recipient_bic", p.get("bank_bic"))})
    receipt = a.treasury.send_payment(
        order, idempotency_key=job.idempotency_key, correlation_key=p.get("correlation_key")
    )
    return receipt.to_json()


def _notify(a: Adapters, p: dict[str, Any], job: JobContext) -> dict[str, Any]:
    receipt = a.notifications.notify(
        p["template"], p.get("context") or {}, p.get("contacts") or {}, idempotency_key=job.idempotency_key
    )
    return {"channel": receipt.channel, "reference": receipt.reference, "refused": list(receipt.refused)}


def _zone_of(db: Database, instance_id: int):
    """The time zone of the case's calendar: dates the office writes are local dates."""
    with db.transaction() as session:
        code = session.scalar(select(ProcessInstance.calendar_code).filter_by(id=instance_id))
    return get_calendar(code or "RU-PRI").zone


def _date(value: Any) -> date:
    try:
        return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
    except ValueError as exc:
        raise AdapterRequestInvalid(f"Ожидается дата ГГГГ-ММ-ДД: {value!r}", system="reglament") from exc
