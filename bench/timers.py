"""Durable timers at scale (PostgreSQL): 100,000 waiting timers, 1,000 of which fall due.

Measures how long workers take to find and fire the 1,000 due timers among the waiting ones,
and the firing lag (fired moment minus due moment, p50 and p99), with the real clock.
"""

from __future__ import annotations

import multiprocessing
import statistics
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, insert, select, text

from engine.definitions.deploy import deploy
from engine.forms.catalog import FormCatalog
from engine.instances.service import InstanceService
from engine.persistence.database import Database
from engine.persistence.migrate import upgrade
from engine.persistence.models import AuditEvent, Job, ProcessInstance

WAITING, DUE = 100_000, 1_000
TIMER_PROCESS = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="t">
<bpmn:process id="bench_timer" isExecutable="true">
<bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
<bpmn:intermediateCatchEvent id="wait"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
<bpmn:timerEventDefinition><bpmn:timeDate>fire_at</bpmn:timeDate></bpmn:timerEventDefinition>
</bpmn:intermediateCatchEvent>
<bpmn:endEvent id="end"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
<bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="wait"/>
<bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="end"/>
</bpmn:process></bpmn:definitions>
"""


def _worker_process(url: str, stop) -> None:
    from worker.operations import Operations
    from worker.runner import Worker

    db = Database(url)
    Worker(db, InstanceService(db), Operations(), poll_seconds=0.1, batch=20).run_forever(stop)


def _prepare(url: str, start_at: datetime) -> list[int]:
    upgrade(url)
    db = Database(url)
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "bench_timer.bpmn").write_text(TIMER_PROCESS, encoding="utf-8")
        with db.transaction() as session:
            deploy(session, Path(tmp), FormCatalog(Path(tmp)), "bench")
    service = InstanceService(db)
    far = (start_at + timedelta(days=365)).isoformat()
    parked = service.start("bench_timer", {"fire_at": far}, "bench")
    _bulk_far_future_jobs(db, parked, WAITING - DUE, start_at + timedelta(days=365))
    spread = 2.0 / DUE  # the due ones fall due over two seconds
    due_ids = [
        service.start("bench_timer", {"fire_at": (start_at + timedelta(seconds=i * spread)).isoformat()}, "bench")
        for i in range(DUE)
    ]
    db.dispose()
    return due_ids


def _bulk_far_future_jobs(db: Database, instance_id: int, count: int, run_at: datetime) -> None:
    rows = [
        {
            "kind": "timer",
            "instance_id": instance_id,
            "task_id": str(uuid.uuid4()),
            "element_id": "wait",
            "state": "pending",
            "run_at": run_at,
            "idempotency_key": f"bench:{n}",
            "attempts": 0,
            "max_attempts": 1,
            "backoff_seconds": 1.0,
            "created_at": run_at,
        }
        for n in range(count)
    ]
    with db.transaction() as session:
        for chunk in range(0, count, 10_000):
            session.execute(insert(Job), rows[chunk : chunk + 10_000])


def run(url: str, workers: int = 2) -> dict:
    with Database(url).engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    start_at = datetime.now(UTC) + timedelta(seconds=60)  # leaves time to prepare before anything is due
    due_ids = _prepare(url, start_at)
    db = Database(url)
    with db.transaction() as session:
        waiting = session.scalar(select(func.count()).select_from(Job).where(Job.state == "pending"))
    stop = multiprocessing.Event()
    procs = [multiprocessing.Process(target=_worker_process, args=(url, stop)) for _ in range(workers)]
    for p in procs:
        p.start()
    while datetime.now(UTC) < start_at:
        time.sleep(0.05)
    began = time.perf_counter()
    deadline = began + 120
    while _completed(db, due_ids) < DUE and time.perf_counter() < deadline:
        time.sleep(0.05)
    elapsed = time.perf_counter() - began
    stop.set()
    for p in procs:
        p.join(timeout=10)
    lags = _lags(db, due_ids)
    db.dispose()
    return {
        "waiting": waiting,
        "fired": len(lags),
        "workers": workers,
        "seconds": elapsed,
        "p50": statistics.median(lags),
        "p99": statistics.quantiles(lags, n=100)[98],
    }


def _completed(db: Database, ids: list[int]) -> int:
    with db.transaction() as session:
        return session.scalar(
            select(func.count())
            .select_from(ProcessInstance)
            .where(ProcessInstance.id.in_(ids), ProcessInstance.status == "completed")
        )


def _lags(db: Database, ids: list[int]) -> list[float]:
    with db.transaction() as session:
        fired = dict(
            session.execute(
                select(AuditEvent.instance_id, AuditEvent.at).where(
                    AuditEvent.instance_id.in_(ids), AuditEvent.element_id == "wait"
                )
            ).all()
        )
        due = {}
        for row in session.scalars(select(ProcessInstance).where(ProcessInstance.id.in_(ids))):
            due[row.id] = _fire_at(row.state_json)
    return [(fired[i] - due[i]).total_seconds() for i in ids if i in fired]


def _fire_at(state_json: str) -> datetime:
    import json

    data = json.loads(state_json)["data"]
    return datetime.fromisoformat(data["fire_at"])


def table(result: dict) -> str:
    return "\n".join(
        [
            "| waiting timers | fell due | workers | time to fire all due | lag p50 | lag p99 |",
            "|---:|---:|---:|---:|---:|---:|",
            f"| {result['waiting']:,} | {result['fired']:,} | {result['workers']} | {result['seconds']:.2f} s | "
            f"{result['p50']:.3f} s | {result['p99']:.3f} s |",
        ]
    )
