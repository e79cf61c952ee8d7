"""Cases: the case page, starting a case from a regulation's intake page, its documents and scans."""

from __future__ import annotations

import re

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from api.context import current_user, services
from api.web import blp
from api.web.case_panels import case_panels
from api.web.forms.fields import attach_errors, build_form
from api.web.forms.submission import read
from engine.accounts import access
from engine.attachments import store as attachments
from engine.documents.store import pdf_of
from engine.errors import NotFound, PermissionDenied, ReglamentError
from engine.forms.form import Form, form_from_document
from engine.forms.validation import coerce_submission, validate_submission
from engine.persistence.models import ProcessDefinition, ProcessInstance, TaskRecord

CALLED = re.compile(r'calledElement="([^"]+)"')


def visible_case(session, instance_id: int) -> ProcessInstance:
    instance = session.get(ProcessInstance, instance_id)
    if instance is None:
        raise NotFound("Дело не найдено", instance_id=instance_id)
    access.require_instance(current_user(), instance)
    return instance


@blp.route("/cases/<int:instance_id>")
def case(instance_id: int):
    svc = services()
    with svc.db.transaction() as session:
        instance = visible_case(session, instance_id)
        panels = case_panels(session, svc.instances, instance, current_user())
    return render_template("case.html", instance=instance, panels=panels)


@blp.route("/cases/<int:instance_id>/documents/<int:document_id>.pdf")
def document_pdf(instance_id: int, document_id: int):
    with services().db.transaction() as session:
        visible_case(session, instance_id)
        document, pdf = pdf_of(session, document_id)
        if document.instance_id != instance_id:
            abort(404)
    name = f"{document.template}-{document.id}.pdf"
    return Response(pdf, mimetype="application/pdf", headers={"Content-Disposition": f'attachment; filename="{name}"'})


@blp.route("/cases/<int:instance_id>/attachments/<int:attachment_id>")
def attachment(instance_id: int, attachment_id: int):
    with services().db.transaction() as session:
        visible_case(session, instance_id)
        found = attachments.get(session, attachment_id)
        if found.instance_id != instance_id:
            abort(404)
        content, content_type, filename = found.content, found.content_type, found.filename
    response = Response(content, mimetype=content_type)
    response.headers.set("Content-Disposition", "attachment", filename=filename)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


# -- starting a case ---------------------------------------------------------------------------


def regulations(session) -> list[ProcessDefinition]:
    """The latest version of every deployed process that is not only called from another one."""
    rows = session.scalars(
        select(ProcessDefinition).order_by(ProcessDefinition.process_key, ProcessDefinition.version.desc())
    ).all()
    latest: dict[str, ProcessDefinition] = {}
    for row in rows:
        latest.setdefault(row.process_key, row)
    called = {key for row in latest.values() for xml in (row.sources or {}).values() for key in CALLED.findall(xml)}
    return sorted((r for k, r in latest.items() if k not in called), key=lambda r: r.name)


def start_form(definition: ProcessDefinition) -> Form | None:
    """The form asked before a case starts: the process property start_form, or forms/intake/<key>."""
    name = definition.properties.get("start_form") or f"intake/{definition.process_key}"
    snapshot = (definition.properties.get("forms") or {}).get(name)
    if snapshot is not None:
        return form_from_document(name, snapshot)
    try:
        return services().forms.get(name)
    except NotFound:
        return None


@blp.route("/cases/new")
def new_case():
    with services().db.transaction() as session:
        found = regulations(session)
    return render_template("new_case.html", regulations=found, offices=access.start_offices(current_user()))


@blp.route("/cases/new/<string:process_key>", methods=["GET", "POST"])
def start_case(process_key: str):
    user, svc = current_user(), services()
    offices = access.start_offices(user)
    if not offices:
        raise PermissionDenied("Начинать дела могут специалисты, делопроизводители и работники МФЦ")
    with svc.db.transaction() as session:
        definition = svc.definitions.latest(session, process_key)
    form = start_form(definition)
    values, errors = {}, []
    if request.method == "POST":
        root = build_form(form.schema, form.ui, {}) if form else None
        values = read(root, request.form) if root else {}
        errors = [e.as_dict() for e in validate_submission(form, values)] if form else []
        if not errors:
            return _started(definition, form, values)
    root = build_form(form.schema, form.ui, values) if form else None
    summary = attach_errors(root, errors) if root is not None else []
    return render_template("start_case.html", definition=definition, form=root, errors=summary, offices=offices), (
        422 if errors else 200
    )


def _started(definition: ProcessDefinition, form: Form | None, values: dict):
    user, svc = current_user(), services()
    office = access.office_for_start(user, request.form.get("office") or None)
    data = coerce_submission(form, values) if form else {}
    business_key = (request.form.get("business_key") or "").strip() or None
    try:
        instance_id = svc.instances.start(
            definition.process_key, data, user.login, business_key=business_key, office=office
        )
    except ReglamentError as problem:
        flash(_(problem.message), "error")
        return redirect(url_for("web.start_case", process_key=definition.process_key))
    flash(_("Дело начато"), "success")
    return redirect(_first_step(instance_id))


def _first_step(instance_id: int) -> str:
    """The intake task the person who started the case does next, or the case page."""
    user = current_user()
    with services().db.transaction() as session:
        instance = session.get(ProcessInstance, instance_id)
        for task in session.scalars(select(TaskRecord).filter_by(instance_id=instance_id, state="ready")):
            if access.can_complete_task(user, task, instance):
                return url_for("web.task", task_id=task.id)
    return url_for("web.case", instance_id=instance_id)
