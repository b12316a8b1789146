"""`community <community> remove <user>`: leave, or remove a member as a maintainer."""

from __future__ import annotations

from api.livejournal.console.registry import ConsoleError, Session, command
from journal import services


@command(
    "community",
    desc="Remove a member from a community: yourself, or anyone if you maintain it.",
    usage="<community> <action> <user>",
    args_desc=(
        ("community", "The username of the community."),
        ("action", "Only 'remove' is supported; adding users with the console is disabled."),
        ("user", "The user you want to remove from the community."),
    ),
)
def community(session: Session, args: list[str]) -> None:
    if len(args) != 3:
        raise ConsoleError("This command takes exactly three arguments. Consult the reference.")
    name, action, username = args[0], args[1].lower(), args[2]
    if action == "add":
        # As on LiveJournal: joining needs the person's own consent, so the console refuses.
        raise ConsoleError("Adding users to communities with the console is disabled.")
    if action != "remove":
        raise ConsoleError(f"Invalid action '{action}'; only 'remove' is supported.")
    journal = session.journal(name)
    if not journal.is_community:
        raise ConsoleError(f"{journal.name} is not a community.")
    target = session.user(username)
    if target.pk == session.actor.pk:
        removed = services.leave_community(target, journal)
    else:
        removed = services.remove_member(session.actor, journal, target)
    if not removed:
        raise ConsoleError(f"{target.username} is not a member of {journal.name}.")
    session.print(f"User {target.username} removed from {journal.name}")
