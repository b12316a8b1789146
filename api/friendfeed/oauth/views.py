"""FriendFeed's OAuth 1.0a endpoints under /account/oauth/ (spec §3).

Token endpoints accept GET and POST (1.0 clients GET with params in the query; modern
libraries POST). They answer form-encoded bodies; failures are 401 with FriendFeed's JSON
error body. The authorize/authenticate pages are the website's: login required, CSRF on.
"""

from __future__ import annotations

import datetime as dt
import hmac
import secrets
import time
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from api.friendfeed.models import AccessToken, Application, RequestToken, new_verifier
from api.friendfeed.oauth.endpoints import OAuthFailure, verify
from journal import net
from journal.models import RemoteKey, User
from journal.models.user import canonical_username

_FORM_TYPE = "application/x-www-form-urlencoded"


def _unauthorized(reason: str = "") -> HttpResponse:
    response = HttpResponse(
        b'{"errorCode":"unauthorized"}', status=401, content_type="text/javascript; charset=utf-8"
    )
    response["WWW-Authenticate"] = 'OAuth realm="FriendFeed"'
    if reason:
        response["X-OAuth-Problem"] = reason[:200]
    return response


def _form(data: dict[str, str]) -> HttpResponse:
    return HttpResponse(urlencode(data).encode(), content_type=_FORM_TYPE)


def _callback_for(token: RequestToken, late: str = "") -> str:
    """Where the user goes after approving: the client's oauth_callback when it may be
    honoured, else the registered callback; "" means show the verifier (out of band).

    FriendFeed ignored oauth_callback "for security reasons"; we honour it only when the app
    registered no callback or when it stays on the registered callback's scheme and host, so
    a stolen consumer key cannot send the verifier elsewhere. `late` is an oauth_callback
    given to the authorize page, OAuth 1.0 style (before 1.0a moved it to request_token).
    """
    registered = token.application.callback_url
    asked = token.callback or (_clean_callback(late) or "")
    if asked == "oob":
        return ""
    if asked:
        if not registered:
            return asked
        a, r = urlsplit(asked), urlsplit(registered)
        if (a.scheme, a.netloc.lower()) == (r.scheme, r.netloc.lower()):
            return asked
    return registered


def _with_params(url: str, params: dict[str, str]) -> str:
    parts = urlsplit(url)
    query = [*parse_qsl(parts.query, keep_blank_values=True), *params.items()]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), parts.fragment))


def _clean_callback(value: str | None) -> str | None:
    """oauth_callback: "oob", an http(s) URL, or absent (OAuth 1.0 clients)."""
    if not value:
        return ""
    if value == "oob":
        return value
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or len(value) > 500:
        return None
    return value


@csrf_exempt
@require_http_methods(["GET", "POST"])
def request_token(request: HttpRequest) -> HttpResponse:
    """Consumer-signed; answers a request token and its secret."""
    try:
        signed = verify(request, token="none")
    except OAuthFailure as exc:
        return _unauthorized(exc.reason)
    callback = _clean_callback(signed.redirect_uri)
    if callback is None:
        return HttpResponseBadRequest(b"oauth_problem=parameter_rejected&parameter=oauth_callback")
    token = RequestToken.objects.create(application=signed.ff_application, callback=callback)
    if secrets.randbelow(50) == 0:  # now and then, forget request tokens nobody exchanged
        lifetime = getattr(settings, "OAUTH1_REQUEST_TOKEN_LIFETIME", 3600)
        RequestToken.objects.filter(
            created_at__lt=timezone.now() - dt.timedelta(seconds=lifetime)
        ).delete()
    return _form(
        {
            "oauth_token": token.key,
            "oauth_token_secret": token.secret,
            "oauth_callback_confirmed": "true",
        }
    )


def _pending_token(request: HttpRequest) -> RequestToken | None:
    key = request.POST.get("oauth_token") or request.GET.get("oauth_token") or ""
    token = (
        RequestToken.objects.select_related("application")
        .filter(key=key, application__is_active=True)
        .first()
    )
    if token is None or token.is_expired or token.user_id is not None:
        return None
    return token


def _late_callback(request: HttpRequest) -> str:
    return request.POST.get("oauth_callback") or request.GET.get("oauth_callback") or ""


def _approve(request: HttpRequest, token: RequestToken) -> HttpResponse:
    token.user = request.user
    token.verifier = new_verifier()
    token.save(update_fields=["user", "verifier"])
    callback = _callback_for(token, _late_callback(request))
    if not callback:
        return render(
            request, "developer/oauth_verifier.html", {"token": token, "app": token.application}
        )
    # Always add oauth_verifier: 1.0 clients ignore it; 1.0a libraries refuse to go on
    # without it (spec §3).
    return HttpResponseRedirect(
        _with_params(callback, {"oauth_token": token.key, "oauth_verifier": token.verifier})
    )


def _prompt(request: HttpRequest, *, skip_if_authorised: bool) -> HttpResponse:
    token = _pending_token(request)
    if token is None:
        return render(request, "developer/oauth_invalid.html", status=400)
    if request.method == "POST":
        if request.POST.get("approve"):
            return _approve(request, token)
        token.delete()
        return render(request, "developer/oauth_denied.html", {"app": token.application})
    if (
        skip_if_authorised
        and AccessToken.objects.filter(user=request.user, application=token.application).exists()
    ):
        return _approve(request, token)
    context = {"token": token, "app": token.application, "callback": _late_callback(request)}
    return render(request, "developer/oauth_authorize.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def authorize(request: HttpRequest) -> HttpResponse:
    """The user approves (or denies) the application on a web page."""
    return _prompt(request, skip_if_authorised=False)


@login_required
@require_http_methods(["GET", "POST"])
def authenticate(request: HttpRequest) -> HttpResponse:
    """ "Sign in with FriendFeed": no prompt for an application the user already approved."""
    return _prompt(request, skip_if_authorised=True)


def _token_response(token: AccessToken) -> HttpResponse:
    # `username` is read by the official example app and Tornado's mixin.
    return _form(
        {
            "oauth_token": token.key,
            "oauth_token_secret": token.secret,
            "username": token.user.username,
        }
    )


@csrf_exempt
@require_http_methods(["GET", "POST"])
def access_token(request: HttpRequest) -> HttpResponse:
    """Exchange an authorised request token (signed with its secret) for an access token."""
    try:
        signed = verify(request, token="request")
    except OAuthFailure as exc:
        return _unauthorized(exc.reason)
    pending: RequestToken = signed.ff_request_token
    user = pending.user
    if user is None or not pending.verifier:
        return _unauthorized("token not authorised")
    if signed.verifier:
        if not hmac.compare_digest(signed.verifier, pending.verifier):
            return _unauthorized("bad verifier")
    elif pending.callback:
        # Only OAuth 1.0 clients (which sent no oauth_callback) may omit the verifier.
        return _unauthorized("verifier required")
    if user.is_suspended or not user.is_active:
        return _unauthorized("account suspended")
    with transaction.atomic():
        # Single use: a concurrent twin exchange finds nothing left to delete.
        if RequestToken.objects.filter(pk=pending.pk).delete()[0] == 0:
            return _unauthorized("token already used")
        token = AccessToken.objects.create(
            application=pending.application, user=user, kind=AccessToken.Kind.WEB
        )
    return _token_response(token)


def _password_ok(user: User, password: str) -> bool:
    """The account password or one of the user's remote keys."""
    if not password:
        return False
    keys = RemoteKey.objects.filter(user=user).values_list("key", flat=True)
    matched = any(hmac.compare_digest(k.encode(), password.encode()) for k in keys)
    return user.check_password(password) or matched


# Password guesses through ia_access_token: failures allowed per address and per username
# in a window before the endpoint answers 403 limit-exceeded (FriendFeed's rate-limit code).
IA_FAILURE_LIMIT = (20, 900)


def _ia_buckets(request: HttpRequest, username: str) -> list[str]:
    window = int(time.time() // IA_FAILURE_LIMIT[1])
    ip = net.client_ip(request) or "unknown"
    return [f"ff-ia-fail:ip:{ip}:{window}", f"ff-ia-fail:u:{username}:{window}"]


def _ia_blocked(buckets: list[str]) -> bool:
    limit = getattr(settings, "OAUTH1_IA_FAILURE_LIMIT", IA_FAILURE_LIMIT)[0]
    return any((cache.get(key) or 0) >= limit for key in buckets)


def _ia_failed(buckets: list[str]) -> None:
    for key in buckets:
        if not cache.add(key, 1, timeout=IA_FAILURE_LIMIT[1] + 5):
            try:
                cache.incr(key)
            except ValueError:
                cache.set(key, 1, timeout=IA_FAILURE_LIMIT[1] + 5)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def ia_access_token(request: HttpRequest) -> HttpResponse:
    """Installed-application auth: consumer-signed, with ff_username and ff_password."""
    try:
        signed = verify(request, token="none")
    except OAuthFailure as exc:
        return _unauthorized(exc.reason)
    app: Application = signed.ff_application
    if not app.allow_ia:
        return _unauthorized("installed-application auth is off for this application")
    params = dict(signed.params)
    username = canonical_username(params.get("ff_username", ""))
    if "\x00" in username or "\x00" in params.get("ff_password", ""):
        # No account has one; PostgreSQL refuses it in a query, memcached in a cache key.
        return _unauthorized("bad username or password")
    buckets = _ia_buckets(request, username)
    if _ia_blocked(buckets):
        return HttpResponse(
            b'{"errorCode":"limit-exceeded"}',
            status=403,
            content_type="text/javascript; charset=utf-8",
        )
    user = User.objects.filter(username=username).first() if username else None
    if user is None or not _password_ok(user, params.get("ff_password", "")):
        _ia_failed(buckets)
        return _unauthorized("bad username or password")
    if user.is_suspended or not user.is_active:
        return _unauthorized("account suspended")
    token = AccessToken.objects.create(application=app, user=user, kind=AccessToken.Kind.INSTALLED)
    return _token_response(token)
