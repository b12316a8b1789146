"""`manage.py remotekey USERNAME [--reset]`: print (or replace) a user's remote key."""

from django.core.management.base import BaseCommand, CommandError

from journal.models import User
from journal.services import reset_remote_key


class Command(BaseCommand):
    help = "Print the user's remote key (the API password); --reset makes a new one."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--reset", action="store_true")
        parser.add_argument("--name", default="default", help="which of the user's keys")

    def handle(self, *args, username, reset, name, **options):
        user = User.objects.filter(username=username.strip().lower()).first()
        if user is None:
            raise CommandError(f"no such user: {username}")
        if reset:
            key = reset_remote_key(user, name)
        else:
            key = user.remote_keys.filter(name=name).first() or user.remote_keys.first()
            if key is None:
                key = reset_remote_key(user, name)
        self.stdout.write(key.key)
