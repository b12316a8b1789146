"""`manage.py ensure_admin`: on a first run, offer an admin account (used by `make run`).

ADMIN_USERNAME (default "admin") and ADMIN_PASSWORD choose it; without ADMIN_PASSWORD a
random password is generated, printed and written to var/admin-password.txt.
"""

from __future__ import annotations

import os
import secrets

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from journal.errors import DomainError
from journal.models import User
from journal.services import register


class Command(BaseCommand):
    help = "Create the admin account if no superuser exists yet."

    def handle(self, *args, **options) -> None:
        if User.objects.filter(is_superuser=True).exists():
            return  # idempotent: every `make run` calls this
        username = os.environ.get("ADMIN_USERNAME", "admin")
        chosen = os.environ.get("ADMIN_PASSWORD")
        password = chosen or secrets.token_urlsafe(12)
        try:
            with transaction.atomic():
                user = User.objects.filter(username=username.strip().lower()).first()
                if user is None:
                    user = register(username, password, name="Administrator")
                user.set_password(password)
                user.is_staff = user.is_superuser = True
                user.save()
        except DomainError as exc:
            raise CommandError(f"ADMIN_USERNAME: {exc}") from exc
        if not chosen:
            note = settings.VAR_DIR / "admin-password.txt"
            note.parent.mkdir(parents=True, exist_ok=True)
            # Created private (0600) rather than chmod-ed afterwards, so it is never readable.
            fd = os.open(note, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w") as handle:
                handle.write(f"{user.username} {password}\n")
            note.chmod(0o600)
        # A password the operator chose is never echoed; a generated one must be shown once.
        shown = "(password from ADMIN_PASSWORD)" if chosen else password
        self.stdout.write(
            self.style.SUCCESS(
                f"Admin account: {user.username} / {shown}  ({settings.SITE_URL}/admin/)"
            )
        )
