"""Playwright (sync API) driving Debian's Chromium; no browser download.

Playwright runs an event loop in the test thread, so Django's async-safety check would
refuse ORM calls made by the test itself; DJANGO_ALLOW_ASYNC_UNSAFE is set for browser
tests only, and the loop is stopped at the end of each test.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture
def browser() -> Iterator:
    """Per test: Playwright's event loop must not outlive the test (asyncio.run elsewhere)."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def _async_unsafe_allowed(monkeypatch):
    """Only while a browser test runs (never for the rest of the suite)."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def new_page(browser, live_server):
    """Pages in separate browser contexts (separate cookies: one person each)."""
    contexts = []

    def make(width: int = 1100, height: int = 900):
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": width, "height": height}
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
