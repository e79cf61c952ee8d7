"""Documents of a case: issued once per idempotency key, listed for the task page, served as PDF."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from engine import clock
from engine.bpmn.serializer import data_to_json
from engine.documents.render import TITLES, render_html, to_pdf
from engine.errors import NotFound
from engine.persistence.database import Database
from engine.persistence.models import Document


def issue(db: Database, template: str, context: dict, *, instance_id: int | None, idempotency_key: str) -> int:
    context = data_to_json(context)
    html = render_html(template, context)
    try:
        with db.transaction() as session:
            existing = session.scalar(select(Document.id).filter_by(idempotency_key=idempotency_key))
            if existing is not None:
                return existing
            document = Document(
                idempotency_key=idempotency_key,
                instance_id=instance_id,
                template=template,
                title=TITLES[template],
                number=context.get("number"),
                html=html,
                context=context,
                created_at=clock.now(),
            )
            session.add(document)
            session.flush()
            return document.id
    except IntegrityError:  # a concurrent retry of the same job issued it first
        with db.transaction() as session:
            return session.scalar(select(Document.id).filter_by(idempotency_key=idempotency_key))


def list_documents(session: Session, instance_id: int) -> list[Document]:
    return list(session.scalars(select(Document).filter_by(instance_id=instance_id).order_by(Document.id)))


def pdf_of(session: Session, document_id: int) -> tuple[Document, bytes]:
    document = session.get(Document, document_id)
    if document is None:
        raise NotFound("Документ не найден", document_id=document_id)
    return document, to_pdf(document.html, document.title)
