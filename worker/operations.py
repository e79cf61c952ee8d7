"""Operations a service task can name, each backed by an adapter call.

A diagram's service task names `operation_name` (e.g. `treasury.send_payment`); its parameters
are evaluated from task data and stored on the job. The operation receives them with the job's
idempotency key and returns a JSON-friendly result that becomes the task's resultVariable.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from engine.errors import InvalidInput, ReglamentError


@dataclass(frozen=True)
class JobContext:
    """What an operation knows of the job calling it: whose effect, and the key that makes it once."""

    idempotency_key: str
    instance_id: int
    task_id: str


Operation = Callable[[dict[str, Any], JobContext], Any]


class Operations:
    def __init__(self, table: dict[str, Operation] | None = None) -> None:
        self.table: dict[str, Operation] = dict(table or {})

    def register(self, name: str, operation: Operation) -> None:
        self.table[name] = operation

    def call(self, name: str | None, params: dict[str, Any], job: JobContext) -> Any:
        operation = self.table.get(name or "")
        if operation is None:
            raise InvalidInput("Неизвестная операция сервисной задачи", operation=name)
        return operation(params, job)

    def names(self) -> list[str]:
        return sorted(self.table)


def failure_of(exc: Exception) -> tuple[dict[str, Any], bool]:
    """The error as stored on the job, and whether a retry may help."""
    transient = bool(getattr(exc, "transient", False))
    if isinstance(exc, ReglamentError):
        return exc.as_dict(), transient
    return {"code": "unexpected-error", "message": f"{type(exc).__name__}: {exc}", "details": {}}, True
