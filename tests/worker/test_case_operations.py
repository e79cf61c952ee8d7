"""The operations that act on other cases (worker/cases.py): a case started from another one takes
the named fields of its data and its office, once per job; a message sent to a waiting case is
delivered once, however often the job runs.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from engine.errors import InvalidInput
from engine.instances.queries import instance_data
from engine.persistence.models import Job, ProcessInstance
from worker.cases import send_message, start_case
from worker.operations import JobContext

SOURCE = {"applicant_name": "Иванова Мария Петровна", "snils": "112-233-445 95", "fs_outcome": "refused"}


def _start(services, key: str, data: dict, process_key: str = "demo_application") -> int:
    return services.instances.start(process_key, data, "specialist", business_key=key, office="nakhodka")


def _follow_up(**changes) -> dict:
    return {
        "process_key": "demo_application",
        "business_key": "ЗАЯВ-1/Ж-1",
        "source_process": "demo_application",
        "source_business_key": "ЗАЯВ-1",
        "carry": ["applicant_name", "snils", "not_in_the_case"],
        "expect": {"fs_outcome": "refused"},
        "data": {"complaint_registration_number": "Ж-1"},
        **changes,
    }


def _cases(db, key: str) -> int:
    with db.transaction() as session:
        return session.scalar(select(func.count()).select_from(ProcessInstance).filter_by(business_key=key))


def _data(services, instance_id: int) -> dict:
    with services.db.transaction() as session:
        return instance_data(services.instances.load(session, instance_id).workflow)


def test_a_case_started_from_another_takes_its_fields_and_office_and_a_retry_starts_nothing(services, deployed):
    _start(services, "ЗАЯВ-1", SOURCE)
    job = JobContext("reglament:1:start_fs_remedy:t1", 1, "t1")

    first = start_case(services.db, services.instances, _follow_up(), job)
    again = start_case(services.db, services.instances, _follow_up(), job)

    assert first["created"] is True and again == {**first, "created": False}
    assert _cases(services.db, "ЗАЯВ-1/Ж-1") == 1
    data = _data(services, first["instance_id"])
    assert {k: data.get(k) for k in ("applicant_name", "snils", "fs_outcome", "complaint_registration_number")} == {
        "applicant_name": SOURCE["applicant_name"],
        "snils": SOURCE["snils"],
        "fs_outcome": None,  # only the fields named in `carry`
        "complaint_registration_number": "Ж-1",
    }
    with services.db.transaction() as session:
        assert session.get(ProcessInstance, first["instance_id"]).office == "nakhodka"


@pytest.mark.parametrize(
    ("source_data", "changes"),
    [
        ({**SOURCE, "fs_outcome": "paid"}, {}),  # the FS was not refused: nothing to cancel, nothing to pay twice
        (SOURCE, {"source_business_key": "ЗАЯВ-404"}),  # no such case
    ],
    ids=["not_in_the_expected_state", "missing"],
)
def test_a_case_is_not_started_from_a_missing_case_or_one_not_in_the_expected_state(
    services, deployed, source_data, changes
):
    _start(services, "ЗАЯВ-1", source_data)
    with pytest.raises(InvalidInput):
        start_case(services.db, services.instances, _follow_up(**changes), JobContext("k", 1, "t1"))
    assert _cases(services.db, "ЗАЯВ-1/Ж-1") == 0


def test_a_message_sent_to_a_waiting_case_is_delivered_once_however_often_the_job_runs(services, deployed):
    order = {
        "order_number": "7",
        "order_date": "2026-03-02",
        "payer_account": "03212643000000012000",
        "recipient_name": "Иванова Мария Петровна",
        "recipient_account": "40817810250001234567",
        "recipient_bic": "040813608",
        "amount": "100.00",
        "purpose": "Выплата",
        "kbk": "82310401040000000321",
        "payment_key": "pay:7",
    }
    waiting = _start(services, "ВЫП-7", order, "payment_statement")
    with services.db.transaction() as session:
        parked = session.scalar(select(Job.task_id).filter_by(instance_id=waiting, kind="service"))
    services.instances.complete_service_task(waiting, parked, {"status": "accepted"}, actor="test")
    message = {"name": "treasury_statement", "correlation_key": "pay:7", "payload": {"amount": "100.00"}}
    job = JobContext("reglament:2:report:t2", 2, "t2")

    first = send_message(services.db, services.instances, message, job)
    again = send_message(services.db, services.instances, message, job)

    assert (first["state"], first["instance_id"]) == ("delivered", waiting)
    assert again["state"] == "duplicate"
    data = _data(services, waiting)
    assert data["paid"] is True and data["statement"] == {"amount": "100.00"}
    with services.db.transaction() as session:
        assert session.get(ProcessInstance, waiting).status == "completed"
