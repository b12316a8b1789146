"""journal.media: uploads, image_url / audio_url attachments, profile pictures."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from journal import media, services
from journal.errors import Forbidden, InvalidInput
from journal.models import Attachment
from tests.media_support import image_bytes, local_server, upload

SAMPLES = {
    "pdf": b"%PDF-1.4\n%...\n",
    "docx": b"PK\x03\x04" + b"\x00" * 40,
    "doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 40,
    "ogg": b"OggS" + b"\x00" * 40,
    "txt": "plain text, ünïcode".encode(),
    "py": b"#!/usr/bin/env python\nprint('hi')\n",
    "mp3": b"ID3\x03\x00" + b"\x00" * 60,
}


@pytest.fixture
def entry(alice):
    return services.post_entry(alice, body="with attachments", markup="text")


@pytest.mark.parametrize("ext", sorted(media.ALLOWED_EXTENSIONS - media.IMAGE_EXTENSIONS))
def test_every_listed_file_extension_is_accepted(entry, ext):
    data = SAMPLES.get(ext) or media.MAGIC.get(ext, (b"",))[0] + b"some content here"
    attachment = media.attach_upload(entry, upload(f"notes.{ext}", data))
    assert attachment.kind == Attachment.Kind.FILE
    assert attachment.name == f"notes.{ext}"
    assert attachment.size == len(data)
    assert attachment.file.read() == data


@pytest.mark.parametrize(
    ("ext", "fmt", "content_type"),
    [
        ("jpg", "JPEG", "image/jpeg"),
        ("jpeg", "JPEG", "image/jpeg"),
        ("png", "PNG", "image/png"),
        ("gif", "GIF", "image/gif"),
        ("bmp", "BMP", "image/bmp"),
        ("tif", "TIFF", "image/tiff"),
        ("tiff", "TIFF", "image/tiff"),
    ],
)
def test_every_listed_image_extension_is_accepted(entry, ext, fmt, content_type):
    attachment = media.attach_upload(entry, upload(f"photo.{ext}", image_bytes(fmt)))
    assert attachment.kind == Attachment.Kind.IMAGE
    assert attachment.content_type == content_type
    assert (attachment.width, attachment.height) == (40, 30)


def test_the_page_lists_exactly_these_extensions():
    assert len(media.ALLOWED_EXTENSIONS) == 7 + 14 + 12 + 12 + 14
    assert {"exe", "zip", "svg", "webp", "php", "sh"}.isdisjoint(media.ALLOWED_EXTENSIONS)


@pytest.mark.parametrize("name", ["virus.exe", "archive.zip", "page.php", "noext", "x.svg"])
def test_refused_extensions(entry, name):
    with pytest.raises(InvalidInput) as caught:
        media.attach_upload(entry, upload(name, b"whatever"))
    assert caught.value.code == "bad-file-type"
    assert not Attachment.objects.exists()


def test_extension_case_does_not_matter(entry):
    assert media.attach_upload(entry, upload("SCAN.PDF", SAMPLES["pdf"])).name == "SCAN.PDF"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("photo.jpg", b"this is not an image at all"),
        ("photo.png", b"GIF89a-but-truncated"),
        ("report.pdf", b"MZ\x90\x00 a windows program"),
        ("sheet.xlsx", b"plain text pretending"),
        ("notes.txt", b"\x00\x01\x02 binary \x00"),
        ("song.mp3", b"\x7fELF an executable"),
    ],
)
def test_lying_content_is_refused(entry, name, data):
    with pytest.raises(InvalidInput) as caught:
        media.attach_upload(entry, upload(name, data))
    assert caught.value.code in {"bad-file-type", "image-format-not-supported"}
    assert not Attachment.objects.exists()


def test_a_png_named_jpg_is_still_an_image(entry):
    attachment = media.attach_upload(entry, upload("photo.jpg", image_bytes("PNG")))
    assert attachment.content_type == "image/png"


def test_oversized_file_is_refused(entry, settings):
    settings.MEDIA_UPLOAD_MAX_BYTES = 1024
    with pytest.raises(InvalidInput) as caught:
        media.attach_upload(entry, upload("big.txt", b"x" * 1025))
    assert caught.value.code == "too-large"
    assert not Attachment.objects.exists()


def test_empty_file_is_refused(entry):
    with pytest.raises(InvalidInput):
        media.attach_upload(entry, upload("empty.txt", b""))


def test_path_in_the_file_name_is_dropped(entry):
    attachment = media.attach_upload(entry, upload("../../etc/notes.txt", b"hello"))
    assert attachment.name == "notes.txt"
    assert ".." not in attachment.file.name


def test_positions_follow_the_upload_order(entry):
    first = media.attach_upload(entry, upload("a.txt", b"a"))
    second = media.attach_upload(entry, upload("b.txt", b"b"))
    assert (first.position, second.position) == (0, 1)


def test_website_argument_order_checks_the_author(entry, alice, bob):
    attachment = media.attach_upload(alice, entry, upload("a.txt", b"a"))
    assert attachment.entry == entry
    with pytest.raises(Forbidden):
        media.attach_upload(bob, entry, upload("b.txt", b"b"))


# -- image_url / audio_url ----------------------------------------------------------------


def test_image_url_is_fetched_from_a_local_server(entry, settings):
    settings.MEDIA_FETCH_ALLOW_PRIVATE = True
    png = image_bytes("PNG", size=(64, 48))
    with local_server({"/pics/cat.png": (200, png, {"Content-Type": "image/png"})}) as base:
        attachment = media.attach_image_url(entry, f"{base}/pics/cat.png")
    assert attachment.kind == Attachment.Kind.IMAGE
    assert attachment.source_url.endswith("/pics/cat.png")
    assert attachment.name == "cat.png"
    assert (attachment.width, attachment.height) == (64, 48)
    assert attachment.file.read() == png


def test_image_url_follows_a_redirect(entry, settings):
    settings.MEDIA_FETCH_ALLOW_PRIVATE = True
    png = image_bytes("PNG")
    routes = {
        "/old": (302, b"", {"Location": "/new.png"}),
        "/new.png": (200, png, {"Content-Type": "image/png"}),
    }
    with local_server(routes) as base:
        assert media.attach_image_url(entry, f"{base}/old").size == len(png)


def test_image_url_to_a_private_address_is_refused_by_default(entry, settings):
    settings.MEDIA_FETCH_ALLOW_PRIVATE = False
    png = image_bytes("PNG")
    with local_server({"/cat.png": (200, png, {})}) as base, pytest.raises(InvalidInput) as caught:
        media.attach_image_url(entry, f"{base}/cat.png")
    assert caught.value.code == "fetch-failed"
    assert not Attachment.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "http://localhost/x.png",
        "http://10.0.0.1/x.png",
        "http://169.254.169.254/latest",
        "http://[::1]/x",
    ],
)
def test_internal_addresses_are_refused(entry, settings, url):
    settings.MEDIA_FETCH_ALLOW_PRIVATE = False
    with pytest.raises(InvalidInput) as caught:
        media.attach_image_url(entry, url)
    assert caught.value.code == "fetch-failed"


@pytest.mark.parametrize("url", ["ftp://example.com/x.png", "javascript:alert(1)", "not a url"])
def test_bad_image_urls(entry, url):
    with pytest.raises(InvalidInput) as caught:
        media.attach_image_url(entry, url)
    assert caught.value.code == "bad-url-format"


def test_image_url_that_is_not_an_image(entry, settings):
    settings.MEDIA_FETCH_ALLOW_PRIVATE = True
    with (
        local_server({"/page": (200, b"<html>hi</html>", {"Content-Type": "text/html"})}) as base,
        pytest.raises(InvalidInput) as caught,
    ):
        media.attach_image_url(entry, f"{base}/page")
    assert caught.value.code == "image-format-not-supported"


def test_image_url_too_large(entry, settings):
    settings.MEDIA_FETCH_ALLOW_PRIVATE = True
    settings.MEDIA_FETCH_MAX_BYTES = 2048
    with (
        local_server({"/big.png": (200, b"x" * 5000, {})}) as base,
        pytest.raises(InvalidInput) as caught,
    ):
        media.attach_image_url(entry, f"{base}/big.png")
    assert caught.value.code == "too-large"


def test_image_url_http_error(entry, settings):
    settings.MEDIA_FETCH_ALLOW_PRIVATE = True
    with local_server({}) as base, pytest.raises(InvalidInput) as caught:
        media.attach_image_url(entry, f"{base}/gone.png")
    assert caught.value.code == "fetch-failed"


def test_audio_url_is_linked(entry):
    attachment = media.attach_audio_url(entry, "http://music.example/songs/My%20Song.mp3")
    assert attachment.kind == Attachment.Kind.AUDIO
    assert attachment.name == "My Song.mp3"
    assert attachment.content_type == "audio/mpeg"
    assert not attachment.file


def test_audio_url_must_be_http(entry):
    with pytest.raises(InvalidInput):
        media.attach_audio_url(entry, "file:///etc/passwd")


# -- profile pictures ---------------------------------------------------------------------


def _size_of(data: bytes) -> tuple[int, int]:
    return Image.open(io.BytesIO(data)).size


@pytest.mark.parametrize(("size", "px"), [("small", 25), ("medium", 50), ("large", 75)])
def test_default_picture_is_generated_in_each_size(alice, size, px):
    data, content_type = media.profile_picture(alice.journal, size)
    assert content_type == "image/png"
    assert _size_of(data) == (px, px)


def test_default_pictures_differ_per_journal(alice, bob):
    assert media.profile_picture(alice.journal)[0] != media.profile_picture(bob.journal)[0]


def test_set_profile_picture_makes_three_squares_and_a_userpic(alice):
    media.set_profile_picture(alice.journal, upload("me.jpg", image_bytes("JPEG", (300, 200))))
    alice.refresh_from_db()
    for size, px in media.PICTURE_SIZES.items():
        data, _ = media.profile_picture(alice.journal, size)
        assert _size_of(data) == (px, px)
    assert alice.default_userpic is not None
    assert max(alice.default_userpic.width, alice.default_userpic.height) == 100


def test_community_picture(pond):
    media.set_profile_picture(pond, upload("pond.png", image_bytes("PNG", (80, 80), "green")))
    pond.refresh_from_db()
    data, _ = media.profile_picture(pond, "large")
    assert Image.open(io.BytesIO(data)).convert("RGB").getpixel((40, 40)) == (0, 128, 0)


def test_userpic_from_another_door_is_used(alice, bob):
    # bob sets a picture on his journal; it is his default userpic too. Clearing the
    # journal's own squares leaves the userpic as the source (what an LJ upload gives).
    media.set_profile_picture(bob.journal, upload("b.png", image_bytes("PNG", (90, 90), "blue")))
    journal = bob.journal
    journal.picture_small = ""
    journal.save()
    data, _ = media.profile_picture(journal, "small")
    assert Image.open(io.BytesIO(data)).convert("RGB").getpixel((12, 12)) == (0, 0, 255)


def test_profile_picture_must_be_an_image(alice):
    with pytest.raises(InvalidInput) as caught:
        media.set_profile_picture(alice.journal, upload("me.jpg", b"not an image"))
    assert caught.value.code == "image-format-not-supported"
    alice.journal.refresh_from_db()
    assert not alice.journal.picture


def test_unknown_picture_size(alice):
    with pytest.raises(InvalidInput):
        media.profile_picture(alice.journal, "huge")
