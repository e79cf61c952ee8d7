"""Federal Treasury (УФК): the cash-expense request (заявка на кассовый расход) and the statement.

A business refusal by the Treasury (closed account, no budget limits) is a normal reply: a
PaymentReceipt with status "rejected" and the reason. The diagram routes it to the payments
specialist, who corrects the order and resubmits under a new task, hence a new idempotency key
(regulation card, Primorye §10: rejection handling is not described; an error path to the
specialist is recommended). A malformed request (HTTP 400) raises PermanentAdapterError: that is
a defect for an admin, not an outcome of the case.

The statement of the recipient's account (выписка из лицевого счета) comes later, asynchronously:
pushed as the BPMN message `treasury_statement` to the callback URL, or pulled with
`fetch_statement`. See PROTOCOLS.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal, Protocol
from urllib.parse import quote

from engine.settings import Settings
from worker.adapters.errors import AdapterRequestInvalid
from worker.adapters.http import JsonHttp, messages_url, money, parse_reply, to_wire

SYSTEM = "treasury"
STATEMENT_MESSAGE = "treasury_statement"
ACCOUNT = re.compile(r"\d{20}")
BIC = re.compile(r"\d{9}")
KBK = re.compile(r"[0-9A-ZА-Я]{20}")  # why: 20 positions; some budgets use letters in the code


@dataclass(frozen=True)
class PaymentOrder:
    """The payment order (платежное поручение) a cash-expense request is built from."""

    order_number: str
    order_date: date
    payer_account: str  # the CZN's personal account at the Treasury
    recipient_name: str
    recipient_account: str  # the citizen's account at the credit institution
    bank_bic: str
    amount: Decimal
    purpose: str  # basis: the financial-support order number and date
    kbk: str  # budget classification code

    def __post_init__(self) -> None:
        problems = _order_problems(self)
        if problems:
            raise AdapterRequestInvalid("Платёжное поручение заполнено неверно", system=SYSTEM, problems=problems)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PaymentOrder:
        """From task data: the date as ISO text, the amount as a decimal string."""
        try:
            values = {
                **data,
                "order_date": date.fromisoformat(str(data["order_date"])),
                "amount": money(data["amount"]),
            }
            return cls(**values)
        except (KeyError, TypeError, ValueError, ArithmeticError) as exc:
            raise AdapterRequestInvalid(f"Платёжное поручение неполно: {exc}", system=SYSTEM) from exc


@dataclass(frozen=True)
class PaymentReceipt:
    request_id: str | None  # the Treasury's id of the cash-expense request; None when rejected unregistered
    status: Literal["accepted", "rejected"]
    reason: str | None = None
    received_at: datetime | None = None

    @property
    def accepted(self) -> bool:
        return self.status == "accepted"

    def to_json(self) -> dict[str, Any]:
        return to_wire(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PaymentReceipt:
        if data["status"] not in ("accepted", "rejected"):
            raise ValueError(f"unknown receipt status {data['status']!r}")
        received = data.get("received_at")
        return cls(
            data.get("request_id"), data["status"], data.get("reason"), received and datetime.fromisoformat(received)
        )


@dataclass(frozen=True)
class AccountStatement:
    """The statement line that proves the money left: attached to the personal file and the order."""

    statement_id: str
    request_id: str
    order_number: str
    operation_date: date
    amount: Decimal
    payer_account: str
    recipient_account: str
    status: str  # "executed"; a "returned" line would mean the bank sent the money back

    def to_json(self) -> dict[str, Any]:
        return to_wire(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> AccountStatement:
        return cls(
            statement_id=data["statement_id"],
            request_id=data["request_id"],
            order_number=data["order_number"],
            operation_date=date.fromisoformat(data["operation_date"]),
            amount=money(data["amount"]),
            payer_account=data["payer_account"],
            recipient_account=data["recipient_account"],
            status=data["status"],
        )


class Treasury(Protocol):
    def send_payment(
        self,
        order: PaymentOrder,
        *,
        idempotency_key: str,
        correlation_key: str | None = None,
        callback_url: str | None = None,
    ) -> PaymentReceipt: ...

    def fetch_statement(self, request_id: str) -> AccountStatement | None: ...


class TreasuryAdapter:
    """The Treasury over HTTP/JSON (PROTOCOLS.md, "Treasury")."""

    def __init__(self, base_url: str, *, timeout: float = 10.0, callback_url: str | None = None) -> None:
        self._http = JsonHttp(SYSTEM, base_url, timeout=timeout)
        self.callback_url = callback_url

    @classmethod
    def from_settings(cls, settings: Settings) -> TreasuryAdapter:
        return cls(
            settings.treasury_url,
            timeout=settings.adapter_timeout_seconds,
            callback_url=messages_url(settings.api_base_url),
        )

    def send_payment(
        self,
        order: PaymentOrder,
        *,
        idempotency_key: str,
        correlation_key: str | None = None,
        callback_url: str | None = None,
    ) -> PaymentReceipt:
        """Submit the cash-expense request; the same key never pays twice (the Treasury replays the receipt).

        The statement message is correlated by `correlation_key`, by default the idempotency key.
        """
        body = {
            "order": order,
            "callback_url": callback_url or self.callback_url,
            "correlation_key": correlation_key or idempotency_key,
        }
        reply = self._http.post("/api/v1/cash-expense-requests", body, idempotency_key=idempotency_key)
        return parse_reply(SYSTEM, reply, PaymentReceipt.from_json)

    def fetch_statement(self, request_id: str) -> AccountStatement | None:
        """The statement of an accepted request, or None while the Treasury has not executed it."""
        reply = self._http.get(f"/api/v1/cash-expense-requests/{quote(request_id, safe='')}/statement")
        if reply.get("status") == "pending":
            return None
        return parse_reply(SYSTEM, reply, lambda body: AccountStatement.from_json(body["statement"]))

    def close(self) -> None:
        self._http.close()


def _order_problems(order: PaymentOrder) -> list[str]:
    problems = []
    for name in ("payer_account", "recipient_account"):
        if not ACCOUNT.fullmatch(str(getattr(order, name))):
            problems.append(f"{name}: нужно 20 цифр")
    if not BIC.fullmatch(str(order.bank_bic)):
        problems.append("bank_bic: нужно 9 цифр")
    if not KBK.fullmatch(str(order.kbk)):
        problems.append("kbk: нужно 20 знаков")
    if not isinstance(order.amount, Decimal) or not order.amount.is_finite() or order.amount <= 0:
        problems.append("amount: нужна положительная сумма Decimal")
    elif order.amount.as_tuple().exponent < -2:
        problems.append("amount: не больше двух знаков после запятой (копейки)")
    if not isinstance(order.order_date, date):
        problems.append("order_date: нужна дата")
    problems += [
        f"{name}: не заполнено" for name in ("order_number", "recipient_name", "purpose") if not getattr(order, name)
    ]
    return problems
