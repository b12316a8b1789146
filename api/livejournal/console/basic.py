"""`help` and `print`: they work without logging in."""

from __future__ import annotations

import textwrap

from api.livejournal.console.registry import COMMANDS, ConsoleError, Session, command

WIDTH = 72


def _wrap(prefix: str, text: str, indent: str | None = None) -> list[str]:
    return textwrap.wrap(
        text,
        width=WIDTH,
        initial_indent=prefix,
        subsequent_indent=indent if indent is not None else " " * len(prefix),
    ) or [prefix.rstrip()]


@command(
    "help",
    desc="Get help on console commands.",
    usage="[ <command> ]",
    args_desc=(("command", "The command to get help on. If omitted, lists all commands."),),
    requires_login=False,
)
def help_(session: Session, args: list[str]) -> None:
    if len(args) > 1:
        raise ConsoleError("This command takes at most one argument. Consult the reference.")
    if not args:
        for name in sorted(COMMANDS):
            cmd = COMMANDS[name]
            if cmd.hidden or not cmd.allowed(session.actor):
                continue
            for line in _wrap(f"{name}: ", cmd.desc):
                session.info(line)
        return
    name = args[0].lower()
    cmd = COMMANDS.get(name)
    if cmd is None or cmd.hidden:
        raise ConsoleError(f"There is no such command '{name}'.")
    session.info(f"{cmd.name} {cmd.usage}".rstrip())
    for line in _wrap("  ", cmd.desc):
        session.info(line)
    for arg, desc in cmd.args_desc:
        session.info("")
        for line in _wrap(f"  {arg}: ", desc, indent="    "):
            session.info(line)


@command(
    "print",
    desc="This is a debugging function. Given any number of arguments, it prints them out.",
    usage="<args...>",
    args_desc=(
        (
            "args",
            "Any arguments: each is printed on its own line, as an error line when it "
            "starts with '!'.",
        ),
    ),
    requires_login=False,
)
def print_(session: Session, args: list[str]) -> None:
    session.info("Welcome to 'print'!")
    for arg in args:
        if arg.startswith("!"):
            session.error(arg)
        else:
            session.print(arg)
