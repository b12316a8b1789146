"""Read methods returning feeds: /feed/<id>, /search, /url, /entry?id=a,b."""

from __future__ import annotations

import hashlib
import re
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from api.friendfeed import locale as L
from api.friendfeed.builders import Context, entries_list, feed_obj, page_queryset
from api.friendfeed.errors import ApiError, forbidden, unauthorized
from api.friendfeed.views.base import FriendFeedView
from feeds import search
from feeds.feedids import ResolvedFeed, followed_journal_ids, parse_entry_id, resolve
from journal.models import Entry, Hide
from journal.visibility import visible_entries

DEFAULT_NUM = 30
MAX_NUM = 100
# "start stops at 10000" (friendfeed-v2.md §7): at most 10 100 entries of any feed.
MAX_START = 10000


def sup_id(name: str) -> str:
    """The feed's Simple Update Protocol id: 8 stable hex digits."""
    return hashlib.sha1(f"sup:{name}".encode()).hexdigest()[:8]


def feed_header(ctx: Context, resolved: ResolvedFeed) -> dict[str, Any]:
    if resolved.journal is not None and resolved.type in ("user", "group"):
        out = feed_obj(ctx, resolved.journal)
        out["sup_id"] = sup_id(resolved.journal.name)
        return out
    name = resolved.name
    if resolved.name_key:
        name = L.text(resolved.name_key, ctx.options.locale, name=resolved.name_arg)
    return {"id": resolved.id, "name": name, "type": "special"}


def readable(ctx: Context, journal) -> bool:
    """May the (loaded) viewer read this private journal: its owner, a member or an approved
    reader (journal.visibility's rule for private journals)."""
    if ctx.viewer is None:
        return False
    return (
        journal.user_id == ctx.viewer.pk
        or journal.pk in ctx.followed
        or journal.pk in ctx.member_of
    )


def refuse_unreadable(ctx: Context, resolved: ResolvedFeed) -> None:
    """The page: "Authentication is required for private ... feeds"; a stranger is refused
    ("forbidden": no access to the entity), not shown an empty feed. /feed and its long
    poll (/updates/feed) both ask here."""
    journal = resolved.journal
    if journal is not None and journal.is_private and not readable(ctx, journal):
        raise forbidden() if ctx.authed else unauthorized()


def unhidden(ctx: Context, qs: QuerySet[Entry]) -> QuerySet[Entry]:
    """The page: "By default, hidden entries are excluded" from every feed; hidden=1 keeps
    them (and marks them). /feed ids do this in feeds.feedids; /search and /url here."""
    if ctx.viewer is None or ctx.options.hidden:
        return qs
    return qs.exclude(Exists(Hide.objects.filter(user_id=ctx.viewer.pk, entry_id=OuterRef("pk"))))


def search_feed(ctx: Context, query: str) -> tuple[dict[str, Any], QuerySet[Entry]]:
    """The header and entries of a search, for /search and its long poll (/updates/search)."""
    q = search.compile_query(query, ctx.viewer)
    qs = visible_entries(ctx.viewer, Entry.objects.filter(q)).order_by("-created_at", "-id")
    header = {"id": "search", "name": L.text("search", ctx.options.locale), "type": "special"}
    header["query"] = query
    return header, unhidden(ctx, qs)


class PagedFeed(FriendFeedView):
    """Paging (start, num) and the entry list shared by every feed-shaped response."""

    def page(self, qs: QuerySet[Entry]) -> list[Entry]:
        start = self.params.int("start", 0, maximum=MAX_START)
        num = self.params.int("num", DEFAULT_NUM, maximum=MAX_NUM)
        return list(page_queryset(qs)[start : start + num])

    def feed(self, ctx: Context, header: dict[str, Any], qs: QuerySet[Entry], **kw):
        header["entries"] = entries_list(ctx, self.page(qs), **kw)
        return self.respond(header, root="feed")


class FeedView(PagedFeed):
    def get(self, request, feed_id: str):
        if "summary" in feed_id.split("/"):
            return self.build(feed_id)  # "the best of the last N days" moves with the clock
        return self.cached_response(lambda: self.build(feed_id))

    def build(self, feed_id: str):
        ctx = self.context()
        resolved = resolve(
            self.viewer, feed_id, include_hidden=ctx.options.hidden, fof=ctx.options.fof
        )
        ctx.load()
        refuse_unreadable(ctx, resolved)
        header = feed_header(ctx, resolved)
        if resolved.single_entry:
            entries = list(page_queryset(resolved.entries)[:1])
            if not entries:
                raise ApiError("entry-not-found", 404)
            header["entries"] = entries_list(ctx, entries)
            return self.respond(header, root="feed")
        return self.feed(ctx, header, resolved.entries, fof_allowed=resolved.fof_allowed)


class SearchView(PagedFeed):
    def get(self, request):
        ctx = self.context()
        header, qs = search_feed(ctx, self.required("q"))
        return self.feed(ctx, header, qs)


_HOST = re.compile(r"^[A-Za-z0-9.-]{1,253}(:\d{1,5})?$")


def _url_variants(url: str) -> list[str]:
    url = url.strip()
    bare = url.rstrip("/")
    return list({url, bare, bare + "/"})


class UrlView(PagedFeed):
    """/url?url=…|host=…: entries linking there (subscribed=1, from=a,b narrow it)."""

    def get(self, request):
        ctx = self.context()
        urls = self.params.getlist("url")
        hosts = self.params.getlist("host")
        if not urls and not hosts:
            raise ApiError("url-required", 400)
        q = Q()
        for url in urls:
            if not url.lower().startswith(("http://", "https://")):
                raise ApiError("bad-url-format", 400)
            for variant in _url_variants(url):
                q |= Q(link=variant)
        for host in hosts:
            if not _HOST.match(host):
                raise ApiError("bad-url-format", 400)
            for scheme in ("http://", "https://"):
                q |= Q(link__iexact=f"{scheme}{host}") | Q(link__istartswith=f"{scheme}{host}/")
        narrow = Q()
        if self.params.flag("subscribed"):
            me = self.require_user()
            narrow &= Q(journal_id__in=followed_journal_ids(me)) | Q(journal__user_id=me.pk)
        senders = self.params.getlist("from")
        if senders:
            names = [s.lower().replace("-", "_") for s in senders]
            narrow &= Q(journal__name__in=names) | Q(poster__username__in=names)
        qs = visible_entries(self.viewer, Entry.objects.filter(q).filter(narrow)).order_by(
            "-created_at", "-id"
        )
        qs = unhidden(ctx, qs)
        header = {"id": "url", "name": ", ".join(urls + hosts), "type": "special"}
        return self.feed(ctx, header, qs)


def entries_by_ids(view: FriendFeedView, ctx: Context, raw_ids: list[str]):
    """/entry?id=a,b: a feed of the visible ones, in the order asked."""
    uuids = [parse_entry_id(r) for r in raw_ids[:MAX_NUM]]
    qs = visible_entries(view.viewer, Entry.objects.filter(uuid__in=uuids))
    found = {e.uuid: e for e in page_queryset(qs)}
    entries = [found[u] for u in uuids if u in found]
    header = {"id": "entries", "name": "entries", "type": "special"}
    header["entries"] = entries_list(ctx, entries, raw=True)
    return view.respond(header, root="feed")
