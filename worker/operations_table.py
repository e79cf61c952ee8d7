"""The operation names diagrams may use, each mapped to an adapter call or an engine service.

Parameters arrive as evaluated from task data (JSON-friendly: dates as ISO text, money as
decimal strings); results go back into task data, so they are JSON-friendly too.
"""

from __future__ import annotations

from typing import Any

from engine.documents.numbering import assign_number
from engine.documents.store import issue
from engine.persistence.database import Database
from engine.settings import Settings
from worker.adapters.treasury import PaymentOrder, TreasuryAdapter
from worker.operations import JobContext, Operations


def build_operations(settings: Settings, db: Database) -> Operations:
    treasury = TreasuryAdapter.from_settings(settings)
    return Operations(
        {
            "treasury.send_payment": lambda params, job: _send_payment(treasury, params, job.idempotency_key),
            "orders.assign_number": lambda params, job: (
                assign_number(db, params["series"], job.idempotency_key).__dict__
            ),
            "documents.render": lambda params, job: _render(db, params, job),
        }
    )


def _render(db: Database, params: dict[str, Any], job: JobContext) -> dict[str, Any]:
    document_id = issue(
        db,
        params["template"],
        params.get("context") or {},
        instance_id=job.instance_id,
        idempotency_key=job.idempotency_key,
    )
    return {"document_id": document_id}


def _send_payment(treasury: TreasuryAdapter, params: dict[str, Any], key: str) -> dict[str, Any]:
    fields = {
        k: params[k]
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
        if k in params
    }
    order = PaymentOrder.from_json({**fields, "bank_bic": params.get("recipient_bic", params.get("bank_bic"))})
    receipt = treasury.send_payment(order, idempotency_key=key, correlation_key=params.get("correlation_key"))
    return receipt.to_json()
