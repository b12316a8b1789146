"""The base view: auth classes, error mapping, options and the shared lookups.

Views are short and linear: parse Params, call one domain verb or resolver, render a dict.
JSONP requests (`callback=`) ignore authentication, as the page says.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from typing import Any

from django.core.exceptions import SuspiciousOperation
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions
from rest_framework.renderers import JSONRenderer
from rest_framework.views import APIView

from api.friendfeed import auth, renderers
from api.friendfeed import locale as L
from api.friendfeed.builders import Context, Options, page_queryset
from api.friendfeed.errors import ApiError, from_domain, unauthorized
from api.friendfeed.params import Params
from feeds.feedids import parse_entry_id
from journal import readcache
from journal.errors import DomainError
from journal.models import Comment, Entry, User
from journal.visibility import visible_entries

log = logging.getLogger(__name__)


def parse_limit(params: Params, name: str) -> int | str | None:
    raw = params.get(name)
    if raw is None:
        return None
    if raw.lower() == "auto":
        return "auto"
    if not (raw.isascii() and raw.isdigit()):  # "²".isdigit() is true; int() refuses it
        raise ApiError(f"bad-{name}", 400)
    return int(raw)


def parse_options(params: Params) -> Options:
    return Options(
        raw=params.flag("raw"),
        maxcomments=parse_limit(params, "maxcomments"),
        maxlikes=parse_limit(params, "maxlikes"),
        fof=params.flag("fof"),
        hidden=params.flag("hidden"),
        address_html=params.flag("address_html"),
        locale=L.choose(params.get("locale")),
    )


class FriendFeedView(APIView):
    """Every /v2/ method: FriendFeed auth, FriendFeed errors, our own renderers."""

    authentication_classes = auth.authentication_classes()
    permission_classes: list = []
    metadata_class = None  # OPTIONS is 405, not DRF's description of renderers unused here
    allow_json_param = False
    viewer: User | None = None

    def perform_content_negotiation(self, request, force=False):
        # The format is FriendFeed's `format=` parameter, never the Accept header (a client
        # sending `Accept: application/xml` must not get a 406).
        return JSONRenderer(), "application/json"

    def perform_authentication(self, request) -> None:
        if renderers.callback_name(request._request):
            self.viewer = None  # "All authentication is ignored if callback= is given"
            return
        user = request.user
        self.viewer = user if user is not None and user.is_authenticated else None

    def initial(self, request, *args, **kwargs) -> None:
        super().initial(request, *args, **kwargs)
        self.params = Params(request._request, allow_json=self.allow_json_param)

    def handle_exception(self, exc: Exception) -> HttpResponse:
        request = self.request._request if hasattr(self.request, "_request") else self.request
        if isinstance(exc, DomainError):
            exc = from_domain(exc)
        if isinstance(exc, ApiError):
            response = renderers.render_error(request, exc.code, exc.status)
            if exc.status == 401:
                response["WWW-Authenticate"] = auth.REALM
            return response
        if isinstance(exc, exceptions.AuthenticationFailed | exceptions.NotAuthenticated):
            response = renderers.render_error(request, "unauthorized", 401)
            response["WWW-Authenticate"] = auth.REALM
            return response
        if isinstance(exc, exceptions.MethodNotAllowed):
            return renderers.render_error(request, "method-not-allowed", 405)
        if isinstance(exc, exceptions.Throttled):
            return renderers.render_error(request, "limit-exceeded", 403)
        if isinstance(exc, MultiPartParserError | SuspiciousOperation | UnreadablePostError):
            # A body Django cannot parse (no multipart boundary, too many fields, too big):
            # the client's fault, answered in FriendFeed's shape rather than a 500.
            return renderers.render_error(request, "bad-request", 400)
        if isinstance(exc, exceptions.APIException):
            return renderers.render_error(request, "error", exc.status_code)
        log.exception("FriendFeed API error")
        return renderers.render_error(request, "internal-server-error", 500)

    # -- helpers ------------------------------------------------------------------------

    def require_user(self) -> User:
        if self.viewer is None:
            raise unauthorized()
        return self.viewer

    def context(self) -> Context:
        return Context(viewer=self.viewer, options=parse_options(self.params))

    def cached_response(self, build: Callable[[], HttpResponse]) -> HttpResponse:
        """`build()`'s response, or the same bytes from the read cache while nothing changed.

        The key is the viewer (None for JSONP, which ignores authentication), the host, the
        path and every query parameter that chooses the answer; only successful answers are
        kept.
        """
        request = self.request._request
        viewer = self.viewer.pk if self.viewer is not None else None
        params = tuple(
            sorted((k, tuple(v)) for k, v in request.GET.lists() if not _not_a_choice(k))
        )
        built: list[HttpResponse] = []

        def page() -> tuple[int, list[tuple[str, str]], bytes] | None:
            response = build()
            built.append(response)
            if response.status_code != 200 or response.streaming:
                return None
            return response.status_code, list(response.items()), response.content

        parts = (viewer, request.get_host(), request.path, params)
        answer = readcache.cached("ff", parts, page, request=request)
        if built:
            return built[0]
        status, headers, content = answer
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        return response

    def respond(self, data: dict[str, Any], *, root: str = "response", status: int = 200):
        return renderers.render(self.request._request, data, root=root, status=status)

    def required(self, name: str) -> str:
        value = self.params.get(name)
        if value is None or not value.strip():
            raise ApiError(f"{name}-required", 400)
        return value.strip()

    # -- lookups (all through journal.visibility) -----------------------------------------

    def visible_entry(self, raw_id: str, viewer: User | None = None) -> Entry:
        """The entry with this public id if `viewer` may see it; else entry-not-found."""
        entry_uuid = parse_entry_id(raw_id)
        who = viewer if viewer is not None else self.viewer
        qs: QuerySet[Entry] = visible_entries(who, Entry.objects.filter(uuid=entry_uuid))
        entry = page_queryset(qs).first()
        if entry is None:
            raise ApiError("entry-not-found", 404)
        return entry

    def reload(self, entry: Entry) -> Entry:
        """The entry again with everything a response needs (after a write)."""
        return page_queryset(Entry.objects.filter(pk=entry.pk)).get()

    def any_entry(self, raw_id: str) -> Entry:
        """An entry whatever its state (for undelete: the verb checks who may)."""
        entry = page_queryset(Entry.objects.filter(uuid=parse_entry_id(raw_id))).first()
        if entry is None:
            raise ApiError("entry-not-found", 404)
        return entry

    def find_comment(self, raw_id: str, *, include_deleted: bool = False) -> Comment:
        """`e/<entry hex>/c/<comment hex>` on an entry the viewer can see."""
        entry_part, sep, comment_part = (raw_id or "").partition("/c/")
        if not sep:
            raise ApiError("bad-id-format", 400)
        try:
            comment_uuid = uuid.UUID(comment_part)
        except ValueError:
            raise ApiError("bad-id-format", 400) from None
        entry = self.visible_entry(entry_part)
        comment = (
            # A suspended person's comments are hidden under the entry, and here too.
            Comment.objects.filter(entry=entry, uuid=comment_uuid, author__is_suspended=False)
            .select_related("author", "author__journal")
            .first()
        )
        if comment is None or (comment.is_deleted and not include_deleted):
            raise ApiError("comment-not-found", 404)
        comment.entry = entry
        return comment


def _not_a_choice(name: str) -> bool:
    """Query parameters that do not choose what a read answers, left out of its cache key:
    OAuth 1.0a's signature parameters (the viewer they authenticate is in the key) and the
    `_` cache-buster some JavaScript clients add to every request."""
    return name.startswith("oauth_") or name == "_"


@csrf_exempt  # friendfeed-v2.md §2: everything under /v2/ is exempt, unknown paths too
def not_found(request: HttpRequest) -> HttpResponse:
    """An unknown method under /v2/: FriendFeed's error shape, never the website's page."""
    return renderers.render_error(request, "not-found", 404)
