"""The staff inbox: open tasks a user may see, with due marks, filters and counts.

Access arrives as an SQL condition (engine.accounts.access.task_filter_for), so this module
knows nothing of roles. The search by applicant runs in Python on the visible open tasks: an
office inbox holds hundreds of tasks, and SQLite's LIKE folds only Latin letters, so a
Cyrillic name typed in lower case would not match there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine import clock
from engine.persistence.models import ProcessInstance, TaskRecord

VIEWS = ("all", "mine", "unclaimed", "overdue", "today")
MAX_OPEN_TASKS = 2000  # why: a bound on one inbox page's work; an office has far fewer open tasks


@dataclass(frozen=True)
class InboxQuery:
    view: str = "all"
    process_key: str | None = None
    element_id: str | None = None
    search: str | None = None
    sort: str = "due_at"  # due_at, -due_at, created_at


@dataclass
class InboxRow:
    task: TaskRecord
    instance: ProcessInstance
    due_mark: str | None  # "overdue", "today" or None

    @property
    def applicant(self) -> str:
        return (self.instance.summary or {}).get("applicant_name") or ""

    @property
    def snils(self) -> str:
        return (self.instance.summary or {}).get("snils") or ""


@dataclass
class Inbox:
    rows: list[InboxRow]
    counts: dict[str, int]
    processes: list[str] = field(default_factory=list)  # for the filter selects
    elements: list[tuple[str, str]] = field(default_factory=list)  # (element_id, title)


def due_mark(due_at: datetime | None, now: datetime, zone: tzinfo) -> str | None:
    """ "overdue" once the due moment passed, "today" if it falls before the end of the local day."""
    if due_at is None:
        return None
    if due_at < now:
        return "overdue"
    local = now.astimezone(zone)
    end_of_day = datetime.combine(local.date() + timedelta(days=1), datetime.min.time(), tzinfo=zone)
    return "today" if due_at < end_of_day else None


def load_inbox(session: Session, access, login: str, query: InboxQuery, zone_of) -> Inbox:
    """``access`` is an SQL condition on task joined with instance; ``zone_of(calendar_code)`` a tzinfo."""
    now = clock.now()
    stmt = select(TaskRecord, ProcessInstance).join(ProcessInstance).where(TaskRecord.state == "ready", access)
    pairs = session.execute(stmt.limit(MAX_OPEN_TASKS)).all()
    rows = [InboxRow(t, i, due_mark(t.due_at, now, zone_of(i.calendar_code))) for t, i in pairs]
    processes = sorted({r.task.process_key for r in rows})
    elements = sorted({(r.task.element_id, r.task.title) for r in rows}, key=lambda e: e[1])
    rows = [r for r in rows if _matches(r, query)]
    counts = {view: sum(1 for r in rows if _in_view(r, view, login)) for view in VIEWS}
    rows = [r for r in rows if _in_view(r, query.view, login)]
    rows.sort(key=_sort_key(query.sort))
    return Inbox(rows, counts, processes, elements)


def _matches(row: InboxRow, query: InboxQuery) -> bool:
    if query.process_key and row.task.process_key != query.process_key:
        return False
    if query.element_id and row.task.element_id != query.element_id:
        return False
    return not query.search or _found(row, query.search)


def _found(row: InboxRow, search: str) -> bool:
    needle = search.strip().casefold()
    digits = re.sub(r"\D", "", search)
    if needle and needle in row.applicant.casefold():
        return True
    return len(digits) >= 3 and digits in re.sub(r"\D", "", row.snils)


def _in_view(row: InboxRow, view: str, login: str) -> bool:
    return {
        "all": True,
        "mine": row.task.assignee == login,
        "unclaimed": row.task.assignee is None,
        "overdue": row.due_mark == "overdue",
        "today": row.due_mark == "today",
    }.get(view, True)


def _sort_key(sort: str):
    def key(row: InboxRow) -> Any:
        due, created = row.task.due_at, row.task.created_at.timestamp()
        if sort == "created_at":
            return (created,)
        if sort == "-due_at":  # latest first, tasks without a term last
            return (due is None, -due.timestamp() if due else 0.0, created)
        return (due is None, due.timestamp() if due else 0.0, created)

    return key
