"""Operator and journal-settings verbs the console needs (LiveJournal's admin console).

Each verb checks permission, writes in one transaction and records its event, like every
other verb. Staff verbs are gated by Django permissions (superusers hold them all).
"""

from __future__ import annotations

import secrets

from django.db import transaction

from journal import events, permissions
from journal.errors import Conflict, Forbidden, InvalidInput, NotFound
from journal.models import (
    Event,
    FriendGroup,
    Journal,
    Membership,
    ProtocolSession,
    RemoteKey,
    Subscription,
    Tag,
    User,
)

# Settings the console's `set` may change, with the values each accepts (LiveJournal userprops).
JOURNAL_SETTINGS: dict[str, tuple[str, ...]] = {
    # Lowest security a new entry may have ("security downgrade protection").
    "newpost_minsecurity": ("public", "friends", "private"),
    # Log commenters' IP addresses: N(obody), S(trangers: anonymous), A(ll).
    "opt_logcommentips": ("N", "S", "A"),
    # Who may have their comments screened automatically: N, R(egistered), F(riends), A(ll).
    "opt_whoscreened": ("N", "R", "F", "A"),
    # Which part of the birthday others see: N(one), D(ay and month; the default), Y(ear),
    # F(ull; only then does getfriends send it).
    "opt_showbday": ("N", "D", "Y", "F"),
    "opt_hidefriendofs": ("0", "1"),
    "opt_hidememberofs": ("0", "1"),
    "opt_showmutualfriends": ("0", "1"),
    "opt_imagelinks": ("0", "1"),
    "opt_ljcut_disable_lastn": ("0", "1"),
    "opt_ljcut_disable_friends": ("0", "1"),
}

# Tag permission levels (console `tag_permissions`); a friend group is stored as `group:N`.
TAG_LEVELS = ("public", "friends", "members", "private", "none")
_TRUE = {"1", "on", "true", "yes"}
_FALSE = {"0", "off", "false", "no"}


def _ensure_staff(actor: User, perm: str) -> None:
    # Staff need no journal of their own (a `createsuperuser` account has none).
    if actor is None or not actor.is_authenticated or not actor.is_active:
        raise Forbidden("You must be logged in.", code="unauthorized")
    if actor.is_suspended:
        raise Forbidden("Action forbidden; account is suspended.", code="suspended")
    if not (actor.is_superuser or actor.has_perm(perm)):
        raise Forbidden("You are not authorized to run this command.", code="not-privileged")


def _ensure_maintainer(actor: User, journal: Journal) -> None:
    permissions.ensure_active(actor)
    if not permissions.is_maintainer(actor, journal):
        raise Forbidden("You are not a maintainer of this account.", code="not-maintainer")


def can_control_tags(actor: User, journal: Journal) -> bool:
    """The journal's tag control level (default: its maintainers only) includes `actor`."""
    return permissions.tag_level_allows(journal.tag_control_level or "private", actor, journal)


def parse_bool(value: str) -> bool:
    """The console's booleans: 1/on/true/yes and 0/off/false/no."""
    lowered = (value or "").strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise InvalidInput("Value must be on or off.", code="bad-bool", field="value")


@transaction.atomic
def set_journal_setting(actor: User, journal: Journal, key: str, value: str) -> str:
    """Set one whitelisted journal setting (console `set`); returns the stored value."""
    _ensure_maintainer(actor, journal)
    allowed = JOURNAL_SETTINGS.get(key)
    if allowed is None:
        raise InvalidInput(f"Unknown property '{key}'", code="unknown-setting", field="key")
    matches = [v for v in allowed if v.lower() == (value or "").strip().lower()]
    if not matches:
        raise InvalidInput(
            f"Invalid value for '{key}': use one of {', '.join(allowed)}",
            code="bad-setting",
            field="value",
        )
    locked = Journal.objects.select_for_update().get(pk=journal.pk)
    locked.settings = {**(locked.settings or {}), key: matches[0]}
    locked.save(update_fields=["settings"])
    journal.settings = locked.settings
    events.record(
        Event.Kind.JOURNAL_UPDATED, actor=actor, journal=journal, change="setting", key=key
    )
    return matches[0]


@transaction.atomic
def set_tag_display(actor: User, journal: Journal, name: str, display: bool) -> Tag:
    """Show or hide a tag in the journal's tag list (console `tag_display`)."""
    permissions.ensure_active(actor)
    if not can_control_tags(actor, journal):
        raise Forbidden(
            "You don't have permission to modify tags on this account.", code="no-tag-control"
        )
    tag = Tag.objects.filter(journal=journal, name=(name or "").strip().lower()).first()
    if tag is None:
        raise NotFound("Error: Invalid tag.", code="no-such-tag")
    if tag.display != display:
        tag.display = display
        tag.save(update_fields=["display"])
    events.record(
        Event.Kind.JOURNAL_UPDATED,
        actor=actor,
        journal=journal,
        change="tag-display",
        tag=tag.name,
        display=display,
    )
    return tag


def _clean_tag_level(journal: Journal, raw: str, *, for_add: bool) -> str:
    level = (raw or "").strip().lower()
    if level in ("friends", "access", "members"):
        return "members" if journal.is_community else "friends"
    if level in TAG_LEVELS:
        return level
    if level == "author_admin" and for_add and journal.is_community:
        return level
    if journal.user_id is not None:
        group = FriendGroup.objects.filter(owner_id=journal.user_id, name__iexact=raw).first()
        if group is not None:
            return f"group:{group.bit}"
    raise InvalidInput(
        "Levels must be one of: 'private', 'public', 'friends', 'members', 'none', "
        "'author_admin' (communities only; add level only), or the name of a friends group.",
        code="bad-level",
        field="level",
    )


@transaction.atomic
def set_tag_permissions(actor: User, journal: Journal, add_level: str, control_level: str) -> None:
    """Who may add existing tags and who may create/remove them (console `tag_permissions`)."""
    _ensure_maintainer(actor, journal)
    add = _clean_tag_level(journal, add_level, for_add=True)
    control = _clean_tag_level(journal, control_level, for_add=False)
    Journal.objects.filter(pk=journal.pk).update(tag_add_level=add, tag_control_level=control)
    journal.tag_add_level, journal.tag_control_level = add, control
    events.record(
        Event.Kind.JOURNAL_UPDATED,
        actor=actor,
        journal=journal,
        change="tag-permissions",
        add=add,
        control=control,
    )


@transaction.atomic
def change_journal_type(
    actor: User, journal: Journal, kind: str, owner: User | None = None
) -> Journal:
    """Turn an account's journal into a community or back into a person (staff only).

    To a community: `owner` becomes its admin and the account can no longer act or log in on
    its own. Back to a person: the account takes `owner`'s e-mail address and password.
    """
    _ensure_staff(actor, "journal.change_journal")
    target = {"person": Journal.Kind.PERSONAL, "community": Journal.Kind.COMMUNITY}.get(kind)
    if target is None:
        raise InvalidInput("Type must be one of 'person' or 'community'.", code="bad-type")
    if journal.kind == target:
        raise Conflict(f"{journal.name} is already of type {kind}.", code="same-type")
    if journal.kind == Journal.Kind.SYNDICATED:
        raise InvalidInput("Syndicated journals cannot change type.", code="bad-type")
    if journal.user_id is None:
        raise InvalidInput(
            f"{journal.name} has no account of its own to convert.", code="no-account"
        )
    if owner is None:
        raise InvalidInput("An owner is required for this conversion.", code="no-owner")
    if owner.pk == journal.user_id:
        raise InvalidInput("The owner must be another account.", code="self")
    permissions.ensure_active(owner)
    account = journal.user
    journal.kind = target
    journal.save(update_fields=["kind"])
    if target == Journal.Kind.COMMUNITY:
        Membership.objects.update_or_create(
            user=owner,
            journal=journal,
            defaults={"role": Membership.Role.ADMIN, "status": Membership.Status.ACTIVE},
        )
        Subscription.objects.get_or_create(user=owner, journal=journal)
        # A community account does not log in through any door (DW refuses non-persons'
        # passwords): no usable password (its browser sessions end with its old hash), no
        # remote keys, no protocol sessions, and the password event below revokes its
        # OAuth tokens after commit.
        account.set_unusable_password()
        account.save(update_fields=["password"])
        RemoteKey.objects.filter(user=account).delete()
        ProtocolSession.objects.filter(user=account).update(expired=True)
        events.record(
            Event.Kind.USER_UPDATED,
            actor=actor,
            journal=journal,
            target_user=account,
            change="password",
            reason="converted to a community",
        )
    else:
        account.email = owner.email
        account.password = owner.password
        account.save(update_fields=["email", "password"])
    events.record(
        Event.Kind.JOURNAL_UPDATED,
        actor=actor,
        journal=journal,
        target_user=owner,
        change="journal-type",
        journal_type=kind,
    )
    return journal


@transaction.atomic
def reset_password(actor: User, user: User, reason: str = "") -> str:
    """Give an account a new random password (staff only); returns it for delivery.

    Its protocol sessions end and its remote keys are replaced too, because a reset is
    what staff do for a compromised account.
    """
    _ensure_staff(actor, "journal.change_user")
    if not reason.strip():
        raise InvalidInput("A reason is required.", code="no-reason", field="reason")
    password = secrets.token_urlsafe(12)
    user.set_password(password)
    user.save(update_fields=["password"])
    ProtocolSession.objects.filter(user=user).update(expired=True)
    for key in RemoteKey.objects.select_for_update().filter(user=user):
        key.key = RemoteKey.generate()
        key.save(update_fields=["key"])
    events.record(
        Event.Kind.USER_UPDATED,
        actor=actor,
        journal=getattr(user, "journal", None),
        target_user=user,
        change="password",
        reason=reason,
    )
    return password


def find_users(actor: User, criteria: str, value: str) -> list[User]:
    """Staff lookup (console `finduser`): by user name, e-mail address, user id or name."""
    _ensure_staff(actor, "journal.view_user")
    qs = User.objects.select_related("journal").order_by("username")
    value = (value or "").strip()
    if criteria == "user":
        return list(qs.filter(username=value.lower().replace("-", "_")))
    if criteria == "email":
        return list(qs.filter(email__iexact=value)[:100])
    if criteria == "userid":
        if not (value.isascii() and value.isdigit()):
            raise InvalidInput("A user id is a number.", code="bad-userid")
        return list(qs.filter(pk=int(value)))
    if criteria == "name":
        return list(qs.filter(name__icontains=value)[:100])
    raise InvalidInput("Criteria must be one of: user, email, userid, name.", code="bad-criteria")
