"""Journal-level verbs: title/description/privacy, theme, short codes."""

from __future__ import annotations

import re
import secrets

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from PIL import Image, UnidentifiedImageError

from journal import events, permissions
from journal.errors import Forbidden, InvalidInput
from journal.models import Entry, Event, Journal, User
from journal.services.entries import ensure_visible

TITLE_MAX = 100
DESCRIPTION_MAX = 10_000
# FriendFeed's named themes (the API page's list for POST /theme).
THEMES = (
    "default",
    "fresh",
    "bluewave",
    "knot",
    "steampunk",
    "orion",
    "helvetica",
    "grasslands",
    "bamboo",
    "flowers",
    "butterfly",
    "duckhunt",
    "custom",
)
THEME_COLOR_KEYS = ("background", "text", "link", "frame", "header", "title")
_COLOR = re.compile(r"^#?[0-9a-fA-F]{6}$")
_SHORT_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _ensure_can_edit(actor: User, journal: Journal) -> None:
    permissions.ensure_active(actor)
    if not permissions.is_maintainer(actor, journal):
        raise Forbidden("You do not maintain this journal.", code="not-maintainer")


@transaction.atomic
def update_journal(
    actor: User,
    journal: Journal,
    *,
    title: str | None = None,
    description: str | None = None,
    is_private: bool | None = None,
) -> Journal:
    """Change a journal's title (FriendFeed feed name), description or privacy."""
    _ensure_can_edit(actor, journal)
    fields = []
    if title is not None:
        title = " ".join(title.split())
        if len(title) > TITLE_MAX:
            raise InvalidInput(f"Name is longer than {TITLE_MAX} characters.", field="name")
        journal.title = title
        fields.append("title")
        if journal.user_id is not None:
            # A person's feed name is their display name (LJ fullname, FF name).
            User.objects.filter(pk=journal.user_id).update(name=title[:100])
    if description is not None:
        if len(description) > DESCRIPTION_MAX:
            raise InvalidInput("Description is too long.", field="description")
        journal.description = description.strip()
        fields.append("description")
    if is_private is not None:
        journal.is_private = bool(is_private)
        fields.append("is_private")
    if fields:
        journal.save(update_fields=fields)
        events.record(Event.Kind.JOURNAL_UPDATED, actor=actor, journal=journal, fields=fields)
    return journal


@transaction.atomic
def set_theme(
    actor: User,
    journal: Journal,
    theme: str,
    colors: dict[str, str] | None = None,
    background_file: UploadedFile | None = None,
    tile: bool | None = None,
) -> Journal:
    """A named theme, or "custom" with colours (and an optional background picture).

    `tile` (FriendFeed's tile=1): the background picture repeats; None keeps the current
    choice, like the picture itself. Only a custom theme has a background to tile.
    """
    _ensure_can_edit(actor, journal)
    if theme not in THEMES:
        raise InvalidInput(f"Unknown theme {theme!r}.", code="bad-theme", field="theme")
    cleaned: dict[str, str] = {}
    for key, value in (colors or {}).items():
        if key not in THEME_COLOR_KEYS:
            raise InvalidInput(f"Unknown theme colour {key!r}.", code="bad-theme", field=key)
        if not _COLOR.match(value or ""):
            raise InvalidInput(f"{key} must be a colour like #3366cc.", code="bad-theme", field=key)
        cleaned[key] = "#" + value.lstrip("#").lower()
    if theme != "custom" and cleaned:
        raise InvalidInput("Colours need the custom theme.", code="bad-theme", field="theme")
    if background_file is not None:
        if background_file.size > 5 * 1024 * 1024:
            raise InvalidInput("Background picture is too large.", code="too-large")
        try:
            with Image.open(background_file) as img:
                img.verify()
        except (UnidentifiedImageError, OSError, SyntaxError):
            raise InvalidInput(
                "Background is not an image.", code="image-format-not-supported"
            ) from None
        background_file.seek(0)
        path = default_storage.save(
            f"themes/{journal.name}-{secrets.token_hex(4)}", background_file
        )
        cleaned["background_image"] = default_storage.url(path)
    elif theme == "custom" and journal.theme_colors.get("background_image"):
        cleaned.setdefault("background_image", journal.theme_colors["background_image"])
    if tile is None:
        tile = bool(journal.theme_colors.get("tile"))
    if theme == "custom" and tile:
        cleaned["tile"] = "1"
    journal.theme = theme
    journal.theme_colors = cleaned
    journal.save(update_fields=["theme", "theme_colors"])
    events.record(Event.Kind.JOURNAL_UPDATED, actor=actor, journal=journal, fields=["theme"])
    return journal


def _new_code(length: int = 6) -> str:
    return "".join(secrets.choice(_SHORT_ALPHABET) for _ in range(length))


def shorten_entry(actor: User | None, entry: Entry) -> str:
    """Give a visible entry a short code (idempotent: an entry keeps its first code)."""
    ensure_visible(actor, entry)
    if entry.short_code:
        return entry.short_code
    for _ in range(10):
        code = _new_code()
        try:
            with transaction.atomic():
                updated = Entry.objects.filter(pk=entry.pk, short_code__isnull=True).update(
                    short_code=code
                )
        except IntegrityError:
            continue  # the code was taken; draw another
        if not updated:  # someone else shortened it meanwhile
            entry.refresh_from_db(fields=["short_code"])
            return entry.short_code
        entry.short_code = code
        return code
    raise InvalidInput("Could not allocate a short code.", code="error")
