"""Builds a worker from Settings: database, instance service, adapters, operations."""

from __future__ import annotations

from engine.instances.service import InstanceService
from engine.persistence.database import Database
from engine.settings import Settings
from worker.operations_table import build_operations
from worker.runner import Worker


def build_worker(settings: Settings, db: Database | None = None, **kwargs) -> Worker:
    from reglament.runtime import install_runtime

    db = db or Database(settings.database_url)
    install_runtime(settings, db)
    return Worker(
        db,
        InstanceService(db),
        build_operations(settings, db),
        lease_seconds=settings.worker_lease_seconds,
        poll_seconds=settings.worker_poll_seconds,
        **kwargs,
    )
