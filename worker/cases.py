"""Operations on other cases, carried out through the engine rather than an outside system.

`cases.start` opens a case of another process that continues an existing one: the remedy of a
satisfied complaint takes the data of the contested case and belongs to that case's office.
`messages.send` hands a BPMN message to the case waiting for it, as POST /api/v1/messages does for
the outside systems. Both are idempotent per job: a retried start finds the case it opened, a
retried message is recognised by its message id (the job's idempotency key) and ignored.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from engine.bpmn.serializer import data_to_json
from engine.errors import Conflict, InvalidInput
from engine.instances import messages
from engine.instances.queries import instance_data
from engine.instances.service import InstanceService
from engine.persistence.database import Database
from engine.persistence.models import ProcessInstance
from worker.operations import JobContext


def start_case(db: Database, instances: InstanceService, p: dict[str, Any], job: JobContext) -> dict[str, Any]:
    """Start `process_key` as `business_key` with the `carry` fields of the source case and `data`.

    The source case (`source_process`, `source_business_key`) must hold the values of `expect`;
    otherwise nothing starts and the job becomes an incident for an admin.
    """
    # why: a job is out again only after its lease ran out, and a start takes milliseconds, so
    # the lookup by process and business key is what makes a retry after a crash start nothing new
    existing = _latest_case(db, p["process_key"], p["business_key"])
    if existing is not None:
        return {"instance_id": existing.id, "business_key": p["business_key"], "created": False}
    office, carried = _source(db, instances, p)
    data = {**carried, **(p.get("data") or {})}
    instance_id = instances.start(p["process_key"], data, "worker", business_key=p["business_key"], office=office)
    return {"instance_id": instance_id, "business_key": p["business_key"], "created": True}


def send_message(db: Database, instances: InstanceService, p: dict[str, Any], job: JobContext) -> dict[str, Any]:
    """Store the message and hand it to the case waiting for it now (if any)."""
    receipt = messages.store(db, p["name"], p["correlation_key"], p.get("payload") or {}, job.idempotency_key)
    if receipt.instance_id is not None:
        try:
            instances.refresh(receipt.instance_id, actor=f"message:{p['name']}")
        except Conflict:  # the waiting case is being saved; the worker's catch-up hands the message over
            pass
    state = messages.state_of(db, receipt.message_id) if receipt.message_id else receipt.state
    return {"message_id": receipt.message_id, "state": state, "instance_id": receipt.instance_id}


def _latest_case(db: Database, process_key: str, business_key: str) -> ProcessInstance | None:
    with db.transaction() as session:
        query = select(ProcessInstance).filter_by(process_key=process_key, business_key=business_key)
        return session.scalar(query.order_by(ProcessInstance.id.desc()).limit(1))


def _source(db: Database, instances: InstanceService, p: dict[str, Any]) -> tuple[str | None, dict[str, Any]]:
    """The source case's office and the fields carried from its data (as JSON, like start data)."""
    where = {"process_key": p["source_process"], "business_key": p["source_business_key"]}
    source = _latest_case(db, p["source_process"], p["source_business_key"])
    if source is None:
        raise InvalidInput("Дело, которое продолжает новое дело, не найдено", **where)
    with db.transaction() as session:
        data = data_to_json(instance_data(instances.load(session, source.id).workflow))
    found = {name: data.get(name) for name, wanted in (p.get("expect") or {}).items() if data.get(name) != wanted}
    if found:
        raise InvalidInput("Дело не в том состоянии, которое ожидается", **where, expected=p["expect"], found=found)
    return source.office, {name: data[name] for name in p.get("carry") or [] if name in data}
