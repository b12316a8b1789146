"""Staff commands, gated by Django permissions (superusers hold every permission)."""

from __future__ import annotations

from django.core.mail import send_mail

from api.livejournal.console.registry import ConsoleError, Session, command
from journal import services
from journal.services import operations

_CHANGE_USER = "journal.change_user"


def _user_and_reason(args: list[str]) -> tuple[str, str]:
    if len(args) < 2 or not " ".join(args[1:]).strip():
        raise ConsoleError("This command takes a user name and a reason. Consult the reference.")
    return args[0], " ".join(args[1:])


@command(
    "suspend",
    desc="Suspend an account: it can no longer log in and its entries are hidden.",
    usage="<username> <reason>",
    args_desc=(
        ("username", "The account to suspend."),
        ("reason", "Why you are suspending the account (quote it or give several words)."),
    ),
    permission=_CHANGE_USER,
)
def suspend(session: Session, args: list[str]) -> None:
    name, reason = _user_and_reason(args)
    user = session.user(name)
    if user.is_suspended:
        raise ConsoleError(f"User '{user.username}' is already suspended.")
    services.suspend(session.actor, user, reason)
    session.print(f"User '{user.username}' suspended.")


@command(
    "unsuspend",
    desc="Lift the suspension of an account.",
    usage="<username> <reason>",
    args_desc=(
        ("username", "The account to unsuspend."),
        ("reason", "Why you are lifting the suspension."),
    ),
    permission=_CHANGE_USER,
)
def unsuspend(session: Session, args: list[str]) -> None:
    name, reason = _user_and_reason(args)
    user = session.user(name)
    if not user.is_suspended:
        raise ConsoleError(f"User '{user.username}' is not suspended.")
    services.unsuspend(session.actor, user, reason)
    session.print(f"User '{user.username}' unsuspended.")


@command(
    "finduser",
    desc="Find an account by user name, e-mail address, user id or display name.",
    usage="[ <criteria> ] <data>",
    args_desc=(
        ("criteria", "One of 'user', 'email', 'userid' or 'name'; guessed when omitted."),
        ("data", "What to look for."),
    ),
    permission="journal.view_user",
)
def finduser(session: Session, args: list[str]) -> None:
    if len(args) == 1:
        criteria, value = ("email" if "@" in args[0] else "user"), args[0]
    elif len(args) == 2:
        criteria, value = args[0].lower(), args[1]
    else:
        raise ConsoleError("This command takes one or two arguments. Consult the reference.")
    users = operations.find_users(session.actor, criteria, value)
    if not users:
        session.info("No matches.")
    for user in users:
        journal = getattr(user, "journal", None)
        kind = journal.get_kind_display() if journal is not None else "none"
        status = "suspended" if user.is_suspended else "active" if user.is_active else "inactive"
        session.info(
            f"User: {user.username} ({user.pk}), journaltype: {kind}, status: {status}, "
            f"email: {user.email or '(none)'}"
        )


@command(
    "change_journal_type",
    desc="Change a journal's type between person and community.",
    usage="<journal> <type> [ <owner> ]",
    args_desc=(
        ("journal", "The journal whose type is changing."),
        ("type", "Either 'person' or 'community'."),
        (
            "owner",
            "Required: converting to a community makes 'owner' its admin; converting back "
            "to a person gives the account the owner's e-mail address and password.",
        ),
    ),
    permission="journal.change_journal",
)
def change_journal_type(session: Session, args: list[str]) -> None:
    if len(args) not in (2, 3):
        raise ConsoleError("This command takes two or three arguments. Consult the reference.")
    journal = session.journal(args[0])
    owner = session.user(args[2]) if len(args) == 3 else None
    kind = args[1].lower()
    operations.change_journal_type(session.actor, journal, kind, owner)
    session.print(f"User: {journal.name} converted to a {kind} account.")


@command(
    "reset_password",
    desc="Give an account a new random password, ending its sessions and remote keys.",
    usage="<username> <reason>",
    args_desc=(
        ("username", "The account whose password is reset."),
        ("reason", "Why you are resetting it."),
    ),
    permission=_CHANGE_USER,
)
def reset_password(session: Session, args: list[str]) -> None:
    name, reason = _user_and_reason(args)
    user = session.user(name)
    password = operations.reset_password(session.actor, user, reason)
    if user.email:
        send_mail(
            "Your password was reset",
            f"The site's staff reset the password of your account {user.username}.\n\n"
            f"Your new password: {password}\n\nPlease change it after logging in.",
            None,
            [user.email],
        )
        session.print(f"Password reset for '{user.username}'; the new password was mailed.")
    else:
        # No address to mail it to: the operator has to hand it over.
        session.print(f"Password reset for '{user.username}'.")
        session.info(f"The account has no e-mail address; its new password is: {password}")
