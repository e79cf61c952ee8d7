"""Correction of typos and errors in documents issued as the result of the service (3.4 of the
Primorye relocation regulation), the shared process `typo_correction` started on its own, on the
dates of scenario S11 of the card.

3.4: the application is registered on the day it is received; the review and the issue of the
corrected document or a motivated refusal take 5 working days from receipt (the target), and the
whole procedure takes not more than 6 working days from registration (the hard limit, card A13).
"""

from __future__ import annotations

import payloads as p
from office import at

TYPO = "typo_correction"
CORRECTED = {
    "typo_decision": "correct",
    "typo_correction_text": "Дата трудоустройства: 02.04.2026",
    "typo_refusal_reasons": "",
}
REFUSED = {
    "typo_decision": "refuse",
    "typo_correction_text": "",
    "typo_refusal_reasons": "Дата трудоустройства указана верно: она совпадает с гарантийным письмом работодателя",
}


def registered_by_post(office, key: str):
    office.on(2026, 10, 29, 10)  # Thu 29 Oct: the application with a copy of the referral arrives by post
    case = office.open_case(TYPO, {}, key)
    assert case.due_of("register_typo_application") == at(2026, 10, 29, 18)  # the same day
    return case.do("register_typo_application", p.typo_registration("2026-10-29"))


def test_typo_in_the_referral_is_corrected_within_5_working_days_skipping_the_4_november_holiday(office, outside):
    case = registered_by_post(office, "ОП-2026-0001")
    assert case.due_of("review_typo_application") == at(2026, 11, 6, 18)  # 5 wd: 30 Oct, 2, 3, 5, 6 Nov
    office.on(2026, 11, 3, 11)  # Tue 3 Nov, a shortened pre-holiday day
    case.do("review_typo_application", CORRECTED)
    assert case.due_of("issue_typo_result") == at(2026, 11, 6, 18)  # the 5 wd of 3.4 include the issue
    case.do("issue_typo_result", {"typo_issued_on": "2026-11-03", "typo_issue_channel": "post"})

    assert case.status() == "completed"
    assert case.deadlines() == {
        "t_typo_register": (at(2026, 10, 29, 18), "met"),
        "t_typo_target": (at(2026, 11, 6, 18), "met"),
        "t_typo_limit": (at(2026, 11, 9, 18), "met"),
    }
    corrected = case.documents()["referral"]
    assert corrected["number"] == "Н-2026-0042"  # the corrected referral keeps its number
    pdf = office.api.pdf(corrected["id"])
    assert pdf.startswith(b"%PDF") and len(pdf) > 1000
    [letter] = outside.postal_letters()  # the method of informing the applicant chose: post
    assert letter["subject"] == "Опечатка в документе исправлена"
    assert letter["address"] == p.CONTACTS["postal_address"]


def test_typo_correction_may_end_in_a_motivated_refusal_that_can_be_appealed(office, outside):
    case = registered_by_post(office, "ОП-2026-0002")
    office.on(2026, 11, 2, 11)
    case.do("review_typo_application", REFUSED)
    case.do("issue_typo_result", {"typo_issued_on": "2026-11-02", "typo_issue_channel": "post"})

    assert case.status() == "completed"
    refusal = case.documents()["written_refusal"]
    assert office.api.pdf(refusal["id"]).startswith(b"%PDF")
    [letter] = outside.postal_letters()
    assert letter["subject"] == "Отказ в исправлении опечатки" and "пяти рабочих дней" in letter["text"]  # 5.6


def test_a_result_issued_on_the_6th_working_day_breaches_the_5_day_target_but_meets_the_6_day_limit(office, outside):
    case = registered_by_post(office, "ОП-2026-0004")
    office.on(2026, 11, 5, 11)  # Thu 5 Nov: decided within the target...
    case.do("review_typo_application", CORRECTED)
    assert case.due_of("issue_typo_result") == at(2026, 11, 6, 18)

    office.on(2026, 11, 6, 18)  # ...but the corrected referral is not issued by the close of the 5th working day
    assert case.ready() == ["escalate_typo_target", "issue_typo_result"]
    assert case.due_of("issue_typo_result") == at(2026, 11, 9, 18)  # what is left: 6 wd from registration
    office.on(2026, 11, 9, 11)  # Mon 9 Nov, the 6th working day
    case.do("issue_typo_result", {"typo_issued_on": "2026-11-09", "typo_issue_channel": "post"})
    case.do("escalate_typo_target", p.escalation("2026-11-09", "Направление выдано на шестой рабочий день"))

    assert case.status() == "completed"
    assert case.deadlines() == {
        "t_typo_register": (at(2026, 10, 29, 18), "met"),
        "t_typo_target": (at(2026, 11, 6, 18), "breached"),  # 3.4: issued after the 5 working days from receipt
        "t_typo_limit": (at(2026, 11, 9, 18), "met"),  # 3.4: within 6 working days from registration
    }
    [letter] = outside.postal_letters()
    assert letter["subject"] == "Опечатка в документе исправлена"


def test_typo_correction_past_the_target_and_the_hard_limit_escalates_to_the_director_each_time(office):
    case = registered_by_post(office, "ОП-2026-0003")

    office.on(2026, 11, 6, 18)  # the 5th working day closes without a decision
    assert case.ready() == ["escalate_typo_target", "review_typo_application"]
    case.do("escalate_typo_target", p.escalation("2026-11-06", "Исправить направление в первый рабочий день"))
    office.on(2026, 11, 9, 17)
    case.do("review_typo_application", CORRECTED)
    office.on(2026, 11, 9, 18)  # ...and the 6th closes before the corrected document is sent
    assert case.ready() == ["escalate_typo_limit", "issue_typo_result"]
    office.on(2026, 11, 10, 10)
    case.do("issue_typo_result", {"typo_issued_on": "2026-11-10", "typo_issue_channel": "post"})
    case.do("escalate_typo_limit", p.escalation("2026-11-10"))

    assert case.status() == "completed"
    assert case.deadlines() == {
        "t_typo_register": (at(2026, 10, 29, 18), "met"),
        "t_typo_target": (at(2026, 11, 6, 18), "breached"),
        "t_typo_limit": (at(2026, 11, 9, 18), "breached"),
    }
