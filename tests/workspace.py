"""Steps staff take in the browser, shared by the browser tests."""

from __future__ import annotations

from pathlib import Path

from engine.settings import ROOT

SCREENSHOTS = Path(ROOT, "docs", "screenshots")


def sign_in(page, login: str, password: str | None = None) -> None:
    page.goto("/login")
    page.get_by_label("Логин").fill(login)
    page.get_by_label("Пароль").fill(password or login)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_url("**/inbox")


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / name
    page.screenshot(path=str(path), full_page=True)
    return path
