"""A lapsed review term escalates for real: the worker fires the statutory timer, then carries out
the `notify.send` service task, and the director receives an actual e-mail (over SMTP, into the
sandbox's mail sink) naming the applicant and the clause; the audit trail shows every step.

bpmn/examples/demo_application.bpmn: review within 10 working days (clause 2.4); when the term
lapses (non-interrupting), the director is notified (template `deadline_breached`) and gets a task.
"""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from engine.definitions.deploy import deploy
from engine.instances.service import InstanceService
from engine.persistence.models import AuditEvent, Deadline, Job, TaskRecord
from engine.settings import ROOT

REGISTRATION = {"applicant_name": "Иванова Мария Петровна", "snils": "112-233-445 95"}
DIRECTOR = "director@czn.example"


@pytest.fixture
def demo_case(db, forms, clock, tmp_path):
    """A registered application waiting for review; returns (instance id, review task)."""
    shutil.copy(Path(ROOT, "bpmn/examples/demo_application.bpmn"), tmp_path)
    with db.transaction() as session:
        deploy(session, tmp_path, forms, "analyst")
    service = InstanceService(db)
    instance_id = service.start("demo_application", {"channel": "office"}, "specialist-1")
    service.complete_task(instance_id, _ready(db, instance_id)["register_application"].id, REGISTRATION, "specialist-1")
    return instance_id, _ready(db, instance_id)["review_application"]


def _ready(db, instance_id: int) -> dict[str, TaskRecord]:
    with db.transaction() as session:
        rows = session.scalars(select(TaskRecord).filter_by(instance_id=instance_id, state="ready"))
        return {row.element_id: row for row in rows}


def _service_result(db, instance_id: int) -> dict:
    with db.transaction() as session:
        event = session.scalar(select(AuditEvent).filter_by(instance_id=instance_id, action="service.completed"))
        return event.data["result"]


def test_a_lapsed_review_term_sends_the_director_a_letter_naming_the_applicant_and_the_clause(
    db, clock, demo_case, worker, emulators
):
    instance_id, review = demo_case
    assert review.clause == "2.4"
    clock.move_to(review.due_at - timedelta(minutes=1))
    worker.run_until_idle()
    assert emulators.smtp.matching(to=DIRECTOR) == []  # not a minute early

    clock.move_to(review.due_at + timedelta(minutes=1))
    worker.run_until_idle()  # the timer fires; the notification job it leaves is carried out

    [letter] = emulators.smtp.matching(to=DIRECTOR)
    assert letter["subject"] == "Нарушен срок: Рассмотреть заявление (п. 2.4)"
    assert "по делу заявителя Иванова Мария Петровна" in letter["body"]
    assert "(п. 2.4 административного регламента)" in letter["body"]
    assert _service_result(db, instance_id) == {"channel": "email", "reference": letter["message_id"], "refused": []}
    assert set(_ready(db, instance_id)) == {"review_application", "escalate_to_director"}


def test_the_notification_is_sent_once_however_often_the_worker_runs(db, clock, demo_case, worker, emulators):
    instance_id, review = demo_case
    clock.move_to(review.due_at + timedelta(minutes=1))

    for _ in range(3):
        worker.run_until_idle()

    assert len(emulators.smtp.matching(to=DIRECTOR)) == 1
    with db.transaction() as session:
        [job] = session.scalars(select(Job).filter_by(instance_id=instance_id, kind="service")).all()
    assert (job.element_id, job.state, job.attempts) == ("notify_director", "done", 1)


def test_the_audit_trail_lists_every_step_of_a_completed_instance(db, clock, demo_case, worker):
    instance_id, _ = demo_case
    service = InstanceService(db)
    clock.advance(timedelta(days=30))  # the review term lapses: the director is told
    worker.run_until_idle()
    tasks = _ready(db, instance_id)
    service.complete_task(instance_id, tasks["review_application"].id, {"decision": "refuse"}, "specialist-2")
    service.complete_task(instance_id, tasks["escalate_to_director"].id, {"measures": "Замечание"}, "director-1")

    with db.transaction() as session:
        trail = [
            (e.actor, e.action, e.element_id)
            for e in session.scalars(select(AuditEvent).filter_by(instance_id=instance_id).order_by(AuditEvent.id))
        ]
        [deadline] = session.scalars(select(Deadline).filter_by(instance_id=instance_id)).all()
    assert trail == [
        ("specialist-1", "instance.started", None),
        ("engine", "step.completed", "start"),
        ("specialist-1", "task.completed", "register_application"),
        ("engine", "step.completed", "review_term"),  # fired by the worker's timer job
        ("engine", "step.completed", "notify_director"),  # the engine's step: handed to the worker as a job
        ("worker", "service.completed", "notify_director"),  # the worker's call went through
        ("specialist-2", "task.completed", "review_application"),
        ("engine", "step.completed", "decision_gateway"),
        ("engine", "step.completed", "end_refused"),
        ("director-1", "task.completed", "escalate_to_director"),
        ("engine", "step.completed", "end_escalated"),
        ("engine", "instance.completed", None),
    ]
    assert deadline.state == "breached"
