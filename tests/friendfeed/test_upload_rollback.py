"""A refused request leaves no orphan in storage (/entry, /entry edit, /feedinfo picture).

Storage is not transactional: a file written for the first part of a request must go again
when a later part is refused (bad extension, lying content, too large, failed fetch) and
the transaction rolls back.
"""

from __future__ import annotations

import os

import orjson
import pytest
from django.db import transaction

from journal import media
from journal.models import Attachment, Entry, Journal, Userpic
from tests.media_support import image_bytes, upload


def stored_files(settings) -> list[str]:
    root = str(settings.MEDIA_ROOT)
    return sorted(
        os.path.relpath(os.path.join(d, f), root) for d, _, fs in os.walk(root) for f in fs
    )


BAD_SECOND_FILES = [
    (lambda: upload("evil.exe", b"MZ\x90\x00"), "bad-file-type"),
    (lambda: upload("cat.jpg", b"not a jpeg at all"), "image-format-not-supported"),
    (lambda: upload("fake.pdf", b"hello, not a pdf"), "bad-file-type"),
    (lambda: upload("big.txt", b"x" * 5000), "too-large"),
]


@pytest.mark.parametrize(("make_bad", "code"), BAD_SECOND_FILES)
def test_create_refused_on_a_later_file_leaves_no_file(alice, ff, settings, make_bad, code):
    settings.MEDIA_UPLOAD_MAX_BYTES = 4096
    for fmt in ("json", "xml"):
        response = ff(alice).post(
            f"/entry?format={fmt}",
            {
                "body": "two files",
                "file": [upload("ok.png", image_bytes("PNG")), upload("ok.txt", b"fine")],
                "zzz": make_bad(),
            },
        )
        assert response.status_code == 400, response.content
        assert code.encode() in response.content
    assert not Entry.objects.exists() and not Attachment.objects.exists()
    assert stored_files(settings) == []


def test_create_refused_on_image_url_after_files_leaves_no_file(alice, ff, settings):
    settings.MEDIA_FETCH_ALLOW_PRIVATE = False
    response = ff(alice).post(
        "/entry",
        {
            "body": "x",
            "file": upload("ok.png", image_bytes("PNG")),
            "image_url": "http://127.0.0.1:9/a.png",
        },
    )
    assert response.status_code == 400
    assert orjson.loads(response.content)["errorCode"]
    assert not Entry.objects.exists()
    assert stored_files(settings) == []


def test_edit_refused_on_a_later_file_keeps_the_old_files(
    alice, ff, settings, django_capture_on_commit_callbacks
):
    settings.MEDIA_UPLOAD_MAX_BYTES = 4096
    client = ff(alice)
    created = client.json("post", "/entry", {"body": "x", "file": upload("keep.txt", b"keep me")})
    before = stored_files(settings)
    assert len(before) == 1
    for bad, _ in BAD_SECOND_FILES:
        # The replaced file's deletion was to run after commit: a rollback must drop it.
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            response = client.post(
                "/entry",
                {
                    "id": created["id"],
                    "body": "changed",
                    "file": [upload("new.png", image_bytes("PNG")), bad()],
                },
            )
        assert response.status_code == 400, response.content
        assert callbacks == []
    entry = Entry.objects.get()
    assert entry.body == "x" and entry.revision == 0
    assert list(entry.attachments.values_list("name", flat=True)) == ["keep.txt"]
    assert stored_files(settings) == before
    with open(entry.attachments.get().file.path, "rb") as fh:
        assert fh.read() == b"keep me"


def test_feedinfo_refused_picture_changes_nothing(alice, ff, settings):
    for fmt in ("json", "xml"):
        response = ff(alice).post(
            f"/feedinfo?format={fmt}",
            {"name": "New Name", "picture": upload("me.png", b"not an image")},
        )
        assert response.status_code == 400, response.content
        assert b"image-format-not-supported" in response.content
    journal = Journal.objects.get(pk=alice.journal.pk)
    assert journal.title != "New Name" and not journal.picture
    assert stored_files(settings) == []


def test_feedinfo_failing_after_the_picture_leaves_no_file(alice, ff, settings):
    response = ff(alice).post(
        "/feedinfo",
        {"name": "n" * 500, "picture": upload("me.png", image_bytes("PNG"), "image/png")},
    )
    assert response.status_code == 400, response.content
    assert not Journal.objects.get(pk=alice.journal.pk).picture
    assert not Userpic.objects.exists()
    assert stored_files(settings) == []


def test_feedinfo_replacing_a_picture_keeps_the_old_one_on_failure(alice, ff, settings):
    ok = ff(alice).post("/feedinfo", {"picture": upload("a.png", image_bytes("PNG"), "image/png")})
    assert ok.status_code == 200, ok.content
    before = stored_files(settings)
    response = ff(alice).post(
        "/feedinfo",
        {"description": "d" * 100_000, "picture": upload("b.png", image_bytes("PNG"))},
    )
    assert response.status_code == 400, response.content
    assert stored_files(settings) == before
    assert ff().get("/picture/alice").status_code == 200


def test_guard_deletes_what_was_written_when_the_block_fails(alice, settings):
    entry = Entry.objects.create(
        journal=alice.journal,
        poster=alice,
        item_number=1,
        anum=0,
        body="x",
        event_time="2026-01-01T00:00Z",
    )
    with pytest.raises(RuntimeError), media.discard_files_on_failure(), transaction.atomic():
        media.attach_upload(entry, upload("a.txt", b"hello"), actor=alice)
        media.set_profile_picture(alice.journal, upload("p.png", image_bytes("PNG")))
        assert len(stored_files(settings)) == 6  # file, picture, 3 squares, userpic
        raise RuntimeError("later failure")
    assert stored_files(settings) == []


def test_guard_keeps_files_when_the_block_succeeds(alice, settings):
    entry = Entry.objects.create(
        journal=alice.journal,
        poster=alice,
        item_number=1,
        anum=0,
        body="x",
        event_time="2026-01-01T00:00Z",
    )
    with media.discard_files_on_failure(), transaction.atomic():
        media.attach_upload(entry, upload("a.txt", b"hello"), actor=alice)
    assert len(stored_files(settings)) == 1


def test_failure_after_files_were_written_removes_them(alice, ff, settings):
    """Files are checked first, so this refusal (a bad audio URL, checked as it is attached)
    comes after the files were stored: the rollback must take them away again."""
    client = ff(alice)

    def files() -> list:
        return [upload("a.png", image_bytes("PNG")), upload("b.txt", b"hi")]

    for fmt in ("json", "xml"):
        response = client.post(
            f"/entry?format={fmt}", {"body": "x", "file": files(), "audio_url": "ftp://nope/a"}
        )
        assert response.status_code == 400 and b"bad-url-format" in response.content
    assert not Entry.objects.exists()
    assert stored_files(settings) == []
    created = client.json("post", "/entry", {"body": "x", "file": upload("keep.txt", b"keep")})
    before = stored_files(settings)
    response = client.post(
        "/entry", {"id": created["id"], "file": files(), "audio_url": "ftp://nope"}
    )
    assert response.status_code == 400
    assert stored_files(settings) == before
    assert list(Attachment.objects.values_list("name", flat=True)) == ["keep.txt"]
