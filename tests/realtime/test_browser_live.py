"""In a real browser: an entry another person posts appears on the open home page, and a
comment on the open entry page, without a reload (static/js/live.js over /v2/updates)."""

from __future__ import annotations

import time

import pytest

from feeds.realtime import notify
from journal import services
from tests.browser.conftest import _async_unsafe_allowed, browser, new_page  # noqa: F401
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, username: str) -> None:
    page.goto("/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("button", name="Log out").wait_for()


def _until_waiting(limit: float = 10) -> None:
    """The page's long poll is waiting (after its first, cursor-only call)."""
    deadline = time.monotonic() + limit
    while notify.HUB.count() < 1:
        assert time.monotonic() < deadline, "the page never started its long poll"
        time.sleep(0.05)


def test_new_entry_appears_on_the_open_home_page(new_page, network, alice, bob):  # noqa: F811
    from playwright.sync_api import expect

    page = new_page()
    _log_in(page, "bob")
    page.goto("/")
    marker = page.evaluate("() => (window.__marker = 'same page')")
    _until_waiting()
    services.post_entry(alice, body="Fresh from Alice, live")
    expect(page.locator(".feed")).to_contain_text("Fresh from Alice, live", timeout=10_000)
    assert page.evaluate("() => window.__marker") == marker  # no reload happened


def test_new_comment_appears_on_the_open_entry_page(new_page, network, alice, bob):  # noqa: F811
    from playwright.sync_api import expect

    entry = services.post_entry(alice, body="Talk to me")
    page = new_page()
    _log_in(page, "bob")
    page.goto(f"/{entry.journal.name}/{entry.ditemid}.html")
    page.evaluate("() => (window.__marker = 'same page')")
    _until_waiting()
    services.add_comment(network["charlie"], entry, "A live comment")
    expect(page.locator("#comments")).to_contain_text("A live comment", timeout=10_000)
    assert page.evaluate("() => window.__marker") == "same page"
