"""In a real browser: an entry another person posts appears on the open home page, and a
comment on the open entry page, without a reload (static/js/live.js over /v2/updates)."""

from __future__ import annotations

import time

import pytest
from django.conf import settings
from django.test import Client

from feeds.realtime import keys, notify
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


def _until_waiting(key: str, limit: float = 10) -> None:
    """This page's long poll is waiting (after its first, cursor-only call) — not a poll a
    previous test's closing page may still have in flight."""
    deadline = time.monotonic() + limit
    while notify.HUB.count_key(key) < 1:
        assert time.monotonic() < deadline, "the page never started its long poll"
        time.sleep(0.05)


def test_new_entry_appears_on_the_open_home_page(new_page, network, alice, bob):  # noqa: F811
    from playwright.sync_api import expect

    page = new_page()
    _log_in(page, "bob")
    page.goto("/")
    marker = page.evaluate("() => (window.__marker = 'same page')")
    _until_waiting(keys.user_key(bob.pk))
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
    _until_waiting(keys.entry_key(entry.uuid.hex))
    services.add_comment(network["charlie"], entry, "A live comment")
    expect(page.locator("#comments")).to_contain_text("A live comment", timeout=10_000)
    assert page.evaluate("() => window.__marker") == "same page"


def test_a_comment_made_before_the_first_poll_still_appears(
    new_page,  # noqa: F811
    live_server,
    network,
    alice,
    bob,
):
    """Between the page's render and its first poll, the cursor does not yet exist: what
    happened then is in the first answer, and the page must notice it there."""
    from playwright.sync_api import expect

    entry = services.post_entry(alice, body="Quick, before the poll")
    page = new_page()
    # Signed in without passing the home page, whose own poll would read the database while
    # the handler below writes (the in-memory test database locks whole tables).
    client = Client()
    client.force_login(bob)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    first = []

    def comment_then_continue(route):
        if not first:
            first.append(route.request.url)
            services.add_comment(network["charlie"], entry, "Slipped in before the poll")
            services.like_entry(network["charlie"], entry)
        route.continue_()

    page.route(f"**/v2/updates/feed/e/{entry.uuid.hex}*", comment_then_continue)
    page.goto(f"/{entry.journal.name}/{entry.ditemid}.html")
    expect(page.locator("#comments")).to_contain_text("Slipped in before the poll", timeout=10_000)
    expect(page.locator("#likes-h")).to_contain_text("1 like", timeout=10_000)
    assert first and "timeout=0" in first[0]
