"""Service jobs per second on PostgreSQL: treasury payments carried out by 1 and 4 worker processes.

Each run starts from a fresh schema, deploys bpmn/examples/payment_statement.bpmn and starts
JOBS payment cases, each parking one `treasury.send_payment` job. Then N `reglament worker` OS
processes (the production command) work against the sandbox treasury in this process, with zero
latency and no faults. The jobs are held back until every worker has started, so process start-up
is not measured; jobs/s = jobs done / (last job finished - release), wall time.

What one job is: claim (FOR UPDATE SKIP LOCKED, batches of 10), the adapter's HTTP call with its
idempotency key, and the completion of the parked task (load, complete, engine steps, save, audit)
in one transaction. The treasury's statement callbacks are switched off: the cases stop waiting
for their statement, which keeps message delivery (an API concern) out of the figure.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select, text, update

from engine.definitions.deploy import deploy
from engine.forms.catalog import FormCatalog
from engine.instances.service import InstanceService
from engine.persistence.database import Database
from engine.persistence.migrate import upgrade
from engine.persistence.models import Job
from engine.settings import ROOT, Settings
from sandbox.runner import SandboxHandle, SandboxPorts, start_all

JOBS = int(os.environ.get("BENCH_JOBS", "500"))
WORKER_COUNTS = (1, 4)
HELD_BACK = datetime(2100, 1, 1, tzinfo=UTC)
RUN_SECONDS = 300.0  # bound of one run


def _order(n: int) -> dict[str, str]:
    return {
        "order_number": f"ФП-{n:05d}",
        "order_date": "2026-03-02",
        "payer_account": "03212643000000012000",
        "recipient_name": f"Получатель № {n}",
        "recipient_account": f"40817810{n:012d}",
        "recipient_bic": "040507001",
        "amount": f"{1000 + n}.{n % 100:02d}",
        "purpose": f"Финансовая поддержка, приказ № {n}",
        "kbk": "82310401040000000321",
        "payment_key": f"bench-payment-{n:05d}",
    }


def _prepare(url: str, jobs: int) -> None:
    """A fresh schema with `jobs` payment cases whose jobs are held back."""
    with Database(url).engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    upgrade(url)
    db = Database(url)
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "payment_statement.bpmn").write_bytes((ROOT / "bpmn/examples/payment_statement.bpmn").read_bytes())
        with db.transaction() as session:
            deploy(session, Path(tmp), FormCatalog(ROOT / "forms"), "bench")
    service = InstanceService(db)
    for n in range(1, jobs + 1):
        service.start("payment_statement", _order(n), "bench")
    with db.transaction() as session:
        session.execute(update(Job).where(Job.kind == "service").values(run_at=HELD_BACK))
    db.dispose()


def _start_workers(settings: Settings, count: int, logs: Path) -> list[tuple[subprocess.Popen, Path]]:
    fields = dataclasses.fields(settings)
    env = {name: value for name, value in os.environ.items() if name not in {f.metadata["env"] for f in fields}}
    env |= {f.metadata["env"]: str(getattr(settings, f.name)) for f in fields if getattr(settings, f.name) != f.default}
    env |= {"WORKER_POLL": "0.05", "PYTHONUNBUFFERED": "1"}
    workers = []
    for n in range(count):
        log = logs / f"worker-{n}.log"
        with log.open("wb") as out:
            process = subprocess.Popen(
                [str(Path(sys.executable).with_name("reglament")), "worker"], env=env, stdout=out, stderr=out
            )
        workers.append((process, log))
    deadline = time.monotonic() + 60
    while not all(" started" in log.read_text(errors="replace") for _, log in workers):
        if time.monotonic() > deadline:
            raise RuntimeError("workers did not start within 60 s")
        time.sleep(0.05)
    return workers


def _done(db: Database) -> int:
    with db.transaction() as session:
        return session.scalar(select(func.count()).select_from(Job).where(Job.kind == "service", Job.state == "done"))


def run_once(url: str, sandbox: SandboxHandle, workers: int, jobs: int = JOBS) -> dict:
    sandbox.reset()
    sandbox.emulators["treasury"].configure({"callback_copies": 0, "latency_seconds": 0.0, "failure_rate": 0.0})
    _prepare(url, jobs)
    settings = sandbox.settings(Settings(), database_url=url, worker_lease_seconds=60.0)
    db = Database(url)
    with tempfile.TemporaryDirectory() as logs:
        processes = _start_workers(settings, workers, Path(logs))
        try:
            released = datetime.now(UTC)
            with db.transaction() as session:
                session.execute(update(Job).where(Job.kind == "service").values(run_at=released))
            deadline = time.monotonic() + RUN_SECONDS
            while _done(db) < jobs and time.monotonic() < deadline:
                time.sleep(0.1)
        finally:
            for process, _ in processes:
                process.terminate()
            for process, _ in processes:
                process.wait(timeout=30)
    done = _done(db)
    with db.transaction() as session:
        finished = session.scalar(select(func.max(Job.finished_at)).where(Job.kind == "service"))
        claimed_by = Counter(session.scalars(select(Job.claimed_by).where(Job.kind == "service")))
    db.dispose()
    seconds = (finished - released).total_seconds()
    paid = sandbox.emulators["treasury"].payments
    return {
        "workers": workers,
        "jobs": done,
        "seconds": seconds,
        "rate": done / seconds,
        "paid": len(paid),
        "paid_once": len({p["idempotency_key"] for p in paid}) == len(paid),
        "shares": sorted(claimed_by.values(), reverse=True),
    }


def run(url: str, jobs: int = JOBS) -> list[dict]:
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # why: one access-log line per payment drowns the table
    with start_all(SandboxPorts.ephemeral(), seed=2026) as sandbox:
        return [run_once(url, sandbox, workers, jobs) for workers in WORKER_COUNTS]


def table(results: list[dict]) -> str:
    lines = [
        "| worker processes | jobs done | wall time | jobs/s | treasury payments | each paid once | jobs per worker |",
        "|---:|---:|---:|---:|---:|:---:|:---|",
    ]
    for r in results:
        lines.append(
            f"| {r['workers']} | {r['jobs']:,} | {r['seconds']:.2f} s | {r['rate']:.0f} | {r['paid']:,} | "
            f"{'yes' if r['paid_once'] else 'NO'} | {' / '.join(map(str, r['shares']))} |"
        )
    lines.append(
        f"\n{os.cpu_count()} CPU cores, shared by PostgreSQL, the sandbox treasury (a Python process) and the workers."
    )
    return "\n".join(lines)
