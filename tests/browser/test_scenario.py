"""A new person in a real browser: sign up, post friends-only, friend someone, comment,
like, and a reader whom the author does not trust never sees the entry."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, username: str) -> None:
    page.goto("/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def test_signup_post_friend_comment_like_and_privacy(new_page, network, artifacts):
    # A new person signs up.
    newbie = new_page()
    newbie.goto("/signup")
    newbie.get_by_label("Username").fill("newbie")
    newbie.get_by_label("Display name").fill("New Person")
    newbie.locator("#id_password1").fill(PASSWORD)
    newbie.get_by_label("Password again").fill(PASSWORD)
    newbie.get_by_role("button", name="Sign up").click()
    expect(newbie.get_by_text("Welcome, newbie!")).to_be_visible()

    # They trust bob: add him as a friend from the friends page.
    newbie.goto("/friends")
    newbie.get_by_label("Username").fill("bob")
    newbie.get_by_role("button", name="Add", exact=True).click()
    expect(newbie.get_by_text("Added bob.")).to_be_visible()

    # They post a friends-only entry with a mood and tags.
    newbie.goto("/post")
    newbie.get_by_label("Subject").fill("Only for friends")
    newbie.get_by_label("Body").fill("A secret <b>plan</b> for the weekend.")
    newbie.get_by_label("Who can see it").select_option("friends")
    newbie.get_by_text("Mood, music, tags, date and more").click()
    newbie.get_by_label("Music").fill("Bach")
    newbie.get_by_label("Tags").fill("plans, weekend")
    newbie.get_by_role("button", name="Post entry").click()
    expect(newbie.get_by_text("Entry posted.")).to_be_visible()
    permalink = newbie.url
    assert re.search(r"/newbie/\d+\.html$", permalink)

    # charlie reads newbie, but newbie does not trust charlie.
    charlie = new_page()
    log_in(charlie, "charlie")
    charlie.goto("/newbie/profile")
    charlie.get_by_role("button", name="Add as friend").click()
    expect(charlie.get_by_text("You now read newbie.")).to_be_visible()

    # bob sees it on his home feed, comments and likes without leaving the page.
    bob = new_page()
    log_in(bob, "bob")
    bob.goto("/newbie/profile")
    bob.get_by_role("button", name="Add as friend").click()
    bob.goto("/")
    article = bob.locator("article", has_text="A secret plan")
    expect(article).to_be_visible()
    home_url = bob.url
    article.get_by_role("link", name="Comment").click()
    article.get_by_label("Your comment").fill("Count me in!")
    article.get_by_role("button", name="Post comment").click()
    expect(article.get_by_text("Count me in!")).to_be_visible()
    article.get_by_role("button", name="Like").click()
    expect(article.get_by_text("liked this")).to_be_visible()
    expect(article.get_by_role("button", name="Unlike")).to_be_visible()
    assert bob.url == home_url

    # The author sees the comment and the like on the entry page.
    newbie.goto(permalink)
    expect(newbie.get_by_text("Count me in!")).to_be_visible()
    expect(newbie.locator("#likes")).to_contain_text("Bob Builder")

    # charlie (a reader, not trusted) sees nothing of it anywhere.
    charlie.goto("/")
    expect(charlie.get_by_text("A secret plan")).to_have_count(0)
    charlie.goto("/newbie")
    expect(charlie.get_by_text("A secret plan")).to_have_count(0)
    response = charlie.goto(permalink)
    assert response.status == 404
    # And nor does an anonymous visitor.
    stranger = new_page()
    assert stranger.goto(permalink).status == 404

    # Screenshots for a human look: home, journal, entry, and the journal at phone width.
    newbie.goto("/")
    newbie.screenshot(path=str(artifacts / "home.png"), full_page=True)
    bob.goto("/")
    bob.screenshot(path=str(artifacts / "home-bob.png"), full_page=True)
    newbie.goto("/newbie")
    newbie.screenshot(path=str(artifacts / "journal.png"), full_page=True)
    newbie.goto(permalink)
    newbie.screenshot(path=str(artifacts / "entry.png"), full_page=True)
    for name, path in (
        ("compose", "/post"),
        ("friends", "/friends"),
        ("groups", "/friends/groups"),
        ("profile", "/newbie/profile"),
        ("calendar", "/newbie/calendar"),
        ("keys", "/settings/keys"),
        ("theme", "/settings/theme"),
    ):
        newbie.goto(path)
        newbie.screenshot(path=str(artifacts / f"{name}.png"), full_page=True)
    phone = new_page(width=390, height=844)
    log_in(phone, "bob")
    phone.goto("/")
    phone.screenshot(path=str(artifacts / "home-phone.png"), full_page=True)
    phone.goto("/newbie")
    phone.screenshot(path=str(artifacts / "journal-phone.png"), full_page=True)


def test_keyboard_only_like(new_page, network):
    """The like button is reachable and usable with the keyboard alone."""
    from journal import services

    services.post_entry(network["alice"], body="keyboard test entry")
    bob = new_page()
    log_in(bob, "bob")
    bob.goto("/")
    button = bob.locator("article", has_text="keyboard test entry").get_by_role(
        "button", name="Like"
    )
    button.focus()
    bob.keyboard.press("Enter")
    article = bob.locator("article", has_text="keyboard test entry")
    expect(article.get_by_role("button", name="Unlike")).to_be_visible()
    # Hide takes it off the page without a reload.
    article.get_by_role("button", name="Hide").click()
    expect(bob.locator("article", has_text="keyboard test entry")).to_have_count(0)
    assert bob.url.endswith("/")
