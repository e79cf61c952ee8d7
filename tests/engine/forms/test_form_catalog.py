"""The forms/ folder: names, bundling with shared definitions, and the house rules for form files."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from engine.errors import DeployError, NotFound
from engine.forms.catalog import FormCatalog
from engine.forms.refs import iter_refs
from engine.settings import ROOT

TITLED_FORM = {"type": "object", "title": "Проверка", "properties": {"note": {"type": "string", "title": "Отметка"}}}


def write_form(folder: Path, name: str, schema: dict, ui: dict | None = None) -> Path:
    path = folder / f"{name}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"schema": schema, **({"ui": ui} if ui else {})}, ensure_ascii=False), "utf-8")
    return path


@pytest.fixture
def forms_dir(tmp_path) -> Path:
    shutil.copytree(Path(ROOT, "forms", "_defs"), tmp_path / "_defs")
    return tmp_path


def problems_of(forms_dir: Path, schema: dict) -> list[str]:
    write_form(forms_dir, "case/check", schema)
    return [p.message for p in FormCatalog(forms_dir).check_all() if p.file == "case/check.json"]


def test_the_forms_in_the_repository_meet_the_house_rules(catalog):
    assert [str(p) for p in catalog.check_all()] == []


def test_names_list_forms_by_path_without_the_shared_definitions(catalog):
    names = catalog.names()

    assert "examples/applicant" in names
    assert "demo/register" in names
    assert not any(n.startswith("_defs") for n in names)


@pytest.mark.parametrize("name", ["nowhere/form", "../forms/demo/register", "_defs/common", "/etc/passwd", ""])
def test_a_missing_or_malformed_form_name_is_not_found(catalog, name):
    with pytest.raises(NotFound):
        catalog.get(name)


def test_a_form_knows_its_title_and_top_level_fields(applicant_form):
    assert applicant_form.title == "Анкета заявителя (пример)"
    assert applicant_form.field_names()[:3] == ["applicant", "inn", "citizenship_status"]
    assert applicant_form.ui["ui:order"][0] == "applicant"


def test_a_bundled_form_embeds_the_shared_definitions_it_uses_so_its_snapshot_is_self_contained(applicant_form):
    embedded = applicant_form.schema["$defs"]["reglament:common"]

    assert embedded["$id"] == "reglament:common"
    assert "$schema" not in embedded
    documents = {ref.partition("#")[0] for ref in iter_refs(applicant_form.schema)} - {""}
    assert documents <= {"reglament:common"}


def test_the_catalog_returns_the_cached_form_until_its_file_changes(forms_dir):
    path = write_form(forms_dir, "case/check", TITLED_FORM)
    catalog = FormCatalog(forms_dir)
    first = catalog.get("case/check")
    assert catalog.get("case/check") is first

    write_form(forms_dir, "case/check", {**TITLED_FORM, "title": "Проверка, ред. 2"})
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000_000))

    assert catalog.get("case/check").title == "Проверка, ред. 2"


def test_a_broken_form_is_refused_with_its_problems_in_russian(forms_dir):
    write_form(
        forms_dir, "case/check", {"type": "object", "title": "Проверка", "properties": {"x": {"type": "string"}}}
    )

    with pytest.raises(DeployError) as caught:
        FormCatalog(forms_dir).get("case/check")

    assert "Поле x: нужен заголовок title по-русски" in caught.value.message
    assert caught.value.details["problems"][0]["pointer"] == "/properties/x"


def test_a_form_that_is_not_json_schema_2020_12_is_reported(forms_dir):
    [problem] = problems_of(forms_dir, {**TITLED_FORM, "properties": {"note": {"type": "strin", "title": "Отметка"}}})

    assert problem.startswith("Не JSON Schema 2020-12")


def test_a_property_with_an_english_title_is_reported(forms_dir):
    schema = {**TITLED_FORM, "properties": {"note": {"type": "string", "title": "Note"}}}

    assert problems_of(forms_dir, schema) == ["Поле note: нужен заголовок title по-русски"]


def test_a_property_takes_its_title_from_the_shared_definition_it_refers_to(forms_dir):
    schema = {**TITLED_FORM, "properties": {"snils": {"$ref": "reglament:common#/$defs/snils"}}}

    assert problems_of(forms_dir, schema) == []


def test_a_form_without_a_russian_title_is_reported(forms_dir):
    assert problems_of(forms_dir, {**TITLED_FORM, "title": "Check"}) == ["У формы нужен заголовок title по-русски"]


@pytest.mark.parametrize(
    ("ref", "problem"),
    [
        ("reglament:common#/$defs/nothing", "Ссылка не находит определения: reglament:common#/$defs/nothing"),
        ("reglament:nothing#/$defs/snils", "Нет файла определений для ссылки reglament:nothing в forms/_defs"),
        ("#/$defs/local", "Ссылка не находит определения: #/$defs/local"),
    ],
)
def test_a_ref_that_leads_nowhere_is_reported(forms_dir, ref, problem):
    schema = {**TITLED_FORM, "properties": {"x": {"$ref": ref, "title": "Поле"}}}

    assert problems_of(forms_dir, schema) == [problem]


def test_a_misspelt_format_is_reported_because_json_schema_would_ignore_it(forms_dir):
    schema = {**TITLED_FORM, "properties": {"snils": {"type": "string", "title": "СНИЛС", "format": "snlis"}}}

    [problem] = problems_of(forms_dir, schema)

    assert problem.startswith("Неизвестный формат 'snlis'")


def test_money_declared_as_a_number_is_reported(forms_dir):
    schema = {**TITLED_FORM, "properties": {"sum": {"type": "number", "title": "Сумма", "format": "decimal"}}}

    assert problems_of(forms_dir, schema) == [
        'Сумма (format: decimal) должна иметь "type": "string": деньги не передаются числом'
    ]


def test_a_decimal_bound_written_as_a_float_is_reported(forms_dir):
    money = {"type": "string", "title": "Сумма", "format": "decimal", "x-minimum": 0.01}

    assert problems_of(forms_dir, {**TITLED_FORM, "properties": {"sum": money}}) == [
        'x-minimum пишется строкой-суммой, например "0.01"'
    ]


def test_an_account_check_naming_a_missing_field_is_reported(forms_dir):
    schema = {**TITLED_FORM, "x-account-matches-bic": ["note", "bic"]}

    assert problems_of(forms_dir, schema) == ["x-account-matches-bic: нет полей bic в properties этого объекта"]


def test_enum_titles_must_match_the_enum_one_to_one(forms_dir):
    field = {"type": "string", "title": "Решение", "enum": ["grant", "refuse"], "x-enum-titles": ["Предоставить"]}

    assert problems_of(forms_dir, {**TITLED_FORM, "properties": {"decision": field}}) == [
        "x-enum-titles: по одному русскому названию на каждое значение enum"
    ]


def test_an_unknown_x_keyword_is_reported(forms_dir):
    assert problems_of(forms_dir, {**TITLED_FORM, "x-minimun": "1"}) == ["Неизвестные ключевые слова: x-minimun"]


def test_a_top_level_field_that_scripts_cannot_name_is_reported(forms_dir):
    schema = {**TITLED_FORM, "properties": {"дата-приёма": {"type": "string", "title": "Дата приёма"}}}

    [problem] = problems_of(forms_dir, schema)

    assert problem.startswith("Имя поля 'дата-приёма'")


def test_a_form_file_that_is_not_json_is_reported_with_its_line(forms_dir):
    (forms_dir / "broken.json").write_text('{"schema": {\n  "title": }', "utf-8")

    [problem] = FormCatalog(forms_dir).check_all()

    assert (problem.file, problem.message) == ("broken.json", "Неверный JSON: Expecting value, строка 2, столбец 12")


def test_a_definitions_file_whose_id_does_not_follow_its_name_is_reported(forms_dir):
    common = json.loads((forms_dir / "_defs" / "common.json").read_text("utf-8"))
    (forms_dir / "_defs" / "shared.json").write_text(json.dumps({**common, "$id": "reglament:common"}), "utf-8")

    problems = FormCatalog(forms_dir).check_all()

    assert [(p.file, p.pointer, p.message) for p in problems] == [
        ("_defs/shared.json", "/$id", 'Ожидается "$id": "reglament:shared" (по имени файла)')
    ]


def test_a_definitions_file_may_refer_to_another_one(forms_dir):
    extra = {
        "$id": "reglament:relocation/bank",
        "$defs": {"payee": {"title": "Получатель", "$ref": "reglament:common#/$defs/bank_account"}},
    }
    (forms_dir / "_defs" / "relocation").mkdir()
    (forms_dir / "_defs" / "relocation" / "bank.json").write_text(json.dumps(extra), "utf-8")
    schema = {**TITLED_FORM, "properties": {"payee": {"$ref": "reglament:relocation/bank#/$defs/payee"}}}

    assert problems_of(forms_dir, schema) == []
    form = FormCatalog(forms_dir).get("case/check")
    assert set(form.schema["$defs"]) == {"reglament:common", "reglament:relocation/bank"}
