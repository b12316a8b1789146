"""Registering applications on the website and in the admin."""

from __future__ import annotations

import pytest
from django.test import Client

from api.friendfeed.models import Application


def test_registration_needs_login(db):
    response = Client().get("/account/applications")
    assert response.status_code == 302
    assert response["Location"].startswith("/login")


def test_register_an_application(alice, client_for):
    browser = client_for(alice)
    response = browser.post(
        "/account/applications",
        {
            "name": "My Reader",
            "url": "https://reader.example/",
            "description": "Reads feeds",
            "callback_url": "https://reader.example/cb",
        },
    )
    assert response.status_code == 201
    app = Application.objects.get(owner=alice)
    page = response.content.decode()
    assert app.consumer_key in page and app.consumer_secret in page
    assert app.oauth2_application is not None
    assert app.oauth2_application.redirect_uris == "https://reader.example/cb"
    assert browser.get("/account/applications").content.decode().count("My Reader") == 1


def test_invalid_registration_shows_the_form_again(alice, client_for):
    response = client_for(alice).post("/account/applications", {"name": "", "url": "not a url"})
    assert response.status_code == 200
    assert not Application.objects.exists()


def test_reset_secret_and_delete(alice, client_for):
    browser = client_for(alice)
    browser.post("/account/applications", {"name": "App", "callback_url": "https://a.example/"})
    app = Application.objects.get()
    old = app.consumer_secret
    browser.post(f"/account/applications/{app.pk}", {"action": "reset-secret"})
    app.refresh_from_db()
    assert app.consumer_secret != old
    browser.post(f"/account/applications/{app.pk}", {"action": "delete"})
    assert not Application.objects.exists()


def test_others_cannot_see_my_application(alice, bob, client_for):
    app = Application.objects.create(name="Mine", owner=alice)
    assert client_for(bob).get(f"/account/applications/{app.pk}").status_code == 404


@pytest.mark.parametrize("model", ["application", "accesstoken", "requesttoken"])
def test_admin_lists(admin_client, model):
    Application.objects.create(name="Listed")
    assert admin_client.get(f"/admin/friendfeed/{model}/").status_code == 200


def test_authorised_applications_list_and_revoke(alice, bob, client_for):
    import datetime as dt

    from django.utils import timezone
    from oauth2_provider.models import get_access_token_model, get_application_model

    from api.friendfeed.models import AccessToken

    app = Application.objects.create(name="Feed reader", owner=bob, url="https://reader.example")
    AccessToken.objects.create(application=app, user=alice)
    AccessToken.objects.create(application=app, user=bob)
    client_app = get_application_model().objects.create(
        name="Modern client",
        user=bob,
        client_type="confidential",
        authorization_grant_type="authorization-code",
        redirect_uris="https://modern.example/cb",
    )
    get_access_token_model().objects.create(
        user=alice,
        application=client_app,
        token="t0ken-for-alice",
        expires=timezone.now() + dt.timedelta(hours=1),
        scope="read",
    )
    client = client_for(alice)
    page = client.get("/account/authorized")
    assert page.status_code == 200
    assert b"Feed reader" in page.content and b"Modern client" in page.content
    assert b"t0ken-for-alice" not in page.content  # secrets are never shown
    assert client.post("/account/authorized", {"revoke": f"oauth1:{app.pk}"}).status_code == 302
    assert not AccessToken.objects.filter(user=alice).exists()
    assert AccessToken.objects.filter(user=bob).exists()  # only alice's grant went
    client.post("/account/authorized", {"revoke": f"oauth2:{client_app.pk}"})
    assert not get_access_token_model().objects.filter(user=alice).exists()
    assert b"not authorised any application" in client.get("/account/authorized").content


def test_authorised_applications_page_needs_login(db):
    response = Client().get("/account/authorized")
    assert response.status_code == 302 and "login" in response["Location"]
