"""A live workflow and what can be read off it: human tasks, timers, message waits."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from SpiffWorkflow.bpmn.specs.control import BoundaryEventSplit
from SpiffWorkflow.bpmn.specs.event_definitions.message import MessageEventDefinition
from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition
from SpiffWorkflow.bpmn.specs.mixins.events.intermediate_event import BoundaryEvent
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.util.task import TaskState

from engine.bpmn.functions import task_functions
from engine.bpmn.scripting import RegScriptEngine, RestrictedEnvironment
from engine.bpmn.service_task import JobServiceTask
from engine.bpmn.timers import timer_due

_ENVIRONMENT = RestrictedEnvironment()
MAX_ADVANCE_ROUNDS = 20


def script_engine(calendar_code: str) -> RegScriptEngine:
    return RegScriptEngine(_ENVIRONMENT, task_functions(calendar_code))


def new_workflow(spec, subprocess_specs, calendar_code: str) -> BpmnWorkflow:
    return BpmnWorkflow(spec, subprocess_specs, script_engine=script_engine(calendar_code))


def advance(workflow: BpmnWorkflow) -> list:
    """Fire due timers and run engine steps until nothing more moves; returns the engine steps
    completed (gateways, events, scripts) for the audit trail.

    do_engine_steps ends by refreshing timers, which can make a fired timer READY; its branch
    needs another round, and that round can start timers that are already due (a moved clock).
    """
    steps: list = []

    def did_complete(task) -> None:
        if task.task_spec.bpmn_id is not None:
            steps.append(task)

    for _ in range(MAX_ADVANCE_ROUNDS):
        workflow.refresh_timers()
        workflow.do_engine_steps(did_complete_task=did_complete)
        if not any(not t.task_spec.manual for t in workflow.get_tasks(state=TaskState.READY)):
            break
    return steps


@dataclass
class Snapshot:
    """The unfinished part of the task tree, read in one pass, sorted by what the index needs."""

    human: list = field(default_factory=list)
    parked: list = field(default_factory=list)
    timers: list = field(default_factory=list)
    message_waits: list = field(default_factory=list)


def snapshot(workflow: BpmnWorkflow) -> Snapshot:
    snap = Snapshot()
    for task in workflow.get_tasks(state=TaskState.READY | TaskState.STARTED | TaskState.WAITING):
        spec = task.task_spec
        if task.state == TaskState.READY and spec.manual:
            snap.human.append(task)
        elif task.state == TaskState.STARTED and isinstance(spec, JobServiceTask):
            snap.parked.append(task)
        elif task.state == TaskState.WAITING and hasattr(spec, "event_definition"):
            if is_timer(task):
                snap.timers.append(task)
            elif is_message_wait(task):
                snap.message_waits.append(task)
    return snap


def properties(task_spec) -> dict[str, str]:
    return (getattr(task_spec, "extensions", None) or {}).get("properties", {}) or {}


def is_human(task) -> bool:
    return bool(task.task_spec.manual)


def human_tasks(workflow: BpmnWorkflow):
    return [t for t in workflow.get_tasks(state=TaskState.READY) if is_human(t)]


def parked_service_tasks(workflow: BpmnWorkflow):
    return [t for t in workflow.get_tasks(state=TaskState.STARTED) if isinstance(t.task_spec, JobServiceTask)]


def waiting_events(workflow: BpmnWorkflow):
    return [t for t in workflow.get_tasks(state=TaskState.WAITING) if hasattr(t.task_spec, "event_definition")]


def is_timer(task) -> bool:
    return isinstance(task.task_spec.event_definition, TimerEventDefinition)


def is_timer_task(task) -> bool:
    return hasattr(task.task_spec, "event_definition") and is_timer(task)


def is_message_wait(task) -> bool:
    return isinstance(task.task_spec.event_definition, MessageEventDefinition)


@dataclass(frozen=True)
class TaskDue:
    due_at: datetime
    clause: str | None
    timer_task_id: str


def guarded_task(timer_task):
    """The task a boundary timer is attached to (user, service or receive task), or None."""
    parent = timer_task.parent
    if parent is None or not isinstance(parent.task_spec, BoundaryEventSplit):
        return None
    for sibling in parent.children:
        if not isinstance(sibling.task_spec, BoundaryEvent):
            return sibling
    return None


def task_due(task) -> TaskDue | None:
    """A human task's due moment: the earliest boundary timer of the task or of any sub-process or
    call activity it runs inside, statutory ones first. A timer around a span of steps (3.4 of the
    Primorye regulation: review and issue within 5 working days) bounds every step in the span."""
    dues = [due for activity in _enclosing_activities(task) for due in _boundary_timer_dues(activity)]
    return min(dues, key=lambda due: (due.clause is None, due.due_at)) if dues else None


def _enclosing_activities(task):
    """The task, then the sub-process or call activity its workflow runs in, and so on up."""
    while task is not None:
        yield task
        workflow = task.workflow
        parent_id = workflow.parent_task_id
        task = workflow.top_workflow.get_task_from_id(parent_id) if parent_id is not None else None


def _boundary_timer_dues(task) -> list[TaskDue]:
    parent = task.parent
    if parent is None or not isinstance(parent.task_spec, BoundaryEventSplit):
        return []
    dues = []
    for sibling in parent.children:
        if sibling.has_state(TaskState.WAITING) and is_timer_task(sibling):
            due = timer_due(sibling)
            if due is not None:
                dues.append(TaskDue(due, properties(sibling.task_spec).get("clause"), str(sibling.id)))
    return dues


def title_of(task_spec) -> str:
    return task_spec.bpmn_name or task_spec.bpmn_id or task_spec.name


def find_task(workflow: BpmnWorkflow, task_id: str):
    """The task with this id anywhere in the tree (subprocesses included), or None."""
    from uuid import UUID

    from SpiffWorkflow.exceptions import TaskNotFoundException

    try:
        return workflow.get_task_from_id(UUID(task_id))
    except (TaskNotFoundException, ValueError):
        return None


@dataclass(frozen=True)
class TriggerStart:
    """A message start of an event sub-process: the case can be entered here at any time."""

    subprocess: str
    message: str
    event_definition: object

    @property
    def subscription_id(self) -> str:
        return f"start:{self.subprocess}"


def trigger_starts(workflow: BpmnWorkflow) -> list[TriggerStart]:
    found = []
    for name in workflow.spec.start.trigger_specs:
        spec = workflow.subprocess_specs.get(name)
        for start in spec.bpmn_start_events if spec else []:
            if isinstance(start.event_definition, MessageEventDefinition):
                found.append(TriggerStart(name, start.event_definition.name, start.event_definition))
    return found


def interrupt_for(workflow: BpmnWorkflow, subprocess_name: str) -> None:
    """An interrupting event sub-process started: everything else in the case is cancelled.

    SpiffWorkflow 3.2.0 reads isInterrupting but runs the sub-process beside the main flow; the
    BPMN meaning is that the main flow stops, so the rest of the top-level tree is cancelled here.
    """
    for task in list(workflow.get_tasks(state=TaskState.NOT_FINISHED_MASK)):
        if task.workflow is not workflow or task.task_spec.name == subprocess_name:
            continue
        if task.id in workflow.subprocesses:
            workflow.cancel(workflow.subprocesses[task.id])
        if not task.has_state(TaskState.FINISHED_MASK) and not _is_end(task):
            task.cancel()


def _is_end(task) -> bool:
    """The process's closing join and End: left alone so the case can complete."""
    return task.task_spec in (task.workflow.spec.end, *task.workflow.spec.end.outputs)


def rewire_triggered(workflow: BpmnWorkflow) -> None:
    """Repeat, on a reloaded private spec, the wiring SpiffWorkflow's trigger_wf did when an event
    sub-process of this case was started (start -> sub-process -> end); without it the sub-process
    cannot finish in any process other than the one that started it."""
    spec = workflow.spec
    started = {t.task_spec.name for t in workflow.tasks.values()}
    for name in spec.start.trigger_specs:
        task_spec = spec.task_specs.get(name)
        if name in started and task_spec is not None and spec.start not in task_spec.inputs:
            spec.start.connect(task_spec)
            task_spec.connect(spec.end)
