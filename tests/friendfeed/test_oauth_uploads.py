"""Uploads through the API with OAuth: multipart bodies are not signed (RFC 5849), so the
oauth_* parameters come in the header or the query, as f2p and the official library sent."""

from __future__ import annotations

import io
import json

import pytest
from django.test import Client
from oauthlib.oauth1 import SIGNATURE_TYPE_AUTH_HEADER, SIGNATURE_TYPE_QUERY
from oauthlib.oauth1 import Client as OAuthClient
from PIL import Image

from api.friendfeed.models import AccessToken
from journal.models import Attachment, Entry
from tests.friendfeed.oauth_support import make_app
from tests.media_support import image_bytes, local_server, upload


@pytest.fixture
def token(alice):
    return AccessToken.objects.create(application=make_app(name="Uploader"), user=alice)


def _signed_multipart(token, path: str, data: dict, *, query: bool = False):
    signer = OAuthClient(
        token.application.consumer_key,
        client_secret=token.application.consumer_secret,
        resource_owner_key=token.key,
        resource_owner_secret=token.secret,
        signature_type=SIGNATURE_TYPE_QUERY if query else SIGNATURE_TYPE_AUTH_HEADER,
    )
    uri, headers, _ = signer.sign(f"http://testserver{path}", http_method="POST")
    extra = {"HTTP_AUTHORIZATION": headers["Authorization"]} if not query else {}
    return Client().post(uri.removeprefix("http://testserver"), data, **extra)


@pytest.mark.parametrize("query", [False, True])
def test_post_entry_with_an_image_file(token, query, django_capture_on_commit_callbacks):
    photo = upload("holiday.jpg", image_bytes("JPEG", size=(2400, 1200)), "image/jpeg")
    with django_capture_on_commit_callbacks(execute=True):
        response = _signed_multipart(
            token, "/v2/entry", {"body": "Look!", "file": photo}, query=query
        )
    assert response.status_code == 200, response.content
    entry = Entry.objects.get()
    assert entry.via_name == "Uploader"
    attachment = entry.attachments.get()
    assert (attachment.width, attachment.height) == (1600, 800)  # made by the Celery task
    again = json.loads(Client().get(f"/v2/entry/e/{entry.uuid.hex}").content)
    thumb = again["thumbnails"][0]
    assert (thumb["width"], thumb["height"]) == (350, 175)


def test_post_entry_with_several_files(token):
    response = _signed_multipart(
        token,
        "/v2/entry",
        {
            "body": "Docs",
            "file[]": [
                upload("a.pdf", b"%PDF-1.4 hello", "application/pdf"),
                upload("b.txt", b"notes", "text/plain"),
            ],
        },
    )
    assert response.status_code == 200, response.content
    files = json.loads(response.content)["files"]
    assert [(f["name"], f["type"]) for f in files] == [
        ("a.pdf", "application/pdf"),
        ("b.txt", "text/plain"),
    ]


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("tool.exe", b"MZ...", "bad-file-type"),
        ("photo.jpg", b"not really a photo", "image-format-not-supported"),
    ],
)
def test_refused_uploads_change_nothing(token, name, data, code):
    response = _signed_multipart(token, "/v2/entry", {"body": "x", "file": upload(name, data)})
    assert response.status_code == 400
    assert json.loads(response.content) == {"errorCode": code}
    assert not Entry.objects.exists()
    assert not Attachment.objects.exists()


def test_oversized_upload_is_refused(token, settings):
    settings.MEDIA_UPLOAD_MAX_BYTES = 2048
    response = _signed_multipart(
        token, "/v2/entry", {"body": "x", "file": upload("big.txt", b"x" * 4096)}
    )
    assert response.status_code == 400
    assert json.loads(response.content) == {"errorCode": "too-large"}
    assert not Entry.objects.exists()


def test_image_url_through_the_api(token, settings, django_capture_on_commit_callbacks):
    settings.MEDIA_FETCH_ALLOW_PRIVATE = True
    png = image_bytes("PNG", size=(300, 300))
    routes = {"/cat.png": (200, png, {"Content-Type": "image/png"})}
    with local_server(routes) as base, django_capture_on_commit_callbacks(execute=True):
        response = _signed_multipart(
            token, "/v2/entry", {"body": "cat", "image_url": f"{base}/cat.png"}
        )
    assert response.status_code == 200, response.content
    attachment = Attachment.objects.get()
    assert attachment.source_url == f"{base}/cat.png"
    assert attachment.thumbnail_height == 175


def test_image_url_to_loopback_is_refused_through_the_api(token, settings):
    settings.MEDIA_FETCH_ALLOW_PRIVATE = False
    with local_server({"/cat.png": (200, image_bytes("PNG"), {})}) as base:
        response = _signed_multipart(
            token, "/v2/entry", {"body": "cat", "image_url": f"{base}/cat.png"}
        )
    assert response.status_code == 400
    assert json.loads(response.content) == {"errorCode": "fetch-failed"}
    assert not Entry.objects.exists()


def test_feedinfo_picture_then_picture_sizes(token):
    photo = upload("me.png", image_bytes("PNG", size=(200, 120), color="green"), "image/png")
    response = _signed_multipart(token, "/v2/feedinfo", {"picture": photo})
    assert response.status_code == 200, response.content
    for size, px in (("small", 25), ("medium", 50), ("large", 75)):
        picture = Client().get(f"/v2/picture/alice?size={size}")
        assert picture.status_code == 200
        assert picture["Content-Type"] == "image/png"
        image = Image.open(io.BytesIO(picture.content))
        assert image.size == (px, px)
        assert image.convert("RGB").getpixel((px - 2, px // 2))[1] > 100  # green
