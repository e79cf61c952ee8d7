"""All configuration in one frozen dataclass, read from the environment once.

Each field names its environment variable, type, default and purpose. Factories (the Flask
app, the worker, the CLI) call Settings.from_env() and pass the object down; nothing below
api/ reads os.environ.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _setting(env: str, default, help: str):  # noqa: A002 - "help" reads best here
    return field(default=default, metadata={"env": env, "help": help})


@dataclass(frozen=True)
class Settings:
    database_url: str = _setting(
        "DATABASE_URL",
        f"sqlite:///{ROOT / 'var' / 'reglament.db'}",
        "SQLAlchemy URL; PostgreSQL in production",
    )
    bpmn_dir: str = _setting("REGLAMENT_BPMN_DIR", str(ROOT / "bpmn"), "diagrams deployed by `reglament deploy`")
    forms_dir: str = _setting("REGLAMENT_FORMS_DIR", str(ROOT / "forms"), "JSON Schema forms of user tasks")
    secret_key: str = _setting("REGLAMENT_SECRET_KEY", "dev-only-change-me", "Flask session signing key")
    clock_offset_seconds: float = _setting(
        "REGLAMENT_CLOCK_OFFSET", 0.0, "demo time travel: seconds added to the system clock"
    )
    register_url: str = _setting("REGISTER_URL", "http://127.0.0.1:8101", "register of service recipients")
    treasury_url: str = _setting("TREASURY_URL", "http://127.0.0.1:8102", "Federal Treasury gateway")
    smev_url: str = _setting("SMEV_URL", "http://127.0.0.1:8103", "СМЭВ 3 interagency gateway")
    sms_url: str = _setting("SMS_URL", "http://127.0.0.1:8104", "SMS gateway")
    portal_url: str = _setting("PORTAL_URL", "http://127.0.0.1:8105", "portal personal account (ЕПГУ/РПГУ)")
    mfc_url: str = _setting("MFC_URL", "http://127.0.0.1:8106", "MFC case exchange (АИС МФЦ)")
    smtp_host: str = _setting("SMTP_HOST", "127.0.0.1", "SMTP server for e-mail notifications")
    smtp_port: int = _setting("SMTP_PORT", 8025, "SMTP port")
    mail_from: str = _setting("MAIL_FROM", "czn@reglament.local", "sender address of notifications")
    adapter_timeout_seconds: float = _setting("ADAPTER_TIMEOUT", 10.0, "HTTP timeout of adapters")
    worker_poll_seconds: float = _setting("WORKER_POLL", 0.5, "how often an idle worker looks for due jobs")
    worker_lease_seconds: float = _setting("WORKER_LEASE", 60.0, "a claimed job returns to the queue after this")
    api_base_url: str = _setting("REGLAMENT_API_URL", "http://127.0.0.1:8000", "where callbacks reach the API")
    oidc_issuer: str = _setting("OIDC_ISSUER", "", "OpenID Connect issuer URL; sign-in through it is offered when set")
    oidc_client_id: str = _setting("OIDC_CLIENT_ID", "", "OpenID Connect client id")
    oidc_client_secret: str = _setting("OIDC_CLIENT_SECRET", "", "OpenID Connect client secret")
    oidc_login_claim: str = _setting("OIDC_LOGIN_CLAIM", "preferred_username", "claim matched to a local login")
    oidc_provider_name: str = _setting("OIDC_PROVIDER_NAME", "единую учётную запись", "shown as «Войти через …»")
    attachment_max_bytes: int = _setting("ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024, "largest scan a form accepts")
    session_hours: float = _setting("SESSION_HOURS", 10.0, "a page session lasts this long (one working day)")

    @property
    def oidc_enabled(self) -> bool:
        return bool(self.oidc_issuer and self.oidc_client_id and self.oidc_client_secret)

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides) -> Settings:
        environ = os.environ if environ is None else environ
        values = {}
        for f in fields(cls):
            raw = environ.get(f.metadata["env"])
            if raw is not None:
                values[f.name] = type(f.default)(raw)
        values.update(overrides)
        return cls(**values)

    @classmethod
    def describe(cls) -> list[tuple[str, str, str]]:
        return [(f.metadata["env"], repr(f.default), f.metadata["help"]) for f in fields(cls)]
