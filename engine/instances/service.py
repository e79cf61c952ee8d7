"""The one service through which every action on an instance goes.

Each action is one transaction: load the instance, fire due timers and run engine steps until
stable, check the target is still there, act, run steps again, save the state with an
optimistic version check, rebuild the derived rows and write the audit trail. A task whose
boundary timer is already due therefore cannot be completed: the timer fires first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from SpiffWorkflow.bpmn.util.event import BpmnEvent
from SpiffWorkflow.util.task import TaskState
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from engine import clock
from engine.bpmn.serializer import state_to_json, workflow_from_json
from engine.definitions.repository import DefinitionRepository
from engine.errors import Conflict, NotFound, TaskNotReady
from engine.instances import audit, index, runtime
from engine.instances.forms import validated_task_data
from engine.instances.messages import deliver_pending
from engine.persistence.database import Database
from engine.persistence.instance_rows import insert_new
from engine.persistence.models import ProcessDefinition, ProcessInstance


@dataclass
class Loaded:
    """An instance row with its live workflow, inside one transaction."""

    session: Session
    row: ProcessInstance
    definition: ProcessDefinition
    workflow: Any
    actor: str = "engine"
    fresh: bool = False  # not yet saved: no derived rows exist to compare with
    started: dict = field(default_factory=dict)  # what the case was started with, for its first audit event
    steps: list = field(default_factory=list)
    entered: dict = field(default_factory=dict)  # what a person's form gave in this action

    def advance(self) -> None:
        self.steps += runtime.advance(self.workflow)


class InstanceService:
    def __init__(self, db: Database, definitions: DefinitionRepository | None = None) -> None:
        self.db = db
        self.definitions = definitions or DefinitionRepository()

    # -- actions ---------------------------------------------------------------------------

    def start(
        self,
        process_key: str,
        data: dict,
        actor: str,
        *,
        business_key: str | None = None,
        office: str | None = None,
    ) -> int:
        with self.db.transaction() as session:
            definition = self.definitions.latest(session, process_key)
            spec, subprocess_specs = self.definitions.specs(definition)
            calendar = definition.properties.get("calendar", "RU-PRI")
            workflow = runtime.new_workflow(spec, subprocess_specs, calendar)
            workflow.data.update(data)
            workflow.get_tasks(state=TaskState.READY)[0].data.update(data)
            now = clock.now()
            row = ProcessInstance(
                definition_id=definition.id,
                process_key=process_key,
                status="running",
                business_key=business_key,
                calendar_code=calendar,
                office=office,
                state_json="{}",
                summary={},
                created_at=now,
                updated_at=now,
            )
            loaded = Loaded(session, row, definition, workflow, actor, fresh=True)
            loaded.started = {"process_key": process_key, "version": definition.version, "submitted": data}
            self._settle(loaded, actor)
            return row.id

    def complete_task(self, instance_id: int, task_id: str, data: dict, actor: str) -> None:
        with self._loaded(instance_id, actor) as loaded:
            task = self._ready_human_task(loaded, task_id)
            form_name = runtime.properties(task.task_spec).get("form")
            clean = validated_task_data(loaded.definition, form_name, data)
            task.data.update(clean)
            loaded.entered = clean
            task.run()
            audit.record(
                loaded.session,
                actor,
                "task.completed",
                instance_id=instance_id,
                task_id=task_id,
                element_id=task.task_spec.bpmn_id,
                submitted=data,
            )

    def complete_service_task(
        self,
        instance_id: int,
        task_id: str,
        result: Any,
        actor: str,
        action: str = "service.completed",
        **audit_data: Any,
    ) -> None:
        with self._loaded(instance_id, actor) as loaded:
            task = runtime.find_task(loaded.workflow, task_id)
            if task is None or not task.has_state(TaskState.STARTED):
                raise TaskNotReady("Сервисная задача уже завершена", task_id=task_id)
            task.data[task.task_spec.result_variable] = result
            task.complete()
            audit.record(
                loaded.session,
                actor,
                action,
                instance_id=instance_id,
                task_id=task_id,
                element_id=task.task_spec.bpmn_id,
                result=result,
                **audit_data,
            )

    def refresh(self, instance_id: int, actor: str = "worker") -> None:
        """Fire whatever timers are due and save: what the worker does for a timer job."""
        with self._loaded(instance_id, actor):
            pass

    def deliver(self, instance_id: int, task_id: str, payload: Any, actor: str) -> bool:
        """Hand a message payload to a waiting catch event; False if it no longer waits."""
        with self._loaded(instance_id, actor) as loaded:
            return deliver_to_task(loaded, task_id, payload, actor)

    def cancel(self, instance_id: int, actor: str, reason: str) -> None:
        with self._loaded(instance_id, actor) as loaded:
            loaded.workflow.cancel()
            loaded.row.status = "cancelled"
            audit.record(loaded.session, actor, "instance.cancelled", instance_id=instance_id, reason=reason)

    def update(self, instance_id: int, actor: str, change: Callable[[Loaded], None]) -> None:
        """Run an arbitrary change inside the standard load-act-save cycle (admin repairs)."""
        with self._loaded(instance_id, actor) as loaded:
            change(loaded)

    # -- the cycle -------------------------------------------------------------------------

    def _loaded(self, instance_id: int, actor: str):
        return _InstanceTransaction(self, instance_id, actor)

    def load(self, session: Session, instance_id: int) -> Loaded:
        row = session.get(ProcessInstance, instance_id)
        if row is None:
            raise NotFound("Экземпляр процесса не найден", instance_id=instance_id)
        definition = self.definitions.get(session, row.definition_id)
        spec, subprocess_specs = self.definitions.specs(definition)
        workflow = workflow_from_json(row.state_json, spec, subprocess_specs)
        workflow.script_engine = runtime.script_engine(row.calendar_code)
        runtime.rewire_triggered(workflow)
        return Loaded(session, row, definition, workflow)

    def _ready_human_task(self, loaded: Loaded, task_id: str):
        task = runtime.find_task(loaded.workflow, task_id)
        if task is None:
            raise NotFound("Задача не найдена", task_id=task_id)
        if not (task.has_state(TaskState.READY) and runtime.is_human(task)):
            raise TaskNotReady(task_id=task_id, state=TaskState.get_name(task.state))
        return task

    def _settle(self, loaded: Loaded, actor: str) -> None:
        """Run to a stable state, take any stored messages now awaited, and save."""
        loaded.advance()
        while True:
            snap = self._save(loaded)
            awaits = snap.message_waits or loaded.workflow.spec.start.trigger_specs
            if not awaits or not deliver_pending(loaded, actor, deliver_to_task):
                return
            loaded.advance()

    def _save(self, loaded: Loaded):
        row, workflow = loaded.row, loaded.workflow
        fired = [t for t in loaded.steps if runtime.is_timer_task(t)]
        row.state_json = state_to_json(workflow)
        row.updated_at = clock.now()
        if row.status != "cancelled":
            row.status = _status(workflow)
        ended_now = row.status in ("completed", "cancelled") and row.ended_at is None
        if ended_now:
            row.ended_at = row.updated_at
        # why: a form's fields live in task data (of a called process, too) until the case ends;
        # the inbox searches what was entered now
        row.summary = _summary(workflow.data, row.summary, loaded.entered)
        snap = runtime.snapshot(workflow)
        before = {} if loaded.fresh else (row.derived or {})
        row.derived = index.counts(snap, workflow)
        if row.id is None:  # a new case: one INSERT with its first state; the id keys what follows
            insert_new(loaded.session, row)
            audit.record(loaded.session, loaded.actor, "instance.started", instance_id=row.id, **loaded.started)
        _audit_steps(loaded)
        if ended_now:
            audit.record(loaded.session, "engine", f"instance.{row.status}", instance_id=row.id)
        index.sync(
            loaded.session, row, workflow, snap, before=before, actor=loaded.actor, fresh=loaded.fresh, fired=fired
        )
        loaded.fresh = False
        return snap


class _InstanceTransaction:
    """Context manager: one transaction around load, act, settle; losers of a race get 409."""

    def __init__(self, service: InstanceService, instance_id: int, actor: str) -> None:
        self.service, self.instance_id, self.actor = service, instance_id, actor

    def __enter__(self) -> Loaded:
        self._tx = self.service.db.transaction()
        session = self._tx.__enter__()
        try:
            self.loaded = self.service.load(session, self.instance_id)
            self.loaded.actor = self.actor
            self.loaded.advance()
        except BaseException as exc:
            self._tx.__exit__(type(exc), exc, exc.__traceback__)
            raise
        return self.loaded

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None and issubclass(exc_type, TaskNotReady) and self.loaded.steps:
            # why: the timers that fired before the check are real; keep them, refuse the action
            exc_type = exc = tb = None
            refused = True
        else:
            refused = False
        if exc_type is None:
            try:
                self.service._settle(self.loaded, self.actor)
            except BaseException as err:
                self._tx.__exit__(type(err), err, err.__traceback__)
                raise _translated(err) from err
        try:
            suppressed = self._tx.__exit__(exc_type, exc, tb)
        except (StaleDataError, IntegrityError) as err:
            raise _translated(err) from err
        return False if refused else suppressed


def _translated(err: BaseException) -> BaseException:
    if isinstance(err, StaleDataError | IntegrityError):
        return Conflict(instance_changed=True)
    return err


def complete_parked(loaded: Loaded, task_id: str, result: Any, actor: str, action: str, **audit_data: Any) -> None:
    """Finish a parked service task with its result (the worker's call, or an admin's skip)."""
    task = runtime.find_task(loaded.workflow, task_id)
    if task is None or not task.has_state(TaskState.STARTED):
        raise TaskNotReady("Сервисная задача уже завершена", task_id=task_id)
    task.data[task.task_spec.result_variable] = result
    task.complete()
    audit.record(
        loaded.session,
        actor,
        action,
        instance_id=loaded.row.id,
        task_id=task_id,
        element_id=task.task_spec.bpmn_id,
        result=result,
        **audit_data,
    )


def deliver_to_task(loaded: Loaded, task_id: str, payload: Any, actor: str) -> bool:
    """Hand a message to a waiting catch event, or start the event sub-process it triggers."""
    if task_id.startswith("start:"):
        return _trigger_event_subprocess(loaded, task_id.removeprefix("start:"), payload, actor)
    task = runtime.find_task(loaded.workflow, task_id)
    if task is None or not task.has_state(TaskState.WAITING) or not runtime.is_message_wait(task):
        return False
    definition = task.task_spec.event_definition
    loaded.workflow.catch(BpmnEvent(definition, payload=payload))
    audit.record(
        loaded.session,
        actor,
        "message.delivered",
        instance_id=loaded.row.id,
        task_id=task_id,
        element_id=task.task_spec.bpmn_id,
        message=definition.name,
        payload=payload,
    )
    loaded.advance()
    return True


def _trigger_event_subprocess(loaded: Loaded, subprocess: str, payload: Any, actor: str) -> bool:
    starts = [s for s in runtime.trigger_starts(loaded.workflow) if s.subprocess == subprocess]
    if not starts or loaded.row.status != "running":
        return False
    start = starts[0]
    loaded.workflow.catch(BpmnEvent(start.event_definition, payload=payload))
    if subprocess in loaded.definition.properties.get("interrupting_event_subprocesses", []):
        runtime.interrupt_for(loaded.workflow, subprocess)
    audit.record(
        loaded.session,
        actor,
        "message.delivered",
        instance_id=loaded.row.id,
        element_id=subprocess,
        message=start.message,
        payload=payload,
    )
    loaded.advance()
    return True


def _audit_steps(loaded: Loaded) -> None:
    for task in loaded.steps:
        spec = task.task_spec
        audit.record(
            loaded.session,
            "engine",
            "step.completed",
            instance_id=loaded.row.id,
            task_id=str(task.id),
            element_id=spec.bpmn_id,
            name=spec.bpmn_name,
            type=type(spec).__name__,
        )
    loaded.steps.clear()


def _status(workflow) -> str:
    if workflow.is_completed():
        return "completed"
    if workflow.get_tasks(state=TaskState.ERROR):
        return "error"
    return "running"


SUMMARY_KEYS = ("applicant_name", "snils", "variant", "office")


def _summary(data: dict, previous: dict, entered: dict) -> dict:
    """Start data fills gaps; what a person entered last replaces what the summary held."""

    def picked(source: dict) -> dict:
        return {k: source[k] for k in SUMMARY_KEYS if isinstance(source.get(k), str)}

    return {**picked(data), **(previous or {}), **picked(entered)}
