"""A new instance row written with one plain INSERT, then handed to the session as persistent.

Starting a case is the hottest write there is. The ORM's unit of work costs more than the
INSERT itself, and every attribute of the row is known before it is written, so the row is
inserted as a statement and attached as if it had just been loaded: later changes in the same
transaction are ordinary UPDATEs under the optimistic version check.
"""

from __future__ import annotations

from sqlalchemy import insert
from sqlalchemy.orm import Session, make_transient_to_detached

from engine.persistence.models import ProcessInstance

_TABLE = ProcessInstance.__table__
_INSERT = insert(_TABLE)
_COLUMNS = [column.key for column in _TABLE.columns if column.key != "id"]
FIRST_VERSION = 1  # what the ORM's version counter starts at


def insert_new(session: Session, row: ProcessInstance) -> None:
    row.version = FIRST_VERSION
    values = {key: getattr(row, key) for key in _COLUMNS}
    result = session.connection().execute(_INSERT, values)
    row.id = result.inserted_primary_key[0]
    make_transient_to_detached(row)
    session.add(row)
