"""The inbox: my tasks and my roles' unclaimed tasks, due marks, filters, search and counts."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from api.context import current_user, services
from api.web import blp
from api.web.formatting import zone_of
from api.web.session_views import safe_next
from api.web.task_views import claim_or_release
from engine.accounts import access
from engine.accounts.service import full_names
from engine.instances.inbox import VIEWS, InboxQuery, load_inbox
from engine.persistence.models import ProcessDefinition

SORTS = {"due_at": "по сроку", "-due_at": "сначала поздние", "created_at": "по дате поступления"}


def _query() -> InboxQuery:
    args = request.args
    return InboxQuery(
        view=args.get("view") if args.get("view") in VIEWS else "all",
        process_key=args.get("process") or None,
        element_id=args.get("step") or None,
        search=(args.get("q") or "").strip() or None,
        sort=args.get("sort") if args.get("sort") in SORTS else "due_at",
    )


@blp.route("/inbox")
def inbox():
    user, query = current_user(), _query()
    with services().db.transaction() as session:
        found = load_inbox(session, access.task_filter_for(user), user.login, query, zone_of)
        names = _process_names(session, found.processes)
        people = full_names(session, [r.task.assignee for r in found.rows if r.task.assignee])
    return render_template(
        "inbox.html", inbox=found, query=query, sorts=SORTS, process_names=names, people=people, filters=request.args
    )


def _process_names(session, keys: list[str]) -> dict[str, str]:
    rows = session.execute(
        select(ProcessDefinition.process_key, ProcessDefinition.name).where(ProcessDefinition.process_key.in_(keys))
    ).all()
    return {key: name for key, name in rows}


@blp.post("/tasks/<string:task_id>/claim")
def claim_task(task_id: str):
    claim_or_release(task_id, claim=True)
    flash(_("Задача взята в работу"), "success")
    back = request.form.get("back")
    return redirect(safe_next(back) if back else url_for("web.task", task_id=task_id))


@blp.post("/tasks/<string:task_id>/release")
def release_task(task_id: str):
    claim_or_release(task_id, claim=False)
    flash(_("Задача возвращена в общую очередь"), "success")
    return redirect(url_for("web.inbox"))
