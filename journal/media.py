"""Attachments: uploads, image and audio URLs, their thumbnails; and profile pictures.

Every door (FriendFeed file[]/image_url[]/audio_url[], /feedinfo picture, the website's
compose form) calls these. Validation happens before anything is stored; images are then
resized and thumbnailed by a Celery task after commit (journal/tasks.py). Errors are
InvalidInput with a stable code: bad-file-type, too-large, image-format-not-supported,
bad-url-format, fetch-failed.
"""

from __future__ import annotations

import io
import posixpath
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from PIL import Image, ImageOps, UnidentifiedImageError

from journal.errors import Forbidden, InvalidInput
from journal.fetch import FetchError, fetch_url
from journal.models import Attachment, Entry

# "Valid file extensions" of the FriendFeed API page, copied line by line.
PAGE_EXTENSIONS = {
    "Images": "jpg, gif, png, jpeg, bmp, tif, tiff",
    "Audio": "mp3, m3u, m4a, ogg, aac, ra, wav, wma, ac3, aif, aiff, mid, midi, swa",
    "MS Office": "doc, dot, docx, dotx, ppt, pptx, potx, ppsx, xls, xlsx, xltx, pps",
    "Common standard formats": "pdf, txt, csv, psd, ai, rtf, swf, ps, eps, vcf, kml, 3gp",
    "Programming": "py, c, cc, cxx, cpp, java, rb, cs, vb, as, pl, html, css, js",
}
_GROUPS = {k: frozenset(x.strip() for x in v.split(",")) for k, v in PAGE_EXTENSIONS.items()}
IMAGE_EXTENSIONS = _GROUPS["Images"]
AUDIO_EXTENSIONS = _GROUPS["Audio"]
OFFICE_EXTENSIONS = _GROUPS["MS Office"]
STANDARD_EXTENSIONS = _GROUPS["Common standard formats"]
PROGRAMMING_EXTENSIONS = _GROUPS["Programming"]
ALLOWED_EXTENSIONS = (
    IMAGE_EXTENSIONS
    | AUDIO_EXTENSIONS
    | OFFICE_EXTENSIONS
    | STANDARD_EXTENSIONS
    | PROGRAMMING_EXTENSIONS
)

# What Pillow may find inside a file named like an image (any listed image extension:
# a PNG called .jpg is still an image; a text file called .jpg is refused).
IMAGE_FORMATS = {
    "JPEG": "image/jpeg",
    "PNG": "image/png",
    "GIF": "image/gif",
    "BMP": "image/bmp",
    "TIFF": "image/tiff",
}
CONTENT_TYPES = {
    "mp3": "audio/mpeg",
    "m3u": "audio/x-mpegurl",
    "m4a": "audio/mp4",
    "ogg": "audio/ogg",
    "aac": "audio/aac",
    "ra": "audio/x-realaudio",
    "wav": "audio/wav",
    "wma": "audio/x-ms-wma",
    "ac3": "audio/ac3",
    "aif": "audio/aiff",
    "aiff": "audio/aiff",
    "mid": "audio/midi",
    "midi": "audio/midi",
    "swa": "application/x-director",
    "doc": "application/msword",
    "dot": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "dotx": "application/vnd.openxmlformats-officedocument.wordprocessingml.template",
    "ppt": "application/vnd.ms-powerpoint",
    "pps": "application/vnd.ms-powerpoint",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "potx": "application/vnd.openxmlformats-officedocument.presentationml.template",
    "ppsx": "application/vnd.openxmlformats-officedocument.presentationml.slideshow",
    "xls": "application/vnd.ms-excel",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "xltx": "application/vnd.openxmlformats-officedocument.spreadsheetml.template",
    "pdf": "application/pdf",
    "txt": "text/plain",
    "csv": "text/csv",
    "psd": "image/vnd.adobe.photoshop",
    "ai": "application/postscript",
    "rtf": "application/rtf",
    "swf": "application/x-shockwave-flash",
    "ps": "application/postscript",
    "eps": "application/postscript",
    "vcf": "text/vcard",
    "kml": "application/vnd.google-earth.kml+xml",
    "3gp": "video/3gpp",
    "html": "text/plain",  # served as text: an uploaded page must never run on our origin
    "css": "text/plain",
    "js": "text/plain",
}
# Content checks for non-image types whose format has a reliable signature.
_ZIP = (b"PK\x03\x04",)
_OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)
MAGIC: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF-",),
    "docx": _ZIP,
    "dotx": _ZIP,
    "pptx": _ZIP,
    "potx": _ZIP,
    "ppsx": _ZIP,
    "xlsx": _ZIP,
    "xltx": _ZIP,
    "doc": _OLE,
    "dot": _OLE,
    "ppt": _OLE,
    "pps": _OLE,
    "xls": _OLE,
    "ogg": (b"OggS",),
    "rtf": (b"{\\rtf",),
    "psd": (b"8BPS",),
    "swf": (b"FWS", b"CWS", b"ZWS"),
    "mid": (b"MThd",),
    "midi": (b"MThd",),
}
TEXT_EXTENSIONS = PROGRAMMING_EXTENSIONS | {"txt", "csv", "vcf", "kml", "m3u"}
# Executables are refused whatever they are called.
_EXECUTABLE = (b"MZ", b"\x7fELF", b"\xcf\xfa\xed\xfe", b"\xfe\xed\xfa\xcf", b"#!")


def _max_upload() -> int:
    return int(getattr(settings, "MEDIA_UPLOAD_MAX_BYTES", 25 * 1024 * 1024))


def extension_of(name: str) -> str:
    base = posixpath.basename((name or "").replace("\\", "/"))
    _, dot, ext = base.rpartition(".")
    return ext.lower() if dot else ""


def _clean_name(name: str) -> str:
    base = posixpath.basename((name or "").replace("\\", "/")).strip()
    base = "".join(ch for ch in base if ch.isprintable())
    return base[-200:] or "file"


def read_upload(uploaded_file: Any) -> bytes:
    """The whole upload, refusing it as soon as it passes the size limit."""
    limit = _max_upload()
    size = getattr(uploaded_file, "size", None)
    if size is not None and size > limit:
        raise InvalidInput(f"The file is larger than {limit} bytes.", code="too-large")
    if hasattr(uploaded_file, "seek"):
        uploaded_file.seek(0)
    data = uploaded_file.read(limit + 1)
    if len(data) > limit:
        raise InvalidInput(f"The file is larger than {limit} bytes.", code="too-large")
    if not data:
        raise InvalidInput("The file is empty.", code="bad-file-type")
    return data


def sniff_image(data: bytes) -> tuple[str, int, int]:
    """(content type, width, height) of an image we accept, or InvalidInput."""
    try:
        with Image.open(io.BytesIO(data)) as probe:
            fmt = probe.format
            width, height = probe.size
            probe.verify()
    except Image.DecompressionBombError as exc:
        raise InvalidInput("The image is too large.", code="too-large") from exc
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise InvalidInput(
            "The file is not an image in a supported format.", code="image-format-not-supported"
        ) from exc
    if fmt not in IMAGE_FORMATS:
        raise InvalidInput(
            f"Image format {fmt} is not supported.", code="image-format-not-supported"
        )
    return IMAGE_FORMATS[fmt], width, height


def _check_content(ext: str, data: bytes) -> None:
    """Refuse files whose content contradicts their extension (where that can be told)."""
    head = data[:16]
    if head.startswith(_EXECUTABLE) and ext not in {"py", "rb", "pl"}:
        raise InvalidInput("Executable files are not accepted.", code="bad-file-type")
    signatures = MAGIC.get(ext)
    if signatures and not head.startswith(signatures):
        raise InvalidInput(f"The file is not a valid .{ext} file.", code="bad-file-type")
    if ext in TEXT_EXTENSIONS and b"\x00" in data[:8192]:
        raise InvalidInput(f"The file is not a text .{ext} file.", code="bad-file-type")


def _next_position(entry: Entry) -> int:
    top = entry.attachments.aggregate(top=Max("position"))["top"]
    return 0 if top is None else top + 1


def stored_name(ext: str) -> str:
    return f"{uuid.uuid4().hex}.{ext or 'bin'}"


def _schedule_processing(attachment: Attachment) -> None:
    from journal.tasks import process_attachment_image

    pk = attachment.pk
    transaction.on_commit(lambda: process_attachment_image.delay(pk))


def _check_actor(entry: Entry, actor: Any) -> None:
    if actor is not None and actor.pk != entry.poster_id:
        raise Forbidden("Only the author can attach files to an entry.")


@dataclass(frozen=True)
class CheckedUpload:
    """An upload that passed every check (name, size, content), not yet stored."""

    name: str
    ext: str
    data: bytes
    kind: str
    content_type: str
    width: int | None = None
    height: int | None = None


def check_upload(uploaded_file: Any) -> CheckedUpload:
    """Every check attach_upload makes on the file itself, without writing anything.

    Doors run it over all of a request's files first, so a refused file stops the request
    before any file is stored or any transaction is opened.
    """
    name = _clean_name(getattr(uploaded_file, "name", "") or "")
    ext = extension_of(name)
    if ext not in ALLOWED_EXTENSIONS:
        raise InvalidInput(
            f"Files of type .{ext or '?'} are not accepted.", code="bad-file-type", field="file"
        )
    data = read_upload(uploaded_file)
    if ext in IMAGE_EXTENSIONS:
        content_type, width, height = sniff_image(data)
        return CheckedUpload(name, ext, data, Attachment.Kind.IMAGE, content_type, width, height)
    _check_content(ext, data)
    content_type = CONTENT_TYPES.get(ext, "application/octet-stream")
    return CheckedUpload(name, ext, data, Attachment.Kind.FILE, content_type)


def attach_upload(entry: Any, uploaded_file: Any, *more: Any, actor: Any = None) -> Attachment:
    """Attach an uploaded file (FriendFeed file[]) to an entry.

    Also accepts the (user, entry, file) order, which the website's compose view uses; the
    user must then be the entry's author.
    """
    if not isinstance(entry, Entry) and isinstance(uploaded_file, Entry) and more:
        actor, entry, uploaded_file = entry, uploaded_file, more[0]
    _check_actor(entry, actor)
    checked = check_upload(uploaded_file)
    attachment = Attachment(
        entry=entry,
        kind=checked.kind,
        name=checked.name,
        content_type=checked.content_type,
        size=len(checked.data),
        width=checked.width,
        height=checked.height,
        position=_next_position(entry),
    )
    attachment.file.save(stored_name(checked.ext), ContentFile(checked.data), save=False)
    _track(attachment.file)
    attachment.save()
    if checked.kind == Attachment.Kind.IMAGE:
        _schedule_processing(attachment)
    return attachment


def _clean_url(url: str) -> str:
    url = (url or "").strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or len(url) > 2000:
        raise InvalidInput(f"Not an http(s) URL: {url[:100]!r}", code="bad-url-format")
    return url


@dataclass(frozen=True)
class FetchedImage:
    """An image_url[] image, fetched and checked, not yet stored."""

    url: str
    data: bytes
    content_type: str
    width: int
    height: int


def fetch_image(url: str) -> FetchedImage:
    """Fetch and check an image URL without writing anything.

    Doors call it before opening their transaction, so no database lock is held while a
    remote server answers (bounded by MEDIA_FETCH_TIMEOUT and MEDIA_FETCH_MAX_BYTES).
    """
    url = _clean_url(url)
    try:
        data, _ = fetch_url(
            url,
            max_bytes=int(getattr(settings, "MEDIA_FETCH_MAX_BYTES", 10 * 1024 * 1024)),
            timeout=float(getattr(settings, "MEDIA_FETCH_TIMEOUT", 10)),
            allow_private=bool(getattr(settings, "MEDIA_FETCH_ALLOW_PRIVATE", False)),
        )
    except FetchError as exc:
        raise InvalidInput(f"Could not fetch {url[:100]}: {exc}", code=exc.code) from exc
    content_type, width, height = sniff_image(data)
    return FetchedImage(url, data, content_type, width, height)


def attach_image_url(entry: Entry, url: str | FetchedImage, *, actor: Any = None) -> Attachment:
    """Attach an image by URL (FriendFeed image_url[]); the thumbnail links to `url`.

    `url` may be a FetchedImage from fetch_image (fetched earlier, outside the transaction).
    """
    _check_actor(entry, actor)
    fetched = url if isinstance(url, FetchedImage) else fetch_image(url)
    url = fetched.url
    ext = fetched.content_type.split("/")[1].replace("jpeg", "jpg")
    name = _clean_name(unquote(urlsplit(url).path)) if urlsplit(url).path.strip("/") else ""
    attachment = Attachment(
        entry=entry,
        kind=Attachment.Kind.IMAGE,
        source_url=url,
        name=name if extension_of(name) in IMAGE_EXTENSIONS else f"image.{ext}",
        content_type=fetched.content_type,
        size=len(fetched.data),
        width=fetched.width,
        height=fetched.height,
        position=_next_position(entry),
    )
    attachment.file.save(stored_name(ext), ContentFile(fetched.data), save=False)
    _track(attachment.file)
    attachment.save()
    _schedule_processing(attachment)
    return attachment


def attach_audio_url(entry: Entry, url: str, *, actor: Any = None) -> Attachment:
    """Attach an MP3 by URL (FriendFeed audio_url[]); it is linked, not downloaded."""
    _check_actor(entry, actor)
    url = _clean_url(url)
    name = _clean_name(unquote(urlsplit(url).path))
    return Attachment.objects.create(
        entry=entry,
        kind=Attachment.Kind.AUDIO,
        source_url=url,
        name=name,
        content_type="audio/mpeg",
        position=_next_position(entry),
    )


# -- image processing (run by the Celery task) --------------------------------------------

MAX_DIMENSION = 1600
THUMBNAIL_HEIGHT = 175  # FriendFeed's uploaded-image thumbnails were 175 px high
THUMBNAIL_MAX_WIDTH = 525


def _encode(image: Image.Image, fmt: str) -> tuple[bytes, str, str]:
    """Encode for storage: JPEG for photos, PNG when there is transparency."""
    out = io.BytesIO()
    if fmt == "JPEG" or (fmt not in ("PNG", "GIF") and image.mode not in ("RGBA", "LA", "P")):
        image.convert("RGB").save(out, "JPEG", quality=88, optimize=True)
        return out.getvalue(), "image/jpeg", "jpg"
    if fmt == "GIF":
        image.save(out, "GIF")
        return out.getvalue(), "image/gif", "gif"
    image.save(out, "PNG", optimize=True)
    return out.getvalue(), "image/png", "png"


def process_image(attachment_id: int) -> bool:
    """Apply EXIF orientation, shrink to fit 1600x1600 (never enlarge) and make the
    thumbnail. Idempotent: an attachment already processed (or gone) is left alone."""
    attachment = Attachment.objects.filter(pk=attachment_id, processed_at__isnull=True).first()
    if attachment is None or attachment.kind != Attachment.Kind.IMAGE or not attachment.file:
        return False
    from django.utils import timezone

    with attachment.file.open("rb") as fh:
        original = fh.read()
    with Image.open(io.BytesIO(original)) as opened:
        fmt = opened.format or "PNG"
        animated = getattr(opened, "is_animated", False)
        # EXIF tag 0x0112 (Orientation): anything but 1 means the pixels must be turned.
        rotated = opened.getexif().get(0x0112, 1) not in (1, None)
        oriented = ImageOps.exif_transpose(opened)
        oriented.load()
    new_full: tuple[bytes, str, str] | None = None
    too_big = max(oriented.size) > MAX_DIMENSION
    if not animated and (too_big or rotated):
        full = oriented.copy()
        full.thumbnail((MAX_DIMENSION, MAX_DIMENSION), Image.Resampling.LANCZOS)
        new_full = _encode(full, fmt)
        oriented = full
    width, height = oriented.size
    thumb = oriented.copy()
    thumb.thumbnail((THUMBNAIL_MAX_WIDTH, THUMBNAIL_HEIGHT), Image.Resampling.LANCZOS)
    thumb_bytes, _, thumb_ext = _encode(thumb, "PNG" if thumb.mode in ("RGBA", "LA") else "JPEG")

    storage = attachment.file.storage
    old_name = attachment.file.name
    updates: dict[str, Any] = {
        "width": width,
        "height": height,
        "thumbnail_width": thumb.width,
        "thumbnail_height": thumb.height,
        "processed_at": timezone.now(),
    }
    field = Attachment._meta.get_field("thumbnail")
    thumb_name = storage.save(
        field.generate_filename(attachment, f"{uuid.uuid4().hex}.{thumb_ext}"),
        ContentFile(thumb_bytes),
    )
    updates["thumbnail"] = thumb_name
    full_name = None
    if new_full is not None:
        data, content_type, ext = new_full
        full_field = Attachment._meta.get_field("file")
        full_name = storage.save(
            full_field.generate_filename(attachment, stored_name(ext)), ContentFile(data)
        )
        updates.update(file=full_name, size=len(data), content_type=content_type)
    # Only the first run wins; a concurrent or repeated run removes what it wrote.
    won = Attachment.objects.filter(pk=attachment.pk, processed_at__isnull=True).update(**updates)
    if not won:
        storage.delete(thumb_name)
        if full_name:
            storage.delete(full_name)
        return False
    if full_name:
        storage.delete(old_name)
    return True


# -- profile pictures (journal/pictures.py; kept here too so doors import one module) ------

PICTURE_SIZES = {"small": 25, "medium": 50, "large": 75}


def set_profile_picture(journal: Any, uploaded_file: Any, *, actor: Any = None) -> Any:
    """Store a journal's picture and its 25/50/75 px squares (see journal.pictures).

    The files it writes are tracked (discard_files_on_failure) so that a request failing
    after this call leaves no orphan; if the call itself fails, what it wrote goes at once.
    """
    from journal import pictures

    before = {name: getattr(journal, name).name for name in _PICTURE_FIELDS}
    try:
        result = pictures.set_profile_picture(journal, uploaded_file, actor=actor)
    except BaseException:
        for name in _PICTURE_FIELDS:
            field = getattr(journal, name)
            if field.name and field.name != before[name]:
                field.storage.delete(field.name)
            setattr(journal, name, before[name])
        raise
    for name in _PICTURE_FIELDS:
        field = getattr(journal, name)
        if field.name and field.name != before[name]:
            _track(field)
    user = getattr(journal, "user", None) if journal.user_id else None
    userpic = getattr(user, "default_userpic", None) if user is not None else None
    if userpic is not None and userpic.image and journal.picture.name != before["picture"]:
        _track(userpic.image)
    return result


def profile_picture(journal: Any, size: str = "medium") -> tuple[bytes, str]:
    """(PNG bytes, content type) of a journal's picture in a FriendFeed size."""
    from journal import pictures

    return pictures.profile_picture(journal, size)


# -- storage that follows the transaction --------------------------------------------------
#
# Files are written to storage as soon as they are validated, inside the request's
# transaction; storage is not transactional. A door wraps its whole write in
# `with discard_files_on_failure(), transaction.atomic():` and every file written meanwhile
# is deleted again if the block fails (refused second file, failed fetch, any error), so a
# rolled-back request leaves no orphan. Removals go the other way: files of deleted
# attachments are deleted only after commit.

_PICTURE_FIELDS = ("picture", "picture_small", "picture_medium", "picture_large")
_written: ContextVar[list[tuple[Any, str]] | None] = ContextVar("media_written", default=None)


def _track(field_file: Any) -> None:
    written = _written.get()
    if written is not None and field_file and field_file.name:
        written.append((field_file.storage, field_file.name))


@contextmanager
def discard_files_on_failure() -> Iterator[list[tuple[Any, str]]]:
    """Delete every file the media functions write inside the block if the block raises.

    Put it outside the transaction.atomic() of the write, so the rows are rolled back first.
    Nested uses share the outermost list (only the outermost block decides).
    """
    outer = _written.get()
    if outer is not None:
        yield outer
        return
    written: list[tuple[Any, str]] = []
    token = _written.set(written)
    try:
        yield written
    except BaseException:
        for storage, name in written:
            with suppress(OSError):  # best effort; the error that matters is re-raised
                storage.delete(name)
        raise
    finally:
        _written.reset(token)


def _delete_after_commit(pairs: list[tuple[Any, str]]) -> None:
    if pairs:
        transaction.on_commit(lambda: [storage.delete(name) for storage, name in pairs])


# Which attachments each FriendFeed parameter owns: an edit that sends the parameter
# replaces exactly those (the page: "To delete a property (e.g., remove an attached file),
# you should set the value to an empty string or empty list").
ATTACHMENT_GROUPS = ("file", "image_url", "audio_url")


def remove_attachments(entry: Entry, group: str, *, actor: Any = None) -> int:
    """Delete the entry's attachments of one group; their files go after commit."""
    if group not in ATTACHMENT_GROUPS:
        raise ValueError(group)
    _check_actor(entry, actor)
    qs = entry.attachments.all()
    if group == "file":
        qs = qs.filter(source_url="").exclude(kind=Attachment.Kind.AUDIO)
    elif group == "image_url":
        qs = qs.filter(kind=Attachment.Kind.IMAGE).exclude(source_url="")
    else:
        qs = qs.filter(kind=Attachment.Kind.AUDIO)
    doomed = list(qs)
    files = []
    for attachment in doomed:
        for field_file in (attachment.file, attachment.thumbnail):
            if field_file and field_file.name:
                files.append((field_file.storage, field_file.name))
    if doomed:
        Attachment.objects.filter(pk__in=[a.pk for a in doomed]).delete()
    _delete_after_commit(files)
    return len(doomed)
