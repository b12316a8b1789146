"""Who may act: post into a journal, comment, moderate. Raise domain errors on refusal."""

from __future__ import annotations

from journal.errors import Forbidden
from journal.models import Ban, Entry, Journal, Membership, Subscription, User


def ensure_active(user: User) -> None:
    if user is None or not user.is_authenticated:
        raise Forbidden("You must be logged in.", code="unauthorized")
    if user.is_suspended or not user.is_active:
        raise Forbidden("Action forbidden; account is suspended.", code="suspended")
    if not hasattr(user, "journal") or user.journal.kind != Journal.Kind.PERSONAL:
        raise Forbidden("Only people can do this, not communities.", code="not-a-person")


def membership(user: User, journal: Journal) -> Membership | None:
    return Membership.objects.filter(
        user=user, journal=journal, status=Membership.Status.ACTIVE
    ).first()


def is_banned(user: User, journal: Journal) -> bool:
    return Ban.objects.filter(journal=journal, user=user).exists()


def is_maintainer(user: User, journal: Journal) -> bool:
    """Owner of a personal journal, or admin/moderator of a community."""
    if journal.kind == Journal.Kind.PERSONAL:
        return journal.user_id == user.pk
    m = membership(user, journal)
    return m is not None and m.is_maintainer


def ensure_can_post(user: User, journal: Journal) -> None:
    """The LiveJournal posting-rights check (usejournal) and FriendFeed's group posting."""
    ensure_active(user)
    if journal.kind == Journal.Kind.PERSONAL:
        if journal.user_id != user.pk:
            raise Forbidden("Don't have access to requested journal", code="no-access")
        return
    if journal.kind == Journal.Kind.SYNDICATED:
        raise Forbidden("Syndicated journals cannot be posted to.", code="no-access")
    if is_banned(user, journal):
        raise Forbidden("Banned from journal", code="banned")
    m = membership(user, journal)
    if m is None:
        raise Forbidden("Don't have access to requested journal", code="no-access")
    if not m.is_maintainer and not (journal.members_can_post and m.can_post):
        raise Forbidden("Don't have access to requested journal", code="no-access")


def ensure_can_comment(user: User, entry: Entry) -> None:
    ensure_active(user)
    if entry.comments_disabled and entry.poster_id != user.pk:
        raise Forbidden("Comments are disabled on this entry.", code="comments-disabled")
    if is_banned(user, entry.journal) and entry.poster_id != user.pk:
        raise Forbidden("Banned from journal", code="banned")
    if entry.poster_id != user.pk and entry.journal.user_id is not None:
        owner_journal = entry.poster.journal
        if owner_journal.pk != entry.journal_id and is_banned(user, owner_journal):
            raise Forbidden("Banned from journal", code="banned")


def can_moderate_entry(user: User, entry: Entry) -> bool:
    """Delete someone else's entry: the journal's owner or a community maintainer."""
    return entry.poster_id == user.pk or is_maintainer(user, entry.journal)


def tag_level_allows(level: str, actor: User, journal: Journal) -> bool:
    """Does a tag permission level (`public`, `friends`, `group:N`...) include `actor`?"""
    if is_maintainer(actor, journal):
        return True
    if level == "public":
        return True
    if level in ("friends", "members"):
        if journal.is_community:
            return membership(actor, journal) is not None
        return Subscription.objects.filter(user_id=journal.user_id, journal__user=actor).exists()
    if level.startswith("group:") and journal.user_id is not None:
        bit = int(level[6:])
        sub = Subscription.objects.filter(user_id=journal.user_id, journal__user=actor).first()
        return sub is not None and bool(sub.groupmask & (1 << bit))
    return False  # private, none, author_admin
