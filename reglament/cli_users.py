"""`reglament user add|list|unlock`: staff accounts from the command line."""

from __future__ import annotations

import click

from engine.accounts.roles import ROLE_TITLES
from engine.settings import Settings


@click.group()
def user() -> None:
    """Staff accounts: roles per office (роли сотрудников по центрам занятости)."""


@user.command("add")
@click.argument("login")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True, help="asked if not given")
@click.option("--name", "full_name", default="", help="full name as shown in the history of cases")
@click.option("--role", "roles", multiple=True, required=True, type=click.Choice(sorted(ROLE_TITLES)))
@click.option("--office", "offices", multiple=True, required=True, help="office code, e.g. vladivostok")
@click.pass_obj
def add(settings: Settings, login: str, password: str, full_name: str, roles: tuple, offices: tuple) -> None:
    """Create a user holding every --role in every --office."""
    from engine.accounts.service import create_user
    from engine.errors import ReglamentError
    from reglament.runtime import command_database

    grants = [(role, office) for role in roles for office in offices]
    try:
        with command_database(settings).transaction() as session:
            create_user(session, login, password, full_name or login, grants)
    except ReglamentError as exc:
        raise click.ClickException(exc.message) from exc
    click.echo(f"user {login}: {', '.join(f'{r}@{o}' for r, o in grants)}")


@user.command("list")
@click.pass_obj
def list_users(settings: Settings) -> None:
    """Every user with their roles and whether they are locked out."""
    from sqlalchemy import select

    from engine.accounts.models import User
    from reglament.runtime import command_database

    with command_database(settings).transaction() as session:
        for account in session.scalars(select(User).order_by(User.login)):
            grants = ", ".join(f"{g.role}@{g.office}" for g in account.grants)
            locked = f" locked until {account.locked_until.isoformat()}" if account.locked_until else ""
            click.echo(f"{account.login}\t{account.full_name}\t{grants}{locked}")


@user.command("unlock")
@click.argument("login")
@click.pass_obj
def unlock(settings: Settings, login: str) -> None:
    """Lift a lock-out before its 15 minutes are over."""
    from engine.accounts.service import find_user
    from reglament.runtime import command_database

    with command_database(settings).transaction() as session:
        account = find_user(session, login)
        if account is None:
            raise click.ClickException(f"no user {login}")
        account.failed_logins, account.locked_until = 0, None
    click.echo(f"user {login} unlocked")
