"""The thumbnail Celery task: EXIF orientation, the 1600x1600 cap, no upscaling, idempotence."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from journal import media, services
from journal.models import Attachment
from journal.tasks import process_attachment_image
from tests.media_support import image_bytes, upload


@pytest.fixture
def entry(alice):
    return services.post_entry(alice, body="photos", markup="text")


def _attach(entry, name, data, capture):
    with capture(execute=True) as callbacks:
        attachment = media.attach_upload(entry, upload(name, data))
    assert len(callbacks) == 1  # the task was scheduled on commit, not before
    attachment.refresh_from_db()
    return attachment


def _open(field) -> Image.Image:
    field.open("rb")
    try:
        return Image.open(io.BytesIO(field.read()))
    finally:
        field.close()


def test_task_is_scheduled_after_commit_only(entry, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        attachment = media.attach_upload(entry, upload("a.png", image_bytes("PNG")))
    attachment.refresh_from_db()
    assert attachment.processed_at is None and not attachment.thumbnail
    assert len(callbacks) == 1


def test_small_image_gets_a_thumbnail_and_is_not_enlarged(
    entry, django_capture_on_commit_callbacks
):
    original = image_bytes("PNG", size=(40, 30))
    attachment = _attach(entry, "small.png", original, django_capture_on_commit_callbacks)
    assert attachment.processed_at is not None
    assert (attachment.width, attachment.height) == (40, 30)
    assert (attachment.thumbnail_width, attachment.thumbnail_height) == (40, 30)
    assert _open(attachment.thumbnail).size == (40, 30)
    attachment.file.open("rb")
    assert attachment.file.read() == original  # untouched: nothing to turn or shrink


def test_large_image_is_capped_at_1600_and_thumbnailed(entry, django_capture_on_commit_callbacks):
    attachment = _attach(
        entry,
        "wide.jpg",
        image_bytes("JPEG", size=(4000, 1000)),
        django_capture_on_commit_callbacks,
    )
    assert (attachment.width, attachment.height) == (1600, 400)
    assert _open(attachment.file).size == (1600, 400)
    assert attachment.size == attachment.file.size
    assert attachment.thumbnail_height <= 175 and attachment.thumbnail_width <= 525
    assert _open(attachment.thumbnail).size == (
        attachment.thumbnail_width,
        attachment.thumbnail_height,
    )


def test_tall_image_is_capped_on_its_height(entry, django_capture_on_commit_callbacks):
    attachment = _attach(
        entry, "tall.png", image_bytes("PNG", size=(900, 3200)), django_capture_on_commit_callbacks
    )
    assert attachment.height == 1600
    assert attachment.width == 450
    assert attachment.thumbnail_height == 175


def test_exif_orientation_is_applied(entry, django_capture_on_commit_callbacks):
    # Orientation 6: the camera was turned; the stored pixels must be rotated 90° clockwise.
    data = image_bytes("JPEG", size=(200, 100), orientation=6)
    attachment = _attach(entry, "turned.jpg", data, django_capture_on_commit_callbacks)
    assert (attachment.width, attachment.height) == (100, 200)
    stored = _open(attachment.file)
    assert stored.size == (100, 200)
    assert stored.getexif().get(0x0112, 1) == 1
    # The blue block from the top-left corner ends up top-right after the turn.
    rgb = stored.convert("RGB")
    r, _, b = rgb.getpixel((95, 5))
    assert b > 150 and r < 100
    r, _, b = rgb.getpixel((5, 5))
    assert r > 150 and b < 100
    thumb = _open(attachment.thumbnail)
    assert thumb.size[1] == 175 and thumb.size[0] in (87, 88)  # 100x200 to 175 px high


def test_task_is_idempotent(entry, django_capture_on_commit_callbacks):
    attachment = _attach(
        entry, "wide.jpg", image_bytes("JPEG", size=(2000, 500)), django_capture_on_commit_callbacks
    )
    before = (attachment.file.name, attachment.thumbnail.name, attachment.processed_at)
    assert process_attachment_image.delay(attachment.pk) is not None
    assert media.process_image(attachment.pk) is False
    attachment.refresh_from_db()
    assert (attachment.file.name, attachment.thumbnail.name, attachment.processed_at) == before


def test_task_on_a_deleted_attachment_does_nothing(entry):
    assert media.process_image(999_999) is False


def test_non_image_attachments_are_not_processed(entry, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        attachment = media.attach_upload(entry, upload("notes.txt", b"hello"))
    assert callbacks == []
    assert media.process_image(attachment.pk) is False


def test_image_url_attachments_get_thumbnails(entry, settings, django_capture_on_commit_callbacks):
    from tests.media_support import local_server

    settings.MEDIA_FETCH_ALLOW_PRIVATE = True
    png = image_bytes("PNG", size=(1000, 700))
    with (
        local_server({"/p.png": (200, png, {})}) as base,
        django_capture_on_commit_callbacks(execute=True),
    ):
        attachment = media.attach_image_url(entry, f"{base}/p.png")
    attachment = Attachment.objects.get(pk=attachment.pk)
    assert attachment.thumbnail_height == 175
    assert attachment.thumbnail_width == 250
