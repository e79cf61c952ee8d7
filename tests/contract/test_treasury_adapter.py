from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from worker.adapters.errors import AdapterRequestInvalid, PermanentAdapterError, TransientAdapterError
from worker.adapters.treasury import AccountStatement, PaymentOrder, TreasuryAdapter

CITIZEN_ACCOUNT = "40817810500000012345"


def order(**changes) -> PaymentOrder:
    values = dict(
        order_number="ФП-15",
        order_date=date(2026, 3, 2),
        payer_account="03212643000000012000",
        recipient_name="Иванова Мария Петровна",
        recipient_account=CITIZEN_ACCOUNT,
        bank_bic="040507001",
        amount=Decimal("45000.10"),
        purpose="Финансовая поддержка при переезде, приказ № 12 от 27.02.2026",
        kbk="82310401040000000321",
    )
    return PaymentOrder(**{**values, **changes})


@pytest.fixture
def treasury(sandbox_settings):
    adapter = TreasuryAdapter.from_settings(sandbox_settings)
    yield adapter
    adapter.close()


def test_accepted_payment_gets_a_treasury_request_id(treasury):
    receipt = treasury.send_payment(order(), idempotency_key="case-1:pay")

    assert receipt.accepted
    assert receipt.request_id


def test_same_idempotency_key_pays_once(treasury, admin):
    first = treasury.send_payment(order(), idempotency_key="case-1:pay")
    again = treasury.send_payment(order(), idempotency_key="case-1:pay")

    assert again == first
    assert admin.get("treasury", "/_sandbox/payments")["count"] == 1


def test_different_keys_are_different_payments(treasury, admin):
    treasury.send_payment(order(), idempotency_key="case-1:pay")
    treasury.send_payment(order(order_number="ФП-16"), idempotency_key="case-2:pay")

    assert admin.get("treasury", "/_sandbox/payments")["count"] == 2


def test_money_travels_as_a_decimal_string(treasury, admin):
    treasury.send_payment(order(amount=Decimal("0.10")), idempotency_key="case-1:pay")

    sent = admin.get("treasury", "/_sandbox/received", path="/api/v1/cash-expense-requests")[0]
    assert sent["json"]["order"]["amount"] == "0.10"
    assert sent["idempotency_key"] == "case-1:pay"


def test_closed_recipient_account_is_a_rejected_receipt_with_the_reason(treasury, admin):
    admin.configure("treasury", rejected_accounts=[CITIZEN_ACCOUNT])

    receipt = treasury.send_payment(order(), idempotency_key="case-1:pay")

    assert receipt.status == "rejected"
    assert "закрыт" in receipt.reason
    assert admin.get("treasury", "/_sandbox/payments")["count"] == 0


def test_statement_arrives_as_a_message_correlated_by_the_idempotency_key(treasury, message_receiver):
    receipt = treasury.send_payment(order(), idempotency_key="case-1:pay")

    [delivered] = message_receiver.wait_for(lambda body: body["correlation_key"] == "case-1:pay")
    assert delivered["path"] == "/api/v1/messages"
    message = delivered["json"]
    assert set(message) == {"name", "correlation_key", "payload"}
    assert message["name"] == "treasury_statement"
    statement = AccountStatement.from_json(message["payload"])
    assert statement.request_id == receipt.request_id
    assert statement.amount == Decimal("45000.10")


def test_statement_goes_to_the_callback_url_and_correlation_key_given(treasury, message_receiver):
    treasury.send_payment(
        order(),
        idempotency_key="case-1:pay",
        correlation_key="ФП-15",
        callback_url=f"{message_receiver.url}/hooks/treasury",
    )

    [delivered] = message_receiver.wait_for(lambda body: body["correlation_key"] == "ФП-15")
    assert delivered["path"] == "/hooks/treasury"


def test_statement_sent_twice_carries_the_same_payload_both_times(treasury, admin, message_receiver):
    admin.configure("treasury", callback_copies=2)

    treasury.send_payment(order(), idempotency_key="case-1:pay")

    first, second = message_receiver.wait_for(lambda body: body["correlation_key"] == "case-1:pay", count=2)
    assert first["json"] == second["json"]


def test_statement_can_be_polled_once_executed(treasury, message_receiver):
    receipt = treasury.send_payment(order(), idempotency_key="case-1:pay")
    message_receiver.wait_for(lambda body: body["correlation_key"] == "case-1:pay")

    statement = treasury.fetch_statement(receipt.request_id)

    assert statement.order_number == "ФП-15"
    assert statement.status == "executed"


def test_statement_is_pending_while_the_treasury_has_not_executed(treasury, admin):
    admin.configure("treasury", callback_delay_seconds=60)
    receipt = treasury.send_payment(order(), idempotency_key="case-1:pay")

    assert treasury.fetch_statement(receipt.request_id) is None


def test_unavailable_treasury_is_a_transient_error(treasury, admin):
    admin.configure("treasury", force_status=503, force_count=1)

    with pytest.raises(TransientAdapterError) as caught:
        treasury.send_payment(order(), idempotency_key="case-1:pay")

    assert caught.value.status == 503
    assert caught.value.system == "treasury"
    assert caught.value.transient


def test_retry_after_a_503_pays_once(treasury, admin):
    admin.configure("treasury", force_status=503, force_count=1)
    with pytest.raises(TransientAdapterError):
        treasury.send_payment(order(), idempotency_key="case-1:pay")

    assert treasury.send_payment(order(), idempotency_key="case-1:pay").accepted
    assert admin.get("treasury", "/_sandbox/payments")["count"] == 1


def test_throttled_treasury_is_a_transient_error(treasury, admin):
    admin.configure("treasury", force_status=429, force_count=1)

    with pytest.raises(TransientAdapterError):
        treasury.send_payment(order(), idempotency_key="case-1:pay")


def test_bad_request_is_permanent_and_carries_the_reply_body(treasury, admin):
    reply = {"code": "kbk-unknown", "message": "КБК не найден в сводной росписи", "details": {}}
    admin.configure("treasury", force_status=400, force_count=1, force_body=reply)

    with pytest.raises(PermanentAdapterError) as caught:
        treasury.send_payment(order(), idempotency_key="case-1:pay")

    assert caught.value.status == 400
    assert caught.value.body == reply
    assert caught.value.as_dict()["details"]["body"] == reply
    assert not caught.value.transient


def test_slow_treasury_times_out_as_a_transient_error(sandbox_settings, admin):
    admin.configure("treasury", latency_seconds=2.0)
    impatient = TreasuryAdapter(sandbox_settings.treasury_url, timeout=0.2)

    with pytest.raises(TransientAdapterError) as caught:
        impatient.send_payment(order(), idempotency_key="case-1:pay")

    impatient.close()
    assert caught.value.details["reason"] == "timeout"


def test_unreachable_treasury_is_a_transient_error():
    nowhere = TreasuryAdapter("http://127.0.0.1:9", timeout=1.0)

    with pytest.raises(TransientAdapterError) as caught:
        nowhere.send_payment(order(), idempotency_key="case-1:pay")

    nowhere.close()
    assert caught.value.details["reason"] == "connection"


@pytest.mark.parametrize(
    "changes",
    [
        {"recipient_account": "4081781050000001234"},
        {"bank_bic": "04050700"},
        {"kbk": "8231040104000000032"},
        {"amount": Decimal("10.005")},
        {"amount": Decimal("0")},
    ],
)
def test_malformed_order_is_refused_before_anything_is_sent(changes, admin):
    with pytest.raises(AdapterRequestInvalid):
        order(**changes)

    assert admin.get("treasury", "/_sandbox/received") == []


def test_order_from_task_data_refuses_float_money():
    data = {**order().__dict__, "order_date": "2026-03-02", "amount": 45000.1}

    with pytest.raises(AdapterRequestInvalid):
        PaymentOrder.from_json(data)
    assert PaymentOrder.from_json({**data, "amount": "45000.10"}) == order()


def test_random_failures_repeat_with_the_same_seed(treasury, admin):
    def outcomes() -> list[str]:
        admin.configure("treasury", failure_rate=0.5, seed=7)
        seen = []
        for number in range(12):
            try:
                treasury.send_payment(order(), idempotency_key=f"case-{number}:pay")
                seen.append("ok")
            except TransientAdapterError:
                seen.append("503")
        return seen

    first = outcomes()
    admin.post("treasury", "/_sandbox/reset", {})
    assert outcomes() == first
    assert "ok" in first and "503" in first
