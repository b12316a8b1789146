"""`moodtheme_list`: the mood themes (one built-in, text-only theme: the mood list)."""

from __future__ import annotations

from api.livejournal.console.registry import ConsoleError, Session, command
from journal.models import Mood

# journalfeed has a single public mood theme: LiveJournal's moods, without pictures.
DEFAULT_THEME_ID = 1
DEFAULT_THEME_NAME = "Default"


@command(
    "moodtheme_list",
    desc="List mood themes, or the moods of one theme.",
    usage="[ <themeid> ]",
    args_desc=(("themeid", "Optional; mood theme id to list the moods of."),),
    requires_login=False,
)
def moodtheme_list(session: Session, args: list[str]) -> None:
    if len(args) > 1:
        raise ConsoleError("This command takes at most one argument. Consult the reference.")
    if not args:
        session.info("Public mood themes:")
        session.info(f"{'pub':>3} {'id':>4} {'owner':<15} {'theme name':<25}")
        session.info(f"{'Y':>3} {DEFAULT_THEME_ID:>4} {'system':<15} {DEFAULT_THEME_NAME:<25}")
        return
    if args[0].strip() != str(DEFAULT_THEME_ID):
        raise ConsoleError(f"There is no mood theme with id '{args[0]}'.")
    for mood in Mood.objects.order_by("name"):
        session.info(f"{mood.name:<20} {mood.id:>3} (no picture)")
