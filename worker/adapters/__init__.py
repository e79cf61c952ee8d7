"""Adapters to the outside systems, one module per system; PROTOCOLS.md documents each protocol.

Each module has a `typing.Protocol` (what the system does for us: `Treasury`, `Register`, …) and
one HTTP implementation built from Settings (`TreasuryAdapter.from_settings(settings)`). Tests and
demos point the same implementation at the emulators in `sandbox/`; there is no in-process fake.
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.settings import Settings
from worker.adapters.mfc import MfcAdapter
from worker.adapters.notifications import NotificationAdapter
from worker.adapters.register import RegisterAdapter
from worker.adapters.smev import SmevAdapter
from worker.adapters.treasury import TreasuryAdapter


@dataclass(frozen=True)
class Adapters:
    """Every adapter built from one Settings, for the worker factory."""

    register: RegisterAdapter
    treasury: TreasuryAdapter
    smev: SmevAdapter
    notifications: NotificationAdapter
    mfc: MfcAdapter

    @classmethod
    def from_settings(cls, settings: Settings) -> Adapters:
        return cls(
            register=RegisterAdapter.from_settings(settings),
            treasury=TreasuryAdapter.from_settings(settings),
            smev=SmevAdapter.from_settings(settings),
            notifications=NotificationAdapter.from_settings(settings),
            mfc=MfcAdapter.from_settings(settings),
        )

    def close(self) -> None:
        for adapter in (self.register, self.treasury, self.smev, self.notifications, self.mfc):
            adapter.close()
