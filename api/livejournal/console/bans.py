"""`ban_list`, `ban_set`, `ban_unset`: bans from your journal or a community you maintain."""

from __future__ import annotations

from api.livejournal.console.registry import ConsoleError, Session, command
from journal import permissions, services
from journal.models import Ban, Journal

_COUNT_ERROR = "Incorrect number of arguments. Consult the reference."


def _from_journal(session: Session, rest: list[str]) -> Journal:
    """The journal named by an optional `from <journal>` tail, else the actor's own."""
    if not rest:
        return session.own_journal()
    if len(rest) != 2:
        raise ConsoleError(_COUNT_ERROR)
    if rest[0].lower() != "from":
        raise ConsoleError("First argument must be 'from'")
    return session.journal(rest[1])


@command(
    "ban_list",
    desc="Lists users who are banned from an account.",
    usage='[ "from" <journal> ]',
    args_desc=(
        (
            "journal",
            "Optional; lists bans in a community you maintain, or any journal if "
            "you have the 'journal.view_ban' privilege.",
        ),
    ),
)
def ban_list(session: Session, args: list[str]) -> None:
    journal = _from_journal(session, args)
    actor = session.actor
    if not (permissions.is_maintainer(actor, journal) or actor.has_perm("journal.view_ban")):
        raise ConsoleError("You are not a maintainer of this account")
    names = list(
        Ban.objects.filter(journal=journal)
        .order_by("user__username")
        .values_list("user__username", flat=True)
    )
    if not names:
        session.info(f"{journal.name} has not banned any other users.")
    for name in names:
        session.info(name)


@command(
    "ban_set",
    desc="Ban another user from posting in your journal or a community you maintain.",
    usage='<user> [ "from" <community> ]',
    args_desc=(
        ("user", "The user you want to ban."),
        ("community", "Optional; to ban a user from a community you maintain."),
    ),
)
def ban_set(session: Session, args: list[str]) -> None:
    if not args:
        raise ConsoleError(_COUNT_ERROR)
    journal = _from_journal(session, args[1:])
    target = session.user(args[0])
    services.ban_user(session.actor, journal, target)
    session.print(f"User {target.username} banned from {journal.name}")


@command(
    "ban_unset",
    desc="Remove a ban on a user.",
    usage='<user> [ "from" <community> ]',
    args_desc=(
        ("user", "The user you want to unban."),
        ("community", "Optional; to unban a user from a community you maintain."),
    ),
)
def ban_unset(session: Session, args: list[str]) -> None:
    if not args:
        raise ConsoleError(_COUNT_ERROR)
    journal = _from_journal(session, args[1:])
    target = session.user(args[0])
    services.unban_user(session.actor, journal, target)
    session.print(f"User {target.username} unbanned from {journal.name}")
