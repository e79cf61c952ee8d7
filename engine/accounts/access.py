"""Who may see and do what: the one place for the rules that pages and the REST API share.

A user holds roles per office. They see a case of an office where they hold a role, and a task
of such a case when its lane is one of their roles there (or it is assigned to them). They
complete or claim a task they see whose lane is theirs, unless a colleague has claimed it.
Admin repairs need the role ``admin``, deployments the role ``analyst``.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, false, or_
from sqlalchemy.sql.elements import ColumnElement

from engine.accounts.roles import DEFAULT_LANE, STARTER_ROLES, lane_role, role_title
from engine.errors import Conflict, InvalidInput, PermissionDenied
from engine.persistence.models import ProcessInstance, TaskRecord


@dataclass(frozen=True)
class Principal:
    """The signed-in user as the rules need them: detached from any database session."""

    id: int
    login: str
    full_name: str
    grants: frozenset[tuple[str, str]]  # (role, office)

    @classmethod
    def of(cls, user) -> Principal:
        return cls(user.id, user.login, user.full_name, frozenset((g.role, g.office) for g in user.grants))

    @property
    def offices(self) -> list[str]:
        return sorted({office for _, office in self.grants})

    def roles_in(self, office: str | None) -> set[str]:
        return {role for role, o in self.grants if o == office}

    def has_role(self, role: str, office: str | None = None) -> bool:
        return any(r == role and (office is None or o == office) for r, o in self.grants)


class CaseForbidden(PermissionDenied):
    code = "forbidden"
    message = "Дело другого центра занятости: у вас нет доступа"


class TaskForbidden(PermissionDenied):
    code = "forbidden"
    message = "Задача не относится к вашим ролям"


class TaskClaimedByOther(Conflict):
    code = "task-claimed"
    message = "Задачу взял в работу другой сотрудник"


# -- instances ---------------------------------------------------------------------------------


def can_see_instance(user: Principal, instance: ProcessInstance) -> bool:
    return instance.office is not None and instance.office in user.offices


def require_instance(user: Principal, instance: ProcessInstance) -> None:
    if not can_see_instance(user, instance):
        raise CaseForbidden(instance_id=instance.id)


def instance_filter_for(user: Principal) -> ColumnElement[bool]:
    offices = user.offices
    return ProcessInstance.office.in_(offices) if offices else false()


# -- tasks -------------------------------------------------------------------------------------


def can_see_task(user: Principal, task: TaskRecord, instance: ProcessInstance) -> bool:
    if not can_see_instance(user, instance):
        return False
    return task.assignee == user.login or lane_role(task.lane) in user.roles_in(instance.office)


def can_complete_task(user: Principal, task: TaskRecord, instance: ProcessInstance) -> bool:
    """A task of the user's role in their office that nobody else has claimed."""
    return (
        can_see_instance(user, instance)
        and lane_role(task.lane) in user.roles_in(instance.office)
        and task.assignee in (None, user.login)
    )


def require_task(user: Principal, task: TaskRecord, instance: ProcessInstance) -> None:
    if not can_see_task(user, task, instance):
        raise CaseForbidden(task_id=task.id) if not can_see_instance(user, instance) else TaskForbidden(task_id=task.id)


def require_completable(user: Principal, task: TaskRecord, instance: ProcessInstance) -> None:
    require_task(user, task, instance)
    if task.assignee not in (None, user.login):
        raise TaskClaimedByOther(task_id=task.id, assignee=task.assignee)
    if not can_complete_task(user, task, instance):
        raise TaskForbidden(f"Задачу выполняет {role_title(lane_role(task.lane))}", task_id=task.id)


def task_filter_for(user: Principal) -> ColumnElement[bool]:
    """SQL condition on TaskRecord joined with ProcessInstance: the tasks ``can_see_task`` allows."""
    by_office: dict[str, set[str]] = {}
    for role, office in user.grants:
        by_office.setdefault(office, set()).add(role)
    clauses = [and_(ProcessInstance.office == office, _lane_in(roles)) for office, roles in sorted(by_office.items())]
    if user.offices:
        clauses.append(and_(TaskRecord.assignee == user.login, ProcessInstance.office.in_(user.offices)))
    return or_(*clauses) if clauses else false()


def _lane_in(roles: set[str]) -> ColumnElement[bool]:
    condition = TaskRecord.lane.in_(sorted(roles))
    return or_(condition, TaskRecord.lane.is_(None)) if DEFAULT_LANE in roles else condition


# -- starting cases and system roles -----------------------------------------------------------


def start_offices(user: Principal) -> list[str]:
    return sorted({office for role, office in user.grants if role in STARTER_ROLES})


def office_for_start(user: Principal, requested: str | None) -> str:
    """The office a new case belongs to: the user's own, or the one asked for if they work there."""
    offices = start_offices(user)
    if requested:
        if requested not in offices:
            raise PermissionDenied("Нельзя начать дело в чужом центре занятости", office=requested)
        return requested
    if len(offices) == 1:
        return offices[0]
    if not offices:
        raise PermissionDenied("Начинать дела могут специалисты, делопроизводители и работники МФЦ")
    raise InvalidInput("Укажите центр занятости (office): вы работаете в нескольких", offices=offices)


def require_role(user: Principal, role: str) -> None:
    if not user.has_role(role):
        raise PermissionDenied(f"Нужна роль «{role_title(role)}»", role=role)


def admin_offices(user: Principal) -> list[str]:
    return sorted({office for role, office in user.grants if role == "admin"})
