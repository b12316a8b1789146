"""Account verbs: register, passwords, remote keys, profile, suspension."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from journal import events
from journal.errors import Conflict, Forbidden, InvalidInput, NotFound
from journal.models import Event, Journal, RemoteKey, User
from journal.models.user import canonical_username, username_validator

NAME_MAX_CHARS = 50


def clean_username(raw: str) -> str:
    """Canonicalise like LiveJournal and validate; InvalidInput names the problem."""
    name = canonical_username(raw or "")
    try:
        username_validator(name)
    except ValidationError:
        raise InvalidInput(
            "Invalid username: use 1–25 letters, digits or underscores.",
            code="bad-username",
            field="username",
        ) from None
    return name


def _clean_name(name: str) -> str:
    name = (name or "").strip()
    if len(name) > NAME_MAX_CHARS:
        raise InvalidInput(f"Name is longer than {NAME_MAX_CHARS} characters.", field="name")
    return name


@transaction.atomic
def register(username: str, password: str | None, *, email: str = "", name: str = "") -> User:
    """Create a person with their personal journal and a first remote key."""
    username = clean_username(username)
    if (
        User.objects.filter(username=username).exists()
        or Journal.objects.filter(name=username).exists()
    ):
        raise Conflict(f"The name {username!r} is already taken.", code="taken", field="username")
    if password is not None and not password:
        raise InvalidInput("A password is required.", field="password")
    user = User.objects.create_user(
        username=username, password=password, email=(email or "").strip(), name=_clean_name(name)
    )
    journal = Journal.objects.create(name=username, kind=Journal.Kind.PERSONAL, user=user)
    RemoteKey.objects.create(user=user, key=RemoteKey.generate())
    events.record(Event.Kind.USER_REGISTERED, actor=user, journal=journal)
    return user


@transaction.atomic
def set_password(user: User, new_password: str) -> None:
    """Change the account password; doors revoke their tokens on the committed event."""
    if not new_password:
        raise InvalidInput("A password is required.", field="password")
    user.set_password(new_password)
    user.save(update_fields=["password"])
    events.record(Event.Kind.USER_UPDATED, actor=user, journal=user.journal, change="password")


@transaction.atomic
def update_profile(user: User, **fields: object) -> User:
    """Change name, description, time zone, birthday or default userpic."""
    allowed = {"name", "description", "time_zone", "birthday", "default_userpic", "email"}
    unknown = set(fields) - allowed
    if unknown:
        raise InvalidInput(f"Unknown profile field: {sorted(unknown)[0]}")
    if "name" in fields:
        fields["name"] = _clean_name(str(fields["name"]))
    pic = fields.get("default_userpic")
    if pic is not None and pic.user_id != user.pk:
        raise Forbidden("That picture is not yours.")
    for key, value in fields.items():
        setattr(user, key, value)
    user.save(update_fields=list(fields))
    events.record(Event.Kind.USER_UPDATED, actor=user, journal=user.journal, change="profile")
    return user


@transaction.atomic
def add_remote_key(user: User, name: str) -> RemoteKey:
    name = (name or "").strip()
    if not name or len(name) > 60:
        raise InvalidInput("A key needs a name of 1–60 characters.", field="name")
    if user.remote_keys.filter(name=name).exists():
        raise Conflict(f"You already have a key named {name!r}.", field="name")
    return RemoteKey.objects.create(user=user, name=name, key=RemoteKey.generate())


@transaction.atomic
def reset_remote_key(user: User, name: str = "default") -> RemoteKey:
    """Replace the named key's secret (creating the key if it does not exist)."""
    key, _ = RemoteKey.objects.select_for_update().get_or_create(
        user=user, name=name, defaults={"key": RemoteKey.generate()}
    )
    key.key = RemoteKey.generate()
    key.save(update_fields=["key"])
    return key


@transaction.atomic
def revoke_remote_key(user: User, key_id: int) -> None:
    """Delete a key; a user always keeps at least one, so the last is replaced."""
    deleted, _ = RemoteKey.objects.filter(user=user, pk=key_id).delete()
    if not deleted:
        raise NotFound("No such key.")
    if not user.remote_keys.exists():
        RemoteKey.objects.create(user=user, key=RemoteKey.generate())


def _ensure_staff(actor: User, perm: str) -> None:
    if not (actor.is_superuser or actor.has_perm(perm)):
        raise Forbidden("You are not authorized to run this command.", code="not-privileged")


@transaction.atomic
def suspend(actor: User, user: User, reason: str = "") -> None:
    _ensure_staff(actor, "journal.change_user")
    User.objects.filter(pk=user.pk).update(is_suspended=True)
    user.is_suspended = True
    events.record(
        Event.Kind.USER_UPDATED, actor=actor, target_user=user, change="suspended", reason=reason
    )


@transaction.atomic
def unsuspend(actor: User, user: User, reason: str = "") -> None:
    _ensure_staff(actor, "journal.change_user")
    User.objects.filter(pk=user.pk).update(is_suspended=False)
    user.is_suspended = False
    events.record(
        Event.Kind.USER_UPDATED, actor=actor, target_user=user, change="unsuspended", reason=reason
    )
