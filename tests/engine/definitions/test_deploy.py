"""Deploy: checks name file, element and line; versions only on change; instances keep theirs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from engine.definitions.deploy import deploy
from engine.errors import DeployError
from engine.persistence.models import ProcessDefinition
from engine.settings import ROOT

DEMO = Path(ROOT, "bpmn", "examples", "demo_application.bpmn")


def _copy_demo(tmp_path: Path, replace: tuple[str, str] | None = None) -> Path:
    target = tmp_path / "demo_application.bpmn"
    text = DEMO.read_text(encoding="utf-8")
    if replace:
        assert replace[0] in text
        text = text.replace(*replace)
    target.write_text(text, encoding="utf-8")
    return tmp_path


def _problems(db, path, forms) -> list[dict]:
    with pytest.raises(DeployError) as caught, db.transaction() as session:
        deploy(session, path, forms)
    return caught.value.details["problems"]


def _line_of(path: Path, needle: str) -> int:
    for number, line in enumerate((path / "demo_application.bpmn").read_text().splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(needle)


def test_deploy_rejects_an_import_in_a_gateway_condition_naming_the_flow_and_line(db, forms, tmp_path):
    path = _copy_demo(tmp_path, ('decision == "grant"', "__import__('os').system('id')"))
    [problem] = _problems(db, path, forms)
    assert problem["file"] == "demo_application.bpmn"
    assert problem["element_id"] == "flow_granted"
    assert problem["line"] == _line_of(path, "__import__")
    assert "__import__" in problem["message"]


def test_deploy_rejects_a_user_task_whose_form_does_not_exist(db, forms, tmp_path):
    path = _copy_demo(tmp_path, ('value="demo/review"', 'value="demo/no-such-form"'))
    [problem] = _problems(db, path, forms)
    assert problem["element_id"] == "review_application"
    assert problem["line"] == _line_of(path, 'id="review_application"')
    assert "demo/no-such-form" in problem["message"]


def test_deploy_rejects_a_call_activity_to_a_process_that_does_not_exist(db, forms, tmp_path):
    text = DEMO.read_text(encoding="utf-8")
    start = text.index('<bpmn:userTask id="escalate_to_director"')
    end = text.index("</bpmn:userTask>", start) + len("</bpmn:userTask>")
    call = (
        '<bpmn:callActivity id="escalate_to_director" calledElement="no_such_process">'
        "<bpmn:incoming>flow_notified</bpmn:incoming><bpmn:outgoing>flow_escalated</bpmn:outgoing>"
        "</bpmn:callActivity>"
    )
    (tmp_path / "demo_application.bpmn").write_text(text[:start] + call + text[end:], encoding="utf-8")
    problems = _problems(db, tmp_path, forms)
    assert [p["element_id"] for p in problems] == ["escalate_to_director"] or any(
        "no_such_process" in p["message"] for p in problems
    )
    assert any("no_such_process" in p["message"] for p in problems)


def test_deploy_rejects_xml_that_breaks_the_bpmn_schema_with_its_line(db, forms, tmp_path):
    path = _copy_demo(tmp_path, ('<bpmn:startEvent id="start"', '<bpmn:startEvent id="start" bogus="1"'))
    [problem] = _problems(db, path, forms)
    assert problem["line"] == _line_of(path, 'bogus="1"')
    assert "bogus" in problem["message"]


def test_deploy_rejects_a_statutory_timer_without_its_clause(db, forms, tmp_path):
    path = _copy_demo(tmp_path, ('<spiffworkflow:property name="clause" value="2.4" />', ""))
    [problem] = _problems(db, path, forms)
    assert problem["element_id"] == "review_term"
    assert "clause" in problem["message"]


def test_deploy_rejects_a_form_field_that_shadows_an_engine_function(db, forms, tmp_path):
    forms_dir = tmp_path / "forms"
    shutil.copytree(Path(ROOT, "forms"), forms_dir)
    review = forms_dir / "demo" / "review.json"
    review.write_text(review.read_text().replace('"comment"', '"due"'))
    from engine.forms.catalog import FormCatalog

    (tmp_path / "bpmn").mkdir()
    path = _copy_demo(tmp_path / "bpmn")
    [problem] = _problems(db, path, FormCatalog(forms_dir))
    assert problem["element_id"] == "review_application"
    assert "due" in problem["message"]


def test_deploy_stores_a_new_version_only_when_the_content_changed(db, forms, tmp_path, clock):
    path = _copy_demo(tmp_path)
    with db.transaction() as session:
        [first] = deploy(session, path, forms)
        [again] = deploy(session, path, forms)
    _copy_demo(tmp_path, ("Рассмотреть заявление", "Рассмотреть заявление по существу"))
    with db.transaction() as session:
        [changed] = deploy(session, path, forms)
        versions = session.scalars(select(ProcessDefinition.version).filter_by(process_key="demo_application")).all()
    assert (first.version, first.created) == (1, True)
    assert (again.version, again.created) == (1, False)
    assert (changed.version, changed.created) == (2, True)
    assert sorted(versions) == [1, 2]
