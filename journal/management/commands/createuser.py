"""`manage.py createuser USERNAME --password P [--email E]`: an account via the register verb."""

from django.core.management.base import BaseCommand, CommandError

from journal.errors import DomainError
from journal.services import register


class Command(BaseCommand):
    help = "Create an account (with its journal and remote key) through the register verb."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--password", required=True)
        parser.add_argument("--email", default="")
        parser.add_argument("--name", default="")

    def handle(self, *args, username, password, email, name, **options):
        try:
            user = register(username, password, email=email, name=name)
        except DomainError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"created {user.username}")
