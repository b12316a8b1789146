"""FriendFeed feed ids resolved to visibility-filtered entry querysets.

`home`, `USER`, `USER/friends`, `USER/comments`, `USER/likes`, `USER/summary/N`,
`USER/friendlikes`, `list/ID`, `list/ID/summary/N`, `filter/direct`, `filter/discussions`,
`groups`, `e/<hex>` (one entry), `public`, `summary/N`, `me`, `notifications/desktop`.
Every queryset goes through journal.visibility; this module only decides *which* entries
belong to a feed, never who may see them.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass, field

from django.db.models import (
    BigIntegerField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.text import slugify

from journal.errors import Forbidden, InvalidInput, NotFound
from journal.models import (
    Comment,
    Entry,
    EntryRecipient,
    FriendGroup,
    Hide,
    Journal,
    Like,
    Subscription,
    User,
)
from journal.models.user import canonical_username
from journal.visibility import visible_entries

SUBSCRIBED = Subscription.Status.SUBSCRIBED
MAX_SUMMARY_DAYS = 365
_ENTRY_ID = re.compile(r"^e/([0-9a-fA-F]{32}|[0-9a-fA-F-]{36})$")
_NAME = re.compile(r"^[A-Za-z0-9_-]{1,25}$")


@dataclass
class ResolvedFeed:
    """What a feed id names: its header (id, name, type) and its entries."""

    id: str
    type: str  # "user", "group" or "special"
    entries: QuerySet[Entry]
    journal: Journal | None = None
    # For special feeds: a key of the door's localised strings, and a name to fill in.
    name_key: str = ""
    name_arg: str = ""
    name: str = ""
    # Friend-of-friend entries may be added (home and lists only, per the page).
    fof_allowed: bool = False
    # Feeds whose members /feedinfo lists (a friend list's journals).
    member_journals: list[Journal] = field(default_factory=list)
    single_entry: bool = False


def _authenticated(viewer) -> bool:
    return viewer is not None and getattr(viewer, "is_authenticated", False)


def _need_viewer(viewer) -> User:
    if not _authenticated(viewer):
        raise Forbidden("This feed needs authentication.", code="unauthorized")
    return viewer


def parse_entry_id(raw: str) -> uuid.UUID:
    """`e/<32 hex>` (or a dashed UUID, the old permalink form) → UUID; else bad-id-format."""
    match = _ENTRY_ID.match(raw or "")
    if not match:
        raise InvalidInput(f"Malformed entry id {raw!r}.", code="bad-id-format")
    try:
        return uuid.UUID(match.group(1))
    except ValueError:
        raise InvalidInput(f"Malformed entry id {raw!r}.", code="bad-id-format") from None


def find_journal(name: str) -> Journal:
    if not _NAME.match(name or ""):
        raise NotFound(f"No feed {name!r}.", code="feed-not-found")
    journal = Journal.objects.select_related("user").filter(name=canonical_username(name)).first()
    if journal is None or (journal.user_id is not None and journal.user.is_suspended):
        raise NotFound(f"No feed {name!r}.", code="feed-not-found")
    return journal


def may_see_activity(viewer, journal: Journal) -> bool:
    """A private person's subscriptions, comments and likes are for the readers they
    approved, like their entries (and like /feedinfo's subscriber and subscription lists)."""
    if not journal.is_private:
        return True
    if not _authenticated(viewer):
        return False
    if journal.user_id == viewer.pk:
        return True
    return Subscription.objects.filter(user=viewer, journal=journal, status=SUBSCRIBED).exists()


def list_id(group: FriendGroup) -> str:
    """A friend list's id: `list/<slug of its name>` (FriendFeed list ids were names)."""
    return f"list/{slugify(group.name) or group.bit}"


def find_list(owner: User, ident: str) -> FriendGroup:
    for group in FriendGroup.objects.filter(owner=owner):
        if ident in (slugify(group.name), str(group.bit), group.name):
            return group
    raise NotFound(f"No list {ident!r}.", code="feed-not-found")


def followed_journal_ids(user: User):
    """Journals `user` reads (approved subscriptions), as a subquery."""
    return Subscription.objects.filter(user=user, status=SUBSCRIBED).values("journal_id")


def _followed_people(user: User):
    return Subscription.objects.filter(
        user=user, status=SUBSCRIBED, journal__user__isnull=False
    ).values("journal__user_id")


def _in_journals(journal_ids) -> Q:
    """Entries written in, or also sent to, any of these journals."""
    return Q(journal_id__in=journal_ids) | Exists(
        EntryRecipient.objects.filter(entry_id=OuterRef("pk"), journal_id__in=journal_ids)
    )


def _to_viewer(viewer: User) -> Exists:
    return Exists(
        EntryRecipient.objects.filter(entry_id=OuterRef("pk"), journal__user_id=viewer.pk)
    )


def _fof_q(viewer_people) -> Q:
    return Exists(
        Comment.objects.filter(
            entry_id=OuterRef("pk"), author_id__in=viewer_people, is_deleted=False
        )
    ) | Exists(Like.objects.filter(entry_id=OuterRef("pk"), user_id__in=viewer_people))


def _finish(viewer, q: Q, *, include_hidden: bool, public: bool = False) -> QuerySet[Entry]:
    qs = visible_entries(None if public else viewer, Entry.objects.filter(q))
    if _authenticated(viewer) and not include_hidden:
        qs = qs.exclude(Exists(Hide.objects.filter(user_id=viewer.pk, entry_id=OuterRef("pk"))))
    return qs.order_by("-created_at", "-id")


def _best_of(qs: QuerySet[Entry], days: int) -> QuerySet[Entry]:
    """ "Best of": the last N days, most liked and commented first."""
    since = timezone.now() - dt.timedelta(days=days)
    comments = (
        Comment.objects.filter(entry_id=OuterRef("pk"), is_deleted=False)
        .order_by()
        .values("entry_id")
        .annotate(c=Count("id"))
        .values("c")
    )
    likes = (
        Like.objects.filter(entry_id=OuterRef("pk"))
        .order_by()
        .values("entry_id")
        .annotate(c=Count("id"))
        .values("c")
    )
    zero = Value(0, output_field=IntegerField())
    return (
        qs.filter(created_at__gte=since)
        .alias(
            score=Coalesce(Subquery(comments, output_field=IntegerField()), zero)
            + Coalesce(Subquery(likes, output_field=IntegerField()), zero)
        )
        .order_by("-score", "-created_at", "-id")
    )


def _days(raw: str) -> int:
    if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= MAX_SUMMARY_DAYS:
        raise InvalidInput(f"Bad number of days {raw!r}.", code="bad-id-format")
    return int(raw)


def _list_journals(owner: User, group: FriendGroup):
    return (
        Subscription.objects.filter(user=owner, status=SUBSCRIBED)
        .alias(
            inlist=ExpressionWrapper(
                F("groupmask").bitand(group.mask), output_field=BigIntegerField()
            )
        )
        .filter(inlist__gt=0)
        .values("journal_id")
    )


def resolve(
    viewer, feed_id: str, *, include_hidden: bool = False, fof: bool = False
) -> ResolvedFeed:
    """Resolve a feed id for `viewer` (None = anonymous)."""
    feed_id = (feed_id or "").strip("/")
    parts = feed_id.split("/")
    hidden = include_hidden

    if feed_id.startswith("e/"):
        entry_uuid = parse_entry_id(feed_id)
        qs = _finish(viewer, Q(uuid=entry_uuid), include_hidden=True)
        return ResolvedFeed(feed_id, "special", qs, name=feed_id, single_entry=True)
    if feed_id == "home":
        me = _need_viewer(viewer)
        q = (_in_journals(followed_journal_ids(me)) | Q(journal__user_id=me.pk)) & Q(
            backdated=False
        ) | (Q(is_direct=True) & _to_viewer(me))
        if fof:
            q |= _fof_q(_followed_people(me)) & Q(backdated=False)
        return ResolvedFeed(
            "home",
            "special",
            _finish(me, q, include_hidden=hidden),
            name_key="home",
            fof_allowed=True,
        )
    if feed_id == "me":
        me = _need_viewer(viewer)
        return _journal_feed(me, me.journal, hidden)
    if feed_id == "public":
        q = Q(backdated=False)
        return ResolvedFeed(
            "public",
            "special",
            _finish(viewer, q, include_hidden=hidden, public=True),
            name_key="public",
        )
    if feed_id == "groups":
        me = _need_viewer(viewer)
        communities = Subscription.objects.filter(
            user=me, status=SUBSCRIBED, journal__kind=Journal.Kind.COMMUNITY
        ).values("journal_id")
        return ResolvedFeed(
            "groups",
            "special",
            _finish(me, _in_journals(communities), include_hidden=hidden),
            name_key="groups",
        )
    if feed_id == "filter/direct":
        me = _need_viewer(viewer)
        q = Q(is_direct=True) & (Q(poster_id=me.pk) | _to_viewer(me))
        return ResolvedFeed(
            feed_id, "special", _finish(me, q, include_hidden=hidden), name_key="direct"
        )
    if feed_id == "filter/discussions":
        me = _need_viewer(viewer)
        q = Exists(
            Comment.objects.filter(entry_id=OuterRef("pk"), author_id=me.pk, is_deleted=False)
        ) | Exists(Like.objects.filter(entry_id=OuterRef("pk"), user_id=me.pk))
        return ResolvedFeed(
            feed_id, "special", _finish(me, q, include_hidden=hidden), name_key="discussions"
        )
    if feed_id == "notifications/desktop":
        # Our reading of the desktop notification defaults: direct messages to you, and
        # your own entries that someone else commented on or liked.
        me = _need_viewer(viewer)
        reacted = Exists(
            Comment.objects.filter(entry_id=OuterRef("pk"), is_deleted=False).exclude(
                author_id=me.pk
            )
        ) | Exists(Like.objects.filter(entry_id=OuterRef("pk")).exclude(user_id=me.pk))
        q = (Q(is_direct=True) & _to_viewer(me)) | (Q(poster_id=me.pk) & reacted)
        return ResolvedFeed(
            feed_id, "special", _finish(me, q, include_hidden=hidden), name_key="notifications"
        )
    if parts[0] == "summary" and len(parts) == 2:
        me = _need_viewer(viewer)
        days = _days(parts[1])
        q = (_in_journals(followed_journal_ids(me)) | Q(journal__user_id=me.pk)) & Q(
            backdated=False
        )
        qs = _best_of(_finish(me, q, include_hidden=hidden), days)
        return ResolvedFeed(feed_id, "special", qs, name_key="best_of", name_arg=me.display_name)
    if parts[0] == "list" and len(parts) in (2, 4):
        me = _need_viewer(viewer)
        group = find_list(me, parts[1])
        members = _list_journals(me, group)
        q = _in_journals(members) & Q(backdated=False)
        if fof and len(parts) == 2:
            people = Subscription.objects.filter(
                journal_id__in=members, journal__user__isnull=False, user=me
            ).values("journal__user_id")
            q |= _fof_q(people) & Q(backdated=False)
        qs = _finish(me, q, include_hidden=hidden)
        resolved = ResolvedFeed(
            list_id(group), "special", qs, name=group.name, fof_allowed=len(parts) == 2
        )
        resolved.member_journals = list(
            Journal.objects.filter(pk__in=members).select_related("user")
        )
        if len(parts) == 4:
            if parts[2] != "summary":
                raise NotFound(f"No feed {feed_id!r}.", code="feed-not-found")
            resolved.entries = _best_of(qs, _days(parts[3]))
            resolved.id = f"{resolved.id}/summary/{parts[3]}"
        return resolved

    journal = find_journal(parts[0])
    if len(parts) == 1:
        return _journal_feed(viewer, journal, hidden)
    owner = journal.user
    rest = "/".join(parts[1:])
    if (
        rest in ("friends", "comments", "likes", "friendlikes")
        and journal.is_personal
        and not may_see_activity(viewer, journal)
    ):
        return _special(feed_id, journal, Entry.objects.none())
    if rest == "friends":
        if owner is None:
            raise NotFound(f"No feed {feed_id!r}.", code="feed-not-found")
        q = (_in_journals(followed_journal_ids(owner)) | Q(journal_id=journal.pk)) & Q(
            backdated=False
        )
        return _special(feed_id, journal, _finish(viewer, q, include_hidden=hidden))
    if rest == "comments":
        q = Exists(
            Comment.objects.filter(
                entry_id=OuterRef("pk"), author__journal=journal, is_deleted=False
            )
        )
        return _special(feed_id, journal, _finish(viewer, q, include_hidden=hidden))
    if rest == "likes":
        q = Exists(Like.objects.filter(entry_id=OuterRef("pk"), user__journal=journal))
        return _special(feed_id, journal, _finish(viewer, q, include_hidden=hidden))
    if rest == "friendlikes":
        if owner is None:
            raise NotFound(f"No feed {feed_id!r}.", code="feed-not-found")
        q = Exists(
            Like.objects.filter(entry_id=OuterRef("pk"), user_id__in=_followed_people(owner))
        )
        return _special(feed_id, journal, _finish(viewer, q, include_hidden=hidden))
    if len(parts) == 3 and parts[1] == "summary":
        days = _days(parts[2])
        base = _journal_feed(viewer, journal, hidden)
        resolved = _special(feed_id, journal, _best_of(base.entries, days))
        resolved.name_key, resolved.name_arg = "best_of", journal.display_title
        return resolved
    raise NotFound(f"No feed {feed_id!r}.", code="feed-not-found")


def _special(feed_id: str, journal: Journal, qs: QuerySet[Entry]) -> ResolvedFeed:
    return ResolvedFeed(feed_id, "special", qs, journal=journal, name=journal.display_title)


def _journal_feed(viewer, journal: Journal, hidden: bool) -> ResolvedFeed:
    """A person's or group's own feed: what was written there (not direct messages)."""
    if journal.is_personal:
        q = Q(journal_id=journal.pk, is_direct=False)
        kind = "user"
    else:
        q = _in_journals([journal.pk])
        kind = "group"
    return ResolvedFeed(
        journal.name,
        kind,
        _finish(viewer, q, include_hidden=hidden),
        journal=journal,
        name=journal.display_title,
    )
