"""`manage.py console "<command line>"`: the LiveJournal console from the shell.

Runs as `--as USERNAME`, or by default as the operator: the first active superuser. Normal
and info lines go to stdout, error lines to stderr; any error line makes the exit status 1.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from api.livejournal.console import ERROR, INFO, run
from journal.models import User
from journal.models.user import canonical_username


class Command(BaseCommand):
    help = (
        'Run a console command, e.g. manage.py console "ban_set bob from pond" '
        "(several words are taken as a pre-split argument list)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("command", nargs="+", help="the command line, or its arguments")
        parser.add_argument(
            "--as",
            dest="as_user",
            metavar="USERNAME",
            help="run as this user (default: the operator, the first active superuser)",
        )

    def _actor(self, username: str | None) -> User:
        if username:
            user = User.objects.filter(username=canonical_username(username)).first()
            if user is None:
                raise CommandError(f"No such user: {username}")
            return user
        operator = User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
        if operator is None:
            raise CommandError(
                "No superuser exists to run as: create one (manage.py ensure_admin) "
                "or pass --as USERNAME."
            )
        return operator

    def handle(self, *args: Any, **options: Any) -> None:
        actor = self._actor(options.get("as_user"))
        words = options["command"]
        # One word is a command line to parse; several are the shell's own split.
        result = run(words[0] if len(words) == 1 else words, actor)
        for kind, text in result.lines:
            if kind == ERROR:
                self.stderr.write(self.style.ERROR(text))
            elif kind == INFO:
                self.stdout.write(text)
            else:
                self.stdout.write(self.style.SUCCESS(text))
        if result.has_errors:
            raise CommandError("the console command reported an error", returncode=1)
