"""The worker against the outside world: the sandbox emulators on 127.0.0.1, a live API that
receives their callbacks (treasury statements go to `POST /api/v1/messages` like in production),
payment cases of bpmn/examples/payment_statement.bpmn, and worker OS processes started with
`reglament worker` and the environment a deployment would give them.

Every wait is a poll with a deadline; no test asserts on how long something took.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from serving import serving
from sqlalchemy import select

from engine.calendars import use_store
from engine.definitions.deploy import deploy
from engine.instances.queries import instance_detail
from engine.instances.service import InstanceService
from engine.persistence.database import Database
from engine.persistence.models import Job, ProcessInstance
from engine.settings import ROOT, Settings
from sandbox.runner import SandboxHandle
from worker.factory import build_worker
from worker.runner import Worker

WAIT_SECONDS = 60.0  # upper bound for asynchronous work (callbacks, worker rounds); never asserted on
PAYER_ACCOUNT = "03212643000000012000"  # the CZN's personal account at the Treasury (20 digits)
KBK = "82310401040000000321"  # budget classification code: 20 positions
BIC = "040507001"  # a BIC of the Bank of Russia's Primorye branch: 04…, 9 digits


def wait_for(condition: Callable[[], Any], seconds: float = WAIT_SECONDS, every: float = 0.05) -> Any:
    """Poll `condition` until it is truthy or `seconds` pass; returns its last value."""
    deadline = time.monotonic() + seconds
    while True:
        value = condition()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(every)


@pytest.fixture
def eventually() -> Callable[..., Any]:
    """`wait_for` for tests: poll with a deadline, never sleep a fixed time."""
    return wait_for


# -- the outside world ----------------------------------------------------------------------


@pytest.fixture
def emulators(sandbox: SandboxHandle) -> Iterator[SandboxHandle]:
    """The session's sandbox, back to its first state and default faults; callbacks it has not
    sent yet when the test ends are dropped, so none reaches the next test's cases."""
    sandbox.reset()
    yield sandbox
    sandbox.reset()


class TreasuryDesk:
    """The treasury emulator as an operator sees it: its /_sandbox endpoints over HTTP."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.http = httpx.Client(base_url=url, timeout=5.0)

    def configure(self, **changes: Any) -> dict[str, Any]:
        return self._json(self.http.post("/_sandbox/config", json=changes))

    def payments(self) -> list[dict[str, Any]]:
        """Payments the treasury executed (one per idempotency key it accepted)."""
        return self._json(self.http.get("/_sandbox/payments"))["payments"]

    def requests(self) -> list[dict[str, Any]]:
        """Every cash-expense request it received, replays and refusals included."""
        return self._json(self.http.get("/_sandbox/received", params={"path": "/api/v1/cash-expense-requests"}))

    def callbacks(self) -> list[dict[str, Any]]:
        return self._json(self.http.get("/_sandbox/callbacks"))

    @staticmethod
    def _json(response: httpx.Response) -> Any:
        response.raise_for_status()
        return response.json()


@pytest.fixture
def treasury(emulators: SandboxHandle) -> Iterator[TreasuryDesk]:
    desk = TreasuryDesk(emulators.urls["treasury"])
    yield desk
    desk.http.close()


@pytest.fixture
def live_api(app) -> Iterator[str]:
    """The API on a free port in a thread: where the emulators deliver statements and answers."""
    # why: no callback may still use the database when the test's database is disposed (its
    # connection would leak, unclosed)
    with serving(app, join_requests=True) as url:
        yield url


@pytest.fixture
def worker_settings(settings: Settings, emulators: SandboxHandle, live_api: str) -> Settings:
    """Adapters aimed at the sandbox, callbacks at the live API, a short lease for dead workers."""
    return emulators.settings(settings, api_base_url=live_api, adapter_timeout_seconds=5.0, worker_lease_seconds=2.0)


@pytest.fixture
def worker(db: Database, worker_settings: Settings) -> Iterator[Worker]:
    """An in-process worker built as `reglament worker` builds it, on the test's clock.

    The factory installs this database's calendars for the whole process (engine/runtime.py); the
    previous source comes back after the test, since the test's database goes away with it."""
    previous = use_store(None)
    yield build_worker(worker_settings, db, worker_id="worker-in-test")
    use_store(previous)


# -- payment cases ----------------------------------------------------------------------------


def payment_order(n: int) -> dict[str, Any]:
    """Case data of payment number n: a valid order, its own order number and payment key."""
    return {
        "order_number": f"ФП-{n:04d}",
        "order_date": "2026-03-02",
        "payer_account": PAYER_ACCOUNT,
        "recipient_name": f"Получатель поддержки № {n}",
        "recipient_account": f"40817810{n:012d}",
        "recipient_bic": BIC,
        "amount": f"{1000 + n}.{n % 100:02d}",
        "purpose": f"Финансовая поддержка при переезде, приказ № {n} от 27.02.2026",
        "kbk": KBK,
        "payment_key": f"payment-{n:04d}",
    }


class PaymentCases:
    """Cases of payment_statement.bpmn, started through the instance service and read back from the database."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.service = InstanceService(db)

    def start(self, numbers: range | list[int], **changes: Any) -> dict[int, dict[str, Any]]:
        """Start one case per payment number; returns instance id → the order it pays."""
        cases = {}
        for n in numbers:
            order = {**payment_order(n), **changes}
            instance_id = self.service.start(
                "payment_statement", order, "payments-specialist", business_key=order["order_number"]
            )
            cases[instance_id] = order
        return cases

    def statuses(self, ids) -> Counter:
        with self.db.transaction() as session:
            return Counter(session.scalars(select(ProcessInstance.status).where(ProcessInstance.id.in_(list(ids)))))

    def wait_until_completed(self, ids, seconds: float = WAIT_SECONDS) -> Counter:
        """Poll until every case completed (or the deadline passed); returns the statuses."""
        ids = list(ids)
        wait_for(lambda: self.statuses(ids)["completed"] == len(ids), seconds, every=0.2)
        return self.statuses(ids)

    def detail(self, instance_id: int) -> dict[str, Any]:
        """What the instance page shows: status, data, history, incidents."""
        with self.db.transaction() as session:
            return instance_detail(session, self.service, instance_id)

    def jobs(self, ids=None) -> list[Job]:
        query = select(Job).where(Job.kind == "service").order_by(Job.id)
        if ids is not None:
            query = query.where(Job.instance_id.in_(list(ids)))
        with self.db.transaction() as session:
            return list(session.scalars(query))


@pytest.fixture
def payment_cases(db: Database, forms, tmp_path: Path) -> PaymentCases:
    """payment_statement.bpmn deployed on its own (no clock needed: tests choose theirs)."""
    folder = tmp_path / "payment_statement"
    folder.mkdir()
    shutil.copy(Path(ROOT, "bpmn/examples/payment_statement.bpmn"), folder)
    with db.transaction() as session:
        deploy(session, folder, forms, "analyst")
    return PaymentCases(db)


# -- worker OS processes -------------------------------------------------------------------------


def settings_env(settings: Settings) -> dict[str, str]:
    """The environment of a process configured as `settings`: this process's environment without
    any variable Settings reads, plus those of the settings that differ from their defaults."""
    fields = dataclasses.fields(settings)
    inherited = {name: value for name, value in os.environ.items() if name not in {f.metadata["env"] for f in fields}}
    chosen = {
        f.metadata["env"]: str(getattr(settings, f.name)) for f in fields if getattr(settings, f.name) != f.default
    }
    return {**inherited, **chosen}


class WorkerProcesses:
    """`reglament worker` processes this test started: launched, awaited until ready, killed by pid."""

    def __init__(self, settings: Settings, logs: Path) -> None:
        self.env = {**settings_env(settings), "WORKER_POLL": "0.05", "PYTHONUNBUFFERED": "1"}
        self.logs = logs
        self.started: list[subprocess.Popen] = []
        self.log_of: dict[int, Path] = {}
        self.kills = 0

    def start(self, **environment: str) -> subprocess.Popen:
        """Launch one more worker; `environment` overrides settings (e.g. WORKER_LEASE="30")."""
        log = self.logs / f"worker-{len(self.started) + 1}.log"
        with log.open("wb") as out:
            process = subprocess.Popen(
                [str(Path(sys.executable).with_name("reglament")), "worker"],
                env={**self.env, **environment},
                stdout=out,
                stderr=subprocess.STDOUT,
                cwd=ROOT,
            )
        self.log_of[process.pid] = log
        self.started.append(process)
        return process

    def wait_ready(self, process: subprocess.Popen, seconds: float = 30.0) -> bool:
        """Until the worker logs that it started (its imports done, its first claim next)."""
        log = self.log_of[process.pid]
        return wait_for(lambda: " started" in log.read_text(errors="replace"), seconds, every=0.02)

    def kill(self, process: subprocess.Popen) -> None:
        """SIGKILL: no cleanup, no goodbye; whatever it claimed stays claimed until the lease ends."""
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
            self.kills += 1
        process.wait(timeout=10)

    def stop_all(self) -> None:
        for process in self.started:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    self.kill(process)

    def log_tail(self, lines: int = 40) -> str:
        """The end of the last workers' logs, for a failure message."""
        tails = []
        for process in self.started[-4:]:
            log = self.log_of[process.pid]
            tails.append(f"--- {log.name} ---\n" + "\n".join(log.read_text(errors="replace").splitlines()[-lines:]))
        return "\n".join(tails)


@pytest.fixture
def worker_processes(worker_settings: Settings, tmp_path: Path) -> Iterator[WorkerProcesses]:
    logs = tmp_path / "worker-logs"
    logs.mkdir()
    processes = WorkerProcesses(worker_settings, logs)
    yield processes
    processes.stop_all()
