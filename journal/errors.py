"""Domain errors. Doors map `code` to their protocol's error (LJ number, FF errorCode)."""

from __future__ import annotations


class DomainError(Exception):
    """A verb refused to act. `code` is stable and machine-readable; the message names it."""

    code = "error"

    def __init__(self, message: str, *, code: str | None = None, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        if code is not None:
            self.code = code

    def __str__(self) -> str:
        return self.message


class InvalidInput(DomainError):
    """A value is missing, of the wrong type, too long or out of range."""

    code = "invalid"


class NotFound(DomainError):
    """The user, journal, entry or comment does not exist (or may not be seen)."""

    code = "not-found"


class Forbidden(DomainError):
    """The actor may not do this (not the author, not a member, banned, suspended...)."""

    code = "forbidden"


class Conflict(DomainError):
    """The change clashes with existing state (username taken, group bit in use...)."""

    code = "conflict"
