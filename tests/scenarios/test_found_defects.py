"""Defects the relocation scenarios ran into outside the diagrams, each as the smallest test that
shows it. They fail until the code they name is fixed (the scenario suite does not edit engine/ or
the adapters); all three are fixed, and these tests keep them fixed.
"""

from __future__ import annotations

from datetime import datetime
from email import message_from_bytes
from email.policy import default as DEFAULT_POLICY
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select

from engine.definitions.deploy import deploy
from engine.documents.numbering import assign_number
from engine.instances import messages
from engine.instances.service import InstanceService
from engine.persistence.models import TaskRecord
from worker.adapters.notifications import NotificationAdapter

VLADIVOSTOK = ZoneInfo("Asia/Vladivostok")

# A case with one waiting step and an interrupting message-start event sub-process, like the
# relocation case's withdrawal (11.4): the smallest diagram that shows defect 1.
WITHDRAWABLE = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                  xmlns:spiffworkflow="http://spiffworkflow.org/bpmn/schema/1.0/core"
                  id="withdrawable_definitions" targetNamespace="http://reglament.local/bpmn">
  <bpmn:message id="msg_withdraw" name="withdraw"/>
  <bpmn:process id="withdrawable" name="Дело с отказом заявителя" isExecutable="true">
    <bpmn:extensionElements><spiffworkflow:properties>
      <spiffworkflow:property name="calendar" value="RU-PRI"/>
    </spiffworkflow:properties></bpmn:extensionElements>
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:userTask id="review" name="Рассмотреть заявление">
      <bpmn:extensionElements><spiffworkflow:properties>
        <spiffworkflow:property name="form" value="demo/review"/>
      </spiffworkflow:properties></bpmn:extensionElements>
      <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:endEvent id="end"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review"/>
    <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="end"/>
    <bpmn:subProcess id="withdrawal" name="Отказ заявителя" triggeredByEvent="true">
      <bpmn:startEvent id="start_withdrawal" isInterrupting="true">
        <bpmn:outgoing>w1</bpmn:outgoing>
        <bpmn:messageEventDefinition id="withdraw_definition" messageRef="msg_withdraw"/>
      </bpmn:startEvent>
      <bpmn:userTask id="record_withdrawal" name="Оформить отказ">
        <bpmn:extensionElements><spiffworkflow:properties>
          <spiffworkflow:property name="form" value="demo/review"/>
        </spiffworkflow:properties></bpmn:extensionElements>
        <bpmn:incoming>w1</bpmn:incoming><bpmn:outgoing>w2</bpmn:outgoing>
      </bpmn:userTask>
      <bpmn:endEvent id="end_withdrawal"><bpmn:incoming>w2</bpmn:incoming></bpmn:endEvent>
      <bpmn:sequenceFlow id="w1" sourceRef="start_withdrawal" targetRef="record_withdrawal"/>
      <bpmn:sequenceFlow id="w2" sourceRef="record_withdrawal" targetRef="end_withdrawal"/>
    </bpmn:subProcess>
  </bpmn:process>
</bpmn:definitions>
"""


def test_event_subprocess_started_in_one_process_can_be_finished_by_another(db, forms, clock, tmp_path: Path):
    """Defect 1 (engine/instances/service.py `_trigger_event_subprocess`, SpiffWorkflow 3.2.0
    `BpmnStartTask.trigger_wf`): starting a message-start event sub-process wires it into the
    process *spec* (start -> sub-process -> end) at that moment. The engine keeps one spec per
    deployed version, restored from the database once per OS process (DefinitionRepository), so
    the wiring lives only in the memory of the process that delivered the message. Any other
    process (the worker, a second API process, the same one after a restart) restores the spec
    without it, and when the sub-process's last step completes SpiffWorkflow raises
    WorkflowException "No input task connected". Relocation: citizen_withdrawal (11.4), and the
    complaint and typo-correction sub-processes of a running case, can never finish."""
    (tmp_path / "withdrawable.bpmn").write_text(WITHDRAWABLE, encoding="utf-8")
    with db.transaction() as session:
        deploy(session, tmp_path, forms, "analyst")
    api_process, worker_process = InstanceService(db), InstanceService(db)  # each restores the spec itself
    instance_id = api_process.start("withdrawable", {}, "specialist", business_key="W-1")
    messages.store(db, "withdraw", "W-1", {"reason": "передумал"})
    api_process.refresh(instance_id, "api")

    with db.transaction() as session:
        task_id = session.scalar(select(TaskRecord.id).filter_by(instance_id=instance_id, state="ready"))
    worker_process.complete_task(instance_id, task_id, {"decision": "refuse"}, "specialist")

    with db.transaction() as session:
        assert worker_process.load(session, instance_id).row.status == "completed"


def test_order_number_issued_at_0930_in_primorye_is_dated_that_local_day(db, clock):
    """Defect 2 (engine/documents/numbering.py): the date of an automatically numbered order is
    `issued_at.date()` of a UTC moment. Before 10:00 in Vladivostok (UTC+10) it is still the day
    before in UTC, so an order signed at 09:30 on 6 July is dated 5 July (the register gets that
    date too). worker/operations_table.py `_record` has the same slip for a register entry's
    default result_date (`clock.now().date()`)."""
    clock.move_to(datetime(2026, 7, 6, 9, 30, tzinfo=VLADIVOSTOK))
    number = assign_number(db, "fs_grant", "order-at-0930")
    assert number.date == "2026-07-06"


def test_notification_subject_keeps_every_space_when_the_header_is_folded():
    """Defect 3 (worker/adapters/notifications.py `_email`): a Cyrillic subject longer than one
    header line is folded by email.policy.SMTP into RFC 2047 encoded words, and the space that
    falls on a fold is dropped (whitespace between encoded words does not count), so the citizen
    reads "центрзанятости". Seen in S06(a) on the booking confirmation."""
    adapter = NotificationAdapter(
        sms_url="http://127.0.0.1:9",
        portal_url="http://127.0.0.1:9",
        smtp_host="127.0.0.1",
        smtp_port=9,
        mail_from="czn@reglament.local",
    )  # nothing is sent: the letter is composed as the adapter composes it, then read as the sink reads it
    subject = "Запись на приём в центр занятости: 11 марта 2026 г., 11:00"
    message = adapter._email("ivanova@example.ru", "Иванова Мария Петровна", subject, "Текст", "key-1")
    adapter.close()
    delivered = message_from_bytes(message.as_bytes(), policy=DEFAULT_POLICY)
    assert str(delivered["Subject"]) == subject
