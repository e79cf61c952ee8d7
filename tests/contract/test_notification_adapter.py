from __future__ import annotations

from decimal import Decimal

import pytest

from worker.adapters.errors import AdapterRequestInvalid, PermanentAdapterError, TransientAdapterError
from worker.adapters.notifications import NotificationAdapter, choose_channels

PAYMENT = {
    "full_name": "Иванова Мария Петровна",
    "order_number": "ФП-15",
    "order_date": "2026-03-02",
    "amount": Decimal("45000.10"),
    "account_tail": "2345",
}
VISIT = {
    "full_name": "Сидоров Алексей Игоревич",
    "visit_at": "2026-03-10T10:00:00+10:00",
    "office_address": "г. Владивосток, ул. Тигровая, 7, каб. 12",
    "purpose": "подписание договора",
}


@pytest.fixture
def notifications(sandbox_settings):
    adapter = NotificationAdapter.from_settings(sandbox_settings)
    yield adapter
    adapter.close()


def test_channels_follow_portal_then_email_then_sms_then_post():
    contacts = {
        "postal_address": "690091, Владивосток",
        "phone": "+79140000000",
        "email": "a@b.ru",
        "portal_account": "1000123",
    }

    assert choose_channels(contacts) == ["portal", "email", "sms", "post"]
    assert choose_channels({"phone": "+79140000000", "email": " "}) == ["sms"]
    assert choose_channels({}) == []


def test_channel_the_applicant_asked_for_comes_first():
    contacts = {"portal_account": "1000123", "postal_address": "690091, Владивосток", "preferred_channel": "post"}

    assert choose_channels(contacts) == ["post", "portal"]


def test_email_arrives_with_russian_text_and_the_applicants_name(notifications, sandbox):
    receipt = notifications.notify(
        "payment_made", PAYMENT, {"email": "ivanova@example.ru"}, idempotency_key="case-1:notify-payment"
    )

    [letter] = sandbox.smtp.matching(to="ivanova@example.ru")
    assert receipt.channel == "email"
    assert letter["subject"] == "Финансовая поддержка перечислена"
    assert "Уважаемый(ая) Иванова Мария Петровна!" in letter["body"]
    assert "45\u00a0000,10 руб." in letter["body"]
    assert letter["headers"]["To"] == "Иванова Мария Петровна <ivanova@example.ru>"


def test_email_carries_the_idempotency_key_and_a_message_id_derived_from_it(notifications, admin):
    for _ in range(2):
        notifications.notify("payment_made", PAYMENT, {"email": "ivanova@example.ru"}, idempotency_key="case-1:n")

    first, second = admin.get("mailbox", "/_sandbox/messages", idempotency_key="case-1:n")
    assert first["headers"]["X-Idempotency-Key"] == "case-1:n"
    assert first["message_id"] == second["message_id"]


def test_portal_account_is_preferred_over_email(notifications, admin, sandbox):
    contacts = {"portal_account": "1000123", "email": "sidorov@example.ru"}

    receipt = notifications.notify("visit_invitation", VISIT, contacts, idempotency_key="case-2:invite")

    [notice] = admin.get("portal", "/_sandbox/notifications")
    assert receipt.channel == "portal"
    assert notice["account"] == "1000123"
    assert notice["subject"] == "Приглашение в центр занятости населения 10 марта 2026 г. в 10:00"
    assert sandbox.smtp.matching(to="sidorov@example.ru") == []


def test_unknown_portal_account_falls_back_to_email(notifications, admin, sandbox):
    admin.configure("portal", closed_accounts=["1000123"])
    contacts = {"portal_account": "1000123", "email": "sidorov@example.ru"}

    receipt = notifications.notify("visit_invitation", VISIT, contacts, idempotency_key="case-2:invite")

    assert receipt.channel == "email"
    assert receipt.refused == ("portal",)
    assert len(sandbox.smtp.matching(to="sidorov@example.ru")) == 1


def test_repeated_sms_with_the_same_key_is_sent_once(notifications, admin):
    for _ in range(2):
        notifications.notify("visit_invitation", VISIT, {"phone": "8 (914) 000-00-01"}, idempotency_key="case-2:sms")

    [sms] = admin.get("sms", "/_sandbox/messages")
    assert sms["phone"] == "+79140000001"
    assert sms["text"].startswith("Ждём Вас 10 марта 2026 г. в 10:00")


def test_postal_letter_is_queued_for_printing(notifications, admin):
    receipt = notifications.notify(
        "refusal",
        {
            "full_name": "Ким Ольга Витальевна",
            "service_name": "финансовая поддержка при переезде",
            "decision_date": "2026-03-05",
            "grounds": ["Заявление подано с нарушением срока"],
        },
        {"postal_address": "690091, г. Владивосток, ул. Светланская, д. 1, кв. 2"},
        idempotency_key="case-3:refusal",
    )

    [letter] = admin.get("portal", "/_sandbox/letters")
    assert receipt.channel == "post"
    assert letter["recipient"] == "Ким Ольга Витальевна"
    assert "1. Заявление подано с нарушением срока" in letter["text"]


def test_mail_server_asking_to_try_later_is_a_transient_error(notifications, admin):
    admin.configure("mailbox", reject_next=1, reject_code=451)

    with pytest.raises(TransientAdapterError) as caught:
        notifications.notify("payment_made", PAYMENT, {"email": "ivanova@example.ru"}, idempotency_key="k")

    assert caught.value.status == 451


def test_mailbox_refused_by_the_mail_server_is_a_permanent_error(notifications, admin):
    admin.configure("mailbox", rejected_recipients=["ivanova@example.ru"])

    with pytest.raises(PermanentAdapterError) as caught:
        notifications.notify("payment_made", PAYMENT, {"email": "ivanova@example.ru"}, idempotency_key="k")

    assert caught.value.status == 550


def test_sms_gateway_outage_is_a_transient_error_not_a_fallback(notifications, admin):
    admin.configure("sms", force_status=503, force_count=1)

    with pytest.raises(TransientAdapterError):
        notifications.notify(
            "visit_invitation", VISIT, {"phone": "+79140000001", "postal_address": "690091"}, idempotency_key="k"
        )

    assert admin.get("portal", "/_sandbox/letters") == []


def test_applicant_without_contacts_cannot_be_notified(notifications):
    with pytest.raises(AdapterRequestInvalid):
        notifications.notify("payment_made", PAYMENT, {}, idempotency_key="k")


def test_template_missing_data_is_refused(notifications):
    with pytest.raises(AdapterRequestInvalid):
        notifications.notify(
            "payment_made", {"full_name": "Иванова"}, {"email": "ivanova@example.ru"}, idempotency_key="k"
        )
