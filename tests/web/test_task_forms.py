"""Task forms on the server: drafts kept and resumed, lists grown and shrunk without JavaScript,
scans attached within limits, and completion through the same service and checks as the API."""

from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from api.web.forms.fields import build_form
from api.web.forms.submission import apply_list_action, parse_action, read
from engine.attachments.models import Attachment
from engine.persistence.models import TaskRecord
from engine.settings import Settings

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
LIMIT = 64 * 1024


@pytest.fixture
def settings(database_url):
    # why: a small limit keeps the oversized upload in memory (the test client spools big bodies to disk)
    return Settings.from_env({}, database_url=database_url, attachment_max_bytes=LIMIT)


def _token(response) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', response.get_data(as_text=True)).group(1)


@pytest.fixture
def specialist(client, staff, deployed):
    """The test client signed in as the specialist, with a new demo case open at registration."""
    token = _token(client.get("/login"))
    client.post("/login", data={"login": "specialist", "password": "specialist", "csrf_token": token})
    start_page = client.get("/cases/new/demo_application")
    started = client.post("/cases/new/demo_application", data={"csrf_token": _token(start_page)})
    client.task_url = started.headers["Location"]
    client.token = _token(client.get(client.task_url))
    return client


def _post(client, **form):
    return client.post(client.task_url, data={"csrf_token": client.token, **form}, content_type="multipart/form-data")


def test_a_draft_is_saved_unvalidated_and_comes_back_when_the_task_is_opened_again(specialist, db):
    saved = _post(specialist, _action="save", applicant_name="Петро", snils="112")
    assert saved.status_code == 302
    with db.transaction() as session:
        [task] = session.scalars(select(TaskRecord).filter_by(state="ready")).all()
        assert task.draft["data"] == {"applicant_name": "Петро", "snils": "112"}
    page = specialist.get(specialist.task_url).get_data(as_text=True)
    assert 'value="Петро"' in page and "Показан сохранённый черновик" in page


def test_an_invalid_completion_shows_the_field_error_and_keeps_what_was_typed(specialist):
    response = _post(specialist, _action="complete", applicant_name="Петров Пётр", snils="112-233-445 96")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="f-snils-error"' in page and "Неверный СНИЛС" in page
    assert 'href="#f-snils"' in page  # the error summary links to the field
    assert 'value="Петров Пётр"' in page


def test_a_scan_is_stored_with_the_case_and_its_id_goes_into_the_field(specialist, db):
    upload = (io.BytesIO(PDF), "заявление.pdf", "application/pdf")
    response = _post(specialist, _action="save", applicant_name="Петров Пётр", **{"application_scan.__file": upload})
    assert response.status_code == 302
    with db.transaction() as session:
        attachment = session.scalars(select(Attachment)).one()
        task = session.scalars(select(TaskRecord).filter_by(state="ready")).one()
        assert (attachment.filename, attachment.content_type, attachment.size) == (
            "заявление.pdf",
            "application/pdf",
            len(PDF),
        )
        assert task.draft["data"]["application_scan"] == str(attachment.id)
    download = specialist.get(f"/cases/{attachment.instance_id}/attachments/{attachment.id}")
    assert download.data == PDF and download.headers["X-Content-Type-Options"] == "nosniff"


def test_a_file_that_is_not_a_scan_is_refused_next_to_its_field(specialist, db):
    upload = (io.BytesIO(b"MZ\x90\x00 not a pdf"), "scan.pdf", "application/pdf")
    response = _post(specialist, _action="save", **{"application_scan.__file": upload})
    assert response.status_code == 422
    assert "Допустимы только PDF, JPEG, PNG и TIFF" in response.get_data(as_text=True)
    with db.transaction() as session:
        assert session.scalars(select(Attachment)).all() == []


def test_a_scan_over_the_size_limit_is_refused(specialist):
    upload = (io.BytesIO(PDF + b"0" * LIMIT), "big.pdf", "application/pdf")
    response = _post(specialist, _action="save", **{"application_scan.__file": upload})
    assert response.status_code == 422
    assert "Файл больше 64 КБ" in response.get_data(as_text=True)


def test_a_list_grows_and_shrinks_by_buttons_without_javascript(forms):
    form = forms.get("relocation/accept_application")
    root = build_form(form.schema, form.ui, {})
    posted = MultiDict(
        {"applicant_name": "Иванова", "family_members.0.__item": "1", "family_members.0.full_name": "Иванов"}
    )
    data = read(root, posted)
    assert data["family_members"] == [{"full_name": "Иванов"}]
    grown = apply_list_action(data, parse_action("add:family_members"), root)
    assert grown["family_members"] == [{"full_name": "Иванов"}, {}]
    rendered = build_form(form.schema, form.ui, grown)
    assert [f.path for f in rendered.walk() if f.path.endswith(".relation")] == [
        "family_members.0.relation",
        "family_members.1.relation",
    ]
    shrunk = apply_list_action(grown, parse_action("remove:family_members.0"), root)
    assert shrunk["family_members"] == [{}]


def test_the_documents_of_a_case_are_listed_and_downloaded_as_pdf(specialist, db, clock):
    from engine.persistence.models import Document

    task_id = specialist.task_url.rsplit("/", 1)[-1]
    with db.transaction() as session:
        instance_id = session.get(TaskRecord, task_id).instance_id
    with db.transaction() as session:
        document = Document(
            idempotency_key=f"{instance_id}:referral",
            instance_id=instance_id,
            template="referral",
            title="Направление для трудоустройства в другой местности",
            number="7-НАПР/2026",
            html="<h1>Направление</h1><p>Иванова Мария Петровна</p>",
            context={},
            created_at=clock.now(),
        )
        session.add(document)
        session.flush()
        document_id = document.id
    case_page = specialist.get(f"/cases/{instance_id}").get_data(as_text=True)
    assert "Направление для трудоустройства в другой местности № 7-НАПР/2026" in case_page
    pdf = specialist.get(f"/cases/{instance_id}/documents/{document_id}.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
