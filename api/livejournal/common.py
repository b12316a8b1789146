"""Helpers several modes share: the target journal (usejournal), URLs, text encodings."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from api.livejournal.auth import valid_username
from api.livejournal.errors import LJError
from api.livejournal.params import text
from api.livejournal.registry import Call
from journal import permissions
from journal.models import Journal, User, Userpic


def target_journal(call: Call, *, for_posting: bool = False) -> Journal:
    """The journal a call acts on: `usejournal` (or `journal`) if given, else the user's own.

    An invalid or unknown name is 206 (spec §1.7). With `for_posting`, the domain's posting
    check decides access (300/151/...); reading modes filter entries by visibility instead.
    """
    user = call.user
    assert user is not None
    raw = text(call.args, "usejournal") or text(call.args, "journal")
    if not raw.strip():
        return user.journal
    name = valid_username(raw)
    if name is None:
        raise LJError(206)
    if name == user.username:
        return user.journal
    journal = Journal.objects.select_related("user").filter(name=name).first()
    if journal is None:
        raise LJError(206)
    if journal.is_personal and journal.user.is_suspended:
        raise LJError(307)
    if for_posting:
        permissions.ensure_can_post(user, journal)
    return journal


def userpic_url(pic: Userpic | int, user: User | int) -> str:
    """LiveJournal's `<USERPIC_ROOT>/<picid>/<userid>` (immutable content)."""
    pic_id = pic if isinstance(pic, int) else pic.pk
    user_id = user if isinstance(user, int) else user.pk
    return f"{settings.SITE_URL}/userpic/{pic_id}/{user_id}"


def journal_url(journal: Journal, suffix: str = "") -> str:
    return f"{settings.SITE_URL}/{journal.name}{suffix}"


def is_ascii(value: str) -> bool:
    return value.isascii()


def require_unicode_client(call: Call, *values: Any) -> None:
    """ver=0 clients cannot handle non-ASCII text where LiveJournal demands Unicode (207)."""
    if call.ver >= 1:
        return
    if any(isinstance(v, str) and not v.isascii() for v in values):
        raise LJError(207)
