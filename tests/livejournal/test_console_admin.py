"""The console page in the Django admin: staff only, CSRF-protected, runs as the staff member."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from journal.models import User
from tests.conftest import make_user

URL = "/admin/livejournal/console/"


@pytest.fixture
def staff(db) -> User:
    user = make_user("staffer", "Staff Member")
    user.is_staff = True
    user.save()
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="journal", codename="change_user")
    )
    return user


def test_page_shows_a_form_to_staff(client_for, staff):
    response = client_for(staff).get(URL)
    assert response.status_code == 200
    assert b'name="commands"' in response.content
    assert b"csrfmiddlewaretoken" in response.content


def test_non_staff_are_sent_to_the_admin_login(client_for, alice):
    response = client_for(alice).get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert Client().get(URL).status_code == 302


def test_running_commands_as_the_staff_member(client_for, staff, bob):
    response = client_for(staff).post(URL, {"commands": "suspend bob spam\n\nhelp suspend"})
    assert response.status_code == 200
    assert b"User &#x27;bob&#x27; suspended." in response.content
    assert b"suspend &lt;username&gt; &lt;reason&gt;" in response.content
    bob.refresh_from_db()
    assert bob.is_suspended


def test_commands_outside_the_staff_members_permissions_are_refused(client_for, staff, bob):
    response = client_for(staff).post(
        URL, {"commands": "change_journal_type bob community staffer"}
    )
    assert b"You are not authorized to run this command." in response.content
    assert b"errornote" in response.content


def test_post_without_csrf_token_is_refused(staff, bob):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)
    response = client.post(URL, {"commands": "suspend bob spam"})
    assert response.status_code == 403
    bob.refresh_from_db()
    assert not bob.is_suspended


def test_post_with_csrf_token_runs(staff, bob):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)
    client.get(URL)
    token = client.cookies["csrftoken"].value
    response = client.post(URL, {"commands": "suspend bob spam", "csrfmiddlewaretoken": token})
    assert response.status_code == 200
    bob.refresh_from_db()
    assert bob.is_suspended


def test_empty_form_is_an_error_not_a_crash(client_for, staff):
    response = client_for(staff).post(URL, {"commands": ""})
    assert response.status_code == 200
    assert b"This field is required." in response.content
