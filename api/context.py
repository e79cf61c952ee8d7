"""The services one app holds: built once by the factory, reached by views through `services()`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flask import current_app, g, request

from engine.definitions.repository import DefinitionRepository
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


def actor() -> str:
    """Who acts: the signed-in user, or the name an API client gives in X-Reglament-User."""
    user = getattr(g, "user", None)
    if user is not None:
        return user.login
    return request.headers.get("X-Reglament-User", "api")
