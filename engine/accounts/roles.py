"""Roles and offices as people read them. Role codes are the lane names of the diagrams, so a
task's lane says which role may do it; admin and analyst are roles of the system, not lanes."""

from __future__ import annotations

ROLE_TITLES: dict[str, str] = {
    "specialist": "Специалист ЦЗН",
    "director": "Директор ЦЗН",
    "payments_specialist": "Специалист по выплатам",
    "document_clerk": "Делопроизводитель",
    "mfc_worker": "Работник МФЦ",
    "admin": "Администратор",
    "analyst": "Аналитик",
}
LANE_ROLES = frozenset({"specialist", "director", "payments_specialist", "document_clerk", "mfc_worker"})
# Who registers an application and so starts a case: the front desk of the office or the MFC.
STARTER_ROLES = frozenset({"specialist", "document_clerk", "mfc_worker"})
# A user task drawn outside any lane is the specialist's: the regulation's default performer.
DEFAULT_LANE = "specialist"

OFFICE_TITLES: dict[str, str] = {
    "vladivostok": "ЦЗН г. Владивостока",
    "nakhodka": "ЦЗН г. Находки",
}


def role_title(role: str) -> str:
    return ROLE_TITLES.get(role, role)


def office_title(office: str | None) -> str:
    if not office:
        return "—"
    return OFFICE_TITLES.get(office, office)


def lane_role(lane: str | None) -> str:
    return lane or DEFAULT_LANE
