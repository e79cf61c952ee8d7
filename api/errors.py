"""Domain error codes mapped to HTTP statuses; every error leaves as {"code", "message", "details"}."""

from __future__ import annotations

from flask import Flask, jsonify, request
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
    "login-failed": 401,
    "account-locked": 429,
    "task-claimed": 409,
    "attachment-rejected": 422,
    "csrf-rejected": 400,
    "calendar-year-unconfirmed": 422,
    "calendar-data-invalid": 422,
    "calendar-not-found": 404,
}

HTTP_MESSAGES = {
    400: "Неверный запрос",
    401: "Требуется вход в систему",
    403: "Недостаточно прав",
    404: "Не найдено",
    405: "Метод не поддерживается",
    409: "Конфликт",
    413: "Слишком большой запрос: файл больше допустимого размера",
    415: "Неподдерживаемый тип содержимого",
    422: "Данные не прошли проверку",
    429: "Слишком много попыток",
    500: "Внутренняя ошибка сервера",
}


def error_body(code: str, message: str, details: dict | None = None, status: int = 400):
    if not request.path.startswith("/api/"):  # a page: people get a page, in their language
        from api.web.errors import error_page

        return error_page(status, code, message)
    response = jsonify({"code": code, "message": message, "details": details or {}})
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Basic realm="Reglament", charset="UTF-8"'
    return response, status


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
