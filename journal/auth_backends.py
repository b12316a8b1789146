"""The site's authentication backend: Django's, with suspension applied to sessions too."""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend


class AccountBackend(ModelBackend):
    """A suspended account's existing browser sessions stop being logged in at once.

    `authenticate` stays Django's, so the login form can still say *why* it refuses a
    suspended account (journal.forms); every later request resolves its session's user
    through `get_user`, which is where suspension has to bite.
    """

    def get_user(self, user_id):
        user = super().get_user(user_id)
        if user is None or user.is_suspended:
            return None
        return user
