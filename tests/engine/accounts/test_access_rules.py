"""Who sees and does what: roles per office, lanes, claims. The same rules serve pages and API."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from engine.accounts import access
from engine.accounts.access import Principal
from engine.errors import InvalidInput, PermissionDenied
from engine.persistence.models import ProcessInstance, TaskRecord


def person(login: str, *grants: tuple[str, str]) -> Principal:
    return Principal(1, login, login, frozenset(grants))


SPECIALIST = person("anna", ("specialist", "vladivostok"))
DIRECTOR = person("viktor", ("director", "vladivostok"))
STRANGER = person("maria", ("specialist", "nakhodka"))
TWO_HATS = person("oleg", ("specialist", "vladivostok"), ("director", "nakhodka"))


def case(office: str | None = "vladivostok") -> ProcessInstance:
    return ProcessInstance(id=7, office=office)


def task(lane: str | None = "specialist", assignee: str | None = None) -> TaskRecord:
    return TaskRecord(id="t", instance_id=7, lane=lane, assignee=assignee, state="ready")


def test_a_specialist_sees_and_completes_the_specialist_tasks_of_their_office():
    assert access.can_see_task(SPECIALIST, task(), case())
    assert access.can_complete_task(SPECIALIST, task(), case())


def test_a_task_of_another_lane_is_not_shown_to_the_specialist():
    assert not access.can_see_task(SPECIALIST, task("director"), case())
    with pytest.raises(PermissionDenied):
        access.require_completable(SPECIALIST, task("director"), case())


def test_nobody_sees_a_case_of_another_office_whatever_their_role():
    assert not access.can_see_instance(STRANGER, case())
    assert not access.can_see_task(STRANGER, task(), case())
    with pytest.raises(access.CaseForbidden):
        access.require_task(STRANGER, task(), case())


def test_roles_count_only_in_the_office_where_they_are_held():
    assert access.can_complete_task(TWO_HATS, task("specialist"), case("vladivostok"))
    assert not access.can_see_task(TWO_HATS, task("director"), case("vladivostok"))
    assert access.can_complete_task(TWO_HATS, task("director"), case("nakhodka"))
    assert not access.can_see_task(TWO_HATS, task("specialist"), case("nakhodka"))


def test_a_task_claimed_by_a_colleague_is_visible_but_not_completable():
    claimed = task(assignee="someone-else")
    assert access.can_see_task(SPECIALIST, claimed, case())
    assert not access.can_complete_task(SPECIALIST, claimed, case())
    with pytest.raises(access.TaskClaimedByOther):
        access.require_completable(SPECIALIST, claimed, case())


def test_a_task_outside_any_lane_is_the_specialists():
    assert access.can_complete_task(SPECIALIST, task(lane=None), case())
    assert not access.can_see_task(DIRECTOR, task(lane=None), case())


def test_a_case_without_an_office_is_nobodys():
    assert not access.can_see_instance(SPECIALIST, case(None))


def test_the_office_of_a_new_case_is_the_users_own_or_one_they_work_in():
    assert access.office_for_start(SPECIALIST, None) == "vladivostok"
    with pytest.raises(PermissionDenied):
        access.office_for_start(SPECIALIST, "nakhodka")
    with pytest.raises(PermissionDenied):
        access.office_for_start(DIRECTOR, None)  # directors sign, they do not register applications
    both = person("ivan", ("specialist", "vladivostok"), ("mfc_worker", "nakhodka"))
    with pytest.raises(InvalidInput):
        access.office_for_start(both, None)
    assert access.office_for_start(both, "nakhodka") == "nakhodka"


def test_the_sql_filter_selects_exactly_the_tasks_the_rule_allows(services, deployed, clock):
    offices = {"vladivostok": [], "nakhodka": []}
    for office in offices:
        offices[office].append(services.instances.start("demo_application", {}, "x", office=office))
    users = [SPECIALIST, DIRECTOR, STRANGER, TWO_HATS, person("nobody")]
    with services.db.transaction() as session:
        rows = session.execute(select(TaskRecord, ProcessInstance).join(ProcessInstance)).all()
        for user in users:
            query = select(TaskRecord.id).join(ProcessInstance).where(access.task_filter_for(user))
            by_sql = set(session.scalars(query))
            by_rule = {t.id for t, i in rows if access.can_see_task(user, t, i)}
            assert by_sql == by_rule, user.login
    assert by_rule == set()  # "nobody" holds no role
