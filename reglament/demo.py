"""Demo data: a few cases at different stages, so a fresh `make run` has something to show."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import func, select

from engine.accounts.demo_users import ensure_demo_users
from engine.definitions.deploy import deploy
from engine.forms.catalog import FormCatalog
from engine.instances.service import InstanceService
from engine.persistence.database import Database
from engine.persistence.models import ProcessInstance, TaskRecord
from engine.settings import Settings

APPLICANTS = [
    ("Иванова Мария Петровна", "112-233-445 95"),
    ("Сидоров Алексей Игоревич", "123-456-789 64"),
    ("Ким Ольга Витальевна", "087-654-321 02"),
]


def run_demo(settings: Settings, name: str) -> Iterator[str]:
    db = Database(settings.database_url)
    forms = FormCatalog(Path(settings.forms_dir))
    with db.transaction() as session:
        for result in deploy(session, Path(settings.bpmn_dir), forms, "demo"):
            yield f"{result.process_key} v{result.version}"
    yield from ensure_demo_users(db)
    if name == "application":
        yield from _application_cases(db)
    else:
        from reglament.demo_cases import run_named_demo

        yield from run_named_demo(settings, db, name)


def _application_cases(db: Database) -> Iterator[str]:
    with db.transaction() as session:
        existing = session.scalar(
            select(func.count()).select_from(ProcessInstance).where(ProcessInstance.process_key == "demo_application")
        )
    if existing:
        yield f"demo data present: {existing} case(s)"
        return
    service = InstanceService(db)
    for number, (applicant, snils) in enumerate(APPLICANTS, 1):
        instance_id = service.start(
            "demo_application", {}, "demo", business_key=f"ДЕМО-{number:03d}", office="vladivostok"
        )
        if number > 1:
            task_id = _ready_task(db, instance_id)
            service.complete_task(instance_id, task_id, {"applicant_name": applicant, "snils": snils}, "demo")
        yield f"case ДЕМО-{number:03d} (instance {instance_id}): {applicant}"


def _ready_task(db: Database, instance_id: int) -> str:
    with db.transaction() as session:
        return session.scalar(select(TaskRecord.id).filter_by(instance_id=instance_id, state="ready"))
