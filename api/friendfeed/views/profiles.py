"""Feeds as things: /feedinfo, /feedlist, /subscribe, /unsubscribe, /theme, /picture,
/validate."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.http import HttpResponse, HttpResponseRedirect
from rest_framework import exceptions

from api.friendfeed import locale as L
from api.friendfeed import saved_searches, throttling
from api.friendfeed.auth import BasicAuth
from api.friendfeed.authentication import find_application
from api.friendfeed.builders import Context, feed_obj, journal_obj, user_obj
from api.friendfeed.errors import ApiError, forbidden
from api.friendfeed.views.base import FriendFeedView
from api.friendfeed.views.feeds import feed_header, readable, sup_id
from feeds.feedids import find_journal, find_list, list_id, resolve
from journal import media, permissions, services
from journal.models import FriendGroup, Journal, Membership, Subscription, User

SUBSCRIBED = Subscription.Status.SUBSCRIBED
PICTURE_SIZES = {"small": 25, "medium": 50, "large": 75}
# FriendFeed's custom theme colours → the theme verb's colour names.
THEME_COLORS = {"bg": "background", "box": "frame", "bar": "header"}


def named_journal(view: FriendFeedView, name: str) -> Journal:
    """A user or group by feed id; `me` is the authenticated user's (the page's feed ids)."""
    if name.lower() == "me":
        return view.require_user().journal
    return find_journal(name)


def _may_list_people(ctx: Context, journal: Journal) -> bool:
    """Subscriber lists of a private feed are for the people it admitted."""
    return not journal.is_private or readable(ctx, journal)


def feedinfo_dict(ctx: Context, journal: Journal) -> dict[str, Any]:
    ctx.load()
    out = feed_obj(ctx, journal)
    out["sup_id"] = sup_id(journal.name)
    if not _may_list_people(ctx, journal):
        return out
    subscribers = [
        user_obj(s.user, getattr(s.user, "journal", None))
        for s in Subscription.objects.filter(
            journal=journal, status=SUBSCRIBED, user__is_suspended=False
        ).select_related("user", "user__journal")
    ]
    if subscribers:
        out["subscribers"] = subscribers
    services_list = journal_services(journal)
    if services_list:
        out["services"] = services_list
    if journal.user_id is not None:
        subscriptions = [
            journal_obj(s.journal)
            for s in Subscription.objects.filter(user_id=journal.user_id, status=SUBSCRIBED)
            .exclude(journal__user__is_suspended=True)  # feed-not-found everywhere else
            .select_related("journal", "journal__user")
            .order_by("journal__name")
        ]
        if subscriptions:
            out["subscriptions"] = subscriptions
    else:
        admins = [
            user_obj(m.user, getattr(m.user, "journal", None))
            for m in Membership.objects.filter(
                journal=journal,
                status=Membership.Status.ACTIVE,
                role__in=[Membership.Role.ADMIN, Membership.Role.MODERATOR],
                user__is_suspended=False,
            ).select_related("user", "user__journal")
        ]
        if admins:
            out["admins"] = admins
    return out


def journal_services(journal: Journal) -> list[dict[str, Any]]:
    """`services[]`: "Services associated with the feed (e.g., Twitter or an imported blog)".

    Nothing is imported from other services and profiles carry no website field, so the one
    real service is a syndicated journal's source feed (an imported blog). Only what is known
    is sent: `icon` is the favicon at the blog's own host (the page: "the URL of the favicon
    for this service"), `profile` the feed URL itself; no `username`.
    """
    if journal.kind != Journal.Kind.SYNDICATED or not journal.syndication_url:
        return []
    parts = urlsplit(journal.syndication_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return []
    site = f"{parts.scheme}://{parts.netloc}/"
    return [
        {
            "id": "blog",
            "name": "Blog",
            "url": site,
            "icon": f"{site}favicon.ico",
            "profile": journal.syndication_url,
        }
    ]


class FeedInfoView(FriendFeedView):
    """GET /feedinfo/<id>; POST /feedinfo updates name, description and picture."""

    def get(self, request, feed_id: str | None = None):
        if feed_id is None:
            raise exceptions.MethodNotAllowed("GET")  # bare /feedinfo is the update (POST)
        ctx = self.context()
        resolved = resolve(self.viewer, feed_id)
        if resolved.journal is not None and resolved.type in ("user", "group"):
            return self.respond(feedinfo_dict(ctx, resolved.journal), root="feed")
        out = feed_header(ctx, resolved)
        if resolved.member_journals:
            out["feeds"] = [journal_obj(j) for j in resolved.member_journals]
        return self.respond(out, root="feed")

    def post(self, request, feed_id: str | None = None):
        user = self.require_user()
        picture = self.params.files.get("picture") if self.params.files else None
        throttling.check(request, user, uploads=1 if picture else 0)
        name = self.params.get("feed") or feed_id
        journal = named_journal(self, name) if name else user.journal
        if not permissions.is_maintainer(user, journal):
            raise forbidden()
        changes = {}
        if self.params.has("name"):
            changes["title"] = self.params.get("name") or ""
        if self.params.has("description"):
            changes["description"] = self.params.get("description") or ""
        # One transaction: a refused picture leaves the name unchanged too; the picture's
        # files are deleted again if anything after their write fails.
        with media.discard_files_on_failure(), transaction.atomic():
            if picture is not None:
                media.set_profile_picture(journal, picture, actor=user)
            if changes:
                services.update_journal(user, journal, **changes)
        journal = find_journal(journal.name)
        return self.respond(feedinfo_dict(self.context(), journal), root="feed")


class FeedListView(FriendFeedView):
    """GET /feedlist: the sidebar — main feeds, lists, groups, sections."""

    def get(self, request):
        user = self.require_user()
        loc = L.choose(self.params.get("locale"))

        def special(feed_id: str, key: str) -> dict[str, Any]:
            return {"id": feed_id, "name": L.text(key, loc), "type": "special"}

        main = [
            special("home", "home"),
            special("filter/discussions", "discussions"),
            special("filter/direct", "direct"),
            journal_obj(user.journal),
        ]
        lists = [
            {"id": list_id(g), "name": g.name, "type": "special"}
            for g in FriendGroup.objects.filter(owner=user)
        ]
        groups = [
            journal_obj(s.journal)
            for s in Subscription.objects.filter(
                user=user, status=SUBSCRIBED, journal__kind=Journal.Kind.COMMUNITY
            ).select_related("journal")
        ]
        searches = saved_searches.feed_objects(user)
        out: dict[str, Any] = {"main": main}
        if lists:
            out["lists"] = lists
        if groups:
            out["groups"] = groups
        if searches:
            out["searches"] = searches
        sections = []
        for section_id, key, feeds in (("friends", "friends", lists), ("groups", "groups", groups)):
            section: dict[str, Any] = {"id": section_id, "name": L.text(key, loc)}
            if feeds:
                section["feeds"] = feeds
            sections.append(section)
        if searches:
            # The page names the section ids: "friends", "groups", or "saved-searches".
            sections.append(
                {"id": "saved-searches", "name": L.text("searches", loc), "feeds": searches}
            )
        out["sections"] = sections
        return self.respond(out, root="feedlist")


def _list_group(user: User, raw: str | None) -> FriendGroup | None:
    if not raw or raw == "home":
        return None
    if not raw.startswith("list/"):
        raise ApiError("bad-list", 400)
    return find_list(user, raw[len("list/") :])


def require_registered_application(view: FriendFeedView) -> None:
    """/subscribe and /unsubscribe need a registered application.

    The page says of exactly these two methods (and of no other write method): "This method
    requires that your application is officially registered, and the request must use OAuth
    or Basic Auth with the appid parameter containing your application's consumer key."
    Read here as: OAuth 1.0a (the token belongs to a registered consumer) passes; so does an
    OAuth 2 bearer token (issued to a client registered on this site, a modern addition);
    Basic without `appid` is `appid-required` (the page's ARG-required family, 400); Basic
    with an `appid` that names no active application is `forbidden` (403). The other write
    methods only need a user, as the page says ("they all require OAuth or HTTP Basic").
    """
    credentials = view.request.auth
    if isinstance(credentials, BasicAuth):
        appid = view.params.get("appid")
        if not appid:
            raise ApiError("appid-required", 400)
        if find_application(appid) is None:
            raise forbidden()
        return
    if getattr(credentials, "application", None) is None:
        raise forbidden()


class SubscribeView(FriendFeedView):
    allow_json_param = True

    def post(self, request):
        user = self.require_user()
        require_registered_application(self)
        throttling.check(request, user)
        journal = find_journal(self.required("feed"))
        group = _list_group(user, self.params.get("list"))
        sub = services.subscribe(user, journal)
        if group is not None:
            sub = services.set_friend_groupmask(user, journal, sub.groupmask | group.mask)
        return self.respond({"status": sub.status})


class UnsubscribeView(FriendFeedView):
    allow_json_param = True

    def post(self, request):
        user = self.require_user()
        require_registered_application(self)
        throttling.check(request, user)
        journal = find_journal(self.required("feed"))
        group = _list_group(user, self.params.get("list"))
        if group is not None:
            sub = Subscription.objects.filter(user=user, journal=journal).first()
            if sub is None:
                return self.respond({"status": "unsubscribed"})
            sub = services.set_friend_groupmask(user, journal, sub.groupmask & ~group.mask)
            return self.respond({"status": sub.status})
        services.unsubscribe(user, journal)
        return self.respond({"status": "unsubscribed"})


def theme_dict(journal: Journal) -> dict[str, Any]:
    out: dict[str, Any] = {"id": journal.name, "theme": journal.theme}
    colors = journal.theme_colors or {}
    for ff_name, our_name in THEME_COLORS.items():
        if colors.get(our_name):
            out[ff_name] = colors[our_name].lstrip("#")
    if colors.get("background_image"):
        out["picture"] = colors["background_image"]
    if colors.get("tile"):
        out["tile"] = True
    return out


class ThemeView(FriendFeedView):
    """GET /theme/<id>; POST /theme sets a named theme or custom colours."""

    def get(self, request, feed_id: str | None = None):
        if feed_id is None:
            raise exceptions.MethodNotAllowed("GET")  # bare /theme is the update (POST)
        resolved = resolve(self.viewer, feed_id)
        if resolved.journal is None or resolved.type not in ("user", "group"):
            raise ApiError("feed-not-found", 404)
        return self.respond(theme_dict(resolved.journal), root="theme")

    def post(self, request, feed_id: str | None = None):
        user = self.require_user()
        picture = self.params.files.get("picture") if self.params.files else None
        throttling.check(request, user, uploads=1 if picture else 0)
        name = self.params.get("feed") or feed_id
        journal = named_journal(self, name) if name else user.journal
        theme = self.required("theme")
        colors = {
            ours: self.params.get(ff) for ff, ours in THEME_COLORS.items() if self.params.get(ff)
        }
        tile = self.params.flag("tile") if self.params.has("tile") else None
        services.set_theme(user, journal, theme, colors or None, picture, tile=tile)
        return self.respond(theme_dict(find_journal(journal.name)), root="theme")


class PictureView(FriendFeedView):
    """GET /picture/<id>?size=small|medium|large: the image, or a redirect to the default."""

    def get(self, request, feed_id: str):
        size = (self.params.get("size") or "medium").lower()
        if size not in PICTURE_SIZES:
            raise ApiError("bad-size", 400)
        journal = named_journal(self, feed_id)
        try:
            from journal import media

            picture = media.profile_picture(journal, size)
        except (ImportError, AttributeError):
            picture = None
        if isinstance(picture, tuple):
            data, content_type = picture
            return HttpResponse(data, content_type=content_type)
        if isinstance(picture, bytes):
            return HttpResponse(picture, content_type="image/jpeg")
        if isinstance(picture, str) and picture:
            return HttpResponseRedirect(picture)
        if picture is not None and hasattr(picture, "read"):
            return HttpResponse(picture.read(), content_type="image/jpeg")
        return HttpResponseRedirect(f"{settings.STATIC_URL}images/nomugshot-{size}.png")


class ValidateView(FriendFeedView):
    """GET /validate: 200 with the user's feed header, or 401."""

    def get(self, request):
        user = self.require_user()
        ctx = self.context()
        ctx.load()
        out = feed_obj(ctx, user.journal)
        out["sup_id"] = sup_id(user.username)
        return self.respond(out, root="feed")

    post = get
