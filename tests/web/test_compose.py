"""Posting and editing entries through the form."""

from __future__ import annotations

import pytest

from journal import services
from journal.models import Entry


def post(client, **data):
    base = {"journal": "alice", "security": "public", "subject": "", "body": ""}
    base.update(data)
    return client.post("/post", base)


def test_post_form_renders_with_labels(alice, client_for):
    html = client_for(alice).get("/post").content.decode()
    for label in ("Subject", "Body", "Who can see it", "Mood", "Music", "Tags", "Date and time"):
        assert label in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_post_login_required(db, client):
    assert client.get("/post")["Location"].startswith("/login")


def test_post_public_entry_with_props(alice, client_for):
    response = post(
        client_for(alice),
        subject="Hi",
        body="<b>bold</b> text",
        moodid="15",
        music="Bach",
        tags="one, Two",
        location="Home",
    )
    entry = Entry.objects.get(subject="Hi")
    assert response["Location"] == f"/alice/{entry.ditemid}.html"
    assert entry.props["current_mood"] == "happy"
    assert entry.props["current_moodid"] == "15"
    assert entry.props["current_music"] == "Bach"
    assert sorted(t.name for t in entry.tags.all()) == ["one", "two"]


def test_friends_and_custom_security(network, close_friends, client_for):
    client = client_for(network["alice"])
    post(client, subject="F", body="x", security="friends")
    post(client, subject="C", body="x", security="custom", groups=[str(close_friends.bit)])
    post(client, subject="P", body="x", security="private")
    f, c, p = (Entry.objects.get(subject=s) for s in "FCP")
    assert (f.security, f.allowmask) == ("usemask", 1)
    assert (c.security, c.allowmask) == ("usemask", close_friends.mask)
    assert p.security == "private"


def test_custom_security_without_groups_is_a_form_error(alice, client_for):
    response = post(client_for(alice), body="x", security="custom")
    assert response.status_code == 200
    assert "Choose at least one friend group" in response.content.decode()
    assert not Entry.objects.exists()


def test_empty_body_and_bad_tags_are_form_errors(alice, client_for):
    client = client_for(alice)
    assert "needs some text" in post(client, body="").content.decode()
    response = post(client, body="x", tags="<bad>")
    assert "Invalid or malformed tag list" in response.content.decode()
    assert not Entry.objects.exists()


def test_backdated_entry(alice, client_for):
    post(client_for(alice), body="old", backdated="on", event_time="2001-02-03T04:05")
    entry = Entry.objects.get()
    assert entry.backdated
    assert entry.event_time.year == 2001 and entry.event_time.hour == 4


def test_post_to_community_and_also_to(pond, network, client_for):
    bob = network["bob"]
    client = client_for(bob)
    html = client.get("/post").content.decode()
    assert 'value="pond"' in html
    post(client, journal="pond", body="to the pond")
    assert Entry.objects.get(body="to the pond").journal == pond
    post(client, journal="bob", body="cross", also_to=["pond"])
    entry = Entry.objects.get(body="cross")
    assert entry.journal == bob.journal and list(entry.recipients.all()) == [pond]


def test_cannot_post_to_community_one_is_not_in(pond, network, client_for):
    response = post(client_for(network["charlie"]), journal="pond", body="intruder")
    # pond is not a choice for charlie: the form refuses it before any verb runs.
    assert response.status_code == 200
    assert not Entry.objects.filter(body="intruder").exists()


def test_direct_message_from_compose(network, client_for):
    post(client_for(network["alice"]), body="psst", direct_to="bob")
    entry = Entry.objects.get(body="psst")
    assert entry.is_direct
    response = post(client_for(network["alice"]), body="x", direct_to="ghost")
    assert "No such user: ghost" in response.content.decode()


def test_edit_entry(alice, client_for):
    entry = services.post_entry(alice, subject="Old", body="old body", tags=["t"])
    client = client_for(alice)
    html = client.get(f"/e/{entry.uuid.hex}/edit").content.decode()
    assert "old body" in html and 'value="t"' in html
    response = client.post(
        f"/e/{entry.uuid.hex}/edit",
        {
            "subject": "New",
            "body": "new body",
            "security": "private",
            "tags": "u",
            "event_time": "2020-01-01T10:00",
        },
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.subject, entry.body, entry.security) == ("New", "new body", "private")
    assert [t.name for t in entry.tags.all()] == ["u"]


def test_only_the_author_may_edit(network, client_for):
    entry = services.post_entry(network["alice"], body="mine")
    assert client_for(network["bob"]).get(f"/e/{entry.uuid.hex}/edit").status_code == 404
    client_for(network["bob"]).post(
        f"/e/{entry.uuid.hex}/edit", {"body": "hacked", "security": "public"}
    )
    entry.refresh_from_db()
    assert entry.body == "mine"


def _png_upload(name="photo.png"):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (300, 200), "green").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def test_post_with_files_shows_thumbnails(alice, client_for):
    pytest.importorskip("journal.media")
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(alice)
    notes = SimpleUploadedFile("notes.txt", b"hello", content_type="text/plain")
    response = client.post(
        "/post",
        {
            "journal": "alice",
            "security": "public",
            "body": "with files",
            "files": [_png_upload(), notes],
        },
    )
    assert response.status_code == 302
    entry = Entry.objects.get(body="with files")
    assert sorted(a.kind for a in entry.attachments.all()) == ["file", "image"]
    html = client.get(response["Location"]).content.decode()
    assert "notes.txt" in html and "<img" in html


def test_refused_file_posts_nothing(alice, client_for):
    pytest.importorskip("journal.media")
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("evil.exe", b"MZ", content_type="application/octet-stream")
    response = client_for(alice).post(
        "/post", {"journal": "alice", "security": "public", "body": "x", "files": [bad]}
    )
    assert response.status_code == 200
    assert "not accepted" in response.content.decode()
    assert not Entry.objects.exists()


def test_picture_keyword_is_offered_and_saved(alice, client_for):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from journal.services.userpics import add_userpic

    buffer = io.BytesIO()
    Image.new("RGB", (10, 10), "red").save(buffer, "PNG")
    add_userpic(alice, SimpleUploadedFile("p.png", buffer.getvalue()), keywords="grumpy")
    client = client_for(alice)
    assert 'value="grumpy"' in client.get("/post").content.decode()
    post(client, body="moody", picture_keyword="grumpy")
    assert Entry.objects.get(body="moody").props["picture_keyword"] == "grumpy"
