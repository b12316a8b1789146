"""Shared helpers of the website's views: lookups, decoration of entry lists, form errors.

Every list of entries a page shows goes through `decorate()`, which batch-loads comments,
likes and the viewer's moderation rights in a fixed number of queries (not one per entry).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import wraps
from typing import Any

from django import forms
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from journal.errors import DomainError
from journal.models import (
    Comment,
    Entry,
    Journal,
    Like,
    Membership,
    User,
    Userpic,
    UserpicKeyword,
)
from journal.props import is_set
from journal.rendering import render_entry, render_subject

PAGE_SIZE = 20
# A feed shows up to 3 comments in full, else first + "N more comments" + last
# (FriendFeed's maxcomments=auto); up to 4 likes, else 3 + "N other people".
MAX_FULL_COMMENTS = 3
MAX_FULL_LIKES = 4
_CUT = re.compile(r"<lj-cut", re.IGNORECASE)

# First path segments the website never treats as a journal name (protocol and site paths).
RESERVED_NAMES = frozenset(
    {
        "admin",
        "v2",
        "api",
        "interface",
        "account",
        "static",
        "media",
        "health",
        "login",
        "logout",
        "signup",
        "password",
        "settings",
        "post",
        "search",
        "public",
        "messages",
        "discussions",
        "friends",
        "communities",
        "e",
        "entry",
        "comment",
        "users",
    }
)


# A journal name in a route: never a first segment the protocols use (admin, v2, api, ...).
USERNAME_PATTERN = (
    r"(?P<username>(?!(?:admin|v2|api|interface|account|static|media|health)(?:/|$))"
    r"[a-z0-9_]{1,25})"
)


def entry_path(entry: Entry) -> str:
    """The site-relative LiveJournal permalink of an entry."""
    return f"/{entry.journal.name}/{entry.ditemid}.html"


def get_journal(name: str) -> Journal:
    """A journal by name, or 404 (suspended people's journals are gone too)."""
    journal = Journal.objects.select_related("user").filter(name=name).first()
    if journal is None or (journal.user_id is not None and journal.user.is_suspended):
        raise Http404("No such journal.")
    return journal


def wants_json(request: HttpRequest) -> bool:
    """The page's own script asks for JSON; plain form posts get a redirect."""
    return "application/json" in request.headers.get("Accept", "")


def back(request: HttpRequest, default: str = "/") -> HttpResponse:
    """Redirect to the `next` field when it is a local URL, else to `default`."""
    target = request.POST.get("next") or request.GET.get("next") or default
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = default
    return redirect(target)


def add_domain_error(form: forms.Form, exc: DomainError) -> None:
    """Show a refused verb's message on the form field it names (or the whole form)."""
    target = exc.field if exc.field in form.fields else None
    form.add_error(target, exc.message)


def login_required_page(view: Callable) -> Callable:
    """Like Django's login_required, but JSON callers get a 401 rather than a redirect."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            if wants_json(request):
                return JsonResponse({"error": "You must log in."}, status=401)
            return redirect(f"/login?next={request.get_full_path()}")
        return view(request, *args, **kwargs)

    return wrapper


@dataclass
class Collapsed:
    """An entry's comments and likes as a feed shows them (FriendFeed's `auto`)."""

    comments_head: list[Comment] = field(default_factory=list)
    comments_more: int = 0
    comments_tail: list[Comment] = field(default_factory=list)
    likes: list[Like] = field(default_factory=list)
    likes_more: int = 0
    liked_by_viewer: bool = False
    comment_count: int = 0
    like_count: int = 0


def collapse(comments: list[Comment], likes: list[Like], viewer: User | None) -> Collapsed:
    c = Collapsed(comment_count=len(comments), like_count=len(likes))
    if len(comments) <= MAX_FULL_COMMENTS:
        c.comments_head = comments
    else:
        c.comments_head = comments[:1]
        c.comments_more = len(comments) - 2
        c.comments_tail = comments[-1:]
    if len(likes) <= MAX_FULL_LIKES:
        c.likes = likes
    else:
        c.likes = likes[:3]
        c.likes_more = len(likes) - 3
    viewer_id = viewer.pk if viewer is not None and viewer.is_authenticated else None
    c.liked_by_viewer = any(like.user_id == viewer_id for like in likes)
    return c


def maintained_journal_ids(viewer: User | None) -> set[int]:
    """Communities the viewer moderates (one query), for delete buttons on many entries."""
    if viewer is None or not viewer.is_authenticated:
        return set()
    return set(
        Membership.objects.filter(
            user=viewer,
            status=Membership.Status.ACTIVE,
            role__in=[Membership.Role.ADMIN, Membership.Role.MODERATOR],
        ).values_list("journal_id", flat=True)
    )


def annotate_entry(entry: Entry, viewer: User | None, maintained: set[int], *, fold: bool) -> None:
    """Attach what templates need: path, safe HTML (cut folded on lists), rights."""
    viewer_id = viewer.pk if viewer is not None and viewer.is_authenticated else None
    entry.path = entry_path(entry)
    if fold and _CUT.search(entry.body or "") and entry.markup == "html":
        entry.html = render_entry(
            entry.body,
            preformatted=is_set(entry.props.get("opt_preformatted")),
            fold_url=entry.path,
        )
    else:
        entry.html = entry.body_html
    entry.just_now = (timezone.now() - entry.created_at).total_seconds() < 60
    entry.subject_html = render_subject(entry.subject) if entry.subject else ""
    entry.is_mine = viewer_id is not None and entry.poster_id == viewer_id
    entry.can_delete = viewer_id is not None and (
        entry.is_mine or entry.journal.user_id == viewer_id or entry.journal_id in maintained
    )
    entry.can_comment = viewer_id is not None and (not entry.comments_disabled or entry.is_mine)
    entry.mood = entry.props.get("current_mood", "")
    entry.music = entry.props.get("current_music", "")
    entry.location = entry.props.get("current_location", "")


def decorate(
    entries: Iterable[Entry], viewer: User | None, *, fold: bool = True, social: bool = True
) -> list[Entry]:
    """Annotate a page of entries; with `social`, collapsed comments and likes (2 queries)."""
    entries = list(entries)
    maintained = maintained_journal_ids(viewer) if entries else set()
    for entry in entries:
        annotate_entry(entry, viewer, maintained, fold=fold)
    attach_userpics(entries)
    if not social or not entries:
        for entry in entries:
            entry.social = Collapsed()
        return entries
    ids = [e.pk for e in entries]
    comments: dict[int, list[Comment]] = defaultdict(list)
    for comment in (
        Comment.objects.filter(entry_id__in=ids, is_deleted=False)
        .select_related("author")
        .order_by("created_at", "id")
    ):
        comments[comment.entry_id].append(comment)
    likes: dict[int, list[Like]] = defaultdict(list)
    for like in (
        Like.objects.filter(entry_id__in=ids).select_related("user").order_by("-created_at", "-id")
    ):
        likes[like.entry_id].append(like)
    for entry in entries:
        entry.social = collapse(comments[entry.pk], likes[entry.pk], viewer)
    return entries


def attach_userpics(entries: list[Entry]) -> None:
    """Each entry's `userpic_url`: the picture its keyword names, else the poster's default.

    Two queries at most for a whole page, whatever its size.
    """
    wanted = {
        (e.poster_id, e.props["picture_keyword"]) for e in entries if e.props.get("picture_keyword")
    }
    by_keyword: dict[tuple[int, str], str] = {}
    if wanted:
        rows = UserpicKeyword.objects.filter(
            user_id__in={u for u, _ in wanted}, keyword__in={k for _, k in wanted}
        ).select_related("userpic")
        by_keyword = {(r.user_id, r.keyword): r.userpic.image.url for r in rows}
    pic_ids = {e.poster.default_userpic_id for e in entries if e.poster.default_userpic_id}
    urls = {}
    if pic_ids:
        urls = {p.pk: p.image.url for p in Userpic.objects.filter(pk__in=pic_ids)}
    for entry in entries:
        keyword = entry.props.get("picture_keyword")
        entry.userpic_url = by_keyword.get((entry.poster_id, keyword)) or urls.get(
            entry.poster.default_userpic_id, ""
        )


def page_of(qs, request: HttpRequest, size: int = PAGE_SIZE) -> tuple[list, dict[str, Any]]:
    """Offset paging by `?skip=`: one query (fetches one extra row to know if more exist)."""
    try:
        skip = max(0, int(request.GET.get("skip", "0")))
    except ValueError:
        skip = 0
    rows = list(qs[skip : skip + size + 1])
    more = len(rows) > size
    rows = rows[:size]
    query = request.GET.copy()
    paging: dict[str, Any] = {"skip": skip}
    if more:
        query["skip"] = str(skip + size)
        paging["older"] = "?" + query.urlencode()
    if skip:
        query["skip"] = str(max(0, skip - size))
        paging["newer"] = "?" + query.urlencode()
    return rows, paging
