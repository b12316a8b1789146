"""The console's command-line parser: LiveJournal's quoting rules (spec §4.17)."""

from __future__ import annotations

import pytest

from api.livejournal.console import parse_line


@pytest.mark.parametrize(
    ("line", "args"),
    [
        ("", []),
        ("   ", []),
        ("help", ["help"]),
        ("  ban_set   bob  from pond ", ["ban_set", "bob", "from", "pond"]),
        ("print\ta\t\tb", ["print", "a", "b"]),
        ('tag_display "two words" on', ["tag_display", "two words", "on"]),
        (r'print "say \"hi\""', ["print", 'say "hi"']),
        (r'print "back\\slash"', ["print", "back\\slash"]),
        (r'print "\x"', ["print", "x"]),
        ('print ""', ["print", ""]),
        ('print "a b"c', ["print", "a b", "c"]),
        ('print ab"cd', ["print", 'ab"cd']),
        (r"print a\b", ["print", "a\\b"]),
        ('print "unterminated quote', ["print", "unterminated quote"]),
        ('"print" x', ["print", "x"]),
    ],
)
def test_parse_line(line, args):
    assert parse_line(line) == args
