"""The console's command-line parser (LiveJournal `LJ::Console->parse_line`).

Rules (spec §4.17): trim; tabs are spaces; whitespace separates arguments; a `"` at the
start of an argument opens a quoted argument that ends at the next unescaped `"`; inside
quotes a backslash makes the next character literal. Outside quotes `"` and `\\` are
ordinary characters.
"""

from __future__ import annotations


def parse_line(line: str) -> list[str]:
    """Split one console line into arguments; an empty line gives no arguments."""
    line = (line or "").replace("\t", " ").strip()
    args: list[str] = []
    current: list[str] | None = None  # the argument being read, None between arguments
    quoted = escaped = False
    for char in line:
        if escaped:
            current.append(char)  # type: ignore[union-attr]
            escaped = False
        elif quoted:
            if char == "\\":
                escaped = True
            elif char == '"':
                # LJ quirk: the closing quote ends the argument even if text follows it
                # (`"a b"c` is two arguments, `a b` and `c`).
                args.append("".join(current))  # type: ignore[arg-type]
                current, quoted = None, False
            else:
                current.append(char)  # type: ignore[union-attr]
        elif char == " ":
            if current is not None:
                args.append("".join(current))
                current = None
        elif current is None:
            current = []
            if char == '"':
                quoted = True
            else:
                current.append(char)
        else:
            current.append(char)
    if current is not None:
        # An unterminated quote (or a trailing backslash) keeps what was read.
        args.append("".join(current))
    return args
