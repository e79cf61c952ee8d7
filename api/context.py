"""The services one app holds: built once by the factory, reached by views through `services()`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flask import current_app, g

from engine.accounts.access import Principal
from engine.definitions.repository import DefinitionRepository
from engine.errors import ReglamentError
from engine.forms.catalog import FormCatalog
from engine.instances.service import InstanceService
from engine.persistence.database import Database
from engine.settings import Settings


@dataclass
class Services:
    settings: Settings
    db: Database
    definitions: DefinitionRepository
    instances: InstanceService
    forms: FormCatalog

    @classmethod
    def build(cls, settings: Settings, db: Database | None = None) -> Services:
        db = db or Database(settings.database_url)
        definitions = DefinitionRepository()
        return cls(settings, db, definitions, InstanceService(db, definitions), FormCatalog(Path(settings.forms_dir)))


def services() -> Services:
    return current_app.extensions["reglament"]


class Unauthenticated(ReglamentError):
    code = "unauthorized"
    message = "Требуется вход в систему: HTTP Basic (логин:пароль) или сессия"


def current_user() -> Principal:
    """The signed-in user (api/auth.py has refused the request before a view runs without one)."""
    user = getattr(g, "user", None)
    if user is None:
        raise Unauthenticated()
    return user


def actor() -> str:
    """Who acts, for the audit trail: the signed-in user's login."""
    return current_user().login
