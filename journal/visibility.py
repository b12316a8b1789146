"""Who may see which entries: the one function every door, feed and page goes through.

Rules (DESIGN.md, "Who sees what"):
- deleted entries and entries by suspended posters: nobody;
- the poster always sees their own entries, the owner everything in their journal;
- direct messages: the poster and the recipients' owners only;
- private journals: only the owner, members and approved (status "subscribed") readers;
- `public`: everyone who may read the journal;
- `private`: the poster (and a community's maintainers);
- `usemask` in a personal journal: viewers the owner trusts, i.e. the edge owner → viewer
  exists and its group mask shares a bit with the entry's allowmask (bit 0 = all friends);
- `usemask` in a community: its active members.
A ban hides nothing; it only stops commenting and posting (see permissions.py).
"""

from __future__ import annotations

from django.db.models import BigIntegerField, Exists, ExpressionWrapper, F, OuterRef, Q, QuerySet

from journal.models import Entry, EntryRecipient, Journal, Membership, Subscription
from journal.models.entry import Security

SUBSCRIBED = Subscription.Status.SUBSCRIBED
ACTIVE = Membership.Status.ACTIVE


def _authenticated(viewer) -> bool:
    return viewer is not None and getattr(viewer, "is_authenticated", False)


def visibility_q(viewer, journal: Journal | None = None) -> Q:
    """The filter on Entry rows that a viewer (None/anonymous allowed) may see.

    With `journal`, the caller promises the rows all belong to that journal; the same rules
    then reduce to fewer clauses (the owner reading their own journal needs none), which
    keeps the hot LiveJournal reads cheap to build and to run.
    """
    live = Q(is_deleted=False, poster__is_suspended=False)
    if not _authenticated(viewer):
        return live & Q(security=Security.PUBLIC, is_direct=False, journal__is_private=False)
    if journal is not None and journal.kind == Journal.Kind.PERSONAL:
        if journal.user_id == viewer.pk:
            return live  # only the owner posts in a personal journal
        return live & _personal_journal_q(viewer, journal)

    mine = Q(poster_id=viewer.pk) | Q(journal__user_id=viewer.pk)

    recipient = Exists(
        EntryRecipient.objects.filter(entry_id=OuterRef("pk"), journal__user_id=viewer.pk)
    )
    member = Exists(
        Membership.objects.filter(
            user_id=viewer.pk, journal_id=OuterRef("journal_id"), status=ACTIVE
        )
    )
    maintainer = Exists(
        Membership.objects.filter(
            user_id=viewer.pk,
            journal_id=OuterRef("journal_id"),
            status=ACTIVE,
            role__in=[Membership.Role.ADMIN, Membership.Role.MODERATOR],
        )
    )
    approved_reader = Exists(
        Subscription.objects.filter(
            user_id=viewer.pk, journal_id=OuterRef("journal_id"), status=SUBSCRIBED
        )
    )
    trusted = _trusted(viewer)

    may_read_journal = Q(journal__is_private=False) | member | approved_reader
    by_security = (
        Q(security=Security.PUBLIC)
        | (Q(security=Security.USEMASK, journal__kind=Journal.Kind.PERSONAL) & trusted)
        | (Q(security=Security.USEMASK, journal__kind=Journal.Kind.COMMUNITY) & member)
        | (Q(security=Security.PRIVATE, journal__kind=Journal.Kind.COMMUNITY) & maintainer)
    )
    others = (Q(is_direct=True) & recipient) | (Q(is_direct=False) & may_read_journal & by_security)
    return live & (mine | others)


def _trusted(viewer) -> Exists:
    """The owner's edge to the viewer, with a group mask sharing a bit with the allowmask."""
    return Exists(
        Subscription.objects.filter(
            user_id=OuterRef("journal__user_id"), journal__user_id=viewer.pk
        )
        .alias(
            shared=ExpressionWrapper(
                F("groupmask").bitand(OuterRef("allowmask")), output_field=BigIntegerField()
            )
        )
        .filter(shared__gt=0)
    )


def _personal_journal_q(viewer, journal: Journal) -> Q:
    """The rules above for another person's journal (no community clauses apply)."""
    recipient = Exists(
        EntryRecipient.objects.filter(entry_id=OuterRef("pk"), journal__user_id=viewer.pk)
    )
    readable = Q(is_direct=False) & (
        Q(security=Security.PUBLIC) | (Q(security=Security.USEMASK) & _trusted(viewer))
    )
    if journal.is_private:
        readable &= Exists(
            Subscription.objects.filter(user_id=viewer.pk, journal_id=journal.pk, status=SUBSCRIBED)
        )
    return Q(poster_id=viewer.pk) | (Q(is_direct=True) & recipient) | readable


def visible_entries(
    viewer, queryset: QuerySet[Entry] | None = None, *, journal: Journal | None = None
) -> QuerySet[Entry]:
    """Entries of `queryset` (default: all) that `viewer` may see.

    Pass `journal` only when every row of `queryset` is an entry of that journal.
    """
    qs = Entry.objects.all() if queryset is None else queryset
    return qs.filter(visibility_q(viewer, journal))


def can_see_entry(viewer, entry: Entry) -> bool:
    """One entry, through the same rules (one query)."""
    return visible_entries(viewer, Entry.objects.filter(pk=entry.pk)).exists()
