"""Pre-trial complaint (section V of the Primorye relocation regulation), the shared process
`complaint` started on its own, on the dates of scenario S12 of the card.

5.6: registered on the day of receipt; reviewed within 15 working days of registration, or 5 for
a refused acceptance of documents, a refused typo correction or a late correction; a motivated
answer not later than the day after the decision; a satisfied complaint remedied within 5 working
days of the decision. 5.8: a notice within 7 calendar days when the complaint is left without an
answer on the merits. 5.9: redirected within 3 working days. 5.4: the MFC forwards a complaint to
the ministry not later than the next working day.
"""

from __future__ import annotations

import payloads as p
from office import at

COMPLAINT = "complaint"


def registered(office, key: str, on: str, subject: str, **changes):
    case = office.open_case(COMPLAINT, {}, key)
    case.do("register_complaint", p.complaint_registration(on, subject, **changes))
    return case


def test_complaint_is_reviewed_within_15_working_days_answered_next_day_and_remedied_within_5(office, outside):
    office.on(2026, 4, 13, 10)  # Mon 13 Apr, by post to the ministry (S12 a)
    case = registered(office, "ЖАЛ-2026-0001", "2026-04-13", "service_refusal")
    assert case.deadline("t_register_complaint")["due"] == at(2026, 4, 13, 18)  # 5.6: the day of receipt
    case.do("triage_complaint", {"triage_outcome": "review"})
    assert case.due_of("review_complaint") == at(2026, 5, 5, 18)  # 15 wd: 1 May off, 2-3 May weekend

    office.on(2026, 5, 5, 16)
    case.do("review_complaint", p.complaint_decision("2026-05-05", "satisfy"))
    assert case.due_of("send_complaint_answer") == at(2026, 5, 6, 18)  # the day after the decision
    assert case.due_of("remedy_violation") == at(2026, 5, 13, 18)  # 5 wd from 5 May, 11 May off
    case.do("send_complaint_answer", p.complaint_answer("2026-05-05"))
    office.on(2026, 5, 12, 15)
    case.do("remedy_violation", p.complaint_remedy("2026-05-12"))

    assert case.status() == "completed"
    assert case.deadlines() == {
        "t_register_complaint": (at(2026, 4, 13, 18), "met"),
        "t_review": (at(2026, 5, 5, 18), "met"),
        "t_answer": (at(2026, 5, 6, 18), "met"),
        "t_remedy": (at(2026, 5, 13, 18), "met"),
    }
    [answer] = outside.postal_letters()  # the complaint came on paper: the answer goes by post
    assert answer["subject"] == "Ответ на Вашу жалобу" and "удовлетворена" in answer["text"]


def test_complaint_not_reviewed_in_time_escalates_and_the_answer_term_follows_the_late_decision(office, outside):
    office.on(2026, 4, 13, 10)
    case = registered(office, "ЖАЛ-2026-0002", "2026-04-13", "service_term")
    case.do("triage_complaint", {"triage_outcome": "review"})

    office.on(2026, 5, 5, 18)  # the 15th working day closes without a decision
    assert case.ready() == ["escalate_review", "review_complaint"]
    assert case.deadlines()["t_review"] == (at(2026, 5, 5, 18), "breached")
    case.do("escalate_review", p.escalation("2026-05-06", "Рассмотреть жалобу незамедлительно"))
    office.on(2026, 5, 6, 11)
    case.do("review_complaint", p.complaint_decision("2026-05-06", "refuse"))
    assert case.due_of("send_complaint_answer") == at(2026, 5, 7, 18)
    case.do(
        "send_complaint_answer",
        {**p.complaint_answer("2026-05-06"), "answer_summary": "Отказано: доводы не подтвердились"},
    )

    assert case.status() == "completed" and "remedy_violation" not in case.completed()
    [answer] = outside.postal_letters()
    assert "отказано" in answer["text"] and "обжаловано" in answer["text"]  # reasons and how to appeal (5.6)


def test_complaint_about_a_refused_typo_correction_is_reviewed_within_5_working_days(office, outside):
    office.on(2026, 4, 13, 10)  # S12 b
    case = registered(office, "ЖАЛ-2026-0003", "2026-04-13", "refused_correction")
    case.do("triage_complaint", {"triage_outcome": "review"})
    assert case.due_of("review_complaint") == at(2026, 4, 20, 18)  # 5.6: 5 wd, Mon 20 Apr
    assert case.deadline("t_review")["term"] == "5wd"

    office.on(2026, 4, 17, 11)  # Fri 17 Apr: satisfied, the referral is to be corrected
    case.do("review_complaint", {**p.complaint_decision("2026-04-17"), "remedy_measures": "Исправить направление"})
    # 5.6: the day after the decision is Sat 18 Apr, so the answer is due Mon 20 Apr (Civil Code art. 193)
    assert case.due_of("send_complaint_answer") == at(2026, 4, 20, 18)
    assert case.due_of("remedy_violation") == at(2026, 4, 24, 18)  # 5.6: 5 wd from Fri 17 Apr
    office.on(2026, 4, 20, 10)
    case.do("send_complaint_answer", p.complaint_answer("2026-04-20"))
    office.on(2026, 4, 22, 15)
    case.do(
        "remedy_violation", {"remedy_done_on": "2026-04-22", "remedy_description": "Направление исправлено, выдано"}
    )

    assert case.status() == "completed"
    assert case.walked(
        "register_complaint", "set_complaint_terms", "triage_complaint", "review_complaint", "send_complaint_answer",
        "notify_complaint_answer", "remedy_violation", "end_complaint_closed",
    )  # fmt: skip
    assert case.deadlines() == {
        "t_register_complaint": (at(2026, 4, 13, 18), "met"),
        "t_review": (at(2026, 4, 20, 18), "met"),
        "t_answer": (at(2026, 4, 20, 18), "met"),
        "t_remedy": (at(2026, 4, 24, 18), "met"),
    }
    [answer] = outside.postal_letters()
    assert answer["subject"] == "Ответ на Вашу жалобу" and "удовлетворена" in answer["text"]
    assert outside.treasury_requests() == []  # the remedy is the official's: a corrected document, no money


def test_complaint_whose_substance_cannot_be_determined_gets_a_notice_within_7_calendar_days(office, outside):
    office.on(2026, 4, 13, 10)  # S12 c
    case = registered(office, "ЖАЛ-2026-0004", "2026-04-13", "other")
    case.do("triage_complaint", {"triage_outcome": "no_answer", "triage_reason": "Текст не позволяет определить суть"})
    assert case.due_of("prepare_no_answer_notice") == at(2026, 4, 20, 18)  # 5.8: 13 Apr + 7 days
    office.on(2026, 4, 16, 10)
    case.do("prepare_no_answer_notice", {"no_answer_ground": "CL-3"})

    assert case.status() == "completed" and case.deadlines()["t_no_answer_notice"][1] == "met"
    [notice] = outside.postal_letters()
    assert notice["subject"] == "Сообщение по Вашей жалобе" and "CL-3" in notice["text"]
    assert outside.treasury_requests() == []


def test_complaint_against_an_mfc_employee_is_redirected_to_the_mfc_head_within_3_working_days(office, outside):
    office.on(2026, 4, 13, 10)  # S12 d: sent to the ministry, but 5.4 gives it to the MFC head
    case = registered(office, "ЖАЛ-2026-0005", "2026-04-13", "other", complaint_respondent="Работник МФЦ")
    case.do("triage_complaint", {"triage_outcome": "redirect"})
    assert case.due_of("redirect_complaint") == at(2026, 4, 16, 18)  # 5.9: 3 wd, Thu 16 Apr
    office.on(2026, 4, 15, 10)
    case.do("redirect_complaint", {
        "redirected_to": "Руководитель КГАУ «МФЦ Приморского края»", "redirected_on": "2026-04-15",
        "applicant_informed_in_writing": True,
    })  # fmt: skip

    assert case.status() == "completed"
    assert case.walked(
        "register_complaint", "triage_complaint", "redirect_complaint", "notify_redirected", "end_redirected"
    )
    assert case.deadlines() == {  # no review term runs at the ministry: it is not the competent body
        "t_register_complaint": (at(2026, 4, 13, 18), "met"),
        "t_redirect": (at(2026, 4, 16, 18), "met"),
    }
    [notice] = outside.postal_letters()  # the complainant is told in writing
    assert notice["subject"] == "Ваша жалоба перенаправлена" and "МФЦ" in notice["text"]

    # 5.9: the review term counts from the registration at the competent body, which registers the
    # redirected complaint as its own on the day it arrives (5.6): Thu 16 Apr
    office.on(2026, 4, 16, 10)
    at_mfc = office.open_case(COMPLAINT, {"complaint_message": {"redirected_from": case.business_key}}, "МФЦ-Ж-2026-3")
    at_mfc.do("register_complaint", p.complaint_registration(
        "2026-04-16", "other", "electronic", complaint_respondent="Работник МФЦ",
        complaint_registration_number="МФЦ-Ж-2026-3",
    ))  # fmt: skip
    at_mfc.do("triage_complaint", {"triage_outcome": "review"})
    # 15 wd from 16 Apr, 1 May off: Fri 8 May, a shortened pre-holiday day (9 May), so 17:00; counted
    # from the ministry's registration on 13 Apr it would have been Tue 5 May
    assert at_mfc.due_of("review_complaint") == at(2026, 5, 8, 17)
    assert at_mfc.deadline("t_review")["term"] == "15wd" and at_mfc.deadline("t_review")["clause"] == "5.6"
    assert outside.treasury_requests() == []


def test_complaint_handed_in_at_the_mfc_is_forwarded_to_the_ministry_by_the_next_working_day(office, outside):
    office.on(2026, 4, 30, 12)  # S12 e: Thu 30 Apr, before the May holidays
    case = office.open_case(COMPLAINT, {"complaint_message": {"via_mfc": True}}, "ЖАЛ-2026-0006")
    assert case.ready() == ["mfc_forward_complaint"]
    assert case.due_of("mfc_forward_complaint") == at(2026, 5, 4, 18)  # 5.4: 1 May off, 2-3 May weekend
    assert case.deadline("t_mfc_forward")["clause"] == "5.4" and case.deadline("t_mfc_forward")["state"] == "pending"
    office.on(2026, 5, 4, 10)
    case.do("mfc_forward_complaint", {"mfc_forwarded_on": "2026-05-04", "mfc_forwarded_to": "Министерство"})

    assert case.deadlines()["t_mfc_forward"] == (at(2026, 5, 4, 18), "met")
    assert case.ready() == ["register_complaint"]
    assert case.due_of("register_complaint") == at(2026, 5, 4, 18)  # registered the day it reaches the ministry
    case.do("register_complaint", p.complaint_registration("2026-05-04", "service_term", "mfc"))
    case.do("triage_complaint", {"triage_outcome": "review"})
    assert case.due_of("review_complaint") == at(2026, 5, 26, 18)  # 15 wd from the ministry's 4 May, 11 May off

    assert case.walked("init_complaint", "mfc_forward_complaint", "register_complaint", "triage_complaint")
    assert case.deadlines() == {
        "t_mfc_forward": (at(2026, 5, 4, 18), "met"),
        "t_register_complaint": (at(2026, 5, 4, 18), "met"),
        "t_review": (at(2026, 5, 26, 18), "pending"),
    }
    assert outside.treasury_requests() == []


def test_complaint_arriving_after_hours_counts_as_received_on_the_next_working_day(office):
    office.on(2026, 4, 17, 19, 30)  # Fri 17 Apr, after the office closed (e-mail to the ministry)
    case = office.open_case(COMPLAINT, {}, "ЖАЛ-2026-0007")
    assert case.due_of("register_complaint") == at(2026, 4, 20, 18)  # 5.6 "day of receipt" = Mon 20 Apr
