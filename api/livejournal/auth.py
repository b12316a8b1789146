"""LiveJournal authentication: clear, hpassword, challenge–response (c0) and cookie.

Each request authenticates on its own (spec §2). The account password works in clear; the
md5-based methods (hpassword, c0) need md5 of the secret on the server, which Django's
password hashes cannot give, so they work with the user's remote keys (a remote key also
works wherever a clear password does, like Dreamwidth's API keys).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from api.livejournal.errors import LJError
from api.livejournal.models import UsedChallenge
from api.livejournal.params import text
from journal import net, readcache
from journal.models import ProtocolSession, RemoteKey, User
from journal.models.user import canonical_username, username_validator

CHALLENGE_LIFETIME = 60  # seconds (spec §2.2)
CHALLENGE_SCHEME = "c0"
# Failed logins per IP before error 402, and how long they are remembered (spec §2.4);
# settings LJ_LOGIN_FAILURE_LIMIT / LJ_LOGIN_FAILURE_WINDOW override them.
FAILURE_LIMIT = 5
FAILURE_WINDOW = 300
SESSION_COOKIE = "ljsession"
# Request keys that carry credentials (secrets, and new with each challenge), not choices of
# what a mode answers: a cached answer's key leaves them out.
CREDENTIAL_KEYS = frozenset(
    {"password", "hpassword", "auth_method", "auth_challenge", "auth_response"}
)


def md5_hex(value: str) -> str:
    return hashlib.md5(value.encode()).hexdigest()


def client_ip(request: HttpRequest | None) -> str:
    """The client's address for the failure ban and `bindtoip` sessions (journal.net)."""
    return net.client_ip(request)


def valid_username(raw: str) -> str | None:
    """LiveJournal's canonical form of `raw`, or None when it cannot be a username."""
    name = canonical_username(raw or "")
    try:
        username_validator(name)
    except Exception:
        return None
    return name


# --- challenges -------------------------------------------------------------------------


def _sign(payload: str) -> str:
    return salted_hmac("api.livejournal.challenge", payload, algorithm="sha256").hexdigest()[:32]


def issue_challenge(now: int | None = None) -> dict[str, Any]:
    """A signed, self-describing challenge; nothing is stored until it is used."""
    now = int(time.time()) if now is None else now
    nonce = secrets.token_hex(10)  # 20 characters from one urandom call
    payload = f"{CHALLENGE_SCHEME}:{now}:0:{CHALLENGE_LIFETIME}:{nonce}"
    return {
        "auth_scheme": CHALLENGE_SCHEME,
        "challenge": f"{payload}:{_sign(payload)}",
        "server_time": now,
        "expire_time": now + CHALLENGE_LIFETIME,
    }


def _check_challenge(challenge: str) -> None:
    """Signature, expiry and single use; raises 101 (bad/reused) or 105 (expired)."""
    parts = challenge.split(":")
    if len(parts) != 6 or parts[0] != CHALLENGE_SCHEME:
        raise LJError(101)
    payload, signature = ":".join(parts[:5]), parts[5]
    if not constant_time_compare(signature, _sign(payload)):
        raise LJError(101)
    try:
        issued, lifetime = int(parts[1]), int(parts[3])
    except ValueError:
        raise LJError(101) from None
    if time.time() > issued + lifetime:
        raise LJError(105)
    try:
        with transaction.atomic():
            UsedChallenge.objects.create(challenge=challenge)
    except IntegrityError:
        raise LJError(101) from None
    if secrets.randbelow(100) == 0:
        # Expired challenges are refused by their signed time; their rows can go.
        cutoff = timezone.now() - timezone.timedelta(seconds=2 * CHALLENGE_LIFETIME)
        UsedChallenge.objects.filter(used_at__lt=cutoff).delete()


# --- failure rate limit -------------------------------------------------------------------


def _failure_key(ip: str) -> str:
    return f"lj:loginfail:{ip}"


def _limits() -> tuple[int, int]:
    return (
        getattr(settings, "LJ_LOGIN_FAILURE_LIMIT", FAILURE_LIMIT),
        getattr(settings, "LJ_LOGIN_FAILURE_WINDOW", FAILURE_WINDOW),
    )


def _check_not_banned(ip: str) -> None:
    if ip and (cache.get(_failure_key(ip)) or 0) >= _limits()[0]:
        raise LJError(402)


def _record_failure(ip: str) -> None:
    if not ip:
        return
    key, window = _failure_key(ip), _limits()[1]
    if cache.add(key, 1, window):
        return
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, window)


# --- sessions (ljsession cookie) ----------------------------------------------------------


@dataclass
class SessionCookie:
    user_id: int
    session_id: int
    secret: str


def format_session_cookie(session: ProtocolSession) -> str:
    """LiveJournal's cookie shape `v1:u<userid>:s<sessid>:a<auth>//<generation>`."""
    return f"v1:u{session.user_id}:s{session.pk}:a{session.secret}//1"


def parse_session_cookie(value: str) -> SessionCookie | None:
    head = (value or "").split("//", 1)[0]
    parts = head.split(":")
    if len(parts) < 4 or parts[0] != "v1":
        return None
    try:
        user_id, session_id = int(parts[1][1:]), int(parts[2][1:])
    except ValueError:
        return None
    if parts[1][:1] != "u" or parts[2][:1] != "s" or parts[3][:1] != "a":
        return None
    return SessionCookie(user_id, session_id, parts[3][1:])


def session_user(value: str, ip: str) -> User | None:
    """The user an `ljsession` cookie logs in, or None (expired, forged, wrong IP)."""
    cookie = parse_session_cookie(value)
    if cookie is None:
        return None
    session = (
        ProtocolSession.objects.select_related("user")
        .filter(pk=cookie.session_id, user_id=cookie.user_id)
        .first()
    )
    if session is None or not session.is_active:
        return None
    if not constant_time_compare(session.secret, cookie.secret):
        return None
    if session.bound_ip and session.bound_ip != ip:
        return None
    user = session.user
    if user.is_suspended or not user.is_active:
        return None
    return user


# --- the authentication step ----------------------------------------------------------------


def _remote_keys(user: User) -> list[str]:
    return list(RemoteKey.objects.filter(user=user).values_list("key", flat=True))


def _verify(user: User, args: dict[str, Any], request: HttpRequest | None) -> bool:
    method = text(args, "auth_method", "clear").strip().lower() or "clear"
    if method == "clear":
        # LJ checks hpassword, then password: either one being right is enough (spec §2.1).
        hpassword = text(args, "hpassword").strip().lower()
        if hpassword and any(
            hmac.compare_digest(hpassword, md5_hex(k)) for k in _remote_keys(user)
        ):
            return True
        password = text(args, "password")
        if not password:
            return False
        if any(hmac.compare_digest(password, k) for k in _remote_keys(user)):
            return True
        return user.check_password(password)
    if method == "challenge":
        challenge = text(args, "auth_challenge").strip()
        response = text(args, "auth_response").strip().lower()
        _check_challenge(challenge)  # raises 101/105 itself
        return any(
            hmac.compare_digest(response, md5_hex(challenge + md5_hex(k)))
            for k in _remote_keys(user)
        )
    if method == "cookie":
        # The header is LiveJournal's anti-CSRF guard: a browser form cannot set it.
        if request is None or request.headers.get("X-LJ-Auth", "").lower() != "cookie":
            return False
        cookie_user = session_user(request.COOKIES.get(SESSION_COOKIE, ""), client_ip(request))
        if cookie_user is None:
            site_user = getattr(request, "user", None)
            if site_user is not None and site_user.is_authenticated:
                cookie_user = site_user
        return cookie_user is not None and cookie_user.pk == user.pk
    return False


def authenticate(
    args: dict[str, Any], request: HttpRequest | None, *, allow_suspended: bool = False
) -> User:
    """The user named by `username` if the credentials are right; raises LJError otherwise.

    Order as in LiveJournal: username (200/100), IP failure ban (402), credentials (101/105),
    then account state (305 for a suspended account with good credentials, unless
    `allow_suspended`: the console answers such an account with its own status line).
    """
    raw = text(args, "username")
    if not raw.strip():
        raise LJError(200, "username")
    username = valid_username(raw)
    if username is None:
        raise LJError(100)
    ip = client_ip(request)
    _check_not_banned(ip)
    method = text(args, "auth_method", "clear").strip().lower() or "clear"
    hpassword = text(args, "hpassword").strip().lower() if method == "clear" else ""
    if hpassword and not text(args, "password"):
        # Clients send the same hpassword with every call: a success is remembered until
        # anything changes (journal/readcache.py), which covers a revoked key or a suspended
        # account; a failure raises, is counted, and is never remembered. (With a password
        # too, either may be the right one: that is checked in full, never remembered.)
        user = readcache.cached_login(
            "lj.hpassword",
            username,
            hpassword,
            lambda: _checked(username, args, request, ip, remembered=True),
            request=request,
        )
    else:
        user = _checked(username, args, request, ip)
    if user.is_suspended and not allow_suspended:
        raise LJError(305)
    return user


def _checked(
    username: str,
    args: dict[str, Any],
    request: HttpRequest | None,
    ip: str,
    *,
    remembered: bool = False,
) -> User:
    """The full check, counting each failure against the client's address. A user to be
    remembered in the cache is loaded without the password hash (hpassword never needs it)."""
    users = User.objects.select_related("journal")
    if remembered:
        users = users.defer("password")
    user = users.filter(username=username).first()
    if user is None or not user.is_active:
        _record_failure(ip)
        raise LJError(100)
    try:
        ok = _verify(user, args, request)
    except LJError:
        _record_failure(ip)
        raise
    if not ok:
        _record_failure(ip)
        raise LJError(101)
    return user
