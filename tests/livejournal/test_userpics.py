"""Userpic URLs from login (spec §7.2) are downloadable with their own Content-Type."""

from __future__ import annotations

from django.core.files.base import ContentFile

from journal.models import Userpic, UserpicKeyword
from tests.conftest import PASSWORD

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)


def test_login_urls_download(lj, client, alice):
    pic = Userpic.objects.create(user=alice, content_type="image/png")
    pic.image.save("a.png", ContentFile(PNG), save=True)
    UserpicKeyword.objects.create(user=alice, userpic=pic, keyword="me")
    pairs = lj.flat(mode="login", user="alice", password=PASSWORD, getpickws=1, getpickwurls=1)
    path = pairs["pickwurl_1"].split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + path)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == PNG


def test_unknown_or_mismatched_userpic_is_404(client, alice, bob):
    pic = Userpic.objects.create(user=alice, content_type="image/png")
    pic.image.save("a.png", ContentFile(PNG), save=True)
    assert client.get(f"/userpic/{pic.pk}/{bob.pk}").status_code == 404
    assert client.get(f"/userpic/{pic.pk + 100}/{alice.pk}").status_code == 404
