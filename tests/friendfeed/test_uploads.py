"""POST /entry with files, image_url[] and audio_url[]; /feedinfo picture; /picture bytes.

Thumbnails are made by FF-B's Celery task (eager in tests); this door only hands over every
multipart part that has a filename and maps refusals to errorCodes with nothing written.
"""

from __future__ import annotations

import io

import orjson
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from journal.models import Attachment, Entry


def png(size=(40, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def test_file_parts_under_any_name_are_attached(alice, ff):
    response = ff(alice).post(
        "/entry",
        {
            "body": "with files",
            "file": SimpleUploadedFile("photo.png", png(), content_type="image/png"),
            "anything": SimpleUploadedFile("notes.txt", b"plain text", content_type="text/plain"),
        },
    )
    assert response.status_code == 200, response.content
    data = orjson.loads(response.content)
    entry = Entry.objects.get()
    assert entry.attachments.count() == 2
    assert len(data["thumbnails"]) == 1
    assert data["thumbnails"][0]["url"].startswith("http")
    assert data["files"][0]["name"] == "notes.txt" and data["files"][0]["size"] == 10


def test_refused_extension_writes_nothing(alice, ff):
    response = ff(alice).post(
        "/entry",
        {"body": "bad", "file": SimpleUploadedFile("evil.exe", b"MZ\x90\x00", "application/x")},
    )
    assert response.status_code == 400
    assert orjson.loads(response.content) == {"errorCode": "bad-file-type"}
    assert not Entry.objects.exists() and not Attachment.objects.exists()


def test_lying_image_is_refused(alice, ff):
    response = ff(alice).post(
        "/entry", {"body": "bad", "file": SimpleUploadedFile("cat.jpg", b"not a jpeg at all")}
    )
    assert response.status_code == 400
    assert not Entry.objects.exists()


def test_audio_url_is_linked(alice, ff):
    data = ff(alice).json(
        "post", "/entry", {"body": "listen", "audio_url": "http://music.example/song.mp3"}
    )
    assert data["files"][0]["url"] == "http://music.example/song.mp3"
    assert data["files"][0]["type"] == "audio/mpeg"


def test_private_image_url_is_refused_by_default(alice, ff):
    response = ff(alice).post("/entry", {"body": "x", "image_url": "http://127.0.0.1:9/a.png"})
    assert response.status_code == 400
    assert not Entry.objects.exists()


def test_feedinfo_picture_then_picture_bytes(alice, ff):
    response = ff(alice).post(
        "/feedinfo", {"picture": SimpleUploadedFile("me.png", png((120, 90)), "image/png")}
    )
    assert response.status_code == 200, response.content
    picture = ff().get("/picture/alice", {"size": "small"})
    assert picture.status_code == 200 and picture["Content-Type"] == "image/png"
    assert Image.open(io.BytesIO(picture.content)).size == (25, 25)
