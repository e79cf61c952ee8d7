"""Acceptance scenario S12a of the regulation card (shared/regulations/primorye-relocation.md,
section 15): a complaint against the S05b order refusing the financial support (ground RF-B) is
satisfied, answered, and remedied: the refusal is cancelled, the director signs a grant order and
the FS is paid through the Treasury.

Section V, 5.6: registered on the day of receipt, reviewed within 15 working days, a motivated
answer not later than the day after the decision, and the violation remedied, "including issuing
the result of the service", within 5 working days of the decision. The complaint (shared process
`complaint`) decides and keeps the 5.6 terms; the remedy runs as the case `primorye_fs_remedy` of
the contested case, which the complaint starts and waits for (bpmn/primorye/fs_remedy.bpmn).
Dates: RU-PRI 2026 production calendar (1 and 11 May off, 8 May closes at 17:00), office 09:00-18:00.
"""

from __future__ import annotations

from decimal import Decimal

import payloads as p
from office import Case, at
from relocation import (
    fs_documents_arrive,
    hired_on_6_march,
    paid,
    refusal_signed_and_acquainted,
)

S02_LINES = [  # the V2 expense lines of S02/S05: 9 000.00 + 12 000.40
    p.expense("travel", "9000.00", "Билеты на 3 чел.", "Иванова М. П. и члены семьи (3 чел.)"),
    p.expense("property_transport", "12000.40", "Транспортная накладная"),
]
CASE = "ПР-2026-0012"
COMPLAINT = "ЖАЛ-2026-0012"
COMPLAINT_NUMBER = "Ж-2026-15"  # payloads.complaint_registration's registration number
NBSP = "\u00a0"  # groups thousands in the amounts of letters


def refused_on_7_april(office, key: str) -> Case:
    """S05b: a V2 case hired on Fri 6 Mar; the documents come on Tue 7 Apr, a day after the 30-day
    window (rolled to Mon 6 Apr), and the FS is refused on ground б (RF-B) under signature."""
    case = hired_on_6_march(office, key)
    fs_documents_arrive(case, "2026-04-07")
    case.do("check_fs_documents", p.fs_check("2026-04-07", "2026-03-06", S02_LINES))
    return refusal_signed_and_acquainted(case, "2026-04-07")


def remedy_started_by(complaint: Case) -> Case:
    """The remedy case the complaint opened (its step `start_fs_remedy` returns the case)."""
    [started] = [
        e for e in complaint.history() if e["action"] == "service.completed" and e["element_id"] == "start_fs_remedy"
    ]
    case = started["data"]["result"]
    return Case(complaint.office, case["instance_id"], case["business_key"])


def complaint_under_review(office) -> Case:
    """Mon 13 Apr: the complaint reaches the ministry by post, is registered and goes to review."""
    office.on(2026, 4, 13, 10)
    complaint = office.open_case("complaint", {}, COMPLAINT)
    contested = f"Приказ об отказе в ФП № 1-ОТК/2026 от 07.04.2026 (дело {CASE})"
    complaint.do(
        "register_complaint", p.complaint_registration("2026-04-13", "service_refusal", contested_decision=contested)
    )
    return complaint.do("triage_complaint", {"triage_outcome": "review"})


def granted_and_paid(remedy: Case, callbacks) -> Case:
    """The director signs the order on Wed 6 May, the citizen (who wrote from home) gets a postal
    notice (A22), the FS is accrued on Thu 7 May and the Treasury's statement comes on Fri 8 May."""
    remedy.office.on(2026, 5, 6, 10)
    remedy.do("sign_remedy_grant_order", p.signature("2026-05-06"))
    remedy.office.on(2026, 5, 6, 11)
    remedy.do("acquaint_remedy_grant", p.acquaintance("2026-05-06", "postal_notice"))
    remedy.office.on(2026, 5, 7, 10)
    return paid(remedy, callbacks, "2026-05-07", "2026-05-08")


def test_s12a_complaint_against_the_s05b_refusal_is_satisfied_and_the_fs_granted_and_paid_within_5_working_days(
    office, outside, callbacks
):
    refused = refused_on_7_april(office, CASE)
    assert outside.recorded("3.3.2.9 fs_refusal_order")["order_number"] == "1-ОТК/2026"
    complaint = complaint_under_review(office)
    assert complaint.due_of("review_complaint") == at(2026, 5, 5, 18)  # 5.6: 15 wd from 13 Apr, 1 May off

    office.on(2026, 5, 5, 15)  # satisfied on the due date: the refusal is to be cancelled and the FS granted
    decision = {**p.complaint_decision("2026-05-05"), "remedy_route": "fs_grant", "contested_case_key": CASE}
    complaint.do("review_complaint", decision)
    assert complaint.ready() == ["send_complaint_answer"]
    assert complaint.due_of("send_complaint_answer") == at(2026, 5, 6, 18)  # 5.6: the day after the decision
    assert complaint.deadline("t_remedy_fs")["due"] == at(2026, 5, 13, 18)  # 5.6: 5 wd, 9-11 May off
    assert complaint.deadline("t_remedy_fs")["clause"] == "5.6"

    remedy = remedy_started_by(complaint)  # started at once, in the contested case's office
    assert remedy.business_key == f"{CASE}/{COMPLAINT_NUMBER}"
    assert remedy.detail()["office"] == refused.detail()["office"] == "vladivostok"
    assert remedy.ready() == ["sign_remedy_grant_order"]
    assert remedy.data()["fs_amount"] == "21000.40" and remedy.data()["file_id"] == refused.data()["file_id"]

    office.on(2026, 5, 5, 16)
    complaint.do("send_complaint_answer", p.complaint_answer("2026-05-05"))
    assert complaint.status() == "running" and complaint.deadlines()["t_remedy_fs"][1] == "pending"
    granted_and_paid(remedy, callbacks)

    # the complaint: decided, answered, and closed when the remedy case reported the transfer
    assert complaint.status() == "completed"
    assert complaint.walked(
        "register_complaint", "triage_complaint", "review_complaint", "prepare_fs_remedy_key", "start_fs_remedy",
        "send_complaint_answer", "notify_complaint_answer", "wait_fs_remedy", "end_complaint_closed",
    )  # fmt: skip
    assert "remedy_violation" not in complaint.completed()
    assert complaint.deadlines() == {
        "t_register_complaint": (at(2026, 4, 13, 18), "met"),  # 5.6: the day of receipt
        "t_review": (at(2026, 5, 5, 18), "met"),
        "t_answer": (at(2026, 5, 6, 18), "met"),
        "t_remedy_fs": (at(2026, 5, 13, 18), "met"),
    }
    assert complaint.data()["fs_remedy_result"]["amount"] == "21000.40"

    # the remedy: order, signature, acquaintance, register, payment, report back
    assert remedy.status() == "completed"
    assert remedy.walked(
        "prepare_fs_remedy", "number_remedy_grant_order", "render_remedy_grant_order", "sign_remedy_grant_order",
        "acquaint_remedy_grant", "notify_remedy_grant_postal", "rec_refusal_cancelled", "rec_remedy_grant_order",
        "accrue_payment", "send_payment", "wait_statement", "archive_personal_file", "rec_transfer",
        "report_fs_remedy", "end_fs_remedy",
    )  # fmt: skip
    assert remedy.deadlines() == {}  # the 5.6 term is the complaint's; the ordinary transfer terms lapsed long ago
    assert remedy.documents()["grant_order"]["number"] == "1-ФП/2026"  # numbered like any grant order

    # the register: the refusal cancelled, the grant order, the transfer, in that order
    procedures = outside.procedures()
    assert procedures[procedures.index("3.3.2.9 fs_refusal_order") :] == [
        "3.3.2.9 fs_refusal_order", "5.6 fs_refusal_cancelled", "3.3.2.10 fs_grant_order", "3.3.2.11 fs_transferred",
    ]  # fmt: skip
    assert outside.recorded("5.6 fs_refusal_cancelled") == {
        "order_number": "1-ОТК/2026",
        "order_date": "2026-04-07",
        "grounds": ["RF-B"],
        "cancelled_by_order": "1-ФП/2026",
        "cancelled_on": "2026-05-06",
        "complaint_number": COMPLAINT_NUMBER,
        "complaint_decided_on": "2026-05-05",
    }
    grant = outside.recorded("3.3.2.10 fs_grant_order")
    assert (grant["order_number"], grant["order_date"], grant["amount"]) == ("1-ФП/2026", "2026-05-05", "21000.40")
    assert grant["cancels_order"] == "1-ОТК/2026" and grant["acquaintance"] == "postal_notice"
    assert grant["expense_documents"] == ["Билеты на 3 чел.", "Транспортная накладная"]
    transfer = outside.recorded("3.3.2.11 fs_transferred")
    assert (transfer["order_number"], transfer["amount"]) == ("1-ФП/2026", "21000.40")

    # the Treasury: exactly one cash-expense request, for the sum of the expense lines
    [request] = outside.treasury_requests()
    order = request["json"]["order"]
    assert order["amount"] == "21000.40" and order["recipient_account"] == p.ACCOUNT
    assert "1-ФП/2026" in order["purpose"]
    assert outside.paid_amounts() == [Decimal("21000.40")]

    # the letters: the answer to the complaint and the notice of the grant, both by post
    letters = {letter["subject"]: letter["text"] for letter in outside.postal_letters()}
    assert sorted(letter["subject"] for letter in outside.postal_letters()) == [
        "Ответ на Вашу жалобу", "Уведомление об оказании финансовой поддержки",
    ]  # fmt: skip
    assert "удовлетворена" in letters["Ответ на Вашу жалобу"]
    notice = letters["Уведомление об оказании финансовой поддержки"]
    assert "1-ОТК/2026" in notice and "отменён" in notice
    assert "1-ФП/2026" in notice and f"21{NBSP}000,40 руб." in notice

    # the contested case keeps its history: it ended with the refusal, which the remedy case cancelled
    assert refused.status() == "completed" and refused.data()["fs_outcome"] == "refused"
