"""`reglament calendar …`: seed the calendar tables, list the years nobody has checked, and after
a decree list and move the pending deadlines the edited calendar would change."""

from __future__ import annotations

import sys

import click

from engine.errors import ReglamentError
from engine.settings import Settings


class _CalendarGroup(click.Group):
    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except ReglamentError as exc:  # why: a domain error is a message for the admin, not a traceback
            raise click.ClickException(exc.message) from exc


@click.group("calendar", cls=_CalendarGroup)
def calendar() -> None:
    """Производственные календари в базе: заполнение, предупреждения, пересчёт сроков."""


@calendar.command()
@click.pass_obj
def seed(settings: Settings) -> None:
    """Store the shipped years and jurisdictions the database lacks (never overwrites an edit)."""
    from engine.calendars.store import seed_from_files

    db = _database(settings)
    with db.transaction() as session:
        report = seed_from_files(session)
    click.echo(f"years added: {', '.join(report.years) or 'none'}")
    click.echo(f"calendars added: {', '.join(report.jurisdictions) or 'none'}")


@calendar.command()
@click.pass_obj
def warnings(settings: Settings) -> None:
    """Years in use that are unconfirmed or missing; exit 1 if there are any."""
    from engine.calendars.recompute import year_warnings
    from engine.calendars.store import CalendarStore

    db = _database(settings)
    with db.transaction() as session:
        found = year_warnings(session, CalendarStore(db))
    for w in found:
        act = f": {w.act}" if w.act else ""
        click.echo(f"{w.country} {w.year} {w.status} ({', '.join(w.calendars)}; {w.pending_deadlines} pending){act}")
    if found:
        sys.exit(1)


@calendar.command()
@click.argument("code")
@click.option("--year", type=int, help="only terms that count through this year")
@click.pass_obj
def moves(settings: Settings, code: str, year: int | None) -> None:
    """List pending deadlines of CODE (RU-PRI, or a country: RU) the current calendar would move."""
    from engine.calendars.recompute import preview
    from engine.calendars.store import CalendarStore

    db = _database(settings)
    with db.transaction() as session:
        found = preview(session, CalendarStore(db), code, year)
    for move in found:
        click.echo(_line(move))
    click.echo(f"{len(found)} deadline(s) would move")


@calendar.command()
@click.argument("code")
@click.option("--all", "everything", is_flag=True, help="every deadline the calendar would move")
@click.option("--deadline", "deadline_ids", type=int, multiple=True, help="a deadline id (repeatable)")
@click.option("--year", type=int, help="only terms that count through this year")
@click.option("--reason", required=True, help="the decree or the reason, kept in the audit trail")
@click.option("--actor", default="cli", help="who recomputes (recorded in the audit trail)")
@click.pass_obj
def recompute(
    settings: Settings,
    code: str,
    everything: bool,
    deadline_ids: tuple[int, ...],
    year: int | None,
    reason: str,
    actor: str,
) -> None:
    """Move pending deadlines of CODE to what the current calendar gives (audited)."""
    from engine.calendars import use_store
    from engine.calendars.recompute import apply, preview
    from engine.calendars.store import CalendarStore
    from engine.instances.service import InstanceService

    if everything == bool(deadline_ids):
        raise click.UsageError("give either --all or --deadline ID")
    db = _database(settings)
    store = CalendarStore(db)
    use_store(store)  # why: a case's own due() calls during the move must see the database calendars
    with db.transaction() as session:
        found = preview(session, store, code, year)
    chosen = found if everything else [m for m in found if m.deadline_id in deadline_ids]
    outcome = apply(InstanceService(db), store, chosen, actor, reason)
    for move in outcome.moved:
        click.echo(f"moved {_line(move)}")
    for skipped in outcome.skipped:
        click.echo(f"skipped deadline {skipped.deadline_id}: {skipped.reason}", err=True)
    for missing in sorted(set(deadline_ids) - {m.deadline_id for m in chosen}):
        click.echo(f"skipped deadline {missing}: календарь не сдвигает этот срок", err=True)
    click.echo(f"{len(outcome.moved)} deadline(s) moved")


def _line(move) -> str:
    return (
        f"deadline {move.deadline_id} case {move.instance_id} {move.element_id} п. {move.clause} {move.term} "
        f"({move.party}, {move.calendar_code}): {move.old_due.isoformat()} -> {move.new_due.isoformat()}"
    )


def _database(settings: Settings):
    from reglament.runtime import command_database, install_runtime

    db = command_database(settings)
    install_runtime(settings, db)  # why: the demo's shifted clock decides which years are "in use"
    return db
