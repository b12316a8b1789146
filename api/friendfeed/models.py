"""OAuth 1.0a storage for the FriendFeed door: registered applications, tokens, nonces.

OAuth 2 (the modern addition) lives in django-oauth-toolkit's own tables.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from oauth2_provider.settings import oauth2_settings


def new_key() -> str:
    """A 32-character token: inside the lengths we accept and unguessable."""
    return secrets.token_hex(16)


def new_verifier() -> str:
    return secrets.token_hex(12)


class Application(models.Model):
    """A registered API client; its name and url become an entry's `via`."""

    name = models.CharField(max_length=100)
    url = models.URLField(max_length=500, blank=True, help_text="Shown as the entry's via link.")
    description = models.TextField(blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="friendfeed_applications",
    )
    consumer_key = models.CharField(max_length=64, unique=True, default=new_key)
    consumer_secret = models.CharField(max_length=64, default=new_key)
    # FriendFeed redirected to the registered callback; modern clients send oauth_callback.
    callback_url = models.URLField(max_length=500, blank=True)
    # Installed-application auth (ff_username/ff_password) may be switched off per app.
    allow_ia = models.BooleanField(default=True, verbose_name="allow installed-application auth")
    # The same client's OAuth 2 registration (django-oauth-toolkit), for bearer tokens' via.
    oauth2_application = models.OneToOneField(
        oauth2_settings.APPLICATION_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="friendfeed_application",
    )
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class RequestToken(models.Model):
    """A temporary credential of the 3-legged flow, authorised by a user on the website."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="request_tokens"
    )
    key = models.CharField(max_length=64, unique=True, default=new_key)
    secret = models.CharField(max_length=64, default=new_key)
    # The oauth_callback the client sent ("" for OAuth 1.0 clients, "oob" for PIN flows).
    callback = models.CharField(max_length=500, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    verifier = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"request token {self.key[:6]}… for {self.application}"

    @property
    def is_expired(self) -> bool:
        lifetime = getattr(settings, "OAUTH1_REQUEST_TOKEN_LIFETIME", 3600)
        return (timezone.now() - self.created_at).total_seconds() > lifetime


class AccessToken(models.Model):
    """A user's grant to an application; deleted when revoked or the password changes."""

    class Kind(models.TextChoices):
        WEB = "web", "3-legged"
        INSTALLED = "ia", "installed application"

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="access_tokens"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="friendfeed_tokens"
    )
    key = models.CharField(max_length=64, unique=True, default=new_key)
    secret = models.CharField(max_length=64, default=new_key)
    kind = models.CharField(max_length=3, choices=Kind.choices, default=Kind.WEB)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"access token {self.key[:6]}… of {self.user_id} for {self.application}"


class Nonce(models.Model):
    """A (consumer, token, timestamp, nonce) already used: a replay is refused."""

    consumer_key = models.CharField(max_length=64)
    token = models.CharField(max_length=64, blank=True)
    timestamp = models.BigIntegerField()
    nonce = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["consumer_key", "token", "timestamp", "nonce"], name="ff_nonce_unique"
            )
        ]
        indexes = [models.Index(fields=["timestamp"])]

    def __str__(self) -> str:
        return self.nonce


class SavedSearch(models.Model):
    """A search a user saved on the website's search page: /feedlist `searches[]`."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches"
    )
    name = models.CharField(max_length=100, blank=True)
    query = models.CharField(max_length=500)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "query"], name="saved_search_unique"),
        ]

    def __str__(self) -> str:
        return self.name or self.query
