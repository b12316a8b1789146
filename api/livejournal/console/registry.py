"""The console's command registry and the run of one command.

A command is a small function `(session, args) -> None` registered with `@command`. It
writes output lines through the session (`print`, `info`, `error`) and raises
`ConsoleError` (or lets a domain error through) to stop with an error line. Checks shared by
every command (logged in, suspended, Django permission) happen here, in LiveJournal's order.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from journal.errors import DomainError
from journal.models import Journal, User

log = logging.getLogger(__name__)

# LiveJournal's line types in the current console; the 2002 docs had "" for normal lines.
SUCCESS, INFO, ERROR = "success", "info", "error"


class ConsoleError(Exception):
    """Stop the command with one error line."""


@dataclass
class Result:
    """What one command produced: LiveJournal's `{success, output: [[type, text], ...]}`."""

    command: str
    success: bool = True
    lines: list[tuple[str, str]] = field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        return any(kind == ERROR for kind, _ in self.lines)


@dataclass
class Session:
    """One command being run on behalf of `actor` (None = nobody logged in)."""

    actor: User | None
    result: Result

    def print(self, text: str) -> None:
        self.result.lines.append((SUCCESS, text))

    def info(self, text: str) -> None:
        self.result.lines.append((INFO, text))

    def error(self, text: str) -> None:
        self.result.lines.append((ERROR, text))

    # Helpers shared by the commands.

    def journal(self, name: str, *, unknown: str = "Unknown account: {name}") -> Journal:
        """A journal (person or community) by name, or a ConsoleError."""
        from journal.models.user import canonical_username

        found = Journal.objects.select_related("user").filter(name=canonical_username(name)).first()
        if found is None:
            raise ConsoleError(unknown.format(name=name))
        return found

    def user(self, name: str, *, unknown: str = "Unknown account: {name}") -> User:
        from journal.models.user import canonical_username

        found = User.objects.filter(username=canonical_username(name)).first()
        if found is None:
            raise ConsoleError(unknown.format(name=name))
        return found

    def own_journal(self) -> Journal:
        journal = Journal.objects.filter(user=self.actor).first()
        if journal is None:
            raise ConsoleError("Your account has no journal of its own.")
        return journal


Handler = Callable[[Session, list[str]], None]


@dataclass(frozen=True)
class Command:
    name: str
    handler: Handler
    desc: str
    usage: str = ""
    args_desc: tuple[tuple[str, str], ...] = ()
    requires_login: bool = True
    # A Django permission ("journal.change_user"); None = every logged-in user may run it.
    permission: str | None = None
    hidden: bool = False

    def allowed(self, actor: User | None) -> bool:
        if self.permission is None:
            return True
        if actor is None or not actor.is_active or actor.is_suspended:
            return False
        return actor.is_superuser or actor.has_perm(self.permission)


COMMANDS: dict[str, Command] = {}


def command(
    name: str,
    *,
    desc: str,
    usage: str = "",
    args_desc: tuple[tuple[str, str], ...] = (),
    requires_login: bool = True,
    permission: str | None = None,
    hidden: bool = False,
) -> Callable[[Handler], Handler]:
    """Register a console command (used as a decorator)."""

    def register(handler: Handler) -> Handler:
        if name in COMMANDS:
            raise RuntimeError(f"console command {name} registered twice")
        COMMANDS[name] = Command(
            name, handler, desc, usage, args_desc, requires_login, permission, hidden
        )
        return handler

    return register


def execute(args: list[str], actor: User | None) -> Result:
    """Run one pre-split command line; every outcome is output lines, never an exception."""
    if actor is not None and not actor.is_authenticated:
        actor = None
    name = args[0].lower() if args else ""
    result = Result(command=name)
    session = Session(actor, result)
    cmd = COMMANDS.get(name)
    if cmd is None:
        session.error(f"There is no such command '{name}'.")
        return result
    if cmd.requires_login and actor is None:
        session.error("You must be logged in to run this command.")
        return result
    if cmd.requires_login and (actor.is_suspended or not actor.is_active):
        session.error("Your account status prevents you from using the console.")
        return result
    if not cmd.allowed(actor):
        session.error("You are not authorized to run this command.")
        return result
    try:
        cmd.handler(session, list(args[1:]))
    except ConsoleError as exc:
        session.error(str(exc))
    except DomainError as exc:
        session.error(exc.message)
    except Exception:
        # LiveJournal prints the Perl error; we log it and keep internals out of the output.
        log.exception("console command %r failed", name)
        result.success = False
        session.error(f"Died executing '{name}': internal error")
    return result
