"""The outside world of a case, as the sandbox emulators saw it, and the door callbacks come in by.

`Outside` reads what each emulator received, in process (the emulators keep it all): register
entries, cash-expense requests, letters, SMS, postal letters. `CallbackInbox` is the live API
the emulators call back: a callback (the treasury statement, the СМЭВ answer) waits at its door
until the scenario lets it in, after moving the clock to the moment the card says it arrives.
"""

from __future__ import annotations

import threading
from decimal import Decimal
from typing import Any

from sandbox.runner import SandboxHandle

WAIT_SECONDS = 30.0  # upper bound for a callback to reach the door; never asserted on


class Outside:
    """What the register, the Treasury and the notification channels received during one test."""

    def __init__(self, sandbox: SandboxHandle) -> None:
        self.sandbox = sandbox

    def _emulator(self, name: str):
        return self.sandbox.emulators[name]

    # -- register ----------------------------------------------------------------------------
    def register_entries(self) -> list[dict[str, Any]]:
        """Every entry the register appended to any personal file, oldest first."""
        register = self._emulator("register")
        with register.lock:
            return [dict(entry) for file in register.files.values() for entry in file["entries"]]

    def procedures(self) -> list[str]:
        """The procedure codes recorded (results only), in order: what the regulation "фиксирует"."""
        return [e["procedure_code"] for e in self.register_entries() if e["kind"] == "result"]

    def recorded(self, procedure: str) -> dict[str, Any]:
        """The result the register recorded last under this procedure code."""
        found = [e for e in self.register_entries() if e.get("procedure_code") == procedure]
        assert found, f"nothing recorded as {procedure}; recorded: {self.procedures()}"
        return found[-1]["result"]

    def deregistrations(self) -> list[dict[str, Any]]:
        return [e for e in self.register_entries() if e["kind"] == "deregistration"]

    def known_sender(self, person: dict[str, Any]) -> str:
        """A citizen already in the register with this e-mail (S06 a): returns the file id."""
        body, status = self._emulator("register").find_or_create(person)
        assert status in (200, 201), body
        return body["file_id"]

    # -- treasury ----------------------------------------------------------------------------
    def payments(self) -> list[dict[str, Any]]:
        """Cash-expense requests the Treasury executed (one per idempotency key)."""
        treasury = self._emulator("treasury")
        with treasury.lock:
            return [dict(p) for p in treasury.payments]

    def paid_amounts(self) -> list[Decimal]:
        return [Decimal(p["amount"]) for p in self.payments()]

    def treasury_requests(self) -> list[dict[str, Any]]:
        """Everything sent to the Treasury, replays and refusals included."""
        treasury = self._emulator("treasury")
        with treasury.lock:
            return [dict(r) for r in treasury.received if r["path"] == "/api/v1/cash-expense-requests"]

    # -- notifications -----------------------------------------------------------------------
    def letters(self, to: str | None = None) -> list[dict[str, Any]]:
        """E-mails the SMTP sink received (decoded subject and body)."""
        return self.sandbox.smtp.matching(to=to)

    def postal_letters(self) -> list[dict[str, Any]]:
        portal = self._emulator("portal")
        with portal.lock:
            return list(portal.letters.values())

    def sms(self) -> list[dict[str, Any]]:
        gateway = self._emulator("sms")
        with gateway.lock:
            return list(gateway.messages.values())

    def portal_notices(self) -> list[dict[str, Any]]:
        """Notices posted to a personal account on the portal (ЕПГУ/РПГУ)."""
        portal = self._emulator("portal")
        with portal.lock:
            return list(portal.notifications.values())

    def notifications(self) -> dict[str, list[tuple[str, str]]]:
        """Everything anyone received, channel by channel, oldest first: (address, subject) for e-mail,
        post and the portal account, (phone, text) for SMS. A duplicate shows up twice."""
        return {
            "email": [(", ".join(x["recipients"]), x["subject"]) for x in self.letters()],
            "post": [(x["address"], x["subject"]) for x in self.postal_letters()],
            "sms": [(x["phone"], x["text"]) for x in self.sms()],
            "portal": [(x["account"], x["subject"]) for x in self.portal_notices()],
        }

    # -- MFC ---------------------------------------------------------------------------------
    def mfc_package(self, package_id: str) -> dict[str, Any]:
        """A package registered in АИС МФЦ (S07): the CZN confirms its receipt later."""
        mfc = self._emulator("mfc")
        with mfc.lock:
            return dict(mfc.packages.get(package_id) or mfc.new_package({"package_id": package_id}))


class CallbackInbox:
    """WSGI middleware before the live API: each callback waits at the door until admitted."""

    def __init__(self, app) -> None:
        self.app = app
        self._door = threading.Condition()
        self.arrived = 0
        self.admitted = 0
        self.handled = 0

    def __call__(self, environ, start_response):
        with self._door:
            self.arrived += 1
            ticket = self.arrived
            self._door.notify_all()
            self._door.wait_for(lambda: self.admitted >= ticket, timeout=WAIT_SECONDS)
        try:
            return self.app(environ, start_response)
        finally:
            with self._door:
                self.handled += 1
                self._door.notify_all()

    def wait_for_arrivals(self, count: int = 1) -> None:
        """Until `count` callbacks not yet admitted stand at the door (bounded wait)."""
        with self._door:
            wanted = self.admitted + count
            arrived = self._door.wait_for(lambda: self.arrived >= wanted, timeout=WAIT_SECONDS)
            assert arrived, f"expected {count} callback(s) at the door, {self.arrived - self.admitted} came"

    def admit(self, count: int = 1) -> None:
        """Let `count` waiting callbacks in (waiting for them first) and wait until the API handled them."""
        self.wait_for_arrivals(count)
        with self._door:
            wanted = self.admitted + count
            self.admitted = wanted
            self._door.notify_all()
            handled = self._door.wait_for(lambda: self.handled >= wanted, timeout=WAIT_SECONDS)
            assert handled, "the API did not answer the admitted callback"

    def let_everyone_in(self) -> None:
        """At the end of a test: callbacks still at the door are handled now, while the database lives."""
        with self._door:
            self.admitted = max(self.admitted, self.arrived)
            self._door.notify_all()
            self._door.wait_for(lambda: self.handled >= self.admitted, timeout=WAIT_SECONDS)
