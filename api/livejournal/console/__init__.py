"""The operator's console behind `consolecommand`, `manage.py console` and the admin page.

`run(command, actor)` takes one line (parsed with LiveJournal's quoting rules) or a
pre-split list of arguments and returns a `Result` of typed output lines.
"""

from __future__ import annotations

from api.livejournal.console import (  # noqa: F401  (importing registers the commands)
    bans,
    basic,
    community,
    journal_settings,
    moods,
    staff,
)
from api.livejournal.console.parser import parse_line
from api.livejournal.console.registry import COMMANDS, ERROR, INFO, SUCCESS, Result, execute
from journal.models import User

__all__ = ["COMMANDS", "ERROR", "INFO", "SUCCESS", "Result", "parse_line", "run"]


def run(command: str | list[str], actor: User | None) -> Result:
    """Run one console command line (or list of arguments) as `actor` (None = anonymous)."""
    args = parse_line(command) if isinstance(command, str) else [str(a) for a in command]
    return execute(args, actor)
