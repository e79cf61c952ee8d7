"""Rows derived from a workflow's state, written in the same transaction as the state.

Human tasks, timer and service jobs, message subscriptions and statutory deadlines are all
read off the task tree after every action, so the database never disagrees with the
instance: a task that disappeared from the tree loses its job, a timer that fired closes its
deadline. The tree is read once (a snapshot); a brand-new instance has no rows to compare with.
"""

from __future__ import annotations

from datetime import datetime

from SpiffWorkflow.util.task import TaskState
from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from engine import clock
from engine.bpmn.serializer import data_to_json
from engine.bpmn.timers import timer_due
from engine.instances import runtime
from engine.instances.runtime import Snapshot
from engine.persistence.models import Deadline, Job, MessageSubscription, ProcessInstance, TaskRecord

DEFAULT_RETRIES = 5
DEFAULT_BACKOFF_SECONDS = 2.0
FINAL_JOB_STATES = ("done", "skipped", "cancelled")


def counts(snap: Snapshot, workflow) -> dict:
    """How many derived rows of each kind a save leaves, kept on the instance so the next save
    skips the lookups of kinds it left empty (service jobs of finished tasks are final)."""
    return {
        "human": len(snap.human),
        "timers": len(snap.timers),
        "services": len(snap.parked),
        "subscriptions": len(snap.message_waits) + len(workflow.spec.start.trigger_specs),
        "deadlines": sum(1 for t in snap.timers if runtime.properties(t.task_spec).get("clause")),
    }


def sync(
    session: Session,
    instance: ProcessInstance,
    workflow,
    snap: Snapshot,
    *,
    before: dict,
    actor: str,
    fresh: bool = False,
    fired: list = (),
) -> None:
    """Bring the derived rows in line with `snap`; `before` holds the counts of the last save."""
    had = before.get  # a missing count (an old row) means: look

    with session.no_autoflush:  # why: one flush at commit instead of one per query
        _sync_tasks(session, instance, workflow, snap, actor, fresh or not had("human", 1))
        _sync_timer_jobs(session, instance, snap, fresh or not had("timers", 1))
        _sync_service_jobs(session, instance, snap, fresh or not had("services", 1))
        _sync_subscriptions(session, instance, workflow, snap, fresh or not had("subscriptions", 1))
        _sync_deadlines(session, instance, workflow, snap, fresh or not had("deadlines", 1))
        _record_breached_on_arrival(session, instance, fired)


# why: built once with bind parameters; building a statement costs more than running it
_INSTANCE = bindparam("instance_id")
_TASKS = TaskRecord.__table__
_OPEN_TASKS = select(_TASKS.c.id, _TASKS.c.due_at, _TASKS.c.clause).where(
    _TASKS.c.instance_id == _INSTANCE, _TASKS.c.state == "ready"
)
_ADD_TASK = insert(_TASKS)
_CLOSE_TASK = (
    update(_TASKS)
    .where(_TASKS.c.id == bindparam("task_id"))
    .values(state=bindparam("new_state"), completed_at=bindparam("closed_at"), completed_by=bindparam("closed_by"))
)
_MOVE_TASK_DUE = (
    update(_TASKS)
    .where(_TASKS.c.id == bindparam("task_id"))
    .values(due_at=bindparam("new_due_at"), clause=bindparam("new_clause"))
)
_LIVE_TIMER_JOBS = select(Job).where(
    Job.instance_id == _INSTANCE, Job.kind == "timer", Job.state.in_(("pending", "running"))
)
_SERVICE_JOBS = select(Job).where(Job.instance_id == _INSTANCE, Job.kind == "service")
_PENDING_DEADLINES = select(Deadline).where(Deadline.instance_id == _INSTANCE, Deadline.state == "pending")
_SUBSCRIPTIONS = delete(MessageSubscription).where(MessageSubscription.instance_id == _INSTANCE)
_DEADLINE_OF_TIMER = select(Deadline.id).where(Deadline.timer_task_id == bindparam("timer_task_id"))


def _existing(session: Session, fresh: bool, query, instance: ProcessInstance) -> list:
    return [] if fresh else list(session.scalars(query, {"instance_id": instance.id}))


def _has_deadline(session: Session, task) -> bool:
    return session.scalar(_DEADLINE_OF_TIMER, {"timer_task_id": str(task.id)}) is not None


def _sync_tasks(session: Session, instance: ProcessInstance, workflow, snap: Snapshot, actor: str, fresh: bool):
    """Close the rows of tasks that left READY, add rows for new ones, move changed due moments.

    Plain statements, not ORM objects: this runs on every action, and the rows are a projection.
    """
    now = clock.now()
    ready = {str(t.id): t for t in snap.human}
    known = {} if fresh else {r.id: r for r in session.execute(_OPEN_TASKS, {"instance_id": instance.id})}
    closed = [_closing(workflow, task_id, actor, now) for task_id in known if task_id not in ready]
    added, moved = [], []
    for task_id, task in ready.items():
        due = runtime.task_due(task)
        due_at, clause = (due.due_at, due.clause) if due else (None, None)
        row = known.get(task_id)
        if row is None:
            added.append(_task_row(instance, task, now, due_at, clause))
        elif (row.due_at, row.clause) != (due_at, clause):
            moved.append({"task_id": task_id, "new_due_at": due_at, "new_clause": clause})
    for statement, rows in ((_CLOSE_TASK, closed), (_ADD_TASK, added), (_MOVE_TASK_DUE, moved)):
        if rows:
            session.connection().execute(statement, rows)


def _closing(workflow, task_id: str, actor: str, now: datetime) -> dict:
    task = runtime.find_task(workflow, task_id)
    completed = task is not None and task.has_state(TaskState.COMPLETED)
    return {
        "task_id": task_id,
        "new_state": "completed" if completed else "cancelled",
        "closed_at": now,
        "closed_by": actor if completed else None,
    }


def _task_row(instance: ProcessInstance, task, now: datetime, due_at, clause) -> dict:
    spec = task.task_spec
    return {
        "id": str(task.id),
        "instance_id": instance.id,
        "process_key": instance.process_key,
        "element_id": spec.bpmn_id or spec.name,
        "title": runtime.title_of(spec),
        "lane": spec.lane,
        "form": runtime.properties(spec).get("form"),
        "state": "ready",
        "due_at": due_at,
        "clause": clause,
        "created_at": now,
    }


def _sync_timer_jobs(session: Session, instance: ProcessInstance, snap: Snapshot, fresh: bool) -> None:
    timers = {str(t.id): t for t in snap.timers}
    existing = {j.task_id: j for j in _existing(session, fresh, _LIVE_TIMER_JOBS, instance)}
    for task_id, job in existing.items():
        if task_id not in timers:
            session.delete(job)  # fired or cancelled with its branch: nothing left to fire
    for task_id, task in timers.items():
        due = timer_due(task)
        if due is None:
            continue
        job = existing.get(task_id)
        if job is None:
            session.add(_timer_job(instance, task, due))
        else:  # still waiting (not yet due): back to the queue at its due moment
            job.run_at, job.state, job.claimed_by, job.lease_until = due, "pending", None, None


def _timer_job(instance: ProcessInstance, task, due) -> Job:
    return Job(
        kind="timer",
        instance_id=instance.id,
        task_id=str(task.id),
        element_id=task.task_spec.bpmn_id or "",
        state="pending",
        run_at=due,
        idempotency_key=f"{instance.id}:{task.id}",
        created_at=clock.now(),
    )


def _sync_service_jobs(session: Session, instance: ProcessInstance, snap: Snapshot, fresh: bool) -> None:
    parked = {str(t.id): t for t in snap.parked}
    jobs = {j.task_id: j for j in _existing(session, fresh, _SERVICE_JOBS, instance)}
    for task_id, job in jobs.items():
        if task_id not in parked and job.state not in FINAL_JOB_STATES:
            job.state = "cancelled" if instance.status == "cancelled" else "done"
            job.finished_at, job.lease_until = clock.now(), None
    for task_id, task in parked.items():
        if task_id not in jobs:
            session.add(_service_job(instance, task))


def _service_job(instance: ProcessInstance, task) -> Job:
    spec = task.task_spec
    props = runtime.properties(spec)
    return Job(
        kind="service",
        instance_id=instance.id,
        task_id=str(task.id),
        element_id=spec.bpmn_id or spec.name,
        state="pending",
        run_at=clock.now(),
        operation=spec.operation_name,
        params=data_to_json(spec.job_params(task)),
        # why: derived from instance and task, never the attempt, so a retry cannot pay twice
        idempotency_key=f"reglament:{instance.id}:{spec.bpmn_id}:{task.id}",
        max_attempts=int(props.get("retries", spec.retries or DEFAULT_RETRIES)),
        backoff_seconds=float(props.get("backoff", spec.retry_backoff_base or DEFAULT_BACKOFF_SECONDS)),
        created_at=clock.now(),
    )


def _sync_subscriptions(session: Session, instance: ProcessInstance, workflow, snap: Snapshot, fresh: bool) -> None:
    if not fresh:
        session.execute(_SUBSCRIPTIONS, {"instance_id": instance.id})
    for task in snap.message_waits:
        session.add(
            MessageSubscription(
                instance_id=instance.id,
                task_id=str(task.id),
                name=task.task_spec.event_definition.name,
                correlation_key=correlation_key(instance, task),
            )
        )
    if instance.status == "running":  # a running case can be entered by its event sub-processes
        for start in runtime.trigger_starts(workflow):
            session.add(
                MessageSubscription(
                    instance_id=instance.id,
                    task_id=start.subscription_id,
                    name=start.message,
                    correlation_key=instance.business_key or str(instance.id),
                )
            )


def correlation_key(instance: ProcessInstance, task) -> str:
    """The key a waiting message is matched on: the catch event's `correlationKey` expression
    evaluated in the task's data, or else the instance's business key."""
    expression = runtime.properties(task.task_spec).get("correlationKey")
    if expression:
        return str(task.workflow.script_engine.evaluate(task, expression))
    return instance.business_key or str(instance.id)


def _sync_deadlines(session: Session, instance: ProcessInstance, workflow, snap: Snapshot, fresh: bool) -> None:
    pending = {d.timer_task_id: d for d in _existing(session, fresh, _PENDING_DEADLINES, instance)}
    waiting = {str(t.id): t for t in snap.timers}
    for task_id, deadline in pending.items():
        if task_id not in waiting:
            _close_deadline(deadline, workflow)
    for task_id, task in waiting.items():
        clause = runtime.properties(task.task_spec).get("clause")
        if clause and task_id not in pending and timer_due(task) is not None:
            _open_deadline(session, instance, task, clause, fresh)


def _record_breached_on_arrival(session: Session, instance: ProcessInstance, fired: list) -> None:
    """A statutory timer that was already due when its step began (a late document, a moved
    clock) fires in the same action; it never waited, so its breach is written here."""
    for task in fired:
        clause = runtime.properties(task.task_spec).get("clause")
        if clause and not _has_deadline(session, task):
            deadline = _open_deadline(session, instance, task, clause, fresh=True)
            deadline.state, deadline.closed_at = "breached", deadline.due_at


def _open_deadline(session: Session, instance: ProcessInstance, task, clause: str, fresh: bool) -> Deadline | None:
    if not fresh and _has_deadline(session, task):
        return None  # closed earlier (a timer that fired and waits again is a cycle: one deadline)
    info = task._get_internal_data("deadline") or {}
    guarded = runtime.guarded_task(task)
    deadline = Deadline(
        instance_id=instance.id,
        timer_task_id=str(task.id),
        element_id=task.task_spec.bpmn_id or "",
        guarded_task_id=str(guarded.id) if guarded else None,
        guarded_element_id=guarded.task_spec.bpmn_id if guarded else None,
        clause=clause,
        term=info.get("term"),
        party=info.get("party", "office"),
        calendar_code=info.get("calendar", instance.calendar_code),
        started_at=_parse(info.get("start")) or clock.now(),
        due_at=timer_due(task) or clock.now(),
        state="pending",
        warnings=info.get("warnings", []),
    )
    session.add(deadline)
    return deadline


def _close_deadline(deadline: Deadline, workflow) -> None:
    timer = runtime.find_task(workflow, deadline.timer_task_id)
    if timer is not None and timer.has_state(TaskState.COMPLETED):
        deadline.state, deadline.closed_at = "breached", deadline.due_at
        return
    guarded = runtime.find_task(workflow, deadline.guarded_task_id) if deadline.guarded_task_id else None
    met = guarded is None or guarded.has_state(TaskState.COMPLETED)
    deadline.state = "met" if met else "cancelled"
    deadline.closed_at = clock.now()


def _parse(value):
    return datetime.fromisoformat(value) if value else None
