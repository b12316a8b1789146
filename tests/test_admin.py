"""The Django admin: every registered model lists, searches and adds for a superuser; the
event log is read-only; secrets (remote keys, protocol sessions) never reach a page."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from journal import services
from journal.models import Attachment, Entry, Event, ProtocolSession, RemoteKey, User
from journal.models.entry import Security
from journal.services import moderation
from journal.services.userpics import add_userpic

# Models whose rows the `data` fixture creates with alice in a searchable field.
SEARCH_FINDS_ALICE = {
    "journal.user",
    "journal.journal",
    "journal.entry",
    "journal.comment",
    "journal.like",
    "journal.subscription",
    "journal.friendgroup",
    "journal.membership",
    "journal.ban",
    "journal.tag",
    "journal.userpic",
    "journal.userpickeyword",
    "journal.remotekey",
    "journal.protocolsession",
    "journal.event",
}
SESSION_SECRET = "s3ss10n-s3cr3t-never-shown-0123456789"


def _png() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (20, 20), "red").save(out, "PNG")
    return SimpleUploadedFile("pic.png", out.getvalue(), content_type="image/png")


@pytest.fixture
def data(network, pond, alice, bob, erin):
    """At least one row of every journal model, most of them about alice."""
    entry = services.post_entry(
        alice, subject="Hello admin", body="first <b>post</b>", tags=["life", "admin"]
    )
    services.post_entry(alice, subject="Secret", body="only me", security=Security.PRIVATE)
    services.post_entry(bob, journal=pond, subject="In the pond", body="splash")
    services.add_comment(alice, entry, "a comment by alice")
    services.like_entry(alice, services.post_entry(bob, subject="bob's", body="likeable"))
    services.hide_entry(alice, entry)
    services.ban_user(alice, alice.journal, erin)
    add_userpic(alice, _png(), keywords="alice-face")
    Attachment.objects.create(
        entry=entry,
        kind=Attachment.Kind.AUDIO,
        source_url="http://x.example/a.mp3",
        name="alice-song.mp3",
    )
    ProtocolSession.objects.create(
        user=alice, secret=SESSION_SECRET, expires_at=timezone.now() + dt.timedelta(days=1)
    )
    _friendfeed_rows(alice)
    # A moderated community's queue (journal.QueuedEntry).
    moderation.set_moderated_posting(alice, pond, True)
    moderation.submit_entry(bob, journal=pond, subject="For alice", body="waiting")
    return entry


def _friendfeed_rows(owner: User) -> None:
    """Rows for the FriendFeed OAuth admin, when that app is installed."""
    from django.contrib.auth.models import Group
    from oauth2_provider.models import get_application_model

    from api.friendfeed.models import AccessToken, Application, RequestToken

    app = Application.objects.create(name="alice's app", owner=owner)
    AccessToken.objects.create(application=app, user=owner)
    RequestToken.objects.create(application=app, user=owner)
    Group.objects.create(name="operators")
    get_application_model().objects.create(
        name="o2",
        user=owner,
        client_type="confidential",
        authorization_grant_type="authorization-code",
        redirect_uris="https://example.org/cb",
    )


def _registered():
    return sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


def _ids(items):
    return [model._meta.label for model, _ in items]


REGISTERED = _registered()


def _url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def _superuser_request(user: User):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


@pytest.mark.parametrize(("model", "model_admin"), REGISTERED, ids=_ids(REGISTERED))
def test_changelist_answers_with_data_and_search(model, model_admin, root, data, client_for):
    client = client_for(root)
    response = client.get(_url(model, "changelist"))
    assert response.status_code == 200
    label = model._meta.label_lower
    if label.startswith(("journal.", "friendfeed.")) and label != "friendfeed.requesttoken":
        assert response.context["cl"].result_count > 0, f"no rows listed for {label}"
    if model_admin.search_fields:
        term = "happy" if label == "journal.mood" else "alice"
        response = client.get(_url(model, "changelist"), {"q": term})
        assert response.status_code == 200
        if label in SEARCH_FINDS_ALICE or label == "journal.mood":
            assert response.context["cl"].result_count > 0, f"search found nothing in {label}"


@pytest.mark.parametrize(("model", "model_admin"), REGISTERED, ids=_ids(REGISTERED))
def test_add_page_answers_where_adding_is_allowed(model, model_admin, root, client_for):
    response = client_for(root).get(_url(model, "add"))
    if model_admin.has_add_permission(_superuser_request(root)):
        assert response.status_code == 200
        assert b'name="_save"' in response.content
    else:
        assert response.status_code == 403


# django-oauth-toolkit's token and grant rows only come out of its flows; its own admin.
WITH_ROWS = [
    item
    for item in REGISTERED
    if item[0]._meta.label
    not in {
        "oauth2_provider.AccessToken",
        "oauth2_provider.Grant",
        "oauth2_provider.IDToken",
        "oauth2_provider.RefreshToken",
    }
]


@pytest.mark.parametrize(("model", "model_admin"), WITH_ROWS, ids=_ids(WITH_ROWS))
def test_change_page_of_a_row_answers(model, model_admin, root, data, client_for):
    row = model._default_manager.order_by("pk").first()
    assert row is not None, f"no {model._meta.label} rows in the fixture"
    response = client_for(root).get(_url(model, "change", row.pk))
    assert response.status_code == 200


def test_the_search_finds_an_entry_by_its_subject(root, data, client_for):
    response = client_for(root).get(_url(Entry, "changelist"), {"q": "Hello admin"})
    assert [e.subject for e in response.context["cl"].result_list] == ["Hello admin"]


def test_event_admin_is_read_only(root, data, client_for):
    client = client_for(root)
    event = Event.objects.order_by("pk").first()
    assert event is not None
    assert client.get(_url(Event, "add")).status_code == 403
    page = client.get(_url(Event, "change", event.pk))
    assert page.status_code == 200
    assert b'name="_save"' not in page.content  # shown, not editable
    before = Event.objects.count()
    post = client.post(_url(Event, "change", event.pk), {"kind": "entry.deleted"})
    assert post.status_code == 403
    assert client.post(_url(Event, "delete", event.pk), {"post": "yes"}).status_code == 403
    bulk = client.post(
        _url(Event, "changelist"),
        {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"},
    )
    assert Event.objects.count() == before
    assert Event.objects.filter(pk=event.pk, kind=event.kind).exists()
    assert bulk.status_code in (200, 302, 403)


def test_remote_key_secrets_never_appear_on_admin_pages(root, data, alice, client_for):
    client = client_for(root)
    secrets = list(RemoteKey.objects.values_list("key", flat=True))
    assert secrets
    key = alice.remote_keys.first()
    pages = [
        _url(RemoteKey, "changelist"),
        _url(RemoteKey, "changelist") + "?q=alice",
        _url(RemoteKey, "change", key.pk),
        _url(RemoteKey, "add"),
        _url(User, "changelist"),
        _url(User, "change", alice.pk),
        _url(ProtocolSession, "changelist"),
        _url(ProtocolSession, "change", alice.protocol_sessions.first().pk),
        _url(Event, "changelist"),
        reverse("admin:index"),
    ]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        body = response.content.decode()
        for secret in secrets:
            assert secret not in body, f"a remote key is shown on {page}"
        assert SESSION_SECRET not in body, f"a session secret is shown on {page}"


def test_searching_by_a_remote_key_does_not_find_its_owner(root, data, alice, client_for):
    key = alice.remote_keys.first().key
    response = client_for(root).get(_url(RemoteKey, "changelist"), {"q": key})
    assert response.context["cl"].result_count == 0


def test_non_staff_users_are_sent_to_the_login_page(data, alice, client_for):
    response = client_for(alice).get(_url(User, "changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def _add_user(client, username: str):
    password = "xyzzy plugh 123"
    return client.post(
        _url(User, "add"),
        {
            "username": username,
            "password1": password,
            "password2": password,
            "usable_password": "true",
        },
    )


def test_adding_a_user_goes_through_the_register_verb(root, client_for):
    response = _add_user(client_for(root), "Newbie")
    assert response.status_code == 302
    user = User.objects.get(username="newbie")
    assert user.check_password("xyzzy plugh 123")
    assert user.journal.name == "newbie"
    assert user.remote_keys.count() == 1
    assert Event.objects.filter(kind=Event.Kind.USER_REGISTERED, actor=user).exists()


@pytest.mark.parametrize("name", ["pond", "alice", "bad name!", "x" * 30])
def test_adding_a_user_with_a_taken_or_bad_name_is_a_form_error(name, root, pond, client_for):
    before = User.objects.count()
    response = _add_user(client_for(root), name)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["username"]
    assert User.objects.count() == before
