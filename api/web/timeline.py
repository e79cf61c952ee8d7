"""The case history in words: audit events as staff read them, who did what and when."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _

from engine.persistence.models import AuditEvent

SYSTEM_ACTORS = {"engine": "Система", "worker": "Система", "api": "Система", "demo": "Демо-данные"}
# Engine steps worth a line: what happened outside a person's task (a call, a timer, an end).
SHOWN_STEP_TYPES = {"JobServiceTask", "EndEvent", "BoundaryEvent", "IntermediateCatchEvent", "CallActivity"}


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    who: str
    text: str
    kind: str  # person, system, problem


def timeline(events: list[AuditEvent], people: dict[str, str], titles: dict[str, str]) -> list[TimelineEntry]:
    entries = []
    for event in events:
        text = _describe(event, titles)
        if text is not None:
            entries.append(TimelineEntry(event.at, _who(event.actor, people), text, _kind(event)))
    return entries


def _who(actor: str, people: dict[str, str]) -> str:
    if actor in people:
        return people[actor]
    if actor.startswith("message:"):
        return _("Внешняя система")
    return _(SYSTEM_ACTORS[actor]) if actor in SYSTEM_ACTORS else actor


def _kind(event: AuditEvent) -> str:
    if event.action in ("deadline.breached", "instance.cancelled", "job.incident"):
        return "problem"
    return "system" if event.actor in SYSTEM_ACTORS or event.actor.startswith("message:") else "person"


def _describe(event: AuditEvent, titles: dict[str, str]) -> str | None:
    data = event.data or {}
    step = titles.get(event.element_id or "", data.get("name") or event.element_id or "")
    describe = {
        "instance.started": lambda: _("Дело начато"),
        "instance.completed": lambda: _("Дело завершено"),
        "instance.cancelled": lambda: _("Дело отменено: %(reason)s", reason=data.get("reason", "")),
        "task.completed": lambda: _("Выполнена задача «%(step)s»", step=step),
        "task.claimed": lambda: _("Задача «%(step)s» взята в работу", step=step),
        "task.released": lambda: _("Задача «%(step)s» возвращена в общую очередь", step=step),
        "task.draft_saved": lambda: _("Сохранён черновик формы"),
        "attachment.added": lambda: _("Приложен файл «%(name)s»", name=data.get("filename", "")),
        "message.delivered": lambda: _("Получено сообщение «%(name)s»", name=data.get("message", "")),
        "service.completed": lambda: _("Внешняя система ответила: «%(step)s»", step=step),
        "service.skipped": lambda: _("Шаг «%(step)s» пропущен администратором", step=step),
        "job.retried": lambda: _("Администратор повторил шаг «%(step)s»", step=step),
        "deadline.recomputed": lambda: _("Срок пересчитан по производственному календарю"),
    }.get(event.action)
    if describe is not None:
        return describe()
    if event.action == "step.completed" and data.get("type") in SHOWN_STEP_TYPES and data.get("name"):
        return _("Пройден шаг «%(step)s»", step=data["name"])
    return None
