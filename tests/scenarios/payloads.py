"""What the staff type into each form of the relocation diagrams, as the card's scenarios need it.

The values follow the forms in forms/relocation and forms/shared; dates are ISO strings as a
browser sends them. The citizen and the employer are the same in every scenario unless a
scenario says otherwise.
"""

from __future__ import annotations

from typing import Any

APPLICANT = "Иванова Мария Петровна"
SNILS = "112-233-445 95"
SNILS_DIGITS = "11223344595"
BIRTH_DATE = "1985-04-12"
EMAIL = "ivanova@example.ru"
CONTACTS = {"email": EMAIL, "phone": "+7 914 123-45-67", "postal_address": "690091, Владивосток, ул. Светланская, 1"}
ACCOUNT, BIC = "40817810250001234567", "040813608"
PAYER_ACCOUNT = "03212643000000012000"  # the CZN's account at УФК по Приморскому краю: 20 digits
KBK = "81510401230000000321"
EMPLOYER = {"email": "hr@vostok.example.ru"}
EMPLOYER_INN = "7707083893"  # 10 digits of an organisation, the control digit checks out
SPOUSE = {
    "full_name": "Иванов Пётр Сергеевич",
    "relation": "spouse",
    "relationship_document_presented": True,
    "identity_document_presented": True,
    "personal_data_consent": True,
}
CHILD = {
    "full_name": "Иванова Анна Петровна",
    "relation": "child",
    "member_birth_date": "2016-02-01",
    "relationship_document_presented": True,
    "identity_document_presented": True,
    "personal_data_consent": True,
}


def application(variant: str = "move", *, unemployed: bool = True, family: tuple = (), **changes) -> dict:
    """P1 / P17: the application (App. 1) with the passport shown, entered by the specialist."""
    return {
        "applicant_name": APPLICANT,
        "snils": SNILS,
        "birth_date": BIRTH_DATE,
        "variant": variant,
        "application_basis": "application",
        "application_presented": True,
        "citizenship": "ru",
        "identity_document": {
            "kind": "passport_ru",
            "number": "0505 123456",
            "issued_by": "УМВД России по Приморскому краю",
            "issued_on": "2010-05-01",
        },
        "identity_document_presented": True,
        "recognised_unemployed": unemployed,
        "is_disabled": False,
        "ipra_presented": False,
        "family_members": list(family),
        "contacts": CONTACTS,
        "preferred_notification": "phone",
        **changes,
    }


INFORMED = {"informed_topics": ["vacancies", "fs_amounts_and_refund"]}

VACANCIES = {
    "profession": "Сварщик",
    "vacancies_found": True,
    "extract_signed": True,
    "vacancy_options": [
        {"vacancy_id": "V-1", "employer_name": "ООО «Восток»", "locality": "Находка", "position": "Сварщик"},
        {"vacancy_id": "V-2", "employer_name": "АО «Дальзавод»", "locality": "Большой Камень", "position": "Сварщик"},
    ],
}


def options_chosen(on: str) -> dict:
    """P4: the citizen signs for the two options chosen and is told of the 10-working-day approval."""
    return {
        "citizen_choice": "chosen",
        "chosen_options": ["V-1", "V-2"],
        "decision_signed_on": on,
        "informed_about_approval_term": True,
        "approval_informing_method": "phone",
    }


def employer_decision(on: str, decision: str = "approved") -> dict:
    return {
        "employer_name": "ООО «Восток»",
        "employer_locality": "Находка",
        "vacancy_position": "Сварщик",
        "employer_contacts": EMPLOYER,
        "interview_held": False,
        "employer_decision": decision,
        "employer_decided_on": on,
    }


def guarantee_letter(received_on: str, employment: str, end: str | None = None, **changes) -> dict:
    letter = {
        "guarantee_letter_number": "15",
        "guarantee_letter_date": received_on,
        "guarantee_letter_received_on": received_on,
        "employer_inn": EMPLOYER_INN,
        "employment_type": "fixed_term" if end else "indefinite",
        "planned_employment_date": employment,
        "housing_provided_by_employer": False,
        "travel_compensated_by_employer": False,
        "letter_signatory": "Петров Павел Павлович",
    }
    if end:
        letter["contract_end_date"] = end
    return {**letter, **changes}


CONTRACT_DRAFT = {"contract_fs_documents": ["Заявление о ФП с реквизитами счёта", "Копия трудового договора"]}


def signature(on: str, role: str = "director") -> dict:
    return {"signature_confirmed": True, "signatory_role": role, "signed_on": on}


def invitation(visit_on: str) -> dict:
    return {
        "contract_visit_on": visit_on,
        "contract_visit_time": "10:00",
        "invitation_method": "phone",
        "warned_no_contract_ground": True,
    }


def contract_concluded(on: str, signed: bool = True) -> dict:
    return {"contract_signed_by_citizen": signed, "employer_details_given": True, "contract_decision_on": on}


def referral_issued(on: str) -> dict:
    return {
        "referral_issued_on": on,
        "referral_receipt_signed": True,
        "told_to_return_with_mark": True,
        "fs_submission_explained": True,
    }


def deregistration(employment_date: str) -> dict:
    return {"employment_date": employment_date, "deregistration_checked": True}


def expense(component: str, amount: str, document: str, beneficiary: str = "Иванова М. П.") -> dict:
    return {"component": component, "beneficiary": beneficiary, "document": document, "claimed_amount": amount}


def fs_check(received_on: str, contract_date: str, lines: list[dict], **changes: Any) -> dict:
    """P13 / P29 / P33: the specialist checks the FS documents (2.6.2, 2.6.4, 2.6.5)."""
    return {
        "fs_documents_received_on": received_on,
        "fs_documents_channel": "in_person",
        "fs_application_presented": True,
        "employment_contract_copy_presented": True,
        "employment_contract_certified": True,
        "hiring_dismissal_orders_presented": True,
        "expense_documents_presented": True,
        "identity_and_family_documents_presented": True,
        "residence_registration_presented": True,
        "origin_contract_presented": True,
        "relocation_contract_exists": True,
        "fs_information_false": False,
        "fs_documents_illegible": False,
        "dismissal_reason": "term_expired",
        "employer_paid_travel": False,
        "employer_provided_housing": False,
        "work_not_started": False,
        "employment_contract_number": "77",
        "employment_contract_date": contract_date,
        "recipient_name": APPLICANT,
        "recipient_bank_account": {"account": ACCOUNT, "bic": BIC, "bank_name": "ПАО Сбербанк"},
        "expense_lines": lines,
        "fs_family_members": [],
        **changes,
    }


def acquaintance(on: str, mode: str = "in_person") -> dict:
    return {"acquaintance_mode": mode, "acquainted_on": on, "documents_attached": True}


def accrual(on: str, number: str = "501") -> dict:
    return {
        "accrual_confirmed": True,
        "payment_order_number": number,
        "payment_order_date": on,
        "payer_account": PAYER_ACCOUNT,
        "kbk": KBK,
    }


def archived(on: str) -> dict:
    return {"statement_attached": True, "file_checked": True, "archived_on": on}


def escalation(on: str, measures: str = "Поручено специалисту связаться с работодателем") -> dict:
    return {"escalation_measures": measures, "escalation_reviewed_on": on}


def withdrawal(on: str, notify_employer: bool = False) -> dict:
    return {
        "withdrawal_applicant_name": APPLICANT,
        "withdrawal_snils": SNILS,
        "withdrawal_birth_date": BIRTH_DATE,
        "withdrawn_on": on,
        "withdrawal_reason": "Передумала переезжать",
        "refusal_signed": True,
        "withdrawal_notify_employer": notify_employer,
        "withdrawal_employer_contacts": EMPLOYER if notify_employer else {},
    }


# -- shared processes ------------------------------------------------------------------------


def complaint_registration(on: str, subject: str, channel: str = "post", **changes) -> dict:
    return {
        "complaint_received_on": on,
        "complaint_registered_on": on,
        "complaint_registration_number": "Ж-2026-15",
        "complaint_channel": channel,
        "complainant_name": APPLICANT,
        "complainant_contacts": {"postal_address": CONTACTS["postal_address"]},
        "complaint_respondent": "КГКУ «Приморский центр занятости населения»",
        "complaint_subject": subject,
        "contested_decision": "Приказ об отказе в оказании финансовой поддержки",
        "via_representative": False,
        "answer_form": "paper",
        **changes,
    }


def complaint_decision(on: str, decision: str = "satisfy") -> dict:
    return {
        "complaint_decision": decision,
        "complaint_decided_on": on,
        "complaint_refusal_ground": "none" if decision == "satisfy" else "unfounded",
        "complaint_act": "Доводы заявителя подтвердились: документы представлены в срок",
        "remedy_measures": "Отменить приказ об отказе, издать приказ об оказании ФП",
        "offence_signs": False,
    }


def complaint_answer(on: str) -> dict:
    return {
        "answer_sent_on": on,
        "answer_channel": "paper",
        "answer_summary": "Жалоба удовлетворена, приносим извинения",
    }


def complaint_remedy(on: str) -> dict:
    return {"remedy_done_on": on, "remedy_description": "Приказ об отказе отменён, издан приказ об оказании ФП"}


def typo_registration(received_on: str, registered_on: str | None = None) -> dict:
    return {
        "typo_applicant_name": APPLICANT,
        "typo_applicant_snils": SNILS,
        "typo_received_on": received_on,
        "typo_registered_on": registered_on or received_on,
        "typo_channel": "post",
        "typo_document_kind": "referral",
        "typo_document_number": "Н-2026-0042",
        "typo_document_date": "2026-10-01",
        "typo_description": "Неверно указана дата трудоустройства",
        "typo_informing_method": "post",
        "typo_contacts": {"postal_address": CONTACTS["postal_address"]},
    }
