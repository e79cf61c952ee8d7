"""Storing and reading attachments. The type is judged by the file's first bytes, not by what the
browser claims, so a renamed executable is not kept as a "scan"."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import PurePath

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine import clock
from engine.attachments.models import Attachment
from engine.errors import NotFound, ReglamentError
from engine.instances import audit

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
# Scans come as PDF or pictures: what office scanners and phones produce.
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "application/pdf": (b"%PDF-",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/tiff": (b"II*\x00", b"MM\x00*"),
}


class AttachmentRejected(ReglamentError):
    code = "attachment-rejected"
    message = "Файл не принят"


@dataclass(frozen=True)
class Upload:
    filename: str
    content_type: str
    data: bytes


def sniffed_type(data: bytes) -> str | None:
    for content_type, signatures in SIGNATURES.items():
        if any(data.startswith(s) for s in signatures):
            return content_type
    return None


def check_upload(upload: Upload, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """The file's real content type; AttachmentRejected with a Russian reason otherwise."""
    if not upload.data:
        raise AttachmentRejected("Файл пустой", filename=upload.filename)
    if len(upload.data) > max_bytes:
        raise AttachmentRejected(f"Файл больше {_size(max_bytes)}", filename=upload.filename, size=len(upload.data))
    actual = sniffed_type(upload.data)
    if actual is None:
        raise AttachmentRejected("Допустимы только PDF, JPEG, PNG и TIFF", filename=upload.filename)
    if upload.content_type and upload.content_type != "application/octet-stream" and upload.content_type != actual:
        raise AttachmentRejected("Содержимое файла не соответствует его типу", filename=upload.filename)
    return actual


def store(
    session: Session,
    upload: Upload,
    *,
    instance_id: int,
    task_id: str | None,
    field: str | None,
    actor: str,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Attachment:
    content_type = check_upload(upload, max_bytes)
    attachment = Attachment(
        instance_id=instance_id,
        task_id=task_id,
        field=field,
        filename=_safe_name(upload.filename),
        content_type=content_type,
        size=len(upload.data),
        sha256=hashlib.sha256(upload.data).hexdigest(),
        content=upload.data,
        uploaded_by=actor,
        uploaded_at=clock.now(),
    )
    session.add(attachment)
    session.flush()
    audit.record(
        session,
        actor,
        "attachment.added",
        instance_id=instance_id,
        task_id=task_id,
        attachment_id=attachment.id,
        filename=attachment.filename,
        field=field,
    )
    return attachment


def _size(count: int) -> str:
    for unit, size in (("МБ", 1024 * 1024), ("КБ", 1024)):
        if count >= size:
            return f"{count / size:.0f} {unit}"
    return f"{count} байт"


def _safe_name(filename: str) -> str:
    name = PurePath((filename or "").replace("\\", "/")).name.strip()
    return name[:300] or "файл"


def get(session: Session, attachment_id: int) -> Attachment:
    attachment = session.get(Attachment, attachment_id)
    if attachment is None:
        raise NotFound("Файл не найден", attachment_id=attachment_id)
    return attachment


def of_instance(session: Session, instance_id: int) -> list[Attachment]:
    return list(session.scalars(select(Attachment).filter_by(instance_id=instance_id).order_by(Attachment.id)))


def by_ids(session: Session, ids: list[int]) -> dict[int, Attachment]:
    if not ids:
        return {}
    return {a.id: a for a in session.scalars(select(Attachment).where(Attachment.id.in_(ids)))}
