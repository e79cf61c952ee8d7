"""The demo's staff, one per role, so a fresh `make run` can be tried from every seat.
Passwords equal logins: demo only, never on a server that holds real cases."""

from __future__ import annotations

from collections.abc import Iterator

from engine.accounts.service import create_user, find_user
from engine.persistence.database import Database

DEMO_USERS = [
    ("specialist", "Петрова Анна Сергеевна", [("specialist", "vladivostok")]),
    ("director", "Орлов Виктор Николаевич", [("director", "vladivostok")]),
    ("payments", "Ким Елена Дмитриевна", [("payments_specialist", "vladivostok")]),
    ("clerk", "Зайцева Ольга Игоревна", [("document_clerk", "vladivostok")]),
    ("mfc", "Белов Игорь Павлович", [("mfc_worker", "vladivostok")]),
    ("admin", "Администратор системы", [("admin", "vladivostok"), ("analyst", "vladivostok")]),
    ("nakhodka_specialist", "Соколова Мария Андреевна", [("specialist", "nakhodka")]),
]


def ensure_demo_users(db: Database) -> Iterator[str]:
    """Create the demo users that do not exist yet; yields a line per user created."""
    with db.transaction() as session:
        for login, full_name, grants in DEMO_USERS:
            if find_user(session, login) is None:
                create_user(session, login, login, full_name, grants)
                yield f"user {login} / {login}: {', '.join(f'{r}@{o}' for r, o in grants)}"
