"""Domain errors: a stable code, a Russian message for people, details for machines.

They never carry an HTTP status: api/errors.py maps codes to statuses.
"""

from __future__ import annotations

from typing import Any


class ReglamentError(Exception):
    code = "reglament-error"
    message = "Ошибка Reglament"

    def __init__(self, message: str | None = None, **details: Any) -> None:
        self.message = message or self.message
        self.details = details
        super().__init__(self.message)

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "details": self.details}


class NotFound(ReglamentError):
    code = "not-found"
    message = "Объект не найден"


class InvalidInput(ReglamentError):
    code = "invalid-input"
    message = "Неверные входные данные"


class ValidationFailed(ReglamentError):
    """Submitted data does not satisfy a form's JSON Schema; details carry field errors."""

    code = "validation-failed"
    message = "Данные формы не прошли проверку"


class Conflict(ReglamentError):
    code = "conflict"
    message = "Конфликт: объект изменён другим пользователем, повторите действие"


class TaskNotReady(Conflict):
    code = "task-not-ready"
    message = "Задача уже не ожидает выполнения"


class DeployError(ReglamentError):
    """A diagram or form failed validation; details list file, element and line per problem."""

    code = "deploy-rejected"
    message = "Диаграмма не прошла проверку"


class ExpressionRejected(ReglamentError):
    code = "expression-rejected"
    message = "Выражение запрещено в среде исполнения регламента"


class PermissionDenied(ReglamentError):
    code = "forbidden"
    message = "Недостаточно прав"


class CalendarYearUnconfirmed(ReglamentError):
    code = "calendar-year-unconfirmed"
    message = "Нет подтверждённых данных производственного календаря на этот год"
