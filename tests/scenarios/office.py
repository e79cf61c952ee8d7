"""An employment centre driven the way a scenario of the card reads: on a day, at a time, a member
of staff completes a step of a case; then the worker carries out what the step queued.

Every action goes through the REST API (`ApiDriver`), so every step reloads the case from the
database. Times are local to Primorye (Asia/Vladivostok); the clock is the test's ManualClock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from driver import ApiDriver

from engine.clock import ManualClock
from worker.runner import Worker

VLADIVOSTOK = ZoneInfo("Asia/Vladivostok")


def local(moment: str | datetime) -> datetime:
    """An API timestamp as Primorye local time."""
    value = datetime.fromisoformat(moment) if isinstance(moment, str) else moment
    return value.astimezone(VLADIVOSTOK)


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=VLADIVOSTOK)


class Office:
    """The CZN of one test: its API, its worker, the clock on its wall."""

    def __init__(self, api: ApiDriver, clock: ManualClock, worker: Worker) -> None:
        self.api, self.clock, self.worker = api, clock, worker

    def on(self, year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> Office:
        """Move the clock to a local moment and let the worker fire whatever fell due."""
        self.clock.move_to(at(year, month, day, hour, minute))
        self.work()
        return self

    def work(self) -> int:
        return self.worker.run_until_idle()

    def open_case(self, process_key: str, data: dict, business_key: str) -> Case:
        started = self.api.start(process_key, data, business_key=business_key)
        self.work()
        return Case(self, started["id"], business_key)


@dataclass
class Case:
    office: Office
    id: int
    business_key: str

    @property
    def api(self) -> ApiDriver:
        return self.office.api

    # -- acting ------------------------------------------------------------------------------
    def open_tasks(self) -> list[dict]:
        """Every task of the case waiting for staff, whatever the lane (the case page shows them all)."""
        return self.detail()["tasks"]

    def ready(self) -> list[str]:
        return sorted(t["element_id"] for t in self.open_tasks())

    def task(self, element_id: str) -> dict:
        """The waiting task of this element, as its lane's staff member sees it in the inbox."""
        detail = self.detail()
        lanes = {t["element_id"]: t["lane"] for t in detail["tasks"]}
        incidents = [(i["element_id"], (i["last_error"] or {}).get("message")) for i in detail["incidents"]]
        assert element_id in lanes, f"no task {element_id}; ready {sorted(lanes)}, {detail['status']}, {incidents}"
        [found] = [t for t in self.api.tasks(self.id, lane=lanes[element_id]) if t["element_id"] == element_id]
        return found

    def do(self, element_id: str, data: dict) -> Case:
        """Complete the ready task of this element as its lane's staff member, then run the worker."""
        self.api.complete(self.task(element_id), data)
        self.office.work()
        return self

    def send(self, message: str, payload: dict, correlation_key: str | None = None) -> dict:
        receipt = self.api.message(message, correlation_key or self.business_key, payload)
        self.office.work()
        return receipt

    # -- reading -----------------------------------------------------------------------------
    def detail(self) -> dict:
        return self.api.instance(self.id)

    def status(self) -> str:
        return self.detail()["status"]

    def data(self) -> dict[str, Any]:
        return self.detail()["data"]

    def incidents(self) -> list[dict]:
        return self.detail()["incidents"]

    def history(self) -> list[dict]:
        return self.detail()["history"]

    def completed(self) -> list[str]:
        """Element ids of every step completed, in order: user tasks, service calls, engine steps."""
        actions = ("task.completed", "service.completed", "step.completed")
        return [e["element_id"] for e in self.history() if e["action"] in actions and e["element_id"]]

    def walked(self, *elements: str) -> bool:
        """Whether the case completed these steps in this order (others may come between)."""
        steps = iter(self.completed())
        return all(any(step == wanted for step in steps) for wanted in elements)

    def deadline(self, element_id: str, *, index: int = 0) -> dict:
        """The Deadline row of a timer (by its element id), its due moment in local time."""
        found = [d for d in self.detail()["deadlines"] if d["element_id"] == element_id]
        assert len(found) > index, (
            f"no deadline {element_id}; have {[d['element_id'] for d in self.detail()['deadlines']]}"
        )
        return {**found[index], "due": local(found[index]["due_at"])}

    def deadlines(self) -> dict[str, tuple[datetime, str]]:
        """element id -> (local due moment, state) of every statutory deadline of the case."""
        return {d["element_id"]: (local(d["due_at"]), d["state"]) for d in self.detail()["deadlines"]}

    def due_of(self, element_id: str) -> datetime:
        """The due moment a ready task shows in the inbox (its earliest statutory timer)."""
        return local(self.task(element_id)["due_at"])

    def documents(self) -> dict[str, dict]:
        return {d["template"]: d for d in self.api.documents(self.id)}
