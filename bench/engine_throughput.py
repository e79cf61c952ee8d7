"""Raw SpiffWorkflow against Reglament on SQLite and PostgreSQL, on the same 20-task diagram.

Measures, single-threaded (one core):
- instances per second from start to the first user task;
- task completions per second (load, complete, engine steps, save);
- stored bytes per instance (instance state only; the definition is stored once per version).
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.spiff.parser.process import SpiffBpmnParser
from SpiffWorkflow.util.task import TaskState
from sqlalchemy import func, select

from bench.diagrams import write_fixture
from engine.definitions.deploy import deploy
from engine.forms.catalog import FormCatalog
from engine.instances.service import InstanceService
from engine.persistence.database import Database
from engine.persistence.migrate import upgrade
from engine.persistence.models import ProcessInstance, TaskRecord
from engine.runtime import settle_heap

TASKS = 20


@dataclass
class Result:
    name: str
    starts_per_s: float
    completions_per_s: float
    bytes_per_instance: float | None


def raw_spiff(bpmn_dir: Path, instances: int) -> Result:
    parser = SpiffBpmnParser()
    parser.add_bpmn_files_by_glob(str(bpmn_dir / "*.bpmn"))
    spec = parser.get_spec("bench_linear")
    started = time.perf_counter()
    workflows = []
    for _ in range(instances):
        wf = BpmnWorkflow(spec)
        wf.do_engine_steps()
        workflows.append(wf)
    start_rate = instances / (time.perf_counter() - started)
    completions, began = 0, time.perf_counter()
    for wf in workflows:
        for _ in range(TASKS):
            [task] = wf.get_tasks(state=TaskState.READY, manual=True)
            task.data["note"] = "ok"
            task.run()
            wf.do_engine_steps()
            completions += 1
    return Result("raw SpiffWorkflow (in memory)", start_rate, completions / (time.perf_counter() - began), None)


def reglament(name: str, url: str, bpmn_dir: Path, forms_dir: Path, instances: int) -> Result:
    upgrade(url)
    db = Database(url)
    with db.transaction() as session:
        deploy(session, bpmn_dir, FormCatalog(forms_dir), "bench")
    service = InstanceService(db)
    settle_heap()  # as `reglament serve` and `reglament worker` do once they are set up
    began = time.perf_counter()
    ids = [service.start("bench_linear", {}, "bench") for _ in range(instances)]
    start_rate = instances / (time.perf_counter() - began)
    completions, began = 0, time.perf_counter()
    for instance_id in ids:
        for _ in range(TASKS):
            service.complete_task(instance_id, _ready_task(db, instance_id), {"note": "ok"}, "bench")
            completions += 1
    completion_rate = completions / (time.perf_counter() - began)
    with db.transaction() as session:
        size = session.scalar(
            select(func.avg(func.length(ProcessInstance.state_json))).where(ProcessInstance.id.in_(ids))
        )
    db.dispose()
    return Result(name, start_rate, completion_rate, float(size))


def _ready_task(db: Database, instance_id: int) -> str:
    with db.transaction() as session:
        return session.scalar(select(TaskRecord.id).filter_by(instance_id=instance_id, state="ready"))


def run(postgres_url: str | None, instances: int = 200) -> list[Result]:
    with tempfile.TemporaryDirectory() as tmp:
        bpmn_dir, forms_dir = write_fixture(Path(tmp), TASKS)
        results = [raw_spiff(bpmn_dir, instances)]
        results.append(reglament("Reglament on SQLite", f"sqlite:///{tmp}/bench.db", bpmn_dir, forms_dir, instances))
        if postgres_url:
            _reset_postgres(postgres_url)
            results.append(reglament("Reglament on PostgreSQL", postgres_url, bpmn_dir, forms_dir, instances))
        return results


def _reset_postgres(url: str) -> None:
    from sqlalchemy import text

    db = Database(url)
    with db.engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    db.dispose()


def table(results: list[Result]) -> str:
    raw = results[0]
    lines = [
        "| stack | starts/s (to 1st user task) | × raw | completions/s | × raw | bytes/instance (20 tasks) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        size = f"{r.bytes_per_instance:,.0f}" if r.bytes_per_instance else "—"
        lines.append(
            f"| {r.name} | {r.starts_per_s:,.0f} | {r.starts_per_s / raw.starts_per_s:.2f} | "
            f"{r.completions_per_s:,.0f} | {r.completions_per_s / raw.completions_per_s:.2f} | {size} |"
        )
    return "\n".join(lines)
