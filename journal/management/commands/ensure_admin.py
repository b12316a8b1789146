"""`manage.py ensure_admin`: on a first run, offer an admin account (used by `make run`).

ADMIN_USERNAME (default "admin") and ADMIN_PASSWORD choose it; without ADMIN_PASSWORD a
random password is generated, printed and written to var/admin-password.txt.
"""

import os
import secrets

from django.conf import settings
from django.core.management.base import BaseCommand

from journal.models import User
from journal.services import register


class Command(BaseCommand):
    help = "Create the admin account if no superuser exists yet."

    def handle(self, *args, **options):
        if User.objects.filter(is_superuser=True).exists():
            return
        username = os.environ.get("ADMIN_USERNAME", "admin")
        password = os.environ.get("ADMIN_PASSWORD") or secrets.token_urlsafe(12)
        user = User.objects.filter(username=username).first() or register(
            username, password, name="Administrator"
        )
        user.set_password(password)
        user.is_staff = user.is_superuser = True
        user.save()
        note = settings.VAR_DIR / "admin-password.txt"
        note.parent.mkdir(parents=True, exist_ok=True)
        if not os.environ.get("ADMIN_PASSWORD"):
            note.write_text(f"{username} {password}\n")
            note.chmod(0o600)
        # A password the operator chose is never echoed; a generated one must be shown once.
        shown = "(password from ADMIN_PASSWORD)" if os.environ.get("ADMIN_PASSWORD") else password
        self.stdout.write(
            self.style.SUCCESS(
                f"Admin account: {username} / {shown}  (http://127.0.0.1:8000/admin/)"
            )
        )
