"""Settings: profile, userpics, remote keys, sessions, theme."""

from __future__ import annotations

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from journal.models import ProtocolSession, RemoteKey, Userpic


def texts(response) -> str:
    return response.content.decode()


def png(color="red") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), color).save(buffer, "PNG")
    return SimpleUploadedFile("pic.png", buffer.getvalue(), content_type="image/png")


def test_settings_need_login(db, client):
    for path in (
        "/settings",
        "/settings/userpics",
        "/settings/keys",
        "/settings/sessions",
        "/settings/theme",
    ):
        assert client.get(path)["Location"].startswith("/login")


def test_profile_settings(alice, client_for):
    client = client_for(alice)
    assert "Alice Liddell" in texts(client.get("/settings"))
    response = client.post(
        "/settings",
        {
            "name": "Alice L.",
            "email": "a@example.com",
            "description": "I like <b>tea</b>",
            "time_zone": "Europe/Paris",
            "is_private": "",
        },
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert (alice.name, alice.time_zone) == ("Alice L.", "Europe/Paris")
    assert "<b>tea</b>" in texts(client.get("/alice/profile"))
    response = client.post("/settings", {"name": "A", "time_zone": "Mars/Base"})
    assert "Unknown time zone" in texts(response)


def test_userpics(alice, client_for):
    client = client_for(alice)
    response = client.post("/settings/userpics", {"image": png(), "keywords": "happy, sad"})
    assert response.status_code == 302
    pic = Userpic.objects.get(user=alice)
    assert sorted(k.keyword for k in pic.keywords.all()) == ["happy", "sad"]
    alice.refresh_from_db()
    assert alice.default_userpic == pic  # the first picture becomes the default
    second = client.post("/settings/userpics", {"image": png("blue"), "keywords": "sad"})
    assert "already names another picture" in texts(second)
    bad = client.post(
        "/settings/userpics",
        {"image": SimpleUploadedFile("x.png", b"not an image", content_type="image/png")},
    )
    assert bad.status_code == 200 and "errorlist" in texts(bad)
    client.post(f"/settings/userpics/{pic.pk}", {"action": "keywords", "keywords": "calm"})
    assert [k.keyword for k in pic.keywords.all()] == ["calm"]
    client.post(f"/settings/userpics/{pic.pk}", {"action": "delete"})
    assert not Userpic.objects.filter(user=alice).exists()


def test_userpic_shows_in_feeds(network, client_for):
    from journal import services

    alice = network["alice"]
    client_for(alice).post("/settings/userpics", {"image": png()})
    services.post_entry(alice, body="with a face")
    html = texts(client_for(network["bob"]).get("/"))
    assert "/media/userpics/" in html


def test_remote_keys(alice, client_for):
    client = client_for(alice)
    key = RemoteKey.objects.get(user=alice)
    assert key.key in texts(client.get("/settings/keys"))
    client.post("/settings/keys", {"name": "phone"})
    assert RemoteKey.objects.filter(user=alice, name="phone").exists()
    dup = client.post("/settings/keys", {"name": "phone"})
    assert "already have a key named" in texts(dup)
    old = key.key
    client.post(f"/settings/keys/{key.pk}", {"action": "reset"})
    key.refresh_from_db()
    assert key.key != old
    phone = RemoteKey.objects.get(user=alice, name="phone")
    client.post(f"/settings/keys/{phone.pk}", {"action": "revoke"})
    assert not RemoteKey.objects.filter(pk=phone.pk).exists()


def test_other_peoples_keys_are_404(network, client_for):
    bob_key = RemoteKey.objects.get(user=network["bob"])
    response = client_for(network["alice"]).post(
        f"/settings/keys/{bob_key.pk}", {"action": "revoke"}
    )
    assert response.status_code == 404
    assert RemoteKey.objects.filter(pk=bob_key.pk).exists()


def test_sessions_list_and_expire(network, client_for):
    alice = network["alice"]
    later = timezone.now() + dt.timedelta(days=1)
    one = ProtocolSession.objects.create(user=alice, secret="s1", expires_at=later)
    two = ProtocolSession.objects.create(
        user=alice, secret="s2", expires_at=later, bound_ip="10.0.0.1"
    )
    bobs = ProtocolSession.objects.create(user=network["bob"], secret="s3", expires_at=later)
    client = client_for(alice)
    assert "10.0.0.1" in texts(client.get("/settings/sessions"))
    client.post("/settings/sessions", {"session": one.pk})
    one.refresh_from_db()
    assert one.expired and not ProtocolSession.objects.get(pk=two.pk).expired
    client.post("/settings/sessions", {"session": bobs.pk})
    assert not ProtocolSession.objects.get(pk=bobs.pk).expired
    client.post("/settings/sessions", {"all": "1"})
    assert ProtocolSession.objects.get(pk=two.pk).expired


def test_theme(alice, client_for):
    client = client_for(alice)
    client.post("/settings/theme", {"theme": "grasslands"})
    alice.journal.refresh_from_db()
    assert alice.journal.theme == "grasslands"
    assert "theme-grasslands" in texts(client.get("/alice"))
    client.post(
        "/settings/theme",
        {"theme": "custom", "color_background": "#abcdef", "color_text": "#101010"},
    )
    alice.journal.refresh_from_db()
    assert alice.journal.theme_colors == {"background": "#abcdef", "text": "#101010"}
    bad = client.post("/settings/theme", {"theme": "custom", "color_link": "blue"})
    assert "must be a colour" in texts(bad)


def test_settings_link_to_developer_pages_when_routed(alice, client_for):
    from django.urls import NoReverseMatch, reverse

    html = texts(client_for(alice).get("/settings"))
    try:
        url = reverse("ff-developer-apps")
    except NoReverseMatch:
        assert "Developer applications" not in html
    else:
        assert f'href="{url}"' in html


def test_picture_keyword_picks_the_avatar_in_feeds(network, client_for):
    from journal import services
    from journal.services.userpics import add_userpic

    alice = network["alice"]
    add_userpic(alice, png("red"), keywords="default")
    second = add_userpic(alice, png("blue"), keywords="grumpy")
    services.post_entry(alice, body="grumpy post", props={"picture_keyword": "grumpy"})
    html = texts(client_for(network["bob"]).get("/"))
    assert second.image.url in html
