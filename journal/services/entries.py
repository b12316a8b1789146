"""Entry verbs: post, edit, delete, undelete."""

from __future__ import annotations

import datetime as dt
import secrets
import zoneinfo
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from journal import events, permissions
from journal.errors import Forbidden, InvalidInput, NotFound
from journal.models import Comment, Entry, EntryRecipient, Event, Journal, Tag, User, UserpicKeyword
from journal.models.entry import Security
from journal.props import clean_props, is_set
from journal.rendering import render_entry, search_text
from journal.services.entry_props import SERVER_SET_PROPS, checked_server_props
from journal.visibility import can_see_entry

SUBJECT_MAX_CHARS = 255
TAG_MAX_CHARS = 40
MAX_TAGS = 100
GROUP_BITS = 0x7FFFFFFE  # bits 1-30
_url = URLValidator(schemes=["http", "https"])


@dataclass(frozen=True)
class Via:
    """The application that wrote an entry or comment (FriendFeed `via`)."""

    name: str
    url: str = ""


def wall_clock_now(user: User) -> dt.datetime:
    """The user's local wall-clock time now, labelled UTC (how event times are stored)."""
    try:
        zone = zoneinfo.ZoneInfo(user.time_zone or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = dt.UTC
    local = timezone.now().astimezone(zone).replace(tzinfo=None, second=0, microsecond=0)
    return local.replace(tzinfo=dt.UTC)


def _clean_event_time(value: dt.datetime | None, poster: User) -> dt.datetime:
    if value is None:
        return wall_clock_now(poster)
    if not isinstance(value, dt.datetime):
        raise InvalidInput("The event time is not a date and time.", field="event_time")
    if not 1970 <= value.year <= 2037:
        raise InvalidInput(
            "Invalid year value (must be in the range 1970-2037).",
            code="bad-date",
            field="event_time",
        )
    return value.replace(tzinfo=dt.UTC, second=0, microsecond=0)


def _clean_subject(subject: str) -> str:
    subject = (subject or "").replace("\r", " ").replace("\n", " ").strip()
    if len(subject) > SUBJECT_MAX_CHARS:
        raise InvalidInput("Subject too long.", code="subject-too-long", field="subject")
    return subject


def _clean_body(body: str, *, required: bool) -> str:
    body = (body or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if len(body.encode()) > settings.ENTRY_MAX_BYTES:
        raise InvalidInput("Post too large.", code="too-large", field="body")
    if required and not body:
        raise InvalidInput("The entry needs some text.", code="body-required", field="body")
    return body


def _clean_link(link: str) -> str:
    link = (link or "").strip()
    if not link:
        return ""
    try:
        # URLValidator allows 2048 characters, the column 2000 (PostgreSQL would refuse it).
        if len(link) > Entry._meta.get_field("link").max_length:
            raise ValidationError("too long")
        _url(link)
    except ValidationError:
        raise InvalidInput(
            "The link is not an http(s) URL.", code="bad-url", field="link"
        ) from None
    return link


def clean_tags(raw: Iterable[str] | str) -> list[str]:
    """LiveJournal tag rules: trimmed, lower-cased, no <>, no leading _, ≤ 40 characters."""
    items = raw.split(",") if isinstance(raw, str) else list(raw)
    tags: list[str] = []
    for item in items:
        tag = " ".join(str(item).split()).lower()
        if not tag:
            continue
        if len(tag) > TAG_MAX_CHARS or any(c in tag for c in "<>") or tag.startswith("_"):
            raise InvalidInput(
                f"Invalid or malformed tag list: {tag[:40]!r}", code="bad-tags", field="tags"
            )
        if tag not in tags:
            tags.append(tag)
    if len(tags) > MAX_TAGS:
        raise InvalidInput("Too many tags.", code="bad-tags", field="tags")
    return tags


def _check_security(poster: User, journal: Journal, security: str, allowmask: int) -> int:
    if security not in Security.values:
        raise InvalidInput(f"Unknown security {security!r}.", code="bad-security", field="security")
    if not isinstance(allowmask, int) or not 0 <= allowmask < 2**32:
        raise InvalidInput("allowmask must be a 32-bit number.", code="bad-mask", field="allowmask")
    if security != Security.USEMASK:
        return 0
    if allowmask & 1 and allowmask & GROUP_BITS:
        raise InvalidInput("Invalid friends group security set", code="bad-mask", field="allowmask")
    if journal.kind != Journal.Kind.PERSONAL and allowmask != 1:
        raise Forbidden(
            "Can't use custom security on community journals.", code="community-security"
        )
    return allowmask


def _settle_security(
    actor: User, journal: Journal, security: str, allowmask: int
) -> tuple[str, int]:
    """The security an entry gets in `journal`: the journal's minimum applied, the actor's
    right to it checked, and private posts in a community kept to its maintainers."""
    security, allowmask = _apply_min_security(journal, security, allowmask)
    allowmask = _check_security(actor, journal, security, allowmask)
    if (
        security == Security.PRIVATE
        and journal.kind != Journal.Kind.PERSONAL
        and not permissions.is_maintainer(actor, journal)
    ):
        raise Forbidden(
            "Can't use custom/private security on shared/community journals.",
            code="community-security",
        )
    return security, allowmask


def next_item_number(journal: Journal) -> int:
    """The journal's next LiveJournal item number, under a lock on the journal row.

    Derived from the entries themselves (deleted ones included, so numbers are never reused)
    rather than kept in a counter that a stale `journal.save()` could rewind.
    """
    Journal.objects.select_for_update().filter(pk=journal.pk).values_list("pk").get()
    last = Entry.objects.filter(journal=journal).aggregate(last=Max("item_number"))["last"]
    return (last or 0) + 1


def _apply_min_security(journal: Journal, security: str, allowmask: int) -> tuple[str, int]:
    """Security downgrade protection: the journal's `newpost_minsecurity` raises new posts."""
    minimum = (journal.settings or {}).get("newpost_minsecurity", "public")
    if minimum == "private":
        return Security.PRIVATE, 0
    if minimum == "friends" and security == Security.PUBLIC:
        return Security.USEMASK, 1
    return security, allowmask


def _set_tags(entry: Entry, names: Sequence[str], actor: User) -> None:
    existing = {t.name: t for t in Tag.objects.filter(journal=entry.journal, name__in=names)}
    missing = [Tag(journal=entry.journal, name=n) for n in names if n not in existing]
    if missing:
        # The journal's tag add level (console tag_permissions) decides who may create tags.
        level = entry.journal.tag_add_level or "private"
        if not permissions.tag_level_allows(level, actor, entry.journal):
            raise Forbidden(
                "Must use existing tags for entries in this journal (can't create new ones)",
                code="tags-existing-only",
            )
        Tag.objects.bulk_create(missing, ignore_conflicts=True)
        existing = {t.name: t for t in Tag.objects.filter(journal=entry.journal, name__in=names)}
    entry.tags.set([existing[n] for n in names])


def _derive_from_body(entry: Entry) -> None:
    """The fields kept from the body: its HTML, and its search text (the body without markup)."""
    entry.body_html = render_entry(
        entry.body,
        preformatted=is_set(entry.props.get("opt_preformatted")),
        plain_text=entry.markup == "text",
    )
    entry.search_text = search_text(entry.body, entry.markup)


def _names_a_picture(entry: Entry, keyword: str) -> bool:
    return UserpicKeyword.objects.filter(user_id=entry.poster_id, keyword=keyword).exists()


def _apply_props(entry: Entry, props: dict[str, str]) -> list[str] | None:
    """Merge props (empty/0 deletes); returns the new tag list when taglist was sent."""
    tags = None
    for name, value in props.items():
        if name == "taglist":
            tags = clean_tags(value)
            continue
        if name == "picture_keyword" and is_set(value) and not _names_a_picture(entry, value):
            continue  # as on LiveJournal: a keyword naming none of the poster's pictures is dropped
        if is_set(value):
            entry.props[name] = value
        else:
            entry.props.pop(name, None)
    entry.backdated = is_set(entry.props.get("opt_backdated"))
    entry.comments_disabled = is_set(entry.props.get("opt_nocomments"))
    return tags


@transaction.atomic
def post_entry(
    poster: User,
    *,
    journal: Journal | None = None,
    subject: str = "",
    body: str = "",
    security: str = Security.PUBLIC,
    allowmask: int = 0,
    event_time: dt.datetime | None = None,
    props: dict[str, object] | None = None,
    tags: Iterable[str] | None = None,
    link: str = "",
    to_journals: Sequence[Journal] = (),
    direct_to: Sequence[User] = (),
    geo: tuple[float, float] | None = None,
    via: Via | None = None,
    markup: str = "html",
    server_props: dict[str, str] | None = None,
) -> Entry:
    """Write a new entry into `journal` (default: the poster's own).

    `server_props` are props only the server sets (entry_props.SERVER_SET_PROPS, e.g. which
    LiveJournal door wrote the entry); clients' `props` may not name them.
    """
    permissions.ensure_active(poster)
    journal = journal or poster.journal
    permissions.ensure_can_post(poster, journal)
    for extra in to_journals:
        if extra.pk != journal.pk:
            permissions.ensure_can_post(poster, extra)
    for person in direct_to:
        if person.is_suspended or not hasattr(person, "journal"):
            raise InvalidInput(f"Cannot send a message to {person.username}.", code="bad-recipient")
        if permissions.is_banned(poster, person.journal):
            raise Forbidden(f"{person.username} does not accept messages from you.", code="banned")
    if markup not in ("html", "text"):
        raise InvalidInput("markup must be html or text.")

    cleaned_props = clean_props(props or {})
    security, allowmask = _settle_security(poster, journal, security, allowmask)
    entry = Entry(
        journal=journal,
        poster=poster,
        subject=_clean_subject(subject),
        body=_clean_body(body, required=not link),
        link=_clean_link(link),
        event_time=_clean_event_time(event_time, poster),
        security=security,
        allowmask=allowmask,
        props={},
        markup=markup,
        is_direct=bool(direct_to),
        anum=secrets.randbelow(256),
        via_name=via.name[:100] if via else "",
        via_url=via.url[:500] if via else "",
    )
    tag_names = _apply_props(entry, cleaned_props)
    if server_props:
        entry.props.update(checked_server_props(server_props))
    if tags is not None:
        tag_names = clean_tags(tags)
    if entry.backdated and journal.kind != Journal.Kind.PERSONAL:
        raise InvalidInput(
            "Can't make back-dated entries in non-personal journal.", code="backdated-community"
        )
    if geo is not None:
        lat, long = geo
        if not (-90 <= lat <= 90 and -180 <= long <= 180):
            raise InvalidInput("Coordinates out of range.", code="bad-geo", field="geo")
        entry.geo_lat, entry.geo_long = lat, long
    _derive_from_body(entry)

    # Hand out the next per-journal item number under a row lock.
    entry.item_number = next_item_number(journal)
    entry.save()

    recipients = {j.pk: j for j in to_journals if j.pk != journal.pk}
    recipients.update({p.journal.pk: p.journal for p in direct_to})
    EntryRecipient.objects.bulk_create(
        [EntryRecipient(entry=entry, journal=j) for j in recipients.values()]
    )
    if tag_names:
        _set_tags(entry, tag_names, poster)
    events.record(Event.Kind.ENTRY_CREATED, actor=poster, journal=journal, entry=entry)
    return entry


_UNSET = object()


@transaction.atomic
def edit_entry(
    actor: User,
    entry: Entry,
    *,
    subject: str | object = _UNSET,
    body: str | object = _UNSET,
    security: str | object = _UNSET,
    allowmask: int | object = _UNSET,
    event_time: dt.datetime | object = _UNSET,
    props: dict[str, object] | None = None,
    tags: Iterable[str] | None = None,
    link: str | object = _UNSET,
    geo: tuple[float, float] | object | None = _UNSET,
    journal: Journal | object = _UNSET,
    to_journals: Sequence[Journal] | object = _UNSET,
    direct_to: Sequence[User] | object = _UNSET,
) -> Entry:
    """Change an entry; only what is passed changes. Only the poster may edit.

    `geo=None` clears the position. Passing any of `journal`, `to_journals`, `direct_to`
    re-addresses the entry exactly as post_entry would place it with those arguments
    (`journal` defaults to the current one, the lists to empty): see _readdress.
    """
    permissions.ensure_active(actor)
    if entry.is_deleted:
        raise Forbidden("The entry is deleted.", code="deleted")
    if entry.poster_id != actor.pk:
        raise Forbidden("Only the author can edit this entry.", code="not-author")
    if subject is not _UNSET:
        entry.subject = _clean_subject(subject)
    if link is not _UNSET:
        entry.link = _clean_link(link)
    if body is not _UNSET:
        entry.body = _clean_body(body, required=not entry.link)
    if link is not _UNSET and not entry.link and not entry.body:
        # Clearing the link of a link-only entry would leave it empty (post_entry refuses that).
        raise InvalidInput("The entry needs some text.", code="body-required", field="body")
    if geo is not _UNSET:
        entry.geo_lat, entry.geo_long = _clean_geo(geo)
    readdressed = not (journal is _UNSET and to_journals is _UNSET and direct_to is _UNSET)
    moved_from = None
    if readdressed:
        moved_from = _readdress(
            actor,
            entry,
            entry.journal if journal is _UNSET else journal,
            () if to_journals is _UNSET else to_journals,
            () if direct_to is _UNSET else direct_to,
        )
    if event_time is not _UNSET:
        entry.event_time = _clean_event_time(event_time, actor)
    new_security = entry.security if security is _UNSET else security
    new_mask = entry.allowmask if allowmask is _UNSET else allowmask
    if security is not _UNSET or allowmask is not _UNSET:
        entry.allowmask = _check_security(actor, entry.journal, new_security, new_mask)
        entry.security = new_security
    tag_names = _apply_props(entry, clean_props(props or {}))
    if tags is not None:
        tag_names = clean_tags(tags)
    if entry.backdated and entry.journal.kind != Journal.Kind.PERSONAL:
        raise InvalidInput(
            "Can't make back-dated entries in non-personal journal.", code="backdated-community"
        )
    now = timezone.now()
    entry.revision += 1
    entry.updated_at = now
    _derive_from_body(entry)
    entry.save()
    if readdressed:
        _set_recipients(entry, to_journals, direct_to)
        if moved_from is not None and tag_names is None:
            tag_names = list(Tag.objects.filter(entries=entry).values_list("name", flat=True))
            tag_names = _movable_tags(entry, tag_names, actor)
    if tag_names is not None:
        _set_tags(entry, tag_names, actor)
    data = {"moved_from": moved_from} if moved_from is not None else {}
    events.record(Event.Kind.ENTRY_UPDATED, actor=actor, journal=entry.journal, entry=entry, **data)
    return entry


def check_operator_edit(entry: Entry, changed: Iterable[str] = ()) -> None:
    """The poster's rules for the row an operator edited (the admin's form asks before
    saving, naming the `changed` fields): raises InvalidInput or Forbidden naming the
    field; cleans what it keeps."""
    changed = set(changed)
    entry.subject = _clean_subject(entry.subject)
    entry.link = _clean_link(entry.link)
    entry.body = _clean_body(entry.body, required=not entry.link)
    entry.allowmask = _check_security(entry.poster, entry.journal, entry.security, entry.allowmask)
    if "event_time" in changed:
        entry.event_time = _clean_event_time(entry.event_time, entry.poster)
    entry.props = _operator_props(entry, changed)
    # The flags follow their props, as in every edit (a poster's later edit re-derives them).
    entry.backdated = is_set(entry.props.get("opt_backdated"))
    entry.comments_disabled = is_set(entry.props.get("opt_nocomments"))
    if entry.backdated and entry.journal.kind != Journal.Kind.PERSONAL:
        raise InvalidInput(
            "Can't make back-dated entries in non-personal journal.",
            code="backdated-community",
            field="backdated",
        )
    if entry.geo_lat is not None or entry.geo_long is not None:
        try:
            entry.geo_lat, entry.geo_long = _clean_geo((entry.geo_lat, entry.geo_long))
        except InvalidInput as exc:
            raise InvalidInput(exc.message, code=exc.code, field="geo_lat") from None


# The admin's checkboxes for the LiveJournal props both doors read the flags from.
_FLAG_PROPS = {"backdated": "opt_backdated", "comments_disabled": "opt_nocomments"}


def _operator_props(entry: Entry, changed: set[str]) -> dict[str, str]:
    """The props as an operator left them: an edited JSON checked by the props' own rules
    (server-set props by theirs), then a ticked or cleared flag written into its prop."""
    props = entry.props
    if not isinstance(props, dict):
        raise InvalidInput("Props must be a JSON object.", code="bad-prop", field="props")
    if "props" in changed:
        server = {k: v for k, v in props.items() if k in SERVER_SET_PROPS}
        try:
            cleaned = clean_props({k: v for k, v in props.items() if k not in server})
            checked_server_props(server)
        except InvalidInput as exc:
            raise InvalidInput(exc.message, code=exc.code, field="props") from None
        props = {k: v for k, v in {**cleaned, **server}.items() if is_set(v)}
    else:
        props = dict(props)
    for flag, name in _FLAG_PROPS.items():
        if flag in changed:
            if getattr(entry, flag):
                props[name] = "1"
            else:
                props.pop(name, None)
    return props


def stamp_operator_edit(row: Entry | Comment, changed: set[str], kinds: tuple[str, ...]) -> str:
    """The event kind (of updated, deleted, undeleted) an operator's edit of an entry or
    comment records; stamps the row's update time and, when its is-deleted box changed, its
    deletion time to match."""
    updated, deleted, undeleted = kinds
    now = timezone.now()
    row.updated_at = now
    if "is_deleted" not in changed:
        return updated
    row.deleted_at = now if row.is_deleted else None
    return deleted if row.is_deleted else undeleted


@transaction.atomic
def save_operator_edit(actor: User, entry: Entry, changed: Iterable[str]) -> Entry:
    """Save an operator's edit of the row itself (the Django admin), checked first by
    check_operator_edit. The fields kept from the body follow it, and the edit is recorded
    as the poster's own would be (a new revision; deleted, undeleted or updated in the
    event log), so every feed, cache and waiting poll sees it."""
    changed = set(changed)
    if not changed:
        return entry
    kinds = (Event.Kind.ENTRY_UPDATED, Event.Kind.ENTRY_DELETED, Event.Kind.ENTRY_UNDELETED)
    kind = stamp_operator_edit(entry, changed, kinds)
    entry.revision += 1
    _derive_from_body(entry)
    entry.save()
    events.record(kind, actor=actor, journal=entry.journal, entry=entry, operator=True)
    return entry


@transaction.atomic
def delete_entry(actor: User, entry: Entry) -> Entry:
    """Soft-delete: nobody sees it any more; the poster or a maintainer may undelete."""
    permissions.ensure_active(actor)
    if not permissions.can_moderate_entry(actor, entry):
        raise Forbidden("Can't delete post in this community journal", code="cannot-delete")
    if entry.is_deleted:
        return entry
    entry.is_deleted = True
    entry.deleted_at = timezone.now()
    entry.save(update_fields=["is_deleted", "deleted_at"])
    events.record(Event.Kind.ENTRY_DELETED, actor=actor, journal=entry.journal, entry=entry)
    return entry


@transaction.atomic
def undelete_entry(actor: User, entry: Entry) -> Entry:
    permissions.ensure_active(actor)
    if not permissions.can_moderate_entry(actor, entry):
        raise Forbidden("Only the author can undelete this entry.", code="cannot-delete")
    if not entry.is_deleted:
        return entry
    entry.is_deleted = False
    entry.deleted_at = None
    entry.save(update_fields=["is_deleted", "deleted_at"])
    events.record(Event.Kind.ENTRY_UNDELETED, actor=actor, journal=entry.journal, entry=entry)
    return entry


def ensure_visible(viewer: User | None, entry: Entry) -> None:
    """Acting on an entry one may not see looks exactly like acting on a missing one."""
    if not can_see_entry(viewer, entry):
        raise NotFound("No such entry.", code="entry-not-found")


# -- re-addressing an edited entry (FriendFeed edit with to[]) ------------------------------


def _clean_geo(geo: tuple[float, float] | None) -> tuple[float | None, float | None]:
    if geo is None:
        return None, None
    try:
        lat, long = float(geo[0]), float(geo[1])
    except (TypeError, ValueError, IndexError):
        raise InvalidInput(
            "Coordinates must be two numbers.", code="bad-geo", field="geo"
        ) from None
    if not (-90 <= lat <= 90 and -180 <= long <= 180):
        raise InvalidInput("Coordinates out of range.", code="bad-geo", field="geo")
    return lat, long


def _readdress(
    actor: User,
    entry: Entry,
    journal: Journal,
    to_journals: Sequence[Journal],
    direct_to: Sequence[User],
) -> int | None:
    """Move the entry where post_entry would put it; returns the old journal id if it moved.

    The same checks as post_entry (posting rights in every journal, recipients who accept
    messages), and the same privacy: a direct message is `is_direct` with the people as
    recipients, otherwise the journal's rules decide. The entry's own LJ security is kept
    (re-addressing never widens it) but must be valid in the new journal, and the new
    journal's minimum security applies as it does to new posts.
    """
    permissions.ensure_can_post(actor, journal)
    for extra in to_journals:
        if extra.pk != journal.pk:
            permissions.ensure_can_post(actor, extra)
    for person in direct_to:
        if person.is_suspended or not hasattr(person, "journal"):
            raise InvalidInput(f"Cannot send a message to {person.username}.", code="bad-recipient")
        if permissions.is_banned(actor, person.journal):
            raise Forbidden(f"{person.username} does not accept messages from you.", code="banned")
    from journal.services.moderation import ensure_may_readdress  # it imports this module

    # A new post there would wait in the queue; moving or addressing one there must not skip it.
    ensure_may_readdress(actor, entry, journal, to_journals)
    entry.is_direct = bool(direct_to)
    if journal.pk == entry.journal_id:
        return None
    old_journal_id = entry.journal_id
    security, allowmask = entry.security, entry.allowmask
    if security == Security.USEMASK and journal.kind != Journal.Kind.PERSONAL:
        allowmask = 1  # friend groups mean nothing in a community: its members read it
    security, allowmask = _settle_security(actor, journal, security, allowmask)
    if entry.backdated and journal.kind != Journal.Kind.PERSONAL:
        raise InvalidInput(
            "Can't make back-dated entries in non-personal journal.", code="backdated-community"
        )
    entry.security, entry.allowmask = security, allowmask
    entry.journal = journal
    # Item numbers are per journal: the entry takes the next one of its new journal.
    entry.item_number = next_item_number(journal)
    return old_journal_id


def _set_recipients(
    entry: Entry, to_journals: Sequence[Journal] | object, direct_to: Sequence[User] | object
) -> None:
    """Replace the entry's extra journals / message recipients (post_entry's rule)."""
    groups = () if to_journals is _UNSET else to_journals
    people = () if direct_to is _UNSET else direct_to
    recipients = {j.pk: j for j in groups if j.pk != entry.journal_id}
    recipients.update({p.journal.pk: p.journal for p in people})
    EntryRecipient.objects.filter(entry=entry).delete()
    EntryRecipient.objects.bulk_create(
        [EntryRecipient(entry=entry, journal=j) for j in recipients.values()]
    )


def _movable_tags(entry: Entry, names: list[str], actor: User) -> list[str]:
    """Tags belong to a journal: keep those the new journal has or lets the actor create."""
    level = entry.journal.tag_add_level or "private"
    if permissions.tag_level_allows(level, actor, entry.journal):
        return names
    existing = set(
        Tag.objects.filter(journal=entry.journal, name__in=names).values_list("name", flat=True)
    )
    return [n for n in names if n in existing]
