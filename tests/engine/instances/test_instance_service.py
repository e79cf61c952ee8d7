"""The instance service: versions stick, timers win races, the audit trail is complete."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from engine.definitions.deploy import deploy
from engine.errors import TaskNotReady
from engine.instances.service import InstanceService
from engine.persistence.models import AuditEvent, Deadline, ProcessInstance, TaskRecord
from engine.settings import ROOT

REGISTRATION = {"applicant_name": "Иванова Мария Петровна", "snils": "112-233-445 95"}


def _ready(db, instance_id):
    with db.transaction() as session:
        return {
            t.element_id: t
            for t in session.scalars(select(TaskRecord).filter_by(instance_id=instance_id, state="ready"))
        }


def _deploy_demo(db, forms, folder: Path, title: str = "Рассмотреть заявление"):
    folder.mkdir(exist_ok=True)
    text = Path(ROOT, "bpmn/examples/demo_application.bpmn").read_text(encoding="utf-8")
    (folder / "demo_application.bpmn").write_text(text.replace("Рассмотреть заявление", title), encoding="utf-8")
    with db.transaction() as session:
        return deploy(session, folder, forms)


def test_instance_started_on_version_1_finishes_on_version_1_after_version_2_is_deployed(db, forms, clock, tmp_path):
    service = InstanceService(db)
    _deploy_demo(db, forms, tmp_path)
    old = service.start("demo_application", {}, "specialist")
    [v2] = _deploy_demo(db, forms, tmp_path, title="Рассмотреть заявление (ред. 2)")
    new = service.start("demo_application", {}, "specialist")

    service.complete_task(old, _ready(db, old)["register_application"].id, REGISTRATION, "specialist")
    review = _ready(db, old)["review_application"]
    service.complete_task(old, review.id, {"decision": "grant"}, "specialist")

    with db.transaction() as session:
        finished = session.get(ProcessInstance, old)
        version_of = {i.id: i.definition_id for i in session.scalars(select(ProcessInstance))}
    assert v2.version == 2
    assert review.title == "Рассмотреть заявление"
    assert finished.status == "completed"
    assert version_of[old] != version_of[new]
    assert _ready(db, new)["register_application"].title == "Зарегистрировать заявление"


def test_a_task_whose_interrupting_timer_is_already_due_cannot_be_completed(db, forms, clock, tmp_path):
    shutil.copy(Path(ROOT, "bpmn/examples/appointment_no_show.bpmn"), tmp_path)
    with db.transaction() as session:
        deploy(session, tmp_path, forms)
    service = InstanceService(db)
    instance_id = service.start("appointment_no_show", {}, "specialist")
    visit = _ready(db, instance_id)["receive_applicant"]
    clock.move_to(visit.due_at + timedelta(seconds=1))

    with pytest.raises(TaskNotReady):
        service.complete_task(instance_id, visit.id, {"visited_at": "2026-03-03"}, "specialist")

    with db.transaction() as session:
        row = session.get(ProcessInstance, instance_id)
        steps = [e.element_id for e in session.scalars(select(AuditEvent).filter_by(instance_id=instance_id))]
        [deadline] = session.scalars(select(Deadline).filter_by(instance_id=instance_id)).all()
    assert row.status == "completed"
    assert steps[-3:] == ["no_show", "end_no_show", None]  # None: instance.completed
    assert (deadline.state, deadline.clause) == ("breached", "2.10.2")


def test_submitted_data_is_recorded_with_the_completion(db, forms, clock, tmp_path):
    _deploy_demo(db, forms, tmp_path)
    service = InstanceService(db)
    instance_id = service.start("demo_application", {}, "specialist")
    service.complete_task(instance_id, _ready(db, instance_id)["register_application"].id, REGISTRATION, "specialist")
    with db.transaction() as session:
        event = session.scalar(select(AuditEvent).filter_by(action="task.completed"))
    assert event.data["submitted"] == REGISTRATION
    assert event.at == clock.now()
