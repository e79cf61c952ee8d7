"""Browser fixtures shared by the browser tests of tests/web and tests/scenarios: the app on a
free port of 127.0.0.1 in a thread, sharing the test database and the ManualClock, driven by
Playwright in Debian's headless Chromium (never a downloaded build). A conftest imports them.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from serving import serving
from werkzeug.serving import WSGIRequestHandler

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--lang=ru-RU",
]
# why: on Linux Chromium takes its interface language (and so the ДД.ММ.ГГГГ of date inputs, as
# in an office in Russia) from the environment, given Debian's chromium-l10n
CHROMIUM_ENV = {"LANGUAGE": "ru", "LANG": "ru_RU.UTF-8"}


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, *args, **kwargs) -> None:  # why: a page load is a dozen lines of noise
        pass


@pytest.fixture
def live_server(app, clock) -> Iterator[str]:
    with serving(app, request_handler=_QuietHandler) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `bash scripts/test-services.sh start` (installs Debian chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, env={**os.environ, **CHROMIUM_ENV}
        )
        yield chromium
        chromium.close()


@pytest.fixture
def open_browser(browser, live_server):
    """`open_browser()`: a fresh browser window (own cookies) on the live app, Russian locale."""
    contexts = []

    def new_page():
        context = browser.new_context(
            base_url=live_server, locale="ru-RU", viewport={"width": 1400, "height": 900}, device_scale_factor=1
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield new_page
    for context in contexts:
        context.close()
