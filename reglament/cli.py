"""`reglament`: serve, worker, migrate, deploy, lint, due, sandbox, demo."""

from __future__ import annotations

import json
import signal
import sys
import threading
from datetime import datetime
from pathlib import Path

import click

from engine.settings import Settings


@click.group()
@click.pass_context
def main(ctx: click.Context) -> None:
    """Reglament: административные регламенты как исполняемые BPMN."""
    ctx.obj = Settings.from_env()


@main.command()
@click.pass_obj
def migrate(settings: Settings) -> None:
    """Upgrade the database schema to the latest migration."""
    from engine.persistence.migrate import upgrade

    upgrade(settings.database_url)
    click.echo(f"schema up to date: {_safe_url(settings.database_url)}")


@main.command()
@click.argument("path", type=click.Path(exists=True, path_type=Path), required=False)
@click.pass_obj
def lint(settings: Settings, path: Path | None) -> None:
    """Check diagrams without deploying; exit 1 on any problem (file:line: element: message)."""
    from engine.definitions.lint import bpmn_files
    from engine.definitions.lint import lint as run_lint
    from engine.forms.catalog import FormCatalog

    files = bpmn_files(path or Path(settings.bpmn_dir))
    _, problems = run_lint(files, FormCatalog(Path(settings.forms_dir)))
    for problem in problems:
        click.echo(str(problem), err=True)
    if problems:
        sys.exit(1)
    click.echo(f"{len(files)} diagram(s) OK")


@main.command()
@click.argument("path", type=click.Path(exists=True, path_type=Path), required=False)
@click.option("--actor", default="cli", help="who deploys (recorded on the version)")
@click.pass_obj
def deploy(settings: Settings, path: Path | None, actor: str) -> None:
    """Check and deploy diagrams; a new version is stored only where content changed."""
    from engine.definitions.deploy import deploy as run_deploy
    from engine.errors import DeployError
    from engine.forms.catalog import FormCatalog
    from reglament.runtime import command_database

    db = command_database(settings)
    try:
        with db.transaction() as session:
            results = run_deploy(session, path or Path(settings.bpmn_dir), FormCatalog(Path(settings.forms_dir)), actor)
    except DeployError as exc:
        for p in exc.details["problems"]:
            click.echo(f"{p['file']}:{p['line'] or '?'}: {p['element_id'] or '-'}: {p['message']}", err=True)
        sys.exit(1)
    for r in results:
        click.echo(f"{r.process_key} v{r.version} {'deployed' if r.created else 'unchanged'}")


@main.command()
@click.option("--calendar", "calendar_code", required=True, help="ISO 3166-2 code, e.g. RU-PRI")
@click.option("--from", "start", required=True, help="ISO 8601 moment with offset")
@click.option("--term", required=True, help="10wd, -1wd, 30d, 24h, 15min, 12-10, min(30d, 12-10)")
@click.option("--party", type=click.Choice(["office", "applicant"]), default="office")
def due(calendar_code: str, start: str, term: str, party: str) -> None:
    """Print the due moment of a statutory term (warnings first, the moment last)."""
    from engine.calendars import get_calendar
    from engine.deadlines.cli import format_due
    from engine.deadlines.due import compute_due
    from engine.errors import ReglamentError

    try:
        moment = datetime.fromisoformat(start)
        if moment.tzinfo is None:
            raise click.BadParameter("укажите смещение часового пояса, например +10:00", param_hint="--from")
        click.echo(format_due(compute_due(get_calendar(calendar_code), moment, term, party=party)))
    except ReglamentError as exc:
        raise click.ClickException(exc.message) from exc


@main.command()
@click.option("--host", default="127.0.0.1")
@click.option("--port", default=8000, type=int)
@click.option("--workers", default=2, type=int, help="gunicorn worker processes")
@click.option("--dev", is_flag=True, help="Werkzeug development server instead of gunicorn")
@click.pass_obj
def serve(settings: Settings, host: str, port: int, workers: int, dev: bool) -> None:
    """Serve the API and pages (gunicorn; stateless, run as many as you like)."""
    if dev:
        from api import create_app

        create_app(settings).run(host=host, port=port)
        return
    import os

    os.execvp(
        sys.executable,
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--workers",
            str(workers),
            "--bind",
            f"{host}:{port}",
            "--access-logfile",
            "-",
            "api.wsgi:app",
        ],
    )


@main.command()
@click.option("--once", is_flag=True, help="carry out the due jobs and exit")
@click.pass_obj
def worker(settings: Settings, once: bool) -> None:
    """Run a job worker (timers and service tasks); start as many as you like on PostgreSQL."""
    import logging

    from engine.runtime import settle_heap
    from worker.factory import build_worker

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    w = build_worker(settings)
    settle_heap()
    if once:
        click.echo(f"{w.run_until_idle()} job(s) done")
        return
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    w.run_forever(stop)


@main.command()
@click.option("--host", default=None, help="address to listen on (default 127.0.0.1, or SANDBOX_HOST)")
@click.pass_obj
def sandbox(settings: Settings, host: str | None) -> None:
    """Start the emulators of the external systems (register, treasury, СМЭВ, SMS, portal, MFC, SMTP)."""
    from sandbox.runner import run_forever

    run_forever(settings, host=host)


@main.command()
@click.argument("name", required=False, default="application")
@click.pass_obj
def demo(settings: Settings, name: str) -> None:
    """Deploy bpmn/ and create demo cases (`relocation` runs a full move case to the statement)."""
    from reglament.demo import run_demo

    for line in run_demo(settings, name):
        click.echo(line)


@main.command("settings")
def show_settings() -> None:
    """List every setting with its environment variable, default and purpose."""
    for env, default, help_text in Settings.describe():
        click.echo(json.dumps({"env": env, "default": default, "help": help_text}, ensure_ascii=False))


def _safe_url(url: str) -> str:
    from sqlalchemy import make_url

    return make_url(url).render_as_string(hide_password=True)


from reglament.cli_calendars import calendar  # noqa: E402 - the group lives in its own module

main.add_command(calendar)


from reglament.cli_users import user  # noqa: E402

main.add_command(user)
