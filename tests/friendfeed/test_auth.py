"""HTTP Basic with username:remotekey, on reads and writes; appid credits the entry's via."""

from __future__ import annotations

import base64

import orjson
from django.test import Client

from api.friendfeed.models import Application
from journal import services
from journal.models import Entry
from tests.conftest import PASSWORD
from tests.friendfeed.conftest import basic_header


def _auth(raw: str) -> dict:
    return {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(raw.encode()).decode()}


def test_validate_with_remote_key(alice):
    response = Client().get("/v2/validate", HTTP_AUTHORIZATION=basic_header(alice))
    assert response.status_code == 200
    assert orjson.loads(response.content)["id"] == "alice"


def test_trailing_newline_in_token_is_tolerated(alice):
    response = Client().get("/v2/validate", HTTP_AUTHORIZATION=basic_header(alice, newline=True))
    assert response.status_code == 200


def test_wrapped_base64_is_tolerated(alice):
    header = basic_header(alice) + "\n"
    assert Client().get("/v2/validate", HTTP_AUTHORIZATION=header).status_code == 200


def test_wrong_key_is_401_with_challenge(alice):
    response = Client().get("/v2/validate", **_auth("alice:not-the-key"))
    assert response.status_code == 401
    assert orjson.loads(response.content) == {"errorCode": "unauthorized"}
    assert response["WWW-Authenticate"].startswith("Basic")


def test_account_password_is_not_a_remote_key(alice):
    assert Client().get("/v2/validate", **_auth(f"alice:{PASSWORD}")).status_code == 401


def test_unknown_user_and_garbage_header_are_401(db):
    assert Client().get("/v2/validate", **_auth("nobody:abc")).status_code == 401
    response = Client().get("/v2/validate", HTTP_AUTHORIZATION="Basic %%%notbase64")
    assert response.status_code == 401


def test_validate_without_credentials_is_401(db):
    response = Client().get("/v2/validate")
    assert response.status_code == 401
    assert orjson.loads(response.content)["errorCode"] == "unauthorized"


def test_bad_credentials_on_a_public_read_are_still_refused(alice):
    assert Client().get("/v2/feed/alice", **_auth("alice:wrong")).status_code == 401


def test_writes_need_authentication_and_write_nothing(alice):
    response = Client().post("/v2/entry", {"body": "anonymous"})
    assert response.status_code == 401
    assert not Entry.objects.exists()


def test_suspended_user_cannot_authenticate(alice, django_user_model):
    admin = django_user_model.objects.create_superuser("root", password="x")
    services.suspend(admin, alice)
    assert Client().get("/v2/validate", HTTP_AUTHORIZATION=basic_header(alice)).status_code == 401


def test_revoked_key_stops_working(alice):
    old = basic_header(alice)
    services.reset_remote_key(alice)
    assert Client().get("/v2/validate", HTTP_AUTHORIZATION=old).status_code == 401
    assert Client().get("/v2/validate", HTTP_AUTHORIZATION=basic_header(alice)).status_code == 200


def test_appid_sets_via_on_entries(alice):
    app = Application.objects.create(name="Flucso", url="http://flucso.example/")
    response = Client().post(
        f"/v2/entry?appid={app.consumer_key}",
        {"body": "via an app"},
        HTTP_AUTHORIZATION=basic_header(alice),
    )
    assert response.status_code == 200, response.content
    data = orjson.loads(response.content)
    assert data["via"] == {"name": "Flucso", "url": "http://flucso.example/"}
    assert Entry.objects.get().via_name == "Flucso"


def test_unknown_appid_gives_no_via(alice):
    response = Client().post(
        "/v2/entry", {"body": "no app", "appid": "nope"}, HTTP_AUTHORIZATION=basic_header(alice)
    )
    assert response.status_code == 200
    assert "via" not in orjson.loads(response.content)
