"""FriendFeed errors: an HTTP status plus `{"errorCode": "..."}` (the v2 page, "Errors")."""

from __future__ import annotations

from journal.errors import Conflict, DomainError, Forbidden, InvalidInput, NotFound


class ApiError(Exception):
    """A refusal rendered by the door as `status` + `{"errorCode": code}`."""

    def __init__(self, code: str, status: int = 400):
        super().__init__(code)
        self.code = code
        self.status = status


def required(name: str) -> ApiError:
    """The page's `ARG-required` family, e.g. `body-required`."""
    return ApiError(f"{name}-required", 400)


def unauthorized() -> ApiError:
    return ApiError("unauthorized", 401)


def forbidden() -> ApiError:
    return ApiError("forbidden", 403)


def from_domain(exc: DomainError) -> ApiError:
    """Map a verb's refusal to the FriendFeed code clients know (v1's list where v2 is silent)."""
    code = exc.code
    if code in ("unauthorized",):
        return ApiError("unauthorized", 401)
    if isinstance(exc, Forbidden):
        # Clients only know "forbidden" for every kind of refusal (banned, not the author...).
        return ApiError("forbidden", 403)
    if isinstance(exc, NotFound):
        if code.endswith("-not-found"):
            if code.startswith("user-") or code.startswith("journal-"):
                return ApiError("feed-not-found", 404)
            return ApiError(code, 404)
        return ApiError("not-found", 404)
    if isinstance(exc, InvalidInput | Conflict):
        if code == "bad-url":
            return ApiError("bad-url-format", 400)  # v1's name, as audio_url and /url answer
        if code in ("invalid", "conflict", "error"):
            field = exc.field or ""
            return ApiError(f"bad-{field}" if field else "error", 400)
        return ApiError(code, 400)
    return ApiError("error", 400)
