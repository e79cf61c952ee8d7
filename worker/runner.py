"""The worker: claims due jobs and carries them out, outside any instance lock.

A timer job only asks the instance service to refresh the instance: the engine fires what is
due. A service job calls its adapter operation with the job's idempotency key, then completes
the parked task with the result; failures back off or become incidents for an admin.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time

from engine.errors import Conflict, ReglamentError
from engine.instances.service import InstanceService
from engine.jobs import queue, undelivered
from engine.persistence.database import Database
from worker.operations import JobContext, Operations, failure_of

log = logging.getLogger("reglament.worker")
COMPLETION_RETRIES = 5


class Worker:
    def __init__(
        self,
        db: Database,
        instances: InstanceService,
        operations: Operations,
        *,
        lease_seconds: float = 60.0,
        poll_seconds: float = 0.5,
        batch: int = 10,
        worker_id: str | None = None,
    ) -> None:
        self.db, self.instances, self.operations = db, instances, operations
        self.lease_seconds, self.poll_seconds, self.batch = lease_seconds, poll_seconds, batch
        self.worker_id = worker_id or f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"

    def run_once(self) -> int:
        """Claim one batch of due jobs and carry each out; returns how many were claimed.

        Then hand over messages that were stored but never delivered to the instance waiting for them.
        """
        claims = queue.claim(self.db, self.worker_id, limit=self.batch, lease_seconds=self.lease_seconds)
        for claim in claims:
            self._carry_out(claim)
        self._hand_over_undelivered_messages()
        return len(claims)

    def run_until_idle(self, max_rounds: int = 1000) -> int:
        """Carry out jobs until none is due (tests and the demo drive time this way)."""
        done = 0
        for _ in range(max_rounds):
            count = self.run_once()
            if count == 0:
                return done
            done += count
        return done

    def run_forever(self, stop: threading.Event) -> None:
        log.info("worker %s started", self.worker_id)
        while not stop.is_set():
            try:
                if self.run_once() == 0:
                    stop.wait(self.poll_seconds)
            except Exception:  # why: a database hiccup must not kill the worker; the lease protects jobs
                log.exception("worker round failed")
                stop.wait(self.poll_seconds)

    def _hand_over_undelivered_messages(self) -> None:
        """A refresh saves the instance, and a save takes the stored messages it waits for."""
        for instance_id in undelivered.waiting_instances(self.db):
            try:
                self.instances.refresh(instance_id, actor="worker")
            except Conflict:  # another writer saved it first; if the message is still there, the next round sees it
                continue
            except ReglamentError as exc:
                log.warning("instance %s: stored message not delivered: %s", instance_id, exc.message)

    def _carry_out(self, claim: queue.Claim) -> None:
        if claim.kind == "timer":
            self._with_retries(lambda: self.instances.refresh(claim.instance_id, actor="worker"), claim)
        else:
            self._call_service(claim)

    def _call_service(self, claim: queue.Claim) -> None:
        try:
            job = JobContext(claim.idempotency_key, claim.instance_id, claim.task_id)
            result = self.operations.call(claim.operation, claim.params or {}, job)
        except Exception as exc:  # why: every failure is recorded on the job, none escapes the loop
            error, transient = failure_of(exc)
            state = queue.fail(self.db, claim, error, transient=transient)
            log.warning("job %s (%s) failed: %s -> %s", claim.id, claim.operation, error.get("message"), state)
            return
        self._with_retries(
            lambda: self.instances.complete_service_task(
                claim.instance_id,
                claim.task_id,
                result,
                actor="worker",
                operation=claim.operation,
                attempt=claim.attempts,
            ),
            claim,
        )

    def _with_retries(self, action, claim: queue.Claim) -> None:
        """Apply a job's outcome to its instance; a concurrent writer (409) only delays it."""
        for attempt in range(COMPLETION_RETRIES):
            try:
                action()
                return
            except Conflict:
                time.sleep(0.05 * (attempt + 1))
            except ReglamentError as exc:
                queue.fail(self.db, claim, exc.as_dict(), transient=False)
                return
        log.warning("job %s: instance %s stayed busy; the lease will hand it out again", claim.id, claim.instance_id)
