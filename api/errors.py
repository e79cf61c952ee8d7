"""Domain error codes mapped to HTTP statuses; every error leaves as {"code", "message", "details"}."""

from __future__ import annotations

from flask import Flask, jsonify
from werkzeug.exceptions import HTTPException

from engine.errors import ReglamentError

STATUS_BY_CODE = {
    "not-found": 404,
    "invalid-input": 400,
    "invalid-term": 400,
    "validation-failed": 422,
    "deploy-rejected": 422,
    "expression-rejected": 422,
    "conflict": 409,
    "task-not-ready": 409,
    "forbidden": 403,
    "unauthorized": 401,
    "calendar-year-unconfirmed": 422,
}

HTTP_MESSAGES = {
    400: "Неверный запрос",
    401: "Требуется вход в систему",
    403: "Недостаточно прав",
    404: "Не найдено",
    405: "Метод не поддерживается",
    409: "Конфликт",
    415: "Неподдерживаемый тип содержимого",
    422: "Данные не прошли проверку",
    500: "Внутренняя ошибка сервера",
}


def error_body(code: str, message: str, details: dict | None = None, status: int = 400):
    return jsonify({"code": code, "message": message, "details": details or {}}), status


def register(app: Flask) -> None:
    @app.errorhandler(ReglamentError)
    def _domain(err: ReglamentError):
        return error_body(err.code, err.message, err.details, STATUS_BY_CODE.get(err.code, 400))

    @app.errorhandler(HTTPException)
    def _http(err: HTTPException):
        details = {}
        messages = getattr(err, "data", {}).get("messages") if hasattr(err, "data") else None
        if messages:  # webargs: request body or query failed its schema
            details["fields"] = _flatten(messages)
        message = HTTP_MESSAGES.get(err.code, err.name)
        return error_body(f"http-{err.code}", message, details, err.code)


def _flatten(messages: dict, prefix: str = "") -> list[dict]:
    fields = []
    for key, value in messages.items():
        path = f"{prefix}.{key}" if prefix and key not in ("json", "query") else (prefix or "")
        path = key if not prefix and key not in ("json", "query", "form") else path
        if isinstance(value, dict):
            fields += _flatten(value, "" if key in ("json", "query", "form") else path)
        else:
            fields.append({"field": path, "message": "; ".join(map(str, value)), "code": "invalid"})
    return fields
