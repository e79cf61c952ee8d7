"""Stretches of the relocation case that several scenarios walk the same way (procedures P1-P11 and
P17-P26 of the card), each as the staff do them on the day the scenario gives.

A stretch only acts; the tests assert. Dates are ISO strings as the forms take them; `on` days
are local to Primorye and the hour is office time unless a scenario says otherwise.
"""

from __future__ import annotations

from datetime import date

import payloads as p
from office import Case, Office

PROCESS = "primorye_relocation"


def day(iso: str) -> tuple[int, int, int]:
    moment = date.fromisoformat(iso)
    return moment.year, moment.month, moment.day


def apply_in_person(office: Office, key: str, variant: str = "move", **application) -> Case:
    """P1 / P17: the citizen comes to the CZN with the application and the passport."""
    case = office.open_case(PROCESS, {"variant": variant, "channel": "in_person"}, key)
    case.do("accept_application", p.application(variant, **application))
    return case


def choose_options(case: Case, on: str) -> Case:
    """P2-P4 / P18-P20 in one visit: informed, matched, the citizen signs for two options."""
    case.do("inform_citizen", p.INFORMED)
    case.do("search_vacancies", p.VACANCIES)
    return case.do("agree_options", p.options_chosen(on))


def employer_approves(case: Case, on: str) -> Case:
    """P5 / P21: the employer approves the candidate by phone; the CZN asks for the guarantee letter."""
    case.office.on(*day(on), 11)
    return case.do("record_employer_decision", p.employer_decision(on))


def letter_arrives(case: Case, on: str, employment: str, end: str | None = None, **letter) -> Case:
    """P6: the guarantee letter (App. 3) is registered on the day it arrives."""
    case.office.on(*day(on), 11)
    return case.do("register_guarantee_letter", p.guarantee_letter(on, employment, end, **letter))


def contract_drafted_and_invited(case: Case, on: str, visit_on: str) -> Case:
    """P7-P8 / P22-P23: the contract drafted and signed by the director; the citizen invited."""
    case.office.on(*day(on), 12)
    case.do("draft_contract", p.CONTRACT_DRAFT)
    case.do("sign_contract", p.signature(on))
    return case.do("invite_for_contract", p.invitation(visit_on))


def contract_and_referral(case: Case, on: str) -> Case:
    """P9-P10 / P24-P25: the citizen signs the contract and takes the referral."""
    case.office.on(*day(on), 10)
    case.do("conclude_contract", p.contract_concluded(on))
    return case.do("issue_referral", p.referral_issued(on))


def referred_move_case(office: Office, key: str) -> Case:
    """S01's V1 case up to the deregistration (10-20 March 2026): fixed-term work 1 April - 30 June."""
    office.on(2026, 3, 10, 10)
    case = apply_in_person(office, key, "move")
    choose_options(case, "2026-03-10")
    employer_approves(case, "2026-03-12")
    letter_arrives(case, "2026-03-18", "2026-04-01", "2026-06-30")
    contract_drafted_and_invited(case, "2026-03-18", "2026-03-20")
    contract_and_referral(case, "2026-03-20")
    return case.do("deregister_after_referral", p.deregistration("2026-04-01"))


def fs_documents_arrive(case: Case, on: str) -> Case:
    """P12 / P28 / P32: the citizen hands in the FS documents at the CZN."""
    case.office.on(*day(on), 11)
    case.send("fs_documents_received", {"received_on": on, "channel": "in_person"})
    return case


def grant_signed_and_acquainted(case: Case, on: str, mode: str = "in_person") -> Case:
    """P14 / P30 / P34: the director (or the acting director) signs the FS order; the citizen is told."""
    case.do("sign_grant_order", p.signature(on, "acting"))
    return case.do("acquaint_grant", p.acquaintance(on, mode))


def refusal_signed_and_acquainted(case: Case, on: str, mode: str = "in_person") -> Case:
    case.do("sign_refusal_order", p.signature(on, "acting"))
    return case.do("acquaint_refusal", p.acquaintance(on, mode))


def paid(case: Case, callbacks, accrued_on: str, statement_on: str, archived_on: str | None = None) -> Case:
    """P15-P16: accrual and the cash-expense request; the Treasury's statement arrives on its day
    (the sandbox's callback waits at the API's door until the clock gets there); the file is archived."""
    case.do("accrue_payment", p.accrual(accrued_on))
    callbacks.wait_for_arrivals()  # the statement is written when the Treasury executes the request
    case.office.on(*day(statement_on), 12)
    callbacks.admit()
    case.office.work()
    return case.do("archive_personal_file", p.archived(archived_on or statement_on))


def hired_on_6_march(office: Office, key: str) -> Case:
    """A V2 case referred in February; the employer's mark says hired on Fri 6 Mar 2026."""
    office.on(2026, 2, 9, 10)
    case = apply_in_person(office, key, "reloc_within")
    choose_options(case, "2026-02-09")
    employer_approves(case, "2026-02-11")
    letter_arrives(case, "2026-02-16", "2026-03-06")
    contract_drafted_and_invited(case, "2026-02-16", "2026-02-18")
    contract_and_referral(case, "2026-02-18")
    office.on(2026, 3, 10, 10)
    case.send("referral_marked", {"employment_date": "2026-03-06", "hired": True})
    return case.do("deregister_on_mark", p.deregistration("2026-03-06"))
