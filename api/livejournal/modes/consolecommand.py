"""consolecommand (spec §4.17): run console command lines.

Logging in is optional: when authentication fails the commands run with nobody logged in
(those that need a user answer with an error line) and the call still succeeds. Flat sends
one `command` line; XML-RPC sends `commands`, a list of lines or of pre-split argument lists.
"""

from __future__ import annotations

from typing import Any

from api.livejournal.console import run
from api.livejournal.errors import LJError
from api.livejournal.registry import Call, default_flat_in, mode

MAX_COMMANDS = 100


def _flat_in(params: dict[str, str]) -> dict[str, Any]:
    rest = dict(params)
    command = rest.pop("command", None)
    args = default_flat_in(rest)
    # The flat protocol carries exactly one command line.
    args["commands"] = [] if command is None else [command]
    return args


def _flat_out(result: dict[str, Any]) -> dict[str, Any]:
    first = (result.get("results") or [{"success": 0, "output": []}])[0]
    out: dict[str, Any] = {"cmd_success": int(first["success"])}
    lines = first["output"]
    out["cmd_line_count"] = len(lines)
    for n, (kind, text) in enumerate(lines, start=1):
        out[f"cmd_line_{n}"] = text
        if kind:
            out[f"cmd_line_{n}_type"] = kind
    return out


def _commands(args: dict[str, Any]) -> list[str | list[str]]:
    commands = args.get("commands")
    if commands is None or commands == []:
        raise LJError(200, "command")
    if isinstance(commands, str):
        commands = [commands]
    if not isinstance(commands, list):
        raise LJError(203, "commands must be a list")
    if len(commands) > MAX_COMMANDS:
        raise LJError(209, f"at most {MAX_COMMANDS} commands per call")
    cleaned: list[str | list[str]] = []
    for item in commands:
        if isinstance(item, list):
            if not all(isinstance(a, (str, int, float)) for a in item):
                raise LJError(203, "a command's arguments must be strings")
            cleaned.append([str(a) for a in item])
        elif isinstance(item, (str, int, float)):
            cleaned.append(str(item))
        else:
            raise LJError(203, "a command must be a string or a list of strings")
    return cleaned


@mode("consolecommand", flat_in=_flat_in, flat_out=_flat_out, needs_auth=False)
def consolecommand(call: Call) -> dict[str, Any]:
    results = []
    for command in _commands(call.args):
        result = run(command, call.user)
        results.append(
            {"success": int(result.success), "output": [[k, t] for k, t in result.lines]}
        )
    return {"results": results}
