"""Automatic numbering of orders and contracts ("нумеруется автоматически в ПТК").

A number is issued once per idempotency key, so a retried job gets the number it already had;
the series counter runs per calendar year without gaps.
"""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from engine import clock
from engine.persistence.database import Database
from engine.persistence.models import IssuedNumber

SUFFIX = {"fs_grant": "ФП", "fs_refusal": "ОТК", "contract": "ДОГ", "referral": "НАПР", "complaint": "ЖАЛ"}
ATTEMPTS = 5
DEFAULT_ZONE = ZoneInfo("Asia/Vladivostok")


@dataclass(frozen=True)
class Number:
    number: str
    date: str


def assign_number(db: Database, series: str, idempotency_key: str, zone: ZoneInfo = DEFAULT_ZONE) -> Number:
    """`zone`: the office's time zone; an order is dated by the local day it was signed on."""
    for _ in range(ATTEMPTS):
        try:
            with db.transaction() as session:
                issued = session.scalar(select(IssuedNumber).filter_by(idempotency_key=idempotency_key))
                if issued is None:
                    issued = _issue(session, series, idempotency_key)
                return Number(issued.number, issued.issued_at.astimezone(zone).date().isoformat())
        except IntegrityError:  # a concurrent issuer took the same sequence; take the next one
            continue
    raise RuntimeError(f"could not issue a number in series {series}")


def _issue(session, series: str, idempotency_key: str) -> IssuedNumber:
    now = clock.now()  # the year of the series is the UTC year; a number issued 1 Jan 00:30 local is rare
    last = session.scalar(select(func.max(IssuedNumber.sequence)).filter_by(series=series, year=now.year)) or 0
    sequence = last + 1
    issued = IssuedNumber(
        idempotency_key=idempotency_key,
        series=series,
        year=now.year,
        sequence=sequence,
        number=f"{sequence}-{SUFFIX.get(series, series.upper())}/{now.year}",
        issued_at=now,
    )
    session.add(issued)
    session.flush()
    return issued
