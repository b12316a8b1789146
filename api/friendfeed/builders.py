"""Plain-dict builders for every FriendFeed object (feed, entry, comment, like).

Read paths serve many entries: build dicts, encode with orjson (CONVENTIONS.md; DRF
serializers were ~37× slower). A page costs a fixed number of queries: the entries with
their journals/posters (1), recipients, tags, attachments (3), comments (1), likes (1), and
the viewer's context (subscriptions, maintained groups, hides, likes: ≤ 3).
Empty optional members are omitted, never null or [] (friendfeed-v2.md §2).
"""

from __future__ import annotations

import datetime as dt
import html
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import QuerySet

from api.friendfeed import locale as L
from api.friendfeed.icons import icon_url
from journal.models import (
    Attachment,
    Comment,
    Entry,
    EntryRecipient,
    Hide,
    Journal,
    Like,
    Membership,
    User,
)
from journal.models import Subscription as Sub
from journal.rendering import plain_text, render_profile

DATE_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
AUTO_COMMENTS = 3  # maxcomments=auto: up to 3 in full, else first, placeholder, last
AUTO_LIKES = 4  # maxlikes=auto: up to 4 in full, else 3 and a placeholder
JOURNAL_USER = Journal._meta.get_field("user")


def fmt_date(value: dt.datetime) -> str:
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC)
    return value.strftime(DATE_FORMAT)


def absolute(url: str) -> str:
    return f"{settings.SITE_URL}{url}" if url.startswith("/") else url


def short_url(code: str) -> str:
    # /e/<code> redirects to the entry (api/friendfeed/shortlinks.py).
    base = getattr(settings, "FRIENDFEED_SHORT_URL", f"{settings.SITE_URL}/e/")
    return f"{base}{code}"


@dataclass
class Options:
    """The per-request feed options of the page ("All feeds support ...")."""

    raw: bool = False
    maxcomments: int | str | None = None  # None = all, int, or "auto"
    maxlikes: int | str | None = None
    fof: bool = False
    hidden: bool = False
    address_html: bool = False
    locale: str = "en"


@dataclass
class Context:
    """The viewer and what is known about them, loaded once per request."""

    viewer: User | None
    options: Options = field(default_factory=Options)
    followed: set[int] = field(default_factory=set)  # journal ids the viewer reads
    followed_people: set[int] = field(default_factory=set)  # user ids behind them
    maintained: set[int] = field(default_factory=set)  # community ids the viewer maintains
    member_of: set[int] = field(default_factory=set)  # community ids (active member)
    hidden: set[int] = field(default_factory=set)  # entry ids hidden by the viewer
    loaded: bool = False

    @property
    def authed(self) -> bool:
        return self.viewer is not None

    def load(self, entry_ids: Iterable[int] = ()) -> None:
        """Batch the per-viewer checks of a page up front (Mastodon's feed manager habit)."""
        if self.viewer is None:
            return
        if not self.loaded:
            for journal_id, status, user_id in Sub.objects.filter(user=self.viewer).values_list(
                "journal_id", "status", "journal__user_id"
            ):
                if status == Sub.Status.SUBSCRIBED:
                    self.followed.add(journal_id)
                    if user_id:
                        self.followed_people.add(user_id)
            for journal_id, role in Membership.objects.filter(
                user=self.viewer, status=Membership.Status.ACTIVE
            ).values_list("journal_id", "role"):
                self.member_of.add(journal_id)
                if role in (Membership.Role.ADMIN, Membership.Role.MODERATOR):
                    self.maintained.add(journal_id)
            self.loaded = True
        ids = list(entry_ids)
        if ids:
            self.hidden |= set(
                Hide.objects.filter(user=self.viewer, entry_id__in=ids).values_list(
                    "entry_id", flat=True
                )
            )


# -- feeds -----------------------------------------------------------------------------


def journal_obj(journal: Journal, *, name: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": journal.name,
        "name": name or journal.display_title,
        "type": "user" if journal.kind != Journal.Kind.COMMUNITY else "group",
    }
    if journal.is_private:
        out["private"] = True
    return out


def user_obj(user: User, journal: Journal | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"id": user.username, "name": user.display_name, "type": "user"}
    if journal is not None and journal.is_private:
        out["private"] = True
    return out


def feed_commands(ctx: Context, journal: Journal | None) -> list[str]:
    """subscribe / unsubscribe / post / dm / admin for the viewer on this feed."""
    if not ctx.authed or journal is None:
        return []
    viewer = ctx.viewer
    commands = []
    own = journal.user_id == viewer.pk
    if not own:
        commands.append("unsubscribe" if journal.pk in ctx.followed else "subscribe")
    if own or (journal.is_community and journal.pk in ctx.member_of):
        commands.append("post")
    if journal.is_personal and not own:
        commands.append("dm")
    if own or journal.pk in ctx.maintained:
        commands.append("admin")
    return commands


def feed_obj(ctx: Context, journal: Journal) -> dict[str, Any]:
    """A full feed header for a user or group (with description and commands)."""
    out = journal_obj(journal)
    description = journal.description or (journal.user.description if journal.user_id else "")
    if description:
        # Stored as written; clients insert it as HTML, so it goes out as the website shows it.
        out["description"] = render_profile(description)
    commands = feed_commands(ctx, journal)
    if commands:
        out["commands"] = commands
    return out


# -- entries ---------------------------------------------------------------------------


def page_queryset(qs: QuerySet[Entry]) -> QuerySet[Entry]:
    """Entries with their journal and poster, and the poster's own journal for its privacy
    (one query); load_reactions() adds the rest."""
    return qs.select_related("journal", "poster", "poster__journal")


def load_reactions(entries: list[Entry]) -> None:
    """Everything an entry dict needs beyond its row, for a whole page in four queries:
    recipients, attachments, comments (oldest first) and likes (newest first).

    Grouped by hand rather than with prefetch_related, which builds a queryset per entry
    and relation (on a 30-entry page that bookkeeping cost more than the queries).
    """
    ids = [e.pk for e in entries]
    recipients: dict[int, list[Journal]] = defaultdict(list)
    attachments: dict[int, list[Attachment]] = defaultdict(list)
    comments: dict[int, list[Comment]] = defaultdict(list)
    likes: dict[int, list[Like]] = defaultdict(list)
    if ids:
        for link in (
            EntryRecipient.objects.filter(entry_id__in=ids)
            .select_related("journal", "journal__user")
            .order_by("journal__name")  # Journal's own ordering, as the relation had
        ):
            recipients[link.entry_id].append(link.journal)
        for a in Attachment.objects.filter(entry_id__in=ids).order_by("position", "id"):
            attachments[a.entry_id].append(a)
        for c in (
            Comment.objects.filter(entry_id__in=ids, is_deleted=False, author__is_suspended=False)
            .select_related("author", "author__journal")
            .order_by("created_at", "id")
        ):
            comments[c.entry_id].append(c)
        for like in (
            Like.objects.filter(entry_id__in=ids, user__is_suspended=False)
            .select_related("user", "user__journal")
            .order_by("-created_at", "-id")
        ):
            likes[like.entry_id].append(like)
    for e in entries:
        _link_owner(e)
        e.ff_recipients = recipients.get(e.pk, [])
        e.ff_attachments = attachments.get(e.pk, [])
        e.ff_comments = comments.get(e.pk, [])
        e.ff_likes = likes.get(e.pk, [])


def _link_owner(e: Entry) -> None:
    """A person's journal is written only by its owner: the poster row is the journal's
    user, so the page needs no second join (nor a query) to reach it."""
    if e.journal.user_id is not None and e.journal.user_id == e.poster_id:
        JOURNAL_USER.set_cached_value(e.journal, e.poster)
        JOURNAL_USER.remote_field.set_cached_value(e.poster, e.journal)


def _link_html(url: str) -> str:
    shown = url if len(url) <= 30 else url[:27] + "..."
    u = html.escape(url)
    return f'<a rel="nofollow" href="{u}" title="{u}">{html.escape(shown)}</a>'


def entry_body(e: Entry) -> str:
    body = e.body_html
    if e.subject and e.markup != "text":
        # LiveJournal entries have a subject FriendFeed has no place for: it leads the body.
        body = f"{html.escape(e.subject)} - {body}" if body else html.escape(e.subject)
    if e.link:
        body = f"{body} - {_link_html(e.link)}" if body else _link_html(e.link)
    return body


def raw_body(e: Entry) -> str:
    text = e.body if e.markup == "text" else plain_text(e.body_html)
    if e.subject and e.markup != "text":
        text = f"{e.subject} - {text}" if text else e.subject
    return text


def _to_list(ctx: Context, e: Entry) -> list[dict[str, Any]]:
    recipients = [j for j in e.ff_recipients if j.pk != e.journal_id]
    if e.journal.is_community:
        return [journal_obj(e.journal)] + [journal_obj(j) for j in recipients]
    if not recipients:
        return []
    if e.is_direct:
        return [journal_obj(j) for j in recipients]
    own = journal_obj(
        e.journal, name=L.text("feed_of", ctx.options.locale, name=e.poster.display_name)
    )
    return [own] + [journal_obj(j) for j in recipients]


def _attachments(e: Entry) -> tuple[list, list]:
    thumbs, files = [], []
    for a in e.ff_attachments:
        file_url = absolute(a.file.url) if a.file else a.source_url
        if a.kind == Attachment.Kind.IMAGE:
            thumb: dict[str, Any] = {
                "url": absolute(a.thumbnail.url) if a.thumbnail else file_url,
                "link": a.source_url or file_url,
            }
            if a.thumbnail and a.thumbnail_width:
                thumb["width"], thumb["height"] = a.thumbnail_width, a.thumbnail_height
            elif a.width:
                thumb["width"], thumb["height"] = a.width, a.height
            thumbs.append(thumb)
            continue
        name = a.name or file_url.rsplit("/", 1)[-1]
        item: dict[str, Any] = {
            "url": file_url,
            "type": a.content_type
            or ("audio/mpeg" if a.kind == Attachment.Kind.AUDIO else "application/octet-stream"),
            "name": name,
            "icon": icon_url(name),
        }
        if a.size:
            item["size"] = a.size
        files.append(item)
    return thumbs, files


def _placeholder(key: str, n: int, locale: str) -> dict[str, Any]:
    return {"placeholder": True, "num": n, "body": L.text(key, locale, n=n)}


def collapse_comments(items: list, limit: int | str | None, locale: str) -> list:
    """maxcomments: 0 none; N keeps first N-1 and the last around a placeholder; auto = 3."""
    if limit is None:
        return items
    if limit == "auto":
        if len(items) <= AUTO_COMMENTS:
            return items
        return [items[0], _placeholder("more_comments", len(items) - 2, locale), items[-1]]
    if limit <= 0:
        return []
    if len(items) <= limit:
        return items
    if limit == 1:
        return [items[0], _placeholder("more_comments", len(items) - 1, locale)]
    head = items[: limit - 1]
    return [*head, _placeholder("more_comments", len(items) - limit, locale), items[-1]]


def collapse_likes(items: list, limit: int | str | None, locale: str) -> list:
    """maxlikes: 0 none; N keeps N and a placeholder; auto: 4 in full, else 3 + placeholder."""
    if limit is None:
        return items
    if limit == "auto":
        if len(items) <= AUTO_LIKES:
            return items
        limit = AUTO_LIKES - 1
    if limit <= 0:
        return []
    if len(items) <= limit:
        return items
    return [*items[:limit], _placeholder("other_people", len(items) - limit, locale)]


def comment_dict(ctx: Context, c: Comment, e: Entry, *, raw: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": f"e/{e.uuid.hex}/c/{c.uuid.hex}",
        "date": fmt_date(c.created_at),
        "body": c.body_html,
        "from": user_obj(c.author, getattr(c.author, "journal", None)),
    }
    if c.via_name:
        out["via"] = {"name": c.via_name, "url": c.via_url or settings.SITE_URL}
    if raw or ctx.options.raw:
        out["rawBody"] = c.body
    if ctx.authed:
        commands = []
        if c.author_id == ctx.viewer.pk:
            commands.append("edit")
        if (
            c.author_id == ctx.viewer.pk
            or e.poster_id == ctx.viewer.pk
            or e.journal.user_id == ctx.viewer.pk
            or e.journal_id in ctx.maintained
        ):
            commands.append("delete")
        if commands:
            out["commands"] = commands
    return out


def like_dict(like: Like) -> dict[str, Any]:
    return {
        "date": fmt_date(like.created_at),
        "from": user_obj(like.user, getattr(like.user, "journal", None)),
    }


def _fof(ctx: Context, e: Entry) -> tuple[str, User] | None:
    """Why a friend-of-friend entry is here: a friend's comment or like."""
    for c in e.ff_comments:
        if c.author_id in ctx.followed_people:
            return "comment", c.author
    for like in e.ff_likes:
        if like.user_id in ctx.followed_people:
            return "like", like.user
    return None


def _person_link(user: User) -> str:
    return (
        f'<a href="{settings.SITE_URL}/{html.escape(user.username)}">'
        f"{html.escape(user.display_name)}</a>"
    )


def entry_dict(
    ctx: Context, e: Entry, *, raw: bool = False, fof_allowed: bool = False
) -> dict[str, Any]:
    """One entry as FriendFeed shaped it (§"Entry" of the page)."""
    if not hasattr(e, "ff_comments"):
        load_reactions([e])
    opts = ctx.options
    out: dict[str, Any] = {
        "id": f"e/{e.uuid.hex}",
        "url": e.url,
        "date": fmt_date(e.created_at),
        "body": entry_body(e),
        # A private person posting to a group is still a private person ("from".private).
        "from": user_obj(e.poster, getattr(e.poster, "journal", None)),
    }
    to = _to_list(ctx, e)
    if to:
        out["to"] = to
    comments, likes = e.ff_comments, e.ff_likes
    shown = collapse_comments(comments, opts.maxcomments, opts.locale)
    if shown:
        out["comments"] = [c if isinstance(c, dict) else comment_dict(ctx, c, e) for c in shown]
    if likes:
        # The page: likes by the viewer's friends first, then everyone else (newest first).
        ordered = sorted(likes, key=lambda lk: lk.user_id not in ctx.followed_people)
        shown = collapse_likes(ordered, opts.maxlikes, opts.locale)
        if shown:
            out["likes"] = [lk if isinstance(lk, dict) else like_dict(lk) for lk in shown]
    thumbs, files = _attachments(e)
    if thumbs:
        out["thumbnails"] = thumbs
    if files:
        out["files"] = files
    if e.via_name:
        out["via"] = {"name": e.via_name, "url": e.via_url or settings.SITE_URL}
    if e.geo_lat is not None and e.geo_long is not None:
        out["geo"] = {"lat": e.geo_lat, "long": e.geo_long}
    if e.short_code:
        out["shortId"] = e.short_code
        out["shortUrl"] = short_url(e.short_code)
    if raw or opts.raw:
        out["rawBody"] = raw_body(e)
        out["rawLink"] = e.link or e.url
    if opts.hidden and e.pk in ctx.hidden:
        out["hidden"] = True
    if opts.fof and fof_allowed and ctx.authed:
        own_feed = e.journal_id in ctx.followed or e.journal.user_id == ctx.viewer.pk
        reason = None if own_feed else _fof(ctx, e)
        if reason:
            kind, person = reason
            out["fof"] = {"type": kind, "from": user_obj(person)}
            key = "commented" if kind == "comment" else "liked"
            out["fofHtml"] = L.text(key, opts.locale, name=_person_link(person))
    if opts.address_html:
        address = _person_link(e.poster)
        if to:
            links = ", ".join(
                f'<a href="{settings.SITE_URL}/{html.escape(t["id"])}">{html.escape(t["name"])}</a>'
                for t in to
            )
            address = f"{address} {L.text('to', opts.locale)} {links}"
        out["addressHtml"] = address
    if ctx.authed:
        out["commands"] = entry_commands(ctx, e)
    return out


def entry_commands(ctx: Context, e: Entry) -> list[str]:
    viewer = ctx.viewer
    commands = []
    own = e.poster_id == viewer.pk
    if not e.comments_disabled or own:
        commands.append("comment")
    if not own:
        liked = any(lk.user_id == viewer.pk for lk in getattr(e, "ff_likes", []))
        commands.append("unlike" if liked else "like")
    if own:
        commands.append("edit")
    if own or e.journal.user_id == viewer.pk or e.journal_id in ctx.maintained:
        commands.append("delete")
    # Real responses offered the author `comment, edit, delete` on their own entries
    # (friendfeed-v2.md §4); hiding is for other people's. One hidden anyway can be unhidden.
    if e.pk in ctx.hidden:
        commands.append("unhide")
    elif not own:
        commands.append("hide")
    return commands


def entries_list(
    ctx: Context, entries: list[Entry], *, raw: bool = False, fof_allowed: bool = False
) -> list[dict[str, Any]]:
    load_reactions(entries)
    ctx.load([e.pk for e in entries])
    return [entry_dict(ctx, e, raw=raw, fof_allowed=fof_allowed) for e in entries]
