"""Fixtures of the scenario tests: the app under test with every diagram deployed, the sandbox
emulators (the session's `sandbox` of tests/conftest.py, reset per test), a live copy of the app
on a free port that receives the emulators' callbacks, and an in-process worker whose adapters
reach the sandbox and whose callback URL is that live copy.

The worker fixtures of tests/worker/conftest.py are local to that folder; the two needed here
(live API, in-process worker) are defined below in the scenarios' own shape: callbacks wait at a
door (`CallbackInbox`) until the scenario's clock reaches the moment they arrive.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from driver import ApiDriver
from office import Office
from outside import CallbackInbox, Outside
from serving import serving
from sqlalchemy import select

from engine.accounts.models import User
from engine.definitions.deploy import deploy
from engine.forms.catalog import FormCatalog
from engine.instances.service import InstanceService
from engine.settings import ROOT
from sandbox.runner import SandboxHandle
from worker.operations_table import build_operations
from worker.runner import Worker


@pytest.fixture(scope="session")
def form_catalog() -> FormCatalog:
    """One catalog for the session: it checks each form once, and deploying every diagram per test
    then takes a fraction of the time (the forms do not change during a run)."""
    return FormCatalog(Path(ROOT, "forms"))


@pytest.fixture
def deployed(services, clock, form_catalog):
    """bpmn/ deployed as tests/conftest.py's `deployed` does, with the session's form catalog."""
    with services.db.transaction() as session:
        return deploy(session, Path(ROOT, "bpmn"), form_catalog, "analyst")


@pytest.fixture
def outside(sandbox: SandboxHandle) -> Outside:
    """The session's sandbox back to its first state: nothing received, no faults."""
    sandbox.reset()
    return Outside(sandbox)


@pytest.fixture
def inbox(app) -> Iterator[tuple[CallbackInbox, str]]:
    """The app on a free port of 127.0.0.1 behind a door; yields the door and the base URL."""
    door = CallbackInbox(app)
    with serving(door) as url:
        yield door, url
        door.let_everyone_in()


@pytest.fixture
def callbacks(inbox) -> CallbackInbox:
    return inbox[0]


@pytest.fixture
def scenario_worker(db, settings, sandbox, outside, inbox) -> Worker:
    """The worker in this process: adapters aimed at the sandbox, callbacks at the live API."""
    worker_settings = sandbox.settings(base=settings, api_base_url=inbox[1], adapter_timeout_seconds=5.0)
    return Worker(db, InstanceService(db), build_operations(worker_settings, db), worker_id="scenario-worker")


@pytest.fixture
def staff_ids(db, staff) -> dict[str, int]:
    """The demo users (tests/conftest.py `staff`) by login: who the driver signs in as."""
    with db.transaction() as session:
        return dict(session.execute(select(User.login, User.id)).all())


@pytest.fixture
def office(app, clock, deployed, staff_ids, scenario_worker) -> Office:
    """The Primorye employment centre of the card, every diagram deployed, the clock on its wall."""
    return Office(ApiDriver(app, staff_ids), clock, scenario_worker)
