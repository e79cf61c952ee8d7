"""Emulated АИС МФЦ: electronic case packages waiting for the CZN, and the CZN's receipt.

Extra admin: POST /_sandbox/packages registers a package at the "MFC" (fields not given get demo
values); with "push_url" the package JSON is also pushed there after callback_delay_seconds, the
way an MFC that pushes instead of waiting to be polled would send it.
"""

from __future__ import annotations

import base64
from typing import Any

from flask import Flask, jsonify, request

from engine import clock
from sandbox.emulator import Emulator, Reply, problem

SCAN = base64.b64encode(b"%PDF-1.4\n% sandbox scan\n").decode()


class MfcEmulator(Emulator):
    name = "mfc"

    def reset_state(self) -> None:
        self.packages: dict[str, dict[str, Any]] = {}

    def add_routes(self, app: Flask) -> None:
        app.add_url_rule("/api/v1/packages", view_func=self._list)
        app.add_url_rule("/api/v1/packages/<package_id>", view_func=self._package)
        app.add_url_rule("/api/v1/packages/<package_id>/receipt", view_func=self._receipt, methods=["POST"])
        app.add_url_rule("/_sandbox/packages", view_func=self._register_package, methods=["POST"])

    def _list(self) -> Any:
        status = request.args.get("status")
        with self.lock:
            found = [dict(p) for p in self.packages.values() if status in (None, p["status"])]
        return {"packages": found}

    def _package(self, package_id: str) -> Any:
        with self.lock:
            found = self.packages.get(package_id)
            return dict(found) if found else problem(404, "package-not-found", "Пакет не найден")

    def _receipt(self, package_id: str) -> Any:
        return self.idempotent(lambda: self._confirm(package_id, request.get_json(silent=True) or {}))

    def _confirm(self, package_id: str, body: dict[str, Any]) -> Reply:
        """The first confirmation closes the MFC case; later ones (any key) get the same answer back."""
        found = self.packages.get(package_id)
        if found is None:
            return problem(404, "package-not-found", "Пакет не найден", package_id=package_id)
        if found["status"] != "received":
            found.update(
                status="received",
                confirmed_at=clock.now().isoformat(),
                czn_registration_number=body.get("registration_number"),
                czn_registered_on=body.get("registered_on"),
            )
        return {"package_id": package_id, "status": "received", "confirmed_at": found["confirmed_at"]}, 200

    def _register_package(self) -> Any:
        body = request.get_json(force=True) or {}
        push_url = body.pop("push_url", None)
        with self.lock:
            package = self.new_package(body)
        if push_url:
            self.send_callback(push_url, lambda: dict(package))
        return jsonify(package), 201

    def new_package(self, given: dict[str, Any]) -> dict[str, Any]:
        package_id = given.get("package_id") or self.next_id("MFC", self.packages)
        package = {
            "package_id": package_id,
            "service_code": "relocation",
            "mfc_office": "МФЦ г. Владивостока, ул. Тигровая, 7",
            "mfc_registration_number": f"{package_id}/Р",
            "registered_at": clock.now().isoformat(),
            "applicant": {"full_name": "Иванова Мария Петровна", "snils": "11223344595"},
            "documents": [
                {
                    "title": "Заявление",
                    "file_name": "zayavlenie.pdf",
                    "media_type": "application/pdf",
                    "content_base64": SCAN,
                },
                {
                    "title": "Расписка в приёме документов",
                    "file_name": "raspiska.pdf",
                    "media_type": "application/pdf",
                    "content_base64": SCAN,
                },
            ],
            **given,
            "status": "waiting",
        }
        self.packages[package_id] = package
        return package
