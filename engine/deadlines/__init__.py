"""Statutory terms: the term grammar (terms.py) and their due moments on a calendar (due.py).

compute_due(get_calendar("RU-PRI"), start, "min(30d, 12-10)", party="applicant").due
"""

from __future__ import annotations

from engine.deadlines.due import PARTIES, DueMoment, Party, compute_due, deemed_received
from engine.deadlines.terms import (
    CalendarDays,
    Earliest,
    Elapsed,
    FixedDate,
    InvalidTerm,
    Term,
    WorkingDays,
    WorkingDaysBefore,
    parse_term,
)

__all__ = [
    "PARTIES",
    "CalendarDays",
    "DueMoment",
    "Earliest",
    "Elapsed",
    "FixedDate",
    "InvalidTerm",
    "Party",
    "Term",
    "WorkingDays",
    "WorkingDaysBefore",
    "compute_due",
    "deemed_received",
    "parse_term",
]
