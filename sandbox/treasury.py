"""Emulated Federal Treasury: cash-expense requests, executed once per Idempotency-Key, and the
account statement delivered later as a callback (late or twice, if configured).

Extra admin: GET /_sandbox/payments (count and list of executed payments).
Extra config: rejected_accounts (recipient accounts the Treasury refuses as closed).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from flask import Flask, jsonify, request

from engine import clock
from sandbox.emulator import Emulator, Reply, problem

PATTERNS = {
    "payer_account": r"\d{20}",
    "recipient_account": r"\d{20}",
    "bank_bic": r"\d{9}",
    "kbk": r"[0-9A-ZА-Я]{20}",
    "order_date": r"\d{4}-\d{2}-\d{2}",
    "order_number": r".+",
    "recipient_name": r".+",
    "purpose": r".+",
}
CLOSED_ACCOUNT = "Счёт получателя закрыт или не найден в кредитной организации"


class TreasuryEmulator(Emulator):
    name = "treasury"
    extra_config = {"rejected_accounts": []}

    def reset_state(self) -> None:
        self.requests: dict[str, dict[str, Any]] = {}  # request id → order, receipt, statement
        self.payments: list[dict[str, Any]] = []

    def add_routes(self, app: Flask) -> None:
        app.add_url_rule("/api/v1/cash-expense-requests", view_func=self._submit, methods=["POST"])
        app.add_url_rule("/api/v1/cash-expense-requests/<request_id>/statement", view_func=self._statement)
        app.add_url_rule("/_sandbox/payments", view_func=self._payments)

    def _submit(self) -> Any:
        return self.idempotent(self._execute)

    def _execute(self) -> Reply:
        body = request.get_json(silent=True) or {}
        order = body.get("order") if isinstance(body.get("order"), dict) else {}
        problems = order_problems(order)
        if problems:
            return problem(400, "invalid-order", "Заявка на кассовый расход заполнена неверно", problems=problems)
        received_at = clock.now().isoformat()
        if order["recipient_account"] in self.config["rejected_accounts"]:
            return {"request_id": None, "status": "rejected", "reason": CLOSED_ACCOUNT, "received_at": received_at}, 200
        request_id = self.next_id("ZKR", self.requests)
        receipt = {"request_id": request_id, "status": "accepted", "reason": None, "received_at": received_at}
        self.requests[request_id] = {"order": order, "receipt": receipt, "statement": None}
        self.payments.append({"request_id": request_id, "idempotency_key": request.headers["Idempotency-Key"], **order})
        correlation_key = body.get("correlation_key") or request.headers["Idempotency-Key"]
        self.send_callback(body.get("callback_url"), lambda: self._write_statement(request_id, correlation_key))
        return receipt, 201

    def _write_statement(self, request_id: str, correlation_key: str) -> dict[str, Any]:
        """The statement line of an executed payment, kept for polling and sent as the message."""
        with self.lock:
            order = self.requests[request_id]["order"]
            statement = {
                "statement_id": f"VLS-{request_id.split('-', 1)[1]}",
                "request_id": request_id,
                "order_number": order["order_number"],
                "operation_date": clock.now().date().isoformat(),
                "amount": order["amount"],
                "payer_account": order["payer_account"],
                "recipient_account": order["recipient_account"],
                "status": "executed",
            }
            self.requests[request_id]["statement"] = statement
        return {"name": "treasury_statement", "correlation_key": correlation_key, "payload": statement}

    def _statement(self, request_id: str) -> Any:
        with self.lock:
            known = self.requests.get(request_id)
            if known is None:
                return problem(404, "request-not-found", "Заявка не найдена", request_id=request_id)
            if known["statement"] is None:
                return {"status": "pending", "request_id": request_id}
            return {"status": "ready", "statement": known["statement"]}

    def _payments(self) -> Any:
        with self.lock:
            return jsonify({"count": len(self.payments), "payments": list(self.payments)})


def order_problems(order: dict[str, Any]) -> list[str]:
    problems = [
        f"{name}: не соответствует формату"
        for name, pattern in PATTERNS.items()
        if not re.fullmatch(pattern, str(order.get(name) or ""))
    ]
    amount = order.get("amount")
    try:
        valid = isinstance(amount, str) and Decimal(amount) > 0 and Decimal(amount).as_tuple().exponent >= -2
    except (InvalidOperation, TypeError):  # NaN, Infinity
        valid = False
    if not valid:
        problems.append("amount: нужна положительная сумма строкой, не больше двух знаков после запятой")
    return problems
