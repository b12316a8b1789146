"""Profile pictures: a journal's picture in FriendFeed's 25/50/75 px sizes.

set_profile_picture stores the original and three squares (and, for a person, a 100 px
default userpic so LiveJournal clients see the same face); profile_picture answers PNG
bytes, falling back to the default userpic and then to a generated picture.
"""

from __future__ import annotations

import hashlib
import io
from typing import Any

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image, ImageDraw, ImageOps

from journal import events
from journal.errors import InvalidInput
from journal.media import PICTURE_SIZES, extension_of, read_upload, sniff_image, stored_name
from journal.models import Event, Journal, Userpic

USERPIC_SIZE = 100  # LiveJournal userpics are at most 100x100


def _square(image: Image.Image, size: int) -> Image.Image:
    return ImageOps.fit(image, (size, size), Image.Resampling.LANCZOS)


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def _open_picture(data: bytes) -> Image.Image:
    sniff_image(data)
    with Image.open(io.BytesIO(data)) as opened:
        image = ImageOps.exif_transpose(opened)
        image.load()
    return image.convert("RGBA") if image.mode in ("RGBA", "LA", "P") else image.convert("RGB")


@transaction.atomic
def set_profile_picture(journal: Journal, uploaded_file: Any, *, actor: Any = None) -> Journal:
    """Store a journal's picture and its 25/50/75 px squares (FriendFeed /feedinfo picture).

    For a personal journal the picture also becomes the user's default userpic (a 100 px
    version), so LiveJournal clients see the same face. Doors check who may do this.
    """
    data = read_upload(uploaded_file)
    image = _open_picture(data)
    old = [journal.picture, journal.picture_small, journal.picture_medium, journal.picture_large]
    old_names = [f.name for f in old if f]
    source_ext = extension_of(getattr(uploaded_file, "name", "")) or "img"
    journal.picture.save(stored_name(source_ext), ContentFile(data), save=False)
    for size_name, px in PICTURE_SIZES.items():
        getattr(journal, f"picture_{size_name}").save(
            stored_name("png"), ContentFile(_png(_square(image, px))), save=False
        )
    journal.save(update_fields=["picture", "picture_small", "picture_medium", "picture_large"])
    if journal.is_personal and journal.user_id is not None:
        user = journal.user
        pic_image = image.copy()
        pic_image.thumbnail((USERPIC_SIZE, USERPIC_SIZE), Image.Resampling.LANCZOS)
        userpic = Userpic(
            user=user,
            content_type="image/png",
            width=pic_image.width,
            height=pic_image.height,
            comment="Profile picture",
        )
        userpic.image.save(stored_name("png"), ContentFile(_png(pic_image)), save=False)
        userpic.save()
        user.default_userpic = userpic
        user.save(update_fields=["default_userpic"])
    events.record(Event.Kind.JOURNAL_UPDATED, actor=actor, journal=journal, change="picture")
    storage = journal.picture.storage
    transaction.on_commit(lambda: [storage.delete(name) for name in old_names])
    return journal


def _default_picture(journal: Journal, px: int) -> bytes:
    """A generated stand-in: a colour from the name, a lighter head-and-shoulders shape."""
    digest = hashlib.sha1(journal.name.encode()).digest()
    base = (64 + digest[0] % 128, 64 + digest[1] % 128, 64 + digest[2] % 128)
    light = tuple(min(255, c + 70) for c in base)
    scale = 4  # draw large, shrink: smooth edges at 25 px
    size = px * scale
    image = Image.new("RGB", (size, size), base)
    draw = ImageDraw.Draw(image)
    r = size * 0.2
    cx = size / 2
    draw.ellipse((cx - r, size * 0.18, cx + r, size * 0.18 + 2 * r), fill=light)
    if journal.is_community:
        draw.ellipse((size * 0.05, size * 0.3, size * 0.35, size * 0.6), fill=light)
        draw.ellipse((size * 0.65, size * 0.3, size * 0.95, size * 0.6), fill=light)
    draw.ellipse((size * 0.15, size * 0.62, size * 0.85, size * 1.3), fill=light)
    return _png(image.resize((px, px), Image.Resampling.LANCZOS))


def profile_picture(journal: Journal, size: str = "medium") -> tuple[bytes, str]:
    """(PNG bytes, content type) of a journal's picture: small 25, medium 50, large 75 px.

    Order: the picture set through set_profile_picture, else the user's default userpic
    (e.g. uploaded by a LiveJournal client), else a generated default.
    """
    if size not in PICTURE_SIZES:
        raise InvalidInput(f"Unknown picture size {size!r}.", code="bad-size")
    px = PICTURE_SIZES[size]
    stored = getattr(journal, f"picture_{size}")
    if stored:
        try:
            with stored.open("rb") as fh:
                return fh.read(), "image/png"
        except OSError:
            pass  # the file went missing: fall through to a generated picture
    userpic_id = journal.user.default_userpic_id if journal.user_id else None
    key = f"ff-picture:{journal.pk}:{userpic_id or 0}:{px}"
    cached = cache.get(key)
    if cached is not None:
        return cached, "image/png"
    data = None
    if userpic_id:
        pic = Userpic.objects.filter(pk=userpic_id).first()
        if pic is not None and pic.image:
            try:
                with pic.image.open("rb") as fh:
                    data = _png(_square(_open_picture(fh.read()), px))
            except (OSError, InvalidInput):
                data = None
    if data is None:
        data = _default_picture(journal, px)
    cache.set(key, data, 3600)
    return data, "image/png"
