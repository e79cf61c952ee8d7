"""`reglament demo relocation`: a move case of the Primorye regulation (scenario S01 of the card, V1)
from the application on 10 March 2026 to the Treasury's statement on 9 July, against the sandbox,
on a clock that travels between the scenario's days. Yields its timeline as log lines: each step
(when, lane / who, what), each deadline (clause, term, due, met or breached), each outside effect.

The sandbox of Settings is used when every emulator answers there, else one starts in this process
on free ports. The worker runs in this process; a live API on a free port takes the callbacks,
which wait at its door until the clock reaches their day. The installed clock is restored at the end.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import logging
import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import httpx
from sqlalchemy import func, select
from werkzeug.serving import make_server

from engine import clock as clock_module
from engine.instances import messages
from engine.instances.service import InstanceService
from engine.persistence.database import Database
from engine.persistence.models import AuditEvent, Deadline, Job, ProcessInstance, TaskRecord
from engine.settings import Settings
from sandbox.runner import SETTING_OF, SandboxPorts, start_all
from worker.operations_table import build_operations
from worker.runner import Worker

VLADIVOSTOK = ZoneInfo("Asia/Vladivostok")
PROCESS = "primorye_relocation"
WEEKDAYS = ("Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Вс")
WAIT_SECONDS = 60.0  # bound on waiting for a callback; the demo never sleeps a fixed time
ACTOR_OF_LANE = dict(
    specialist="специалист", document_clerk="делопроизводитель", director="директор", payments_specialist="бухгалтер"
)
CONTACT_OF = {"email": "email", "sms": "phone", "post": "postal_address", "portal": "portal_account"}
STATES = {"pending": "идёт", "met": "соблюдён (met)", "breached": "НАРУШЕН (breached)", "cancelled": "снят (cancelled)"}
APPLICANT = "Иванова Мария Петровна"


def run_named_demo(settings: Settings, db: Database, name: str) -> Iterator[str]:
    if name != "relocation":
        raise ValueError(f"неизвестное демо «{name}»: есть application, relocation")
    manual = clock_module.ManualClock(datetime(2026, 3, 10, 9, tzinfo=VLADIVOSTOK))
    previous, requests_log = clock_module.install(manual), logging.getLogger("werkzeug")
    level = requests_log.level
    requests_log.setLevel(logging.WARNING)  # the timeline, not the emulators' request log
    try:
        with _outside_world(settings) as (aimed_at, sandbox_note), _LiveApi(settings, db) as api:
            yield sandbox_note
            yield f"callbacks: {api.url}/api/v1/messages"
            yield from _MoveCase(db, manual, api, aimed_at(api.url)).run()
    finally:
        clock_module.install(previous)
        requests_log.setLevel(level)


# -- the case, step by step (S01) ------------------------------------------------------------------

# What happens on each day of S01, in order: a staff member completes a form ("do"), a message comes
# in ("message"), or the Treasury's callback is let in ("callback"). Dates are local to Primorye.
S01 = """[
{"at": "2026-03-10T10:00", "do": "accept_application", "data": {"applicant_name": "Иванова Мария Петровна",
 "snils": "{snils}", "birth_date": "1985-04-12", "variant": "move", "application_basis": "application",
 "application_presented": true, "citizenship": "ru", "identity_document_presented": true,
 "identity_document": {"kind": "passport_ru", "number": "0505 123456", "issued_by": "УМВД России по Приморскому краю",
  "issued_on": "2010-05-01"}, "recognised_unemployed": true, "is_disabled": false, "ipra_presented": false,
 "family_members": [], "preferred_notification": "email", "contacts": {"email": "ivanova@example.ru",
  "phone": "+7 914 123-45-67", "postal_address": "690091, Владивосток, ул. Светланская, 1"}}},
{"at": "2026-03-10T10:00", "do": "inform_citizen", "data": {"informed_topics": ["vacancies", "fs_amounts_and_refund"]}},
{"at": "2026-03-10T10:00", "do": "search_vacancies", "data": {"profession": "Сварщик", "vacancies_found": true,
 "extract_signed": true, "vacancy_options": [{"vacancy_id": "V-1", "employer_name": "ООО «Восток»",
  "locality": "Находка", "position": "Сварщик"}]}},
{"at": "2026-03-10T10:00", "do": "agree_options", "data": {"citizen_choice": "chosen", "chosen_options": ["V-1"],
 "decision_signed_on": "2026-03-10", "informed_about_approval_term": true, "approval_informing_method": "phone"}},
{"at": "2026-03-12T11:00", "do": "record_employer_decision", "data": {"employer_name": "ООО «Восток»",
 "employer_locality": "Находка", "vacancy_position": "Сварщик", "employer_contacts": {"email": "hr@vostok.example.ru"},
 "interview_held": false, "employer_decision": "approved", "employer_decided_on": "2026-03-12"}},
{"at": "2026-03-18T11:00", "do": "register_guarantee_letter", "data": {"guarantee_letter_number": "15",
 "guarantee_letter_date": "2026-03-17", "guarantee_letter_received_on": "2026-03-18", "employment_type": "fixed_term",
 "planned_employment_date": "2026-04-01", "contract_end_date": "2026-06-30", "housing_provided_by_employer": false,
 "travel_compensated_by_employer": false, "letter_signatory": "Петров Павел Павлович"}},
{"at": "2026-03-18T12:00", "do": "draft_contract", "data": {"contract_fs_documents": [
 "Заявление о ФП с реквизитами счёта", "Копия срочного трудового договора"]}},
{"at": "2026-03-18T12:00", "do": "sign_contract", "data": {"signature_confirmed": true, "signatory_role": "director",
 "signed_on": "2026-03-18"}},
{"at": "2026-03-18T12:00", "do": "invite_for_contract", "data": {"contract_visit_on": "2026-03-20",
 "contract_visit_time": "10:00", "invitation_method": "phone", "warned_no_contract_ground": true}},
{"at": "2026-03-20T10:00", "do": "conclude_contract", "data": {"contract_signed_by_citizen": true,
 "employer_details_given": true, "contract_decision_on": "2026-03-20"}},
{"at": "2026-03-20T10:00", "do": "issue_referral", "data": {"referral_issued_on": "2026-03-20",
 "referral_receipt_signed": true, "told_to_return_with_mark": true, "fs_submission_explained": true}},
{"at": "2026-03-20T10:00", "do": "deregister_after_referral", "data": {"employment_date": "2026-04-01",
 "deregistration_checked": true}},
{"at": "2026-07-06T11:00", "message": "fs_documents_received", "data": {"received_on": "2026-07-06",
 "channel": "in_person"}},
{"at": "2026-07-06T11:00", "do": "check_fs_documents", "data": {"fs_documents_received_on": "2026-07-06",
 "fs_documents_channel": "in_person", "fs_application_presented": true, "employment_contract_copy_presented": true,
 "employment_contract_certified": true, "hiring_dismissal_orders_presented": true, "expense_documents_presented": true,
 "identity_and_family_documents_presented": true, "residence_registration_presented": true,
 "origin_contract_presented": true, "relocation_contract_exists": true, "fs_information_false": false,
 "fs_documents_illegible": false, "dismissal_reason": "term_expired", "employer_paid_travel": false,
 "employer_provided_housing": false, "work_not_started": false, "employment_contract_number": "77",
 "employment_contract_date": "2026-04-01", "recipient_name": "Иванова Мария Петровна", "fs_family_members": [],
 "recipient_bank_account": {"account": "40817810250001234567", "bic": "040813608", "bank_name": "ПАО Сбербанк"},
 "expense_lines": [
  {"component": "travel", "beneficiary": "Иванова М. П.", "document": "Билеты Владивосток — Находка",
   "claimed_amount": "3500.50"},
  {"component": "housing_rent", "beneficiary": "Иванова М. П.", "document": "Договор найма",
   "claimed_amount": "15000.00"}]}},
{"at": "2026-07-06T11:00", "do": "sign_grant_order", "data": {"signature_confirmed": true, "signatory_role": "acting",
 "signed_on": "2026-07-06"}},
{"at": "2026-07-06T11:00", "do": "acquaint_grant", "data": {"acquaintance_mode": "in_person",
 "acquainted_on": "2026-07-06", "documents_attached": true}},
{"at": "2026-07-06T11:00", "do": "accrue_payment", "data": {"accrual_confirmed": true, "payment_order_number": "501",
 "payment_order_date": "2026-07-06", "payer_account": "03212643000000012000", "kbk": "81510401230000000321"}},
{"at": "2026-07-09T12:00", "callback": "treasury_statement"},
{"at": "2026-07-09T12:00", "do": "archive_personal_file", "data": {"statement_attached": true, "file_checked": true,
 "archived_on": "2026-07-09"}}
]"""


class _MoveCase:
    def __init__(self, db: Database, manual: clock_module.ManualClock, api: _LiveApi, worker_settings: Settings):
        self.db, self.clock, self.api = db, manual, api
        self.service = InstanceService(db)
        self.worker = Worker(db, InstanceService(db), build_operations(worker_settings, db), worker_id="demo-worker")
        self.log = _Timeline(db)
        self.treasury_url = worker_settings.treasury_url

    def run(self) -> Iterator[str]:
        number = self._next_number()
        key, snils = f"ДЕМО-ПЕР-{number:03d}", _snils(number)
        yield f"дело {key}: переезд для временного трудоустройства (V1), {APPLICANT}, СНИЛС {snils}"
        self._on(datetime.fromisoformat("2026-03-10T10:00"))
        self.case = self.service.start(PROCESS, {"variant": "move", "channel": "in_person"}, "demo", business_key=key)
        self.log.instance_id = self.case
        for step in json.loads(S01.replace("{snils}", snils)):
            moment = datetime.fromisoformat(step["at"])
            if step.get("callback"):
                self.api.door.wait_for_arrival()  # written when the Treasury executed the request
                self._on(moment)
                self.api.door.let_in()
            else:
                self._on(moment)
                self._message(key, step) if step.get("message") else self._do(step["do"], step["data"])
            self.worker.run_until_idle()
            yield from self.log.new_lines()
        yield from self.log.summary(self._payments())

    def _message(self, key: str, step: dict) -> None:
        """What POST /api/v1/messages does: store the message, then refresh the case that waits for it."""
        receipt = messages.store(self.db, step["message"], key, step["data"])
        if receipt.instance_id is not None:
            self.service.refresh(receipt.instance_id, f"message:{step['message']}")

    def _do(self, element: str, data: dict) -> None:
        with self.db.transaction() as session:
            task = session.scalars(
                select(TaskRecord).filter_by(instance_id=self.case, element_id=element, state="ready")
            ).first()
            task_id, lane = (task.id, task.lane) if task else (None, None)
        if task_id is None:
            raise RuntimeError(f"демо: шаг {element} не ожидает выполнения")
        self.service.complete_task(self.case, task_id, data, ACTOR_OF_LANE.get(lane or "", "demo"))

    def _on(self, local: datetime) -> None:
        moment = local.replace(tzinfo=VLADIVOSTOK)
        if moment != self.clock.now():
            self.clock.move_to(moment)
            self.worker.run_until_idle()

    def _next_number(self) -> int:
        with self.db.transaction() as session:
            count = session.scalar(select(func.count()).select_from(ProcessInstance).filter_by(process_key=PROCESS))
        return (count or 0) + 1

    def _payments(self) -> list[dict[str, Any]]:
        """What the Treasury says it executed (its own record, not ours)."""
        reply = httpx.get(f"{self.treasury_url}/_sandbox/payments", timeout=5.0)
        reply.raise_for_status()
        return reply.json()["payments"]


# -- the timeline ----------------------------------------------------------------------------------


@dataclass
class _Timeline:
    """Reads the case's audit trail, jobs and deadlines since the last look, as log lines."""

    db: Database
    instance_id: int | None = None
    seen_event: int = 0
    deadlines: dict[int, str] = field(default_factory=dict)
    treasury_requests: set[str] = field(default_factory=set)  # this case's, to pick its payments out

    def new_lines(self) -> Iterator[str]:
        with self.db.transaction() as session:
            events = session.scalars(
                select(AuditEvent)
                .where(AuditEvent.instance_id == self.instance_id, AuditEvent.id > self.seen_event)
                .order_by(AuditEvent.id)
            ).all()
            jobs = session.scalars(select(Job).filter_by(instance_id=self.instance_id))
            params = {j.task_id: j.params or {} for j in jobs}
            tasks = {t.id: t for t in session.scalars(select(TaskRecord).filter_by(instance_id=self.instance_id))}
            lanes, titles = {i: t.lane for i, t in tasks.items()}, {i: t.title for i, t in tasks.items()}
            rows = session.scalars(select(Deadline).filter_by(instance_id=self.instance_id).order_by(Deadline.id)).all()
        for event in events:
            self.seen_event = event.id
            if (event.data or {}).get("operation") == "treasury.send_payment":
                self.treasury_requests.add((event.data.get("result") or {}).get("request_id"))
            line = _event_line(event, params.get(event.task_id or "", {}), lanes.get(event.task_id or ""), titles)
            if line:
                yield line
        yield from self._deadline_lines(rows)

    def _deadline_lines(self, rows: list[Deadline]) -> Iterator[str]:
        now = clock_module.now()
        for row in rows:
            if self.deadlines.get(row.id) == row.state:
                continue
            self.deadlines[row.id] = row.state
            state = STATES[row.state]
            since = f" с {row.started_at.astimezone(VLADIVOSTOK):%d.%m.%Y}" if row.state == "pending" else ""
            yield _line(now, "срок", f"⏱ п. {row.clause}, {row.term}{since}: до {_moment(row.due_at)} — {state}")

    def summary(self, payments: list[dict[str, Any]]) -> Iterator[str]:
        by_due = select(Deadline).filter_by(instance_id=self.instance_id).order_by(Deadline.due_at)
        with self.db.transaction() as session:
            status, rows = session.get(ProcessInstance, self.instance_id).status, session.scalars(by_due).all()
        yield "Сроки дела:"
        for d in rows:
            yield f"  п. {d.clause:<18} {d.term or '':<16} до {_moment(d.due_at)}  {d.state}"
        ours = [p for p in payments if p.get("request_id") in self.treasury_requests]
        total = sum((Decimal(p["amount"]) for p in ours), Decimal("0"))
        yield f"Итог: дело {status}; казначейство исполнило платежей: {len(ours)}, на сумму {_rubles(total)}"


def _event_line(event: AuditEvent, params: dict, lane: str | None, titles: dict[str, str]) -> str | None:
    data = event.data or {}
    if event.action == "instance.started":
        return _line(event.at, event.actor, f"▶ дело начато: {data.get('process_key')} v{data.get('version')}")
    if event.action == "task.completed":
        who = f"{lane or '-'} / {event.actor}" if lane else event.actor
        return _line(event.at, who, f"✔ {titles.get(event.task_id or '', event.element_id)} ({event.element_id})")
    if event.action == "service.completed":
        return _line(event.at, "worker", _effect(data.get("operation"), params, data.get("result") or {}))
    if event.action == "message.delivered":
        return _line(event.at, "внешняя система", _received(data.get("message"), data.get("payload") or {}))
    if event.action in ("instance.completed", "instance.cancelled"):
        return _line(event.at, "engine", f"■ дело {event.action.split('.')[1]}")
    return None


def _effect(operation: str | None, params: dict, result: dict) -> str:
    if operation == "register.record":
        return f"→ регистр: {params.get('procedure')} ({result.get('entry_id')})"
    if operation == "register.deregister":
        return f"→ регистр: снятие с регистрационного учёта с {params.get('effective_date')} ({result.get('entry_id')})"
    if operation == "register.find_or_create_file":
        return f"→ регистр: личное дело {result.get('file_id')}"
    if operation == "notify.send":
        channel = result.get("channel")
        contact = (params.get("contacts") or {}).get(CONTACT_OF.get(channel, ""), "")
        return f"→ уведомление «{params.get('template')}»: {channel} {contact}".rstrip()
    if operation == "treasury.send_payment":
        return (
            f"→ казначейство: заявка на кассовый расход № {params.get('order_number')}, "
            f"{_rubles(params.get('amount'))} — {result.get('status')} {result.get('request_id')}"
        )
    if operation == "orders.assign_number":
        return f"№ присвоен: {result.get('number')}"
    if operation == "documents.render":
        number = (params.get("context") or {}).get("number") or "б/н"
        return f"□ документ «{params.get('template')}» № {number} (id {result.get('document_id')})"
    return f"→ {operation}"


def _received(message: str | None, payload: dict) -> str:
    if message == "treasury_statement":
        return (
            f"← казначейство: выписка из лицевого счёта {payload.get('statement_id')}, "
            f"{payload.get('status')}, {_rubles(payload.get('amount'))}, операция {payload.get('operation_date')}"
        )
    if message == "fs_documents_received":
        return f"← гражданин: документы на финансовую поддержку ({message})"
    return f"← сообщение {message}"


def _line(moment: datetime, who: str, text: str) -> str:
    return f"{_moment(moment)} │ {who[:36]:<36} │ {text}"


def _moment(moment: datetime) -> str:
    local = moment.astimezone(VLADIVOSTOK)
    return f"{WEEKDAYS[local.weekday()]} {local:%d.%m.%Y %H:%M}"


def _rubles(value: Any) -> str:
    amount = Decimal(str(value or "0")).quantize(Decimal("0.01"))
    whole, _, kopecks = f"{amount:,.2f}".partition(".")
    return f"{whole.replace(',', ' ')},{kopecks} руб."


def _snils(number: int) -> str:
    """A valid СНИЛС of its own for each demo case, so a rerun against a kept sandbox opens a new file."""
    digits = f"{100200300 + number:09d}"
    total = sum(int(d) * (9 - i) for i, d in enumerate(digits))
    check = total if total < 100 else (0 if total in (100, 101) else total % 101 % 100)
    return f"{digits[:3]}-{digits[3:6]}-{digits[6:]} {check:02d}"


# -- the outside world and the door the callbacks come in by --------------------------------------


@contextlib.contextmanager
def _outside_world(settings: Settings) -> Iterator[tuple[Callable[[str], Settings], str]]:
    """Settings for the worker (given the callback URL) and a note on which sandbox it reaches."""
    if _sandbox_answers(settings):
        yield (lambda url: dataclasses.replace(settings, api_base_url=url)), f"sandbox: {settings.treasury_url} …"
        return
    handle = start_all(SandboxPorts.ephemeral(), seed=2026)
    try:
        note = f"sandbox: запущен в этом процессе, казначейство {handle.urls['treasury']}"
        yield (lambda url: handle.settings(settings, api_base_url=url)), note
    finally:
        handle.stop()


def _sandbox_answers(settings: Settings) -> bool:
    for setting in SETTING_OF.values():
        try:
            if httpx.get(f"{getattr(settings, setting)}/_sandbox/config", timeout=1.0).status_code != 200:
                return False
        except httpx.HTTPError:
            return False
    try:
        with socket.create_connection((settings.smtp_host, settings.smtp_port), timeout=1.0):
            return True
    except OSError:
        return False


class _Door:
    """WSGI middleware: a callback waits here until the demo's clock reaches the day it arrives."""

    def __init__(self, app) -> None:
        self.app, self.opened, self.arrived, self.handled = app, threading.Event(), threading.Event(), threading.Event()

    def __call__(self, environ, start_response):
        self.arrived.set()
        self.opened.wait(WAIT_SECONDS)
        try:
            return self.app(environ, start_response)
        finally:
            self.handled.set()

    def wait_for_arrival(self) -> None:
        if not self.arrived.wait(WAIT_SECONDS):
            raise RuntimeError("демо: выписка казначейства не пришла")

    def let_in(self) -> None:
        self.opened.set()
        if not self.handled.wait(WAIT_SECONDS):
            raise RuntimeError("демо: API не принял выписку казначейства")


class _LiveApi:
    def __init__(self, settings: Settings, db: Database) -> None:
        from api import create_app
        from api.context import Services

        self.door = _Door(create_app(settings, Services.build(settings, db)))
        self.server = make_server("127.0.0.1", 0, self.door, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def __enter__(self) -> _LiveApi:
        self.thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.door.opened.set()
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)
