"""Social verbs: subscriptions (= LJ friends), friend groups (= FF lists), bans, communities."""

from __future__ import annotations

import re

from django.db import transaction
from django.db.models import F

from journal import events, permissions
from journal.errors import Conflict, Forbidden, InvalidInput, NotFound
from journal.models import (
    Ban,
    Entry,
    Event,
    FriendGroup,
    Journal,
    Membership,
    Subscription,
    User,
)
from journal.services.accounts import clean_username

SUBSCRIBED = Subscription.Status.SUBSCRIBED
REQUESTED = Subscription.Status.REQUESTED
GROUP_NAME_MAX = 40
_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")


def _clean_color(value: str | None, field: str) -> str | None:
    if value is None:
        return None
    if not _COLOR.match(value):
        raise InvalidInput(f"{field} must be a colour like #ff00aa.", code="bad-color", field=field)
    return value.lower()


def _clean_groupmask(mask: int) -> int:
    if not isinstance(mask, int) or not 0 <= mask < 2**31:
        raise InvalidInput("groupmask must be a 31-bit number.", code="bad-mask", field="groupmask")
    return mask | 1  # every friend is in "all friends" (bit 0)


def _ensure_maintainer(actor: User, journal: Journal) -> None:
    permissions.ensure_active(actor)
    if not permissions.is_maintainer(actor, journal):
        raise Forbidden("You do not maintain this journal.", code="not-maintainer")


def _needs_approval(journal: Journal) -> bool:
    return journal.is_private or (journal.is_community and journal.moderated_membership)


@transaction.atomic
def subscribe(user: User, journal: Journal) -> Subscription:
    """Read a journal. Private journals (and moderated communities) get a request."""
    sub, _ = set_friend(user, journal)
    return sub


@transaction.atomic
def set_friend(
    user: User,
    journal: Journal,
    *,
    groupmask: int | None = None,
    fgcolor: str | None = None,
    bgcolor: str | None = None,
) -> tuple[Subscription, bool]:
    """Add or update the edge user → journal (LiveJournal editfriends "add")."""
    permissions.ensure_active(user)
    if journal.user_id == user.pk:
        raise InvalidInput("You cannot subscribe to yourself.", code="self")
    if journal.kind == Journal.Kind.PERSONAL and journal.user.is_suspended:
        raise NotFound("No such journal.", code="user-not-found")
    fgcolor = _clean_color(fgcolor, "fgcolor")
    bgcolor = _clean_color(bgcolor, "bgcolor")
    mask = None if groupmask is None else _clean_groupmask(groupmask)
    sub = Subscription.objects.select_for_update().filter(user=user, journal=journal).first()
    created = sub is None
    if created:
        if journal.is_community and permissions.is_banned(user, journal):
            raise Forbidden("Banned from journal", code="banned")
        status = REQUESTED if _needs_approval(journal) else SUBSCRIBED
        sub = Subscription(user=user, journal=journal, status=status)
        if journal.is_community:
            _join(user, journal)
    if mask is not None:
        sub.groupmask = mask
    if fgcolor:
        sub.fgcolor = fgcolor
    if bgcolor:
        sub.bgcolor = bgcolor
    sub.save()
    kind = Event.Kind.SUBSCRIPTION_CREATED if created else Event.Kind.SUBSCRIPTION_UPDATED
    events.record(kind, actor=user, journal=journal, target_user=journal.user, status=sub.status)
    return sub, created


@transaction.atomic
def unsubscribe(user: User, journal: Journal) -> bool:
    permissions.ensure_active(user)
    deleted, _ = Subscription.objects.filter(user=user, journal=journal).delete()
    if deleted:
        events.record(
            Event.Kind.SUBSCRIPTION_DELETED, actor=user, journal=journal, target_user=journal.user
        )
    return bool(deleted)


@transaction.atomic
def approve_subscription(
    actor: User, journal: Journal, subscriber: User, *, approve: bool = True
) -> Subscription | None:
    """The owner of a private journal accepts (or declines) a subscription request."""
    _ensure_maintainer(actor, journal)
    sub = Subscription.objects.filter(user=subscriber, journal=journal, status=REQUESTED).first()
    if sub is None:
        raise NotFound("No such subscription request.")
    if not approve:
        sub.delete()
        events.record(
            Event.Kind.SUBSCRIPTION_DELETED, actor=actor, journal=journal, target_user=subscriber
        )
        return None
    sub.status = SUBSCRIBED
    sub.save(update_fields=["status"])
    if journal.is_community:
        Membership.objects.filter(user=subscriber, journal=journal).update(
            status=Membership.Status.ACTIVE
        )
    events.record(
        Event.Kind.SUBSCRIPTION_UPDATED,
        actor=actor,
        journal=journal,
        target_user=subscriber,
        status=SUBSCRIBED,
    )
    return sub


def _clean_group_name(name: str) -> str:
    name = " ".join((name or "").split()).rstrip("/")
    if not name:
        raise InvalidInput("A friend group needs a name.", code="bad-group", field="name")
    if len(name) > GROUP_NAME_MAX:
        raise InvalidInput("Friend group name is too long.", code="bad-group", field="name")
    return name


def _check_bit(bit: int) -> int:
    if not isinstance(bit, int) or not 1 <= bit <= 30:
        raise InvalidInput("Friend group numbers are 1 to 30.", code="bad-group", field="bit")
    return bit


@transaction.atomic
def set_friend_group(
    owner: User,
    bit: int | None,
    name: str,
    *,
    sort_order: int | None = None,
    is_public: bool | None = None,
) -> FriendGroup:
    """Create or rename a friend group; `bit=None` takes the first free bit."""
    permissions.ensure_active(owner)
    name = _clean_group_name(name)
    if bit is None:
        used = set(FriendGroup.objects.filter(owner=owner).values_list("bit", flat=True))
        free = [b for b in range(1, 31) if b not in used]
        if not free:
            raise Conflict("You already have 30 friend groups.", code="too-many-groups")
        bit = free[0]
    bit = _check_bit(bit)
    if sort_order is not None and not 0 <= sort_order <= 255:
        raise InvalidInput("Sort order must be 0–255.", code="bad-group", field="sort_order")
    group, _ = FriendGroup.objects.get_or_create(owner=owner, bit=bit, defaults={"name": name})
    group.name = name
    if sort_order is not None:
        group.sort_order = sort_order
    if is_public is not None:
        group.is_public = is_public
    group.save()
    events.record(Event.Kind.FRIENDGROUPS_UPDATED, actor=owner, journal=owner.journal, bit=bit)
    return group


@transaction.atomic
def delete_friend_group(owner: User, bit: int) -> None:
    """Delete a group and clear its bit from friends' masks and the owner's entries.

    LiveJournal clears both, so a later group reusing the bit number does not inherit access
    to old entries.
    """
    permissions.ensure_active(owner)
    bit = _check_bit(bit)
    FriendGroup.objects.filter(owner=owner, bit=bit).delete()
    Subscription.objects.filter(user=owner).update(groupmask=F("groupmask").bitand(~(1 << bit)))
    Entry.objects.filter(journal__user=owner, allowmask__gt=0).update(
        allowmask=F("allowmask").bitand(~(1 << bit))
    )
    events.record(
        Event.Kind.FRIENDGROUPS_UPDATED, actor=owner, journal=owner.journal, bit=bit, deleted=True
    )


@transaction.atomic
def set_friend_groupmask(owner: User, journal: Journal, mask: int) -> Subscription:
    """Put a friend in exactly the groups of `mask` (bit 0 is kept)."""
    permissions.ensure_active(owner)
    mask = _clean_groupmask(mask)
    sub = Subscription.objects.filter(user=owner, journal=journal).first()
    if sub is None:
        raise NotFound(f"{journal.name} is not on your friends list.", code="not-friend")
    sub.groupmask = mask
    sub.save(update_fields=["groupmask"])
    events.record(
        Event.Kind.SUBSCRIPTION_UPDATED,
        actor=owner,
        journal=journal,
        target_user=journal.user,
        groupmask=mask,
    )
    return sub


@transaction.atomic
def ban_user(actor: User, journal: Journal, target: User) -> Ban:
    _ensure_maintainer(actor, journal)
    if target.pk == actor.pk:
        raise InvalidInput("You cannot ban yourself.", code="self")
    ban, created = Ban.objects.get_or_create(journal=journal, user=target)
    if created:
        events.record(Event.Kind.BAN_CREATED, actor=actor, journal=journal, target_user=target)
    return ban


@transaction.atomic
def unban_user(actor: User, journal: Journal, target: User) -> bool:
    _ensure_maintainer(actor, journal)
    deleted, _ = Ban.objects.filter(journal=journal, user=target).delete()
    if deleted:
        events.record(Event.Kind.BAN_DELETED, actor=actor, journal=journal, target_user=target)
    return bool(deleted)


@transaction.atomic
def create_community(
    creator: User,
    name: str,
    *,
    title: str = "",
    description: str = "",
    is_private: bool = False,
    moderated: bool = False,
) -> Journal:
    """A new community; the creator becomes its admin and a subscriber."""
    permissions.ensure_active(creator)
    name = clean_username(name)
    if Journal.objects.filter(name=name).exists() or User.objects.filter(username=name).exists():
        raise Conflict(f"The name {name!r} is already taken.", code="taken", field="name")
    community = Journal.objects.create(
        name=name,
        kind=Journal.Kind.COMMUNITY,
        title=(title or name)[:100],
        description=description,
        is_private=is_private,
        moderated_membership=moderated,
        tag_add_level="members",
    )
    Membership.objects.create(user=creator, journal=community, role=Membership.Role.ADMIN)
    Subscription.objects.create(user=creator, journal=community)
    events.record(Event.Kind.JOURNAL_CREATED, actor=creator, journal=community)
    events.record(
        Event.Kind.MEMBERSHIP_CREATED,
        actor=creator,
        journal=community,
        target_user=creator,
        role="admin",
    )
    return community


def _join(user: User, journal: Journal) -> Membership:
    membership, created = Membership.objects.get_or_create(
        user=user,
        journal=journal,
        defaults={
            "status": Membership.Status.REQUESTED
            if _needs_approval(journal)
            else Membership.Status.ACTIVE
        },
    )
    if created:
        events.record(
            Event.Kind.MEMBERSHIP_CREATED,
            actor=user,
            journal=journal,
            target_user=user,
            status=membership.status,
        )
    return membership


@transaction.atomic
def join_community(user: User, journal: Journal) -> Membership:
    """Join (or ask to join) a community; joining also subscribes to it."""
    permissions.ensure_active(user)
    if not journal.is_community:
        raise InvalidInput(f"{journal.name} is not a community.", code="not-community")
    if permissions.is_banned(user, journal):
        raise Forbidden("Banned from journal", code="banned")
    set_friend(user, journal)
    return Membership.objects.get(user=user, journal=journal)


@transaction.atomic
def leave_community(user: User, journal: Journal) -> bool:
    permissions.ensure_active(user)
    deleted, _ = Membership.objects.filter(user=user, journal=journal).delete()
    Subscription.objects.filter(user=user, journal=journal).delete()
    if deleted:
        events.record(Event.Kind.MEMBERSHIP_DELETED, actor=user, journal=journal, target_user=user)
    return bool(deleted)


@transaction.atomic
def approve_member(actor: User, journal: Journal, user: User) -> Membership:
    _ensure_maintainer(actor, journal)
    updated = Membership.objects.filter(
        user=user, journal=journal, status=Membership.Status.REQUESTED
    ).update(status=Membership.Status.ACTIVE)
    if not updated:
        raise NotFound("No such membership request.")
    Subscription.objects.filter(user=user, journal=journal).update(status=SUBSCRIBED)
    events.record(
        Event.Kind.MEMBERSHIP_UPDATED,
        actor=actor,
        journal=journal,
        target_user=user,
        status="active",
    )
    return Membership.objects.get(user=user, journal=journal)


@transaction.atomic
def set_member_role(actor: User, journal: Journal, user: User, role: str) -> Membership:
    _ensure_maintainer(actor, journal)
    if role not in Membership.Role.values:
        raise InvalidInput(f"Unknown role {role!r}.", code="bad-role", field="role")
    membership = Membership.objects.filter(user=user, journal=journal).first()
    if membership is None:
        raise NotFound(f"{user.username} is not a member of {journal.name}.")
    if membership.role == Membership.Role.ADMIN and role != Membership.Role.ADMIN:
        admins = Membership.objects.filter(journal=journal, role=Membership.Role.ADMIN).count()
        if admins <= 1:
            raise Conflict("A community needs at least one admin.", code="last-admin")
    membership.role = role
    membership.save(update_fields=["role"])
    events.record(
        Event.Kind.MEMBERSHIP_UPDATED, actor=actor, journal=journal, target_user=user, role=role
    )
    return membership


@transaction.atomic
def remove_member(actor: User, journal: Journal, user: User) -> bool:
    """A maintainer removes someone from a community (console `community … remove`)."""
    _ensure_maintainer(actor, journal)
    membership = Membership.objects.filter(user=user, journal=journal).first()
    if membership is None:
        return False
    if membership.role == Membership.Role.ADMIN:
        admins = Membership.objects.filter(journal=journal, role=Membership.Role.ADMIN).count()
        if admins <= 1:
            raise Conflict("A community needs at least one admin.", code="last-admin")
    membership.delete()
    Subscription.objects.filter(user=user, journal=journal).delete()
    events.record(Event.Kind.MEMBERSHIP_DELETED, actor=actor, journal=journal, target_user=user)
    return True
