"""Start every emulator in background threads: each Flask app on its own werkzeug server, plus the
SMTP sink and its HTTP mailbox. Used by the contract tests (free ports), the demo and
`reglament sandbox` (the ports of Settings).
"""

from __future__ import annotations

import dataclasses
import logging
import os
import signal
import threading
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from werkzeug.serving import BaseWSGIServer, make_server

from engine.settings import Settings
from sandbox.emulator import Emulator
from sandbox.mfc import MfcEmulator
from sandbox.portal import PortalEmulator
from sandbox.register import RegisterEmulator
from sandbox.smev import SmevEmulator
from sandbox.sms import SmsEmulator
from sandbox.smtp import SmtpSink
from sandbox.treasury import TreasuryEmulator

log = logging.getLogger("reglament.sandbox")
EMULATORS: dict[str, type[Emulator]] = {
    "register": RegisterEmulator,
    "treasury": TreasuryEmulator,
    "smev": SmevEmulator,
    "sms": SmsEmulator,
    "portal": PortalEmulator,
    "mfc": MfcEmulator,
}
SETTING_OF = {name: f"{name}_url" for name in EMULATORS}


@dataclass(frozen=True)
class SandboxPorts:
    """Where each emulator listens; 0 lets the OS pick a free port (tests)."""

    register: int = 8101
    treasury: int = 8102
    smev: int = 8103
    sms: int = 8104
    portal: int = 8105
    mfc: int = 8106
    smtp: int = 8025
    mailbox: int = 8107  # HTTP view of the SMTP sink's letters

    @classmethod
    def from_settings(cls, settings: Settings) -> SandboxPorts:
        ports = {name: urlsplit(getattr(settings, setting)).port for name, setting in SETTING_OF.items()}
        return cls(**{name: port for name, port in ports.items() if port}, smtp=settings.smtp_port)

    @classmethod
    def ephemeral(cls) -> SandboxPorts:
        return cls(**{f.name: 0 for f in dataclasses.fields(cls)})


@dataclass
class SandboxHandle:
    """The running sandbox: URLs, the emulators themselves (for in-process inspection), stop()."""

    host: str
    urls: dict[str, str]
    smtp_port: int
    emulators: dict[str, Emulator]
    smtp: SmtpSink
    _servers: list[BaseWSGIServer] = field(default_factory=list, repr=False)
    _threads: list[threading.Thread] = field(default_factory=list, repr=False)

    def settings(self, base: Settings | None = None, **overrides: Any) -> Settings:
        """Settings pointing every adapter at this sandbox."""
        urls = {setting: self.urls[name] for name, setting in SETTING_OF.items()}
        return dataclasses.replace(
            base or Settings(), **urls, smtp_host=_reachable(self.host), smtp_port=self.smtp_port, **overrides
        )

    def reset(self) -> None:
        """Every emulator back to its first state and default faults (between tests)."""
        for emulator in self.emulators.values():
            emulator.reset()
        self.smtp.reset()

    def stop(self) -> None:
        for emulator in self.emulators.values():
            emulator.stop()
        for server in self._servers:
            server.shutdown()
            server.server_close()
        for thread in self._threads:
            thread.join(timeout=5)
        self.smtp.stop()

    def __enter__(self) -> SandboxHandle:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def start_all(
    config: Settings | SandboxPorts | None = None, *, host: str = "127.0.0.1", seed: int = 0
) -> SandboxHandle:
    """Start all emulators; `config` gives the ports (Settings URLs, SandboxPorts, or the defaults)."""
    ports = SandboxPorts.from_settings(config) if isinstance(config, Settings) else config or SandboxPorts()
    emulators = {name: cls(seed=seed) for name, cls in EMULATORS.items()}
    smtp = SmtpSink()
    smtp_port = smtp.start(host, ports.smtp)
    handle = SandboxHandle(host, {}, smtp_port, emulators, smtp)
    apps = {name: emulator.create_app() for name, emulator in emulators.items()} | {"mailbox": smtp.create_app()}
    try:
        for name, app in apps.items():
            server = make_server(host, getattr(ports, name), app, threaded=True)
            # why: a short poll interval, so stop() (one shutdown per server) takes a moment, not seconds
            thread = threading.Thread(
                target=server.serve_forever, kwargs={"poll_interval": 0.1}, name=f"sandbox-{name}", daemon=True
            )
            thread.start()
            handle._servers.append(server)
            handle._threads.append(thread)
            handle.urls[name] = f"http://{_reachable(host)}:{server.server_port}"
    except BaseException:
        handle.stop()
        raise
    return handle


def run_forever(settings: Settings, *, host: str | None = None) -> None:
    """`reglament sandbox`: the emulators on the ports of Settings until SIGINT or SIGTERM."""
    # why: the sandbox is a demo/test tool, not the product; docker-compose binds it with SANDBOX_HOST
    host = host or os.environ.get("SANDBOX_HOST", "127.0.0.1")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    with start_all(settings, host=host) as handle:
        for name, url in handle.urls.items():
            log.info("%-9s %s", name, url)
        log.info("%-9s smtp://%s:%s", "smtp", host, handle.smtp_port)
        stop.wait()


def main() -> None:
    """`python -m sandbox.runner`: same as `reglament sandbox`."""
    run_forever(Settings.from_env())


def _reachable(host: str) -> str:
    return "127.0.0.1" if host in ("0.0.0.0", "") else host


if __name__ == "__main__":
    main()
