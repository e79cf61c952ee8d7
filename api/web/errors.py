"""Error pages: a person gets a page in their language with a way back, never a JSON body."""

from __future__ import annotations

from flask import render_template
from flask_babel import gettext as _

from api.csrf import CsrfRejected
from engine.accounts.access import CaseForbidden, TaskClaimedByOther, TaskForbidden
from engine.errors import Conflict, NotFound, PermissionDenied, TaskNotReady

TITLES = {
    400: "Запрос не выполнен",
    401: "Нужно войти в систему",
    403: "Нет доступа",
    404: "Страница не найдена",
    409: "Конфликт",
    413: "Файл слишком большой",
    422: "Данные не прошли проверку",
    429: "Вход временно заблокирован",
}

# Domain messages people meet on pages; their English is in the catalog like any page text.
SHOWN_MESSAGES = [
    error.message
    for error in (CaseForbidden, TaskForbidden, TaskClaimedByOther, CsrfRejected, Conflict, TaskNotReady, NotFound)
] + [
    PermissionDenied.message,
    "Дело не найдено",
    "Задача не найдена",
    "Файл не найден",
    "Допустимы только PDF, JPEG, PNG и TIFF",
    "Содержимое файла не соответствует его типу",
    "Файл пустой",
    "Начинать дела могут специалисты, делопроизводители и работники МФЦ",
]


def error_page(status: int, code: str, message: str):
    title = _(TITLES.get(status, "Ошибка"))
    return render_template("error.html", status=status, code=code, title=title, message=_(message)), status
