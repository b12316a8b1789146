"""Sign up, log in (suspended accounts refused), log out, password change and reset."""

from __future__ import annotations

import re

from django.core import mail
from django.test import Client

from journal.models import Event, User
from tests.conftest import PASSWORD


def test_signup_creates_user_and_journal_and_logs_in(db):
    client = Client()
    response = client.post(
        "/signup",
        {
            "username": "Newbie",
            "name": "New Bee",
            "email": "n@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="newbie")
    assert user.journal.name == "newbie"
    assert client.get("/").context["user"] == user


def test_signup_shows_clear_errors(db, alice):
    response = Client().post("/signup", {"username": "alice2", "password1": "a", "password2": "b"})
    assert response.status_code == 200
    assert "The two passwords differ." in response.content.decode()
    response = Client().post(
        "/signup", {"username": "alice", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 200
    assert "already taken" in response.content.decode()


def test_signup_refuses_reserved_names(db):
    response = Client().post(
        "/signup", {"username": "settings", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert "reserved" in response.content.decode()
    assert not User.objects.filter(username="settings").exists()


def test_login_and_logout(alice):
    client = Client()
    response = client.post("/login", {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/").context["user"] == alice
    assert client.get("/logout").status_code == 405  # logout is a POST
    client.post("/logout")
    assert not client.get("/").context["user"].is_authenticated


def test_login_wrong_password_is_a_form_error(alice):
    response = Client().post("/login", {"username": "alice", "password": "nope"})
    assert response.status_code == 200
    assert "correct username and password" in response.content.decode()


def test_login_refuses_suspended_user(alice):
    User.objects.filter(pk=alice.pk).update(is_suspended=True)
    client = Client()
    response = client.post("/login", {"username": "alice", "password": PASSWORD})
    assert response.status_code == 200
    assert "suspended" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_suspension_ends_an_open_browser_session(alice, client_for):
    browser = client_for(alice)
    assert browser.get("/settings").status_code == 200
    assert 'href="/login' not in browser.get("/").content.decode()
    User.objects.filter(pk=alice.pk).update(is_suspended=True)
    page = browser.get("/settings")
    assert page.status_code == 302  # back to the login page: the session no longer counts
    assert page["Location"].startswith("/login")
    assert 'href="/login' in browser.get("/").content.decode()


def test_login_form_has_csrf_and_labels(db):
    client = Client(enforce_csrf_checks=True)
    html = client.get("/login").content.decode()
    assert 'name="csrfmiddlewaretoken"' in html
    assert '<label for="id_username"' in html
    assert client.post("/login", {"username": "x", "password": "y"}).status_code == 403


def test_password_change_goes_through_the_verb(alice, client_for):
    client = client_for(alice)
    response = client.post(
        "/password/change",
        {
            "old_password": PASSWORD,
            "new_password1": "a new long password 42",
            "new_password2": "a new long password 42",
        },
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password("a new long password 42")
    assert Event.objects.filter(kind="user.updated", data__change="password").exists()
    # Still logged in after the change.
    assert client.get("/settings").status_code == 200


def test_password_reset_by_email(alice):
    User.objects.filter(pk=alice.pk).update(email="alice@example.com")
    client = Client()
    response = client.post("/password/reset", {"email": "alice@example.com"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"/password/reset/\S+/\S+", mail.outbox[0].body).group(0)
    response = client.get(link, follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url, {"new_password1": "fresh password 99", "new_password2": "fresh password 99"}
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password("fresh password 99")
