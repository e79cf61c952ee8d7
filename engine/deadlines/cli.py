"""Plain-text rendering of a due moment for `reglament due`."""

from __future__ import annotations

from engine.deadlines.due import DueMoment


def format_due(result: DueMoment) -> str:
    """Warnings first, one per line; the ISO 8601 due moment with its offset last, for scripts."""
    lines = [f"warning: {warning}" for warning in result.warnings]
    lines.append(result.due.isoformat())
    return "\n".join(lines)
