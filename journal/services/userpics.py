"""Userpic verbs: upload with keywords, change keywords, delete, choose the default."""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from PIL import Image, UnidentifiedImageError

from journal import events, permissions
from journal.errors import Conflict, InvalidInput, NotFound
from journal.models import Event, User, Userpic, UserpicKeyword

# LiveJournal's limits: a few dozen pictures, 40 KB, at most 100×100 pixels shown.
MAX_USERPICS = 50
MAX_BYTES = 256 * 1024
KEYWORD_MAX = 40
FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif"}


def clean_keywords(raw: str | list[str]) -> list[str]:
    items = raw.split(",") if isinstance(raw, str) else raw
    out: list[str] = []
    for item in items:
        word = " ".join(str(item).split())
        if not word:
            continue
        if len(word) > KEYWORD_MAX:
            raise InvalidInput(f"Keywords are at most {KEYWORD_MAX} characters.", field="keywords")
        if word not in out:
            out.append(word)
    return out


def _set_keywords(user: User, pic: Userpic, keywords: list[str]) -> None:
    taken = (
        UserpicKeyword.objects.filter(user=user, keyword__in=keywords)
        .exclude(userpic=pic)
        .values_list("keyword", flat=True)
    )
    if taken:
        raise Conflict(
            f"The keyword {sorted(taken)[0]!r} already names another picture.",
            code="keyword-taken",
            field="keywords",
        )
    UserpicKeyword.objects.filter(userpic=pic).exclude(keyword__in=keywords).delete()
    have = set(UserpicKeyword.objects.filter(userpic=pic).values_list("keyword", flat=True))
    UserpicKeyword.objects.bulk_create(
        [UserpicKeyword(user=user, userpic=pic, keyword=k) for k in keywords if k not in have]
    )


@transaction.atomic
def add_userpic(
    user: User,
    image: UploadedFile,
    *,
    keywords: str | list[str] = "",
    comment: str = "",
    make_default: bool = False,
) -> Userpic:
    """Store a picture (PNG, JPEG or GIF) with its keywords; the first becomes the default."""
    permissions.ensure_active(user)
    if Userpic.objects.filter(user=user).count() >= MAX_USERPICS:
        raise Conflict(f"You already have {MAX_USERPICS} pictures.", code="too-many")
    if image.size > MAX_BYTES:
        raise InvalidInput("The picture is too large (256 KB at most).", field="image")
    try:
        with Image.open(image) as img:
            fmt = img.format
            width, height = img.size
            img.verify()
    except (UnidentifiedImageError, OSError, SyntaxError):
        raise InvalidInput("That file is not a picture.", field="image") from None
    if fmt not in FORMATS:
        raise InvalidInput("Use a PNG, JPEG or GIF picture.", field="image")
    image.seek(0)
    words = clean_keywords(keywords)
    pic = Userpic.objects.create(
        user=user,
        image=image,
        content_type=FORMATS[fmt],
        width=width,
        height=height,
        comment=(comment or "").strip()[:255],
    )
    _set_keywords(user, pic, words)
    if make_default or user.default_userpic_id is None:
        User.objects.filter(pk=user.pk).update(default_userpic=pic)
        user.default_userpic = pic
    events.record(Event.Kind.USER_UPDATED, actor=user, journal=user.journal, change="userpics")
    return pic


@transaction.atomic
def set_userpic_keywords(user: User, pic: Userpic, keywords: str | list[str]) -> Userpic:
    permissions.ensure_active(user)
    if pic.user_id != user.pk:
        raise NotFound("No such picture.")
    _set_keywords(user, pic, clean_keywords(keywords))
    events.record(Event.Kind.USER_UPDATED, actor=user, journal=user.journal, change="userpics")
    return pic


@transaction.atomic
def set_default_userpic(user: User, pic: Userpic | None) -> None:
    permissions.ensure_active(user)
    if pic is not None and pic.user_id != user.pk:
        raise NotFound("No such picture.")
    User.objects.filter(pk=user.pk).update(default_userpic=pic)
    user.default_userpic = pic
    events.record(Event.Kind.USER_UPDATED, actor=user, journal=user.journal, change="userpics")


@transaction.atomic
def delete_userpic(user: User, pic: Userpic) -> None:
    """Delete a picture and its file; the default falls back to none."""
    permissions.ensure_active(user)
    if pic.user_id != user.pk:
        raise NotFound("No such picture.")
    if user.default_userpic_id == pic.pk:
        User.objects.filter(pk=user.pk).update(default_userpic=None)
        user.default_userpic = None
    name = pic.image.name
    storage = pic.image.storage
    pic.delete()
    transaction.on_commit(lambda: storage.delete(name))
    events.record(Event.Kind.USER_UPDATED, actor=user, journal=user.journal, change="userpics")
