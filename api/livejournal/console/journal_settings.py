"""`set`, `tag_display`, `tag_permissions`: settings of your journal or a community."""

from __future__ import annotations

from api.livejournal.console.registry import ConsoleError, Session, command
from journal.models import Journal
from journal.services import moderation, operations

# LiveJournal's community userprop for moderated posting (journal.moderated_posting).
MODERATED = "moderated"
_TWO_OR_FOUR = "This command takes either two or four arguments. Consult the reference."


def _for_journal(session: Session, args: list[str]) -> tuple[Journal, list[str]]:
    """Split an optional leading `for <journal>` off a two-value command."""
    if len(args) == 4:
        if args[0].lower() != "for":
            raise ConsoleError("Invalid arguments. First argument must be 'for'")
        return session.journal(args[1], unknown="Invalid account: {name}"), args[2:]
    if len(args) != 2:
        raise ConsoleError(_TWO_OR_FOUR)
    return session.own_journal(), args


@command(
    "set",
    desc="Set the value of a journal setting (userprop): "
    + ", ".join(sorted([*operations.JOURNAL_SETTINGS, MODERATED]))
    + ".",
    usage='[ "for" <community> ] <propname> <value>',
    args_desc=(
        ("community", "Community to set the property for, if you're a maintainer."),
        ("propname", "Property name to set."),
        ("value", "Value to set the property to."),
    ),
)
def set_(session: Session, args: list[str]) -> None:
    journal, (key, value) = _for_journal(session, args)
    if key.lower() == MODERATED:
        # A community's `moderated` userprop: posts by non-moderators wait for approval.
        on = operations.parse_bool(value)
        moderation.set_moderated_posting(session.actor, journal, on)
        session.print(f"User property '{MODERATED}' set to '{int(on)}' for {journal.name}")
        return
    stored = operations.set_journal_setting(session.actor, journal, key, value)
    session.print(f"User property '{key}' set to '{stored}' for {journal.name}")


@command(
    "tag_display",
    desc="Show or hide a tag in the journal's tag list.",
    usage='[ "for" <community> ] <tag> <value>',
    args_desc=(
        ("community", "Optional; community to change tag display for."),
        ("tag", "The tag to change the display value of; quote it if it contains spaces."),
        ("value", "A boolean value: 1/on/true/yes or 0/off/false/no."),
    ),
)
def tag_display(session: Session, args: list[str]) -> None:
    journal, (tag, value) = _for_journal(session, args)
    operations.set_tag_display(session.actor, journal, tag, operations.parse_bool(value))
    session.print("Tag display value updated.")


@command(
    "tag_permissions",
    desc="Set permission levels for the tag system.",
    usage='[ "for" <community> ] <add level> <control level>',
    args_desc=(
        ("community", "Optional; community to change permission levels for."),
        (
            "add level",
            "Accounts at this level can add existing tags to entries: 'public', 'friends' "
            "(personal journals), 'members' (communities), 'private', 'none', "
            "'author_admin' (communities only) or the name of a friend group.",
        ),
        (
            "control level",
            "Accounts at this level can do everything: add, remove and create tags: "
            "'public', 'friends', 'members', 'private', 'none' or the name of a friend group.",
        ),
    ),
)
def tag_permissions(session: Session, args: list[str]) -> None:
    journal, (add, control) = _for_journal(session, args)
    operations.set_tag_permissions(session.actor, journal, add, control)
    session.print(f"Tag permissions updated for {journal.name}")
