"""Definition versions by key or id, with their restored spec objects cached per version.

Restoring specs is most of the cost of loading an instance; a version never changes once
stored, so its specs are restored once per process.
"""

from __future__ import annotations

import threading

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from engine.bpmn.serializer import specs_from_json
from engine.errors import NotFound
from engine.persistence.models import ProcessDefinition

# why: built once; every start asks it, and building a statement costs more than running it
_DEFINITIONS = ProcessDefinition.__table__
_LATEST_ID = (
    select(_DEFINITIONS.c.id)
    .where(_DEFINITIONS.c.process_key == bindparam("key"))
    .order_by(_DEFINITIONS.c.version.desc())
    .limit(1)
)


class DefinitionRepository:
    def __init__(self) -> None:
        self._specs: dict[int, tuple] = {}
        self._versions: dict[int, ProcessDefinition] = {}  # detached, fully loaded, never changes
        self._lock = threading.Lock()

    def latest(self, session: Session, process_key: str) -> ProcessDefinition:
        """The newest version; only its id is asked of the database (another process may deploy)."""
        found = session.scalar(_LATEST_ID, {"key": process_key})
        if found is None:
            raise NotFound("Процесс не найден", process_key=process_key)
        return self.get(session, found)

    def get(self, session: Session, definition_id: int) -> ProcessDefinition:
        cached = self._versions.get(definition_id)
        if cached is not None:
            return cached
        found = session.get(ProcessDefinition, definition_id)
        if found is None:
            raise NotFound("Версия процесса не найдена", definition_id=definition_id)
        found.specs_json  # noqa: B018 - load the deferred column before the object leaves the session
        session.expunge(found)
        with self._lock:
            self._versions[definition_id] = found
        return found

    def specs(self, definition: ProcessDefinition) -> tuple:
        """Shared read-only specs, except for processes with message-started event sub-processes:
        SpiffWorkflow wires such a sub-process into the spec when it is triggered, so each load
        gets a private copy (and runtime.rewire_triggered restores the wiring after a reload)."""
        cached = self._specs.get(definition.id)
        if cached is None:
            cached = specs_from_json(definition.specs_json)
            with self._lock:
                self._specs[definition.id] = cached
        if cached[0].start.trigger_specs:
            return specs_from_json(definition.specs_json)
        return cached
