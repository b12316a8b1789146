"""Moderated community posting: submit to the queue, approve (post it), reject.

A community with `moderated_posting` keeps entries by members who are not its moderators in
a queue (LiveJournal's modlog). Approval calls post_entry, so an approved entry is exactly
like any other and gets its `entry.created` event; a rejected one leaves nothing behind.
Submission checks what post_entry would check, so a bad submission is refused at once (with
the same error a direct post gets), not at approval time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet

from journal import events, permissions
from journal.errors import Conflict, Forbidden, InvalidInput, NotFound
from journal.models import Entry, EntryRecipient, Event, Journal, QueuedEntry, Tag, User
from journal.models.entry import Security
from journal.props import clean_props, is_set
from journal.services import entries as entry_rules
from journal.services.entries import clean_tags, post_entry
from journal.services.entry_props import SERVER_SET_PROPS

# Queue bounds (LiveJournal's `mod_queue` and `mod_queue_per_poster` capabilities); the
# settings MODERATION_QUEUE_MAX / MODERATION_QUEUE_PER_POSTER override them.
QUEUE_MAX = 50
QUEUE_PER_POSTER = 5
# Django permission that lets staff moderate any community from the admin.
STAFF_PERMISSION = "journal.change_queuedentry"


def queue_limits() -> tuple[int, int]:
    return (
        getattr(settings, "MODERATION_QUEUE_MAX", QUEUE_MAX),
        getattr(settings, "MODERATION_QUEUE_PER_POSTER", QUEUE_PER_POSTER),
    )


def is_moderated_for(poster: User, journal: Journal) -> bool:
    """Would a post by `poster` into `journal` wait for a moderator?

    Only communities with moderated posting; their admins and moderators post directly.
    """
    return (
        journal.is_community
        and journal.moderated_posting
        and not permissions.is_maintainer(poster, journal)
    )


def can_moderate(actor: User | None, journal: Journal) -> bool:
    """A community's admins and moderators; staff holding the queue's change permission."""
    if actor is None or not actor.is_authenticated or not actor.is_active:
        return False
    if actor.is_suspended or not journal.is_community:
        return False
    if actor.is_superuser or actor.has_perm(STAFF_PERMISSION):
        return True
    return permissions.is_maintainer(actor, journal)


def _ensure_moderator(actor: User, journal: Journal) -> None:
    if not can_moderate(actor, journal):
        raise Forbidden("You are not a moderator of this community.", code="not-maintainer")


@transaction.atomic
def set_moderated_posting(actor: User, journal: Journal, moderated: bool) -> Journal:
    """Turn moderated posting of a community on or off (its maintainers only)."""
    permissions.ensure_active(actor)
    if not journal.is_community:
        raise InvalidInput("Only communities can be moderated.", code="not-community")
    if not permissions.is_maintainer(actor, journal):
        raise Forbidden("You are not a maintainer of this account.", code="not-maintainer")
    if journal.moderated_posting != moderated:
        journal.moderated_posting = moderated
        journal.save(update_fields=["moderated_posting"])
        events.record(
            Event.Kind.JOURNAL_UPDATED,
            actor=actor,
            journal=journal,
            change="moderated_posting",
            value=moderated,
        )
    return journal


def _check_tags(poster: User, journal: Journal, props: Mapping[str, str]) -> None:
    """New tags need the journal's tag add level, as post_entry's tag step requires."""
    if not props.get("taglist"):
        return
    names = clean_tags(props["taglist"])
    existing = set(
        Tag.objects.filter(journal=journal, name__in=names).values_list("name", flat=True)
    )
    if set(names) - existing and not permissions.tag_level_allows(
        journal.tag_add_level or "private", poster, journal
    ):
        raise Forbidden(
            "Must use existing tags for entries in this journal (can't create new ones)",
            code="tags-existing-only",
        )


@transaction.atomic
def submit_entry(
    poster: User,
    *,
    journal: Journal,
    subject: str = "",
    body: str = "",
    security: str = Security.PUBLIC,
    allowmask: int = 0,
    event_time: dt.datetime | None = None,
    props: Mapping[str, object] | None = None,
    server_props: Mapping[str, str] | None = None,
) -> QueuedEntry:
    """Put a post into a moderated community's queue instead of posting it.

    Checked in post_entry's order, with its rules, so a direct post and a submission are
    refused alike; then the queue bounds ("Moderation queue full", per poster), counted under
    a lock on the community's row so two submissions cannot both take the last place.
    """
    permissions.ensure_active(poster)
    permissions.ensure_can_post(poster, journal)
    if not is_moderated_for(poster, journal):
        raise InvalidInput("Posts to this journal are not moderated.", code="not-moderated")
    cleaned = clean_props(dict(props or {}))
    security, allowmask = entry_rules._apply_min_security(journal, security, allowmask)
    allowmask = entry_rules._check_security(poster, journal, security, allowmask)
    if security == Security.PRIVATE:
        # Only moderators may post private entries to a community, and they are not queued.
        raise Forbidden(
            "Can't use custom/private security on shared/community journals.",
            code="community-security",
        )
    subject = entry_rules._clean_subject(subject)
    body = entry_rules._clean_body(body, required=True)
    event_time = entry_rules._clean_event_time(event_time, poster)
    _check_tags(poster, journal, cleaned)
    if is_set(cleaned.get("opt_backdated")):
        raise InvalidInput(
            "Can't make back-dated entries in non-personal journal.", code="backdated-community"
        )
    for name, value in (server_props or {}).items():
        # Validated now so approval cannot fail on them later.
        if value not in SERVER_SET_PROPS.get(name, ()):
            raise InvalidInput(f"Not a server prop value: {name}={value!r}", code="bad-prop")

    Journal.objects.select_for_update().filter(pk=journal.pk).values_list("pk").get()
    total, per_poster = queue_limits()
    queued = QueuedEntry.objects.filter(journal=journal)
    if queued.count() >= total:
        raise Conflict("Moderation queue full", code="queue-full")
    if queued.filter(poster=poster).count() >= per_poster:
        raise Conflict(
            "Maximum queued posts for this community+poster combination reached.",
            code="queue-full-poster",
        )
    item = QueuedEntry.objects.create(
        journal=journal,
        poster=poster,
        subject=subject,
        body=body,
        security=security,
        allowmask=allowmask,
        event_time=event_time,
        props=cleaned,
        server_props=dict(server_props or {}),
    )
    events.record(
        Event.Kind.JOURNAL_UPDATED,
        actor=poster,
        journal=journal,
        change="moderation.submitted",
        queued=item.pk,
    )
    return item


def post_or_submit(poster: User, *, journal: Journal, **fields) -> Entry | QueuedEntry:
    """What any door should call to post into a journal that may be moderated.

    `fields` are post_entry's. A submission carries what the queue can hold: `tags` travel
    as the `taglist` prop, extra recipients are refused (see _queueable). A direct post
    whose extra recipients (`to_journals`) include a moderated community is refused too.
    """
    if is_moderated_for(poster, journal):
        return submit_entry(poster, journal=journal, **_queueable(fields))
    ensure_posts_directly(poster, journal, fields.get("to_journals") or ())
    return post_entry(poster, journal=journal, **fields)


def pending(actor: User, journal: Journal) -> QuerySet[QueuedEntry]:
    """The community's queue, oldest first, for its moderators."""
    _ensure_moderator(actor, journal)
    return (
        QueuedEntry.objects.filter(journal=journal)
        .select_related("poster")
        .order_by("created_at", "id")
    )


def _take(actor: User, queued: QueuedEntry | int) -> QueuedEntry:
    """Load and remove a queued entry in the caller's transaction; NotFound if gone.

    Deleting first (and checking that a row went) makes a second approval of the same
    submission fail cleanly even where SELECT ... FOR UPDATE is not available (SQLite).
    """
    pk = queued if isinstance(queued, int) else queued.pk
    item = QueuedEntry.objects.select_related("journal", "poster").filter(pk=pk).first()
    if item is None:
        raise NotFound("That submission is no longer in the queue.", code="not-queued")
    _ensure_moderator(actor, item.journal)
    deleted, _ = QueuedEntry.objects.filter(pk=pk).delete()
    if not deleted:
        raise NotFound("That submission is no longer in the queue.", code="not-queued")
    return item


@transaction.atomic
def approve_entry(actor: User, queued: QueuedEntry | int) -> Entry:
    """Post a queued submission as its poster (post_entry: same checks, same event)."""
    item = _take(actor, queued)
    entry = post_entry(
        item.poster,
        journal=item.journal,
        subject=item.subject,
        body=item.body,
        security=item.security,
        allowmask=item.allowmask,
        event_time=item.event_time,
        props=dict(item.props or {}),
        server_props=dict(item.server_props or {}),
    )
    events.record(
        Event.Kind.JOURNAL_UPDATED,
        actor=actor,
        journal=item.journal,
        target_user=item.poster,
        change="moderation.approved",
        queued=item.pk,
        item=entry.item_number,
    )
    return entry


@transaction.atomic
def reject_entry(actor: User, queued: QueuedEntry | int) -> QueuedEntry:
    """Drop a queued submission; nothing of it remains but the moderation event."""
    item = _take(actor, queued)
    events.record(
        Event.Kind.JOURNAL_UPDATED,
        actor=actor,
        journal=item.journal,
        target_user=item.poster,
        change="moderation.rejected",
        queued=item.pk,
    )
    return item


# -- the same rule at every door: no post reaches a moderated community around its queue ----


def moderated_destinations(
    poster: User, journal: Journal, to_journals: Iterable[Journal] = ()
) -> list[Journal]:
    """The journals among a post's destinations where `poster` must go through the queue.

    Extra recipients count: an entry addressed to a community (FriendFeed `to[]`, the
    website's "also post to") shows in that community's feed like one posted there.
    """
    unique: dict[int, Journal] = {}
    for destination in (journal, *to_journals):
        unique.setdefault(destination.pk, destination)
    return [j for j in unique.values() if is_moderated_for(poster, j)]


def _moderated_refusal(journals: list[Journal]) -> Forbidden:
    names = ", ".join(j.name for j in journals)
    return Forbidden(
        f"Posts to {names} are moderated: a moderator must approve them, "
        "so they cannot be posted there directly.",
        code="moderated",
    )


def ensure_posts_directly(
    poster: User, journal: Journal, to_journals: Iterable[Journal] = ()
) -> None:
    """Refuse a direct post that would reach a moderated community without its queue.

    For doors that cannot answer with a queued post (FriendFeed returns the entry it wrote)
    and for extra recipients, which a submission cannot carry.
    """
    moderated = moderated_destinations(poster, journal, to_journals)
    for community in moderated:
        # Someone who may not post there at all hears that, not that posts are moderated.
        permissions.ensure_can_post(poster, community)
    if moderated:
        raise _moderated_refusal(moderated)


def ensure_may_readdress(
    actor: User, entry: Entry, journal: Journal, to_journals: Iterable[Journal] = ()
) -> None:
    """An edit may not add a moderated community to where an entry shows (the queue would be
    skipped); communities where it already shows may stay."""
    current = {entry.journal_id}
    if entry.pk is not None:
        current.update(
            EntryRecipient.objects.filter(entry=entry).values_list("journal_id", flat=True)
        )
    added = [j for j in (journal, *to_journals) if j.pk not in current]
    if added:
        ensure_posts_directly(actor, added[0], added[1:])


def _queueable(fields: dict) -> dict:
    """post_entry's arguments as a submission takes them, or a refusal.

    The queue holds one community's post: extra recipients or a direct message cannot wait
    in it (and posting them at once would publish part of a post nobody approved).
    """
    fields = dict(fields)
    extra_journals = fields.pop("to_journals", None)
    people = fields.pop("direct_to", None)
    if extra_journals or people:
        raise InvalidInput(
            "A post awaiting moderation goes to its community only; "
            "post to other places separately.",
            code="moderated-single",
        )
    if fields.get("markup") == "html":
        del fields["markup"]  # post_entry's default, the only markup a submission keeps
    tags = fields.pop("tags", None)
    if tags is not None:
        props = dict(fields.get("props") or {})
        props["taglist"] = tags if isinstance(tags, str) else ", ".join(tags)
        fields["props"] = props
    return fields
