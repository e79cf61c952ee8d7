"""Checked values become domain types: money is Decimal and dates are dates in task data."""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal

from engine.forms.form import form_from_document
from engine.forms.validation import coerce_submission


def test_amounts_in_a_list_of_expense_lines_become_decimals(applicant_form, applicant):
    data = coerce_submission(applicant_form, applicant)

    first, second = data["expense_lines"]
    assert first["claimed_amount"] == Decimal("12345.67")
    assert isinstance(first["claimed_amount"], Decimal)
    assert (second["claimed_amount"], second["approved_amount"]) == (Decimal("5000"), Decimal("4500.50"))
    assert data["requested_total"] == Decimal("17345.67")


def test_dates_in_nested_objects_and_list_items_become_dates(applicant_form, applicant):
    data = coerce_submission(applicant_form, applicant)

    assert data["application_date"] == date(2026, 3, 2)
    assert data["applicant"]["birth_date"] == date(1980, 5, 1)
    assert data["applicant"]["identity_document"]["issued_on"] == date(2005, 6, 1)
    assert data["family"][1]["birth_date"] == date(2015, 9, 10)


def test_other_strings_booleans_and_lists_are_left_as_they_are(applicant_form, applicant):
    data = coerce_submission(applicant_form, applicant)

    assert data["applicant"]["snils"] == "112-233-445 95"
    assert data["bank_account"]["account"] == "40817810700000000001"
    assert data["family"][0]["personal_data_consent"] is True
    assert data["family"][1]["relationship_documents"] == applicant["family"][1]["relationship_documents"]


def test_coercion_returns_a_copy_and_leaves_the_submission_untouched(applicant_form, applicant):
    before = copy.deepcopy(applicant)

    coerce_submission(applicant_form, applicant)

    assert applicant == before


def test_a_value_is_converted_only_under_the_branch_whose_format_it_fits():
    form = form_from_document(
        "test/either",
        {
            "schema": {
                "type": "object",
                "title": "Срок",
                "properties": {
                    "term": {
                        "title": "Срок",
                        "anyOf": [{"type": "string", "format": "date"}, {"type": "string", "pattern": "^\\d+ дн$"}],
                    }
                },
            }
        },
    )

    assert coerce_submission(form, {"term": "2026-12-10"}) == {"term": date(2026, 12, 10)}
    assert coerce_submission(form, {"term": "30 дн"}) == {"term": "30 дн"}


def test_fields_the_schema_does_not_describe_pass_through_unchanged(applicant_form, applicant):
    applicant["note_from_script"] = "2026-03-02"

    assert coerce_submission(applicant_form, applicant)["note_from_script"] == "2026-03-02"
