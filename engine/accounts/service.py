"""Creating users, granting roles and signing in, with lock-out after repeated failures.

Counters live on the user row, so every API process and page sees the same lock. Time comes
from engine.clock, so tests travel past the 15 minutes instead of waiting for them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine import clock
from engine.accounts.access import Principal
from engine.accounts.models import RoleGrant, User
from engine.accounts.passwords import hash_password, needs_rehash, verify_password
from engine.accounts.roles import ROLE_TITLES
from engine.errors import Conflict, InvalidInput, ReglamentError
from engine.instances import audit
from engine.persistence.database import Database

MAX_FAILED_LOGINS = 5
LOCK_OUT = timedelta(minutes=15)
LOGIN = re.compile(r"[a-z0-9][a-z0-9._\-]{1,99}")
OFFICE = re.compile(r"[a-z0-9][a-z0-9_\-]{1,99}")


class LoginFailed(ReglamentError):
    code = "login-failed"
    message = "Неверный логин или пароль"


class AccountLocked(ReglamentError):
    code = "account-locked"
    message = "Вход временно заблокирован после 5 неудачных попыток. Повторите через 15 минут"


def create_user(
    session: Session, login: str, password: str | None, full_name: str, grants: Iterable[tuple[str, str]]
) -> User:
    """A new active user with their (role, office) grants; Conflict if the login is taken."""
    grants = list(grants)
    if not LOGIN.fullmatch(login or ""):
        raise InvalidInput("Логин: строчные латинские буквы, цифры, точка, дефис, подчёркивание", login=login)
    if session.scalar(select(User.id).filter_by(login=login)) is not None:
        raise Conflict("Пользователь с таким логином уже есть", login=login)
    user = User(
        login=login,
        full_name=full_name or login,
        password_hash=hash_password(password) if password else None,
        created_at=clock.now(),
    )
    user.grants = [_grant(role, office) for role, office in grants]
    session.add(user)
    session.flush()
    audit.record(session, "admin", "user.created", login=login, grants=sorted(map(list, grants)))
    return user


def _grant(role: str, office: str) -> RoleGrant:
    if role not in ROLE_TITLES:
        raise InvalidInput(f"Неизвестная роль {role!r}; роли: {', '.join(ROLE_TITLES)}", role=role)
    if not OFFICE.fullmatch(office or ""):
        raise InvalidInput("Код центра занятости: латиница, цифры, дефис, например vladivostok", office=office)
    return RoleGrant(role=role, office=office)


def find_user(session: Session, login: str) -> User | None:
    return session.scalar(select(User).filter_by(login=login))


def principal_by_id(db: Database, user_id: int) -> Principal | None:
    """The active user behind a session cookie, or None if they were removed or deactivated."""
    with db.transaction() as session:
        user = session.get(User, user_id)
        return Principal.of(user) if user is not None and user.active else None


def authenticate(db: Database, login: str, password: str) -> Principal:
    """The user whose password this is; LoginFailed or AccountLocked otherwise.

    The outcome is committed before it is raised: a failed attempt must count even though the
    request fails.
    """
    with db.transaction() as session:
        outcome = _attempt(session, login, password, clock.now())
    if isinstance(outcome, ReglamentError):
        raise outcome
    return outcome


def _attempt(session: Session, login: str, password: str, now: datetime) -> Principal | ReglamentError:
    user = find_user(session, login) if login else None
    if user is not None and user.locked_until is not None and user.locked_until > now:
        return AccountLocked(locked_until=user.locked_until.isoformat())
    if not verify_password(user.password_hash if user else None, password or "") or not user.active:
        return _failed(session, user, login, now)
    user.failed_logins, user.locked_until, user.last_login_at = 0, None, now
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return Principal.of(user)


def _failed(session: Session, user: User | None, login: str, now: datetime) -> ReglamentError:
    audit.record(session, login or "?", "user.login_failed")
    if user is None:
        return LoginFailed()
    user.failed_logins += 1
    if user.failed_logins >= MAX_FAILED_LOGINS:
        user.failed_logins, user.locked_until = 0, now + LOCK_OUT
        audit.record(session, login, "user.locked", until=user.locked_until)
        return AccountLocked(locked_until=user.locked_until.isoformat())
    return LoginFailed()


def active_principal(db: Database, login: str) -> Principal | None:
    """The active local user with this login (OpenID Connect maps a claim to it), or None."""
    with db.transaction() as session:
        user = find_user(session, login)
        return Principal.of(user) if user is not None and user.active else None


def full_names(session: Session, logins: Iterable[str]) -> dict[str, str]:
    """Login -> full name, for showing who did what; unknown logins (engine, worker) are left out."""
    logins = sorted(set(logins))
    if not logins:
        return {}
    return dict(session.execute(select(User.login, User.full_name).where(User.login.in_(logins))).all())
