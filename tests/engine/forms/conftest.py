"""A sample applicant (forms/examples/applicant.json) that passes, for tests to spoil one field at a time."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from engine.forms.catalog import FormCatalog
from engine.forms.form import Form
from engine.settings import ROOT

# Numbers with real control digits: СНИЛС 112-233-445 95, ИНН 500100732259, and an account at
# Сбербанк (БИК 044525225, корр. счёт 30101810400000000225) whose key matches the BIC.
VALID_APPLICANT = {
    "applicant": {
        "full_name": "Иванов Иван Иванович",
        "birth_date": "1980-05-01",
        "snils": "112-233-445 95",
        "identity_document": {
            "kind": "passport_ru",
            "number": "45 06 123456",
            "issued_by": "ОВД Ленинского района г. Владивостока",
            "issued_on": "2005-06-01",
        },
    },
    "inn": "500100732259",
    "citizenship_status": "ru",
    "requested_variant": "V2",
    "application_date": "2026-03-02",
    "email": "ivanov@example.ru",
    "family": [
        {
            "full_name": "Иванова Мария Петровна",
            "relationship": "spouse",
            "birth_date": "1982-02-03",
            "identity_document": {
                "kind": "passport_ru",
                "number": "4506654321",
                "issued_by": "ОВД Ленинского района",
                "issued_on": "2006-01-01",
            },
            "personal_data_consent": True,
        },
        {
            "full_name": "Иванов Пётр Иванович",
            "relationship": "child",
            "birth_date": "2015-09-10",
            "snils": "11223344595",
            "identity_document": {
                "kind": "birth_certificate",
                "number": "I-ВС 123456",
                "issued_by": "ЗАГС г. Владивостока",
                "issued_on": "2015-09-20",
            },
            "relationship_documents": ["Свидетельство о рождении I-ВС 123456 от 20.09.2015"],
            "personal_data_consent": True,
        },
    ],
    "bank_account": {
        "account": "40817810700000000001",
        "bic": "044525225",
        "bank_name": "ПАО Сбербанк",
        "correspondent_account": "30101810400000000225",
    },
    "expense_lines": [
        {
            "component": "travel",
            "beneficiary": "Иванов Иван Иванович",
            "document": "Билет № 12345 от 01.03.2026",
            "claimed_amount": "12345.67",
        },
        {
            "component": "property_transport",
            "beneficiary": "Иванов Иван Иванович",
            "document": "Квитанция № 7 от 02.03.2026",
            "claimed_amount": "5000",
            "approved_amount": "4500.50",
        },
    ],
    "requested_total": "17345.67",
}


@pytest.fixture(scope="session")
def catalog() -> FormCatalog:
    return FormCatalog(Path(ROOT, "forms"))


@pytest.fixture(scope="session")
def applicant_form(catalog) -> Form:
    return catalog.get("examples/applicant")


@pytest.fixture
def applicant() -> dict:
    return copy.deepcopy(VALID_APPLICANT)
