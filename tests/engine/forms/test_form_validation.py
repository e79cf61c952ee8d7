"""Submissions checked against a form: Russian messages on the field that is wrong."""

from __future__ import annotations

import pytest

from engine.errors import ValidationFailed
from engine.forms.form import form_from_document
from engine.forms.messages import FieldError, counted
from engine.forms.validation import raise_if_invalid, validate_submission


def inline_form(properties: dict, **schema) -> object:
    return form_from_document("test/inline", {"schema": {"type": "object", "properties": properties, **schema}})


def test_a_complete_applicant_passes(applicant_form, applicant):
    assert validate_submission(applicant_form, applicant) == []


def test_wrong_snils_of_the_second_family_member_points_at_that_member(applicant_form, applicant):
    applicant["family"][1]["snils"] = "112-233-445 96"

    assert validate_submission(applicant_form, applicant) == [
        FieldError("family.1.snils", "Неверный СНИЛС: не сходится контрольное число", "format:snils")
    ]


def test_a_missing_field_is_reported_on_the_field_not_on_its_parent(applicant_form, applicant):
    del applicant["applicant"]["birth_date"]
    del applicant["expense_lines"][1]["document"]

    errors = validate_submission(applicant_form, applicant)

    assert FieldError("applicant.birth_date", "Обязательное поле", "required") in errors
    assert FieldError("expense_lines.1.document", "Обязательное поле", "required") in errors
    assert len(errors) == 2


def test_a_value_outside_the_list_asks_to_choose_from_the_list(applicant_form, applicant):
    applicant["expense_lines"][0]["component"] = "taxi"

    assert validate_submission(applicant_form, applicant) == [
        FieldError("expense_lines.0.component", "Выберите значение из списка", "enum")
    ]


def test_a_float_amount_is_rejected_once_asking_for_a_string(applicant_form, applicant):
    applicant["expense_lines"][0]["claimed_amount"] = 12345.67

    [error] = validate_submission(applicant_form, applicant)

    assert error.field == "expense_lines.0.claimed_amount"
    assert error.message == 'Сумма передаётся строкой, например "1234.50"'


@pytest.mark.parametrize("amount", ["-5.00", "10.005"])
def test_a_negative_amount_or_one_with_three_decimals_is_rejected(applicant_form, applicant, amount):
    applicant["expense_lines"][1]["approved_amount"] = amount

    [error] = validate_submission(applicant_form, applicant)

    assert (error.field, error.code) == ("expense_lines.1.approved_amount", "format:decimal")
    assert error.message.startswith("Неверная сумма")


def test_a_zero_claim_is_below_the_decimal_minimum_of_one_kopeck(applicant_form, applicant):
    applicant["expense_lines"][0]["claimed_amount"] = "0.00"

    assert validate_submission(applicant_form, applicant) == [
        FieldError("expense_lines.0.claimed_amount", "Сумма не меньше 0.01", "x-minimum")
    ]


def test_a_decimal_maximum_is_compared_exactly_and_its_message_can_be_overridden(applicant_form, applicant):
    applicant["requested_total"] = "1000000.00"
    assert validate_submission(applicant_form, applicant) == []

    applicant["requested_total"] = "1000000.01"
    assert validate_submission(applicant_form, applicant) == [
        FieldError("requested_total", "Итог больше миллиона рублей: проверьте сумму", "x-maximum")
    ]


def test_an_account_whose_key_does_not_match_the_bic_is_reported_on_the_account(applicant_form, applicant):
    applicant["bank_account"]["account"] = "40817810000000000001"

    assert validate_submission(applicant_form, applicant) == [
        FieldError(
            "bank_account.account", "Счёт не соответствует БИК: не сходится контрольный ключ", "x-account-matches-bic"
        )
    ]


def test_a_malformed_bic_is_reported_once_without_a_key_mismatch_on_the_account(applicant_form, applicant):
    applicant["bank_account"]["bic"] = "12345"

    assert validate_submission(applicant_form, applicant) == [
        FieldError("bank_account.bic", "Неверный БИК: ожидается 9 цифр, начиная с 04", "format:bic")
    ]


def test_a_name_with_initials_gets_the_message_written_in_the_shared_definition(applicant_form, applicant):
    applicant["applicant"]["full_name"] = "Иванов И. И."

    [error] = validate_submission(applicant_form, applicant)

    assert (error.field, error.code) == ("applicant.full_name", "pattern")
    assert "без сокращений и инициалов" in error.message


def test_passport_layout_is_checked_only_when_the_document_is_a_russian_passport(applicant_form, applicant):
    applicant["applicant"]["identity_document"]["number"] = "I-ВС 123456"

    assert validate_submission(applicant_form, applicant) == [
        FieldError(
            "applicant.identity_document.number",
            "Неверные серия и номер паспорта: ожидается 45 06 123456 или 4506123456",
            "format:passport_ru",
        )
    ]


def test_without_any_contact_the_applicant_is_asked_to_fill_one_of_them_by_their_labels(applicant_form, applicant):
    del applicant["email"]

    assert validate_submission(applicant_form, applicant) == [
        FieldError("", "Заполните хотя бы одно из полей: Телефон, Электронная почта, Почтовый адрес", "anyOf")
    ]


def test_relocation_requires_at_least_one_family_member(applicant_form, applicant):
    applicant["family"] = []
    assert validate_submission(applicant_form, applicant) == [
        FieldError("family", "Добавьте хотя бы одну запись", "minItems")
    ]

    del applicant["family"]
    assert validate_submission(applicant_form, applicant) == [FieldError("family", "Обязательное поле", "required")]


def test_a_move_needs_no_family(applicant_form, applicant):
    applicant["requested_variant"] = "V1"
    del applicant["family"]

    assert validate_submission(applicant_form, applicant) == []


def test_a_family_member_without_consent_gets_the_reason_in_russian(applicant_form, applicant):
    applicant["family"][0]["personal_data_consent"] = False

    assert validate_submission(applicant_form, applicant) == [
        FieldError("family.0.personal_data_consent", "Без согласия члена семьи его данные обрабатывать нельзя", "const")
    ]


@pytest.mark.parametrize(
    ("limit", "message"),
    [
        (1, "Не короче 1 символа"),
        (2, "Не короче 2 символов"),
        (5, "Не короче 5 символов"),
        (21, "Не короче 21 символа"),
    ],
)
def test_length_limits_are_counted_in_the_russian_genitive(limit, message):
    form = inline_form({"note": {"type": "string", "title": "Отметка", "minLength": limit}})

    assert validate_submission(form, {"note": ""}) == [FieldError("note", message, "minLength")]


@pytest.mark.parametrize(
    ("n", "text"),
    [(1, "1 записи"), (2, "2 записей"), (4, "4 записей"), (11, "11 записей"), (21, "21 записи"), (111, "111 записей")],
)
def test_counts_after_not_less_than_take_the_genitive(n, text):
    assert counted(n, "записи", "записей") == text


def test_a_list_shorter_than_its_minimum_asks_for_more_records():
    form = inline_form({"docs": {"type": "array", "title": "Документы", "minItems": 3, "items": {"type": "string"}}})

    assert validate_submission(form, {"docs": ["a"]}) == [FieldError("docs", "Добавьте не менее 3 записей", "minItems")]


def test_a_wrong_type_names_the_expected_type_in_russian():
    form = inline_form(
        {"count": {"type": "integer", "title": "Количество"}, "flag": {"type": "boolean", "title": "Да"}}
    )

    errors = validate_submission(form, {"count": "три", "flag": "да"})

    assert errors == [
        FieldError("count", "Ожидается целое число", "type"),
        FieldError("flag", "Ожидается да или нет", "type"),
    ]


def test_a_field_the_form_does_not_know_is_reported_on_that_field():
    form = inline_form({"note": {"type": "string", "title": "Отметка"}}, additionalProperties=False)

    assert validate_submission(form, {"note": "ok", "hack": 1}) == [
        FieldError("hack", "Поле не предусмотрено формой", "additionalProperties")
    ]


def test_x_messages_beside_a_ref_override_the_message_of_the_referenced_definition():
    form = inline_form(
        {"code": {"$ref": "#/$defs/code", "x-messages": {"pattern": "Код: три цифры"}}},
        **{"$defs": {"code": {"type": "string", "title": "Код", "pattern": "^\\d{3}$"}}},
    )

    assert validate_submission(form, {"code": "12"}) == [FieldError("code", "Код: три цифры", "pattern")]


def test_x_messages_can_say_why_a_field_is_required():
    form = inline_form(
        {"reason": {"type": "string", "title": "Основание", "x-messages": {"required": "Укажите пункт 2.8.3"}}},
        required=["reason"],
    )

    assert validate_submission(form, {}) == [FieldError("reason", "Укажите пункт 2.8.3", "required")]


def test_dependent_required_names_the_field_that_made_it_required():
    form = inline_form(
        {
            "refusal": {"type": "boolean", "title": "Отказ"},
            "ground": {"type": "string", "title": "Основание отказа"},
        },
        dependentRequired={"refusal": ["ground"]},
    )

    assert validate_submission(form, {"refusal": True}) == [
        FieldError("ground", "Обязательное поле, когда заполнено поле «Отказ»", "dependentRequired")
    ]


def test_invalid_data_raises_validation_failed_with_every_field_error(applicant_form, applicant):
    del applicant["inn"]
    applicant["inn"] = "7707083894"
    applicant["application_date"] = "2026-02-30"

    with pytest.raises(ValidationFailed) as caught:
        raise_if_invalid(applicant_form, applicant)

    assert caught.value.code == "validation-failed"
    assert caught.value.details == {
        "fields": [
            {"field": "inn", "message": "Неверный ИНН: не сходятся контрольные цифры", "code": "format:inn"},
            {"field": "application_date", "message": "Такой даты нет в календаре", "code": "format:date"},
        ]
    }


def test_valid_data_raises_nothing(applicant_form, applicant):
    raise_if_invalid(applicant_form, applicant)


def test_a_snapshot_of_a_bundled_form_validates_alone_as_the_catalog_form_does(applicant_form, applicant):
    snapshot = form_from_document(applicant_form.name, applicant_form.as_document())
    applicant["family"][1]["snils"] = "112-233-445 96"

    assert validate_submission(snapshot, applicant) == validate_submission(applicant_form, applicant)
    assert validate_submission(snapshot, applicant) != []
