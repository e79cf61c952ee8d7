"""Service tasks as durable jobs.

The stock ServiceTask calls the service synchronously inside the engine step and ignores its
retry settings. Here a ready service task only parks (state STARTED); the instance service
writes a job row in the same transaction, and the worker calls the adapter outside the instance
lock, then completes the task with the result or records the failure.
"""

from __future__ import annotations

from SpiffWorkflow.spiff.serializer.task_spec import ServiceTaskConverter
from SpiffWorkflow.spiff.specs.defaults import ServiceTask


class JobServiceTask(ServiceTask):
    """Parks instead of calling; `operation_name` names the adapter operation."""

    def _execute(self, task):
        return None  # STARTED: the worker finishes it through the instance service

    def job_params(self, task) -> dict:
        return {name: p["value"] for name, p in self.evaluate_params(task).items()}


class JobServiceTaskConverter(ServiceTaskConverter):
    pass
