"""The task page: the case around the task, its form, and the actions on it.

Completing goes through InstanceService.complete_task, exactly as the REST API does, so the
page shows the same Russian field errors (422), and a lost race or a fired timer (409) as a
message above the form; what the person typed stays on the page either way.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from api.context import current_user, services
from api.web import blp
from api.web.case_panels import case_panels
from api.web.formatting import zone_of
from api.web.forms.fields import Field, attach_errors, build_form
from api.web.forms.submission import FILE_SUFFIX, apply_list_action, parse_action, read
from engine import clock
from engine.accounts import access
from engine.accounts.service import full_names
from engine.attachments import store as attachments
from engine.attachments.store import AttachmentRejected, Upload
from engine.errors import Conflict, ValidationFailed
from engine.instances import claims, queries
from engine.instances.inbox import due_mark
from engine.persistence.models import ProcessInstance


def visible_task(session, task_id: str):
    task = queries.get_task(session, task_id)
    instance = session.get(ProcessInstance, task.instance_id)
    access.require_task(current_user(), task, instance)
    return task, instance


def claim_or_release(task_id: str, *, claim: bool) -> None:
    user = current_user()
    with services().db.transaction() as session:
        task, instance = visible_task(session, task_id)
        if claim:
            access.require_completable(user, task, instance)
            claims.claim(session, task_id, user.login)
        else:
            claims.release(session, task_id, user.login)


@blp.route("/tasks/<string:task_id>")
def task(task_id: str):
    return _task_page(task_id, values=None)


@blp.post("/tasks/<string:task_id>")
def task_action(task_id: str):
    user, svc = current_user(), services()
    action = parse_action(request.form.get("_action"))
    with svc.db.transaction() as session:
        row, instance = visible_task(session, task_id)
        access.require_completable(user, row, instance)
        detail = queries.task_detail(session, svc.instances, task_id)
    root = build_form(detail["schema"] or {}, detail["ui"] or {}, {})
    data = read(root, request.form)
    upload_errors = _store_uploads(build_form(detail["schema"] or {}, detail["ui"] or {}, data), data, row, user.login)
    if action.verb in ("add", "remove", "clear"):
        return _task_page(task_id, values=apply_list_action(data, action, root), field_errors=upload_errors)
    if action.verb == "save" or upload_errors:
        return _save_draft(task_id, data, upload_errors)
    return _complete(task_id, row.instance_id, row.title, data)


def _save_draft(task_id: str, data: dict, upload_errors: list[dict]):
    with services().db.transaction() as session:
        claims.save_draft(session, task_id, data, current_user().login)
    if upload_errors:
        return _task_page(task_id, values=data, field_errors=upload_errors, status=422)
    flash(_("Черновик сохранён. Его можно продолжить позже"), "success")
    return redirect(url_for("web.task", task_id=task_id))


def _complete(task_id: str, instance_id: int, title: str, data: dict):
    try:
        services().instances.complete_task(instance_id, task_id, data, current_user().login)
    except ValidationFailed as failed:
        return _task_page(task_id, values=data, field_errors=failed.details.get("fields", []), status=422)
    except Conflict as conflict:
        return _task_page(task_id, values=data, problem=_(conflict.message), status=409)
    flash(_("Задача «%(title)s» выполнена", title=title), "success")
    return redirect(url_for("web.case", instance_id=instance_id))


def _store_uploads(root: Field, data: dict, row, login: str) -> list[dict]:
    """Keep each chosen file with the case and put its id into the field; rejections become field errors."""
    errors = []
    for f in root.walk():
        upload = request.files.get(f.path + "." + FILE_SUFFIX) if f.kind == "file" else None
        if upload is None or not upload.filename:
            continue
        try:
            with services().db.transaction() as session:
                stored = attachments.store(
                    session,
                    Upload(upload.filename, upload.mimetype or "", upload.read()),
                    instance_id=row.instance_id,
                    task_id=row.id,
                    field=f.path,
                    actor=login,
                    max_bytes=services().settings.attachment_max_bytes,
                )
            _set_path(data, f.path, stored.id if f.json_type == "integer" else str(stored.id))
        except AttachmentRejected as rejected:
            errors.append({"field": f.path, "message": _(rejected.message), "code": rejected.code})
    return errors


def _set_path(data: dict, path: str, value) -> None:
    *parents, last = path.split(".")
    node = data
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node.setdefault(part, {})
    if isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value


def _task_page(task_id: str, *, values, field_errors=(), problem: str | None = None, status: int = 200):
    user, svc = current_user(), services()
    with svc.db.transaction() as session:
        row, instance = visible_task(session, task_id)
        detail = queries.task_detail(session, svc.instances, task_id) if row.state == "ready" else None
        panels = case_panels(session, svc.instances, instance, user, focus=row.element_id)
        if values is None and detail is not None:
            values = claims.draft_of(row) or _prefill(detail)
        files = {str(a.id): a for a in attachments.of_instance(session, instance.id)}
        allowed = row.state == "ready" and access.can_complete_task(user, row, instance)
        assignee = _assignee_name(session, row.assignee)
    root = build_form(detail["schema"] or {}, detail["ui"] or {}, values) if detail and detail["schema"] else None
    summary = attach_errors(root, list(field_errors)) if root is not None else []
    mark = due_mark(row.due_at, clock.now(), zone_of(instance.calendar_code)) if row.state == "ready" else None
    return render_template(
        "task.html",
        task=row,
        instance=instance,
        panels=panels,
        form=root,
        errors=summary,
        problem=problem,
        files=files,
        allowed=allowed,
        assignee=assignee,
        has_draft=bool(row.draft),
        mark=mark,
    ), status


def _prefill(detail: dict) -> dict:
    """What a form opens with: the case data, unless the form records an act anew each time
    (`"ui:prefill": false`: a signature must not arrive filled in with the previous one)."""
    return detail["data"] if (detail["ui"] or {}).get("ui:prefill", True) else {}


def _assignee_name(session, login: str | None) -> str | None:
    return full_names(session, [login]).get(login, login) if login else None
