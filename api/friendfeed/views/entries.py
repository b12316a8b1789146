"""Entries, comments, likes, hides and short links: reads by id and every write on them."""

from __future__ import annotations

from django.db import transaction

from api.friendfeed import throttling
from api.friendfeed.auth import via_for
from api.friendfeed.builders import Context, comment_dict, entry_dict, like_dict, load_reactions
from api.friendfeed.errors import ApiError
from api.friendfeed.views.base import FriendFeedView
from api.friendfeed.views.feeds import entries_by_ids
from feeds.feedids import find_journal
from journal import services
from journal.errors import DomainError
from journal.models import Entry, Journal, User
from journal.services.moderation import ensure_posts_directly
from journal.visibility import visible_entries


def _media():
    """FF-B's journal.media (uploads, image and audio URLs, thumbnails)."""
    try:
        from journal import media
    except ImportError:  # pragma: no cover - until the module lands
        raise ApiError("file-upload-not-supported", 400) from None
    return media


def parse_geo(raw: str | None) -> tuple[float, float] | None:
    if raw is None:
        return None
    lat, sep, long = raw.partition(",")
    try:
        value = (float(lat), float(long))
    except ValueError:
        raise ApiError("bad-geo", 400) from None
    if not sep or not (-90 <= value[0] <= 90 and -180 <= value[1] <= 180):
        raise ApiError("bad-geo", 400)
    return value


def resolve_recipients(user: User, ids: list[str]) -> tuple[Journal, list[Journal], list[User]]:
    """`to[]`: `me`/own name = own feed, a group = post there, a person = direct message."""
    own = user.journal
    include_self = not ids
    groups: list[Journal] = []
    people: list[User] = []
    for raw in ids:
        if raw.lower() in ("me", user.username):
            include_self = True
            continue
        journal = find_journal(raw)
        if journal.is_personal:
            if journal.user not in people:
                people.append(journal.user)
        elif journal not in groups:
            groups.append(journal)
    if people and groups:
        # A direct message goes to people only; mixing it with groups would publish it.
        raise ApiError("bad-to", 400)
    if people:
        return own, [], people
    if include_self or not groups:
        return own, groups, []
    return groups[0], groups[1:], []


class EntryResponseMixin:
    def entry_response(self, entry: Entry, *, raw: bool = False, hidden: bool = False):
        ctx: Context = self.context()
        if hidden:
            ctx.options.hidden = True
        load_reactions([entry])
        ctx.load([entry.pk])
        return self.respond(entry_dict(ctx, entry, raw=raw or ctx.options.raw), root="entry")


class EntryDetailView(EntryResponseMixin, FriendFeedView):
    """GET /entry/<id>: one entry, rawBody always included."""

    def get(self, request, entry_id: str):
        return self.entry_response(self.visible_entry(entry_id), raw=True)


class EntryView(EntryResponseMixin, FriendFeedView):
    """GET /entry?id=a,b (a feed); POST /entry creates, or edits when `id` is given."""

    allow_json_param = True

    def get(self, request):
        ids = self.params.getlist("id")
        if not ids:
            raise ApiError("id-required", 400)
        return entries_by_ids(self, self.context(), ids)

    def post(self, request):
        user = self.require_user()
        files = self.params.uploads()
        image_urls = self.params.getlist("image_url")
        audio_urls = self.params.getlist("audio_url")
        throttling.check(request, user, uploads=len(files) + len(image_urls) + len(audio_urls))
        entry_id = self.params.get("id")
        media = _media()
        # Check every file and fetch every image before the transaction: a refused one
        # stops the request before anything is written, and no lock waits on the network.
        for upload in files:
            media.check_upload(upload)
        images = [media.fetch_image(url) for url in image_urls]
        # Storage is not transactional: files written before a later failure are deleted
        # again when the block fails, so a refused request leaves no orphan behind.
        with media.discard_files_on_failure(), transaction.atomic():
            if entry_id:
                entry = self._edit(user, entry_id)
                self._replace_attachments(user, entry, media)
            else:
                entry = self._create(user)
            for upload in files:
                media.attach_upload(entry, upload, actor=user)
            for image in images:
                media.attach_image_url(entry, image, actor=user)
            for url in audio_urls:
                media.attach_audio_url(entry, url, actor=user)
            if self.params.flag("short"):
                services.shorten_entry(user, entry)
        return self.entry_response(self.reload(entry), raw=True)

    def _create(self, user: User) -> Entry:
        body = self.required("body")
        journal, groups, people = resolve_recipients(user, self.params.getlist("to"))
        # FriendFeed has no queued post to answer with: a group whose posts wait for a
        # moderator refuses the post (403 forbidden); its moderators post directly.
        ensure_posts_directly(user, journal, groups)
        entry = services.post_entry(
            user,
            journal=journal,
            body=body,
            link=self.params.get("link") or "",
            to_journals=groups,
            direct_to=people,
            geo=parse_geo(self.params.get("geo")),
            via=via_for(self.request),
            markup="text",
        )
        comment = self.params.get("comment")
        if comment:
            services.add_comment(user, entry, comment, via=via_for(self.request), plain_text=True)
        return entry

    def _edit(self, user: User, entry_id: str) -> Entry:
        """The page: "Only fields that are present in the parameters or JSON will be edited
        ... To delete a property, set the value to an empty string or empty list."

        Editable: body, link, to[], geo, file[], image_url[], audio_url[] (short=1 works as
        on creation). `comment` is not: the page describes it as "posted as a comment under
        the new entry", so an edit ignores it (POST /comment adds comments).
        """
        entry = self.visible_entry(entry_id, user)
        changes: dict = {}
        if self.params.has("body"):
            changes["body"] = self.params.get("body") or ""
        if self.params.has("link"):
            changes["link"] = self.params.get("link") or ""
        if self.params.has("geo"):
            changes["geo"] = parse_geo(self.params.get("geo"))  # empty clears it
        if self.params.has("to"):
            # An empty to[] is the default address ("me"), exactly as on creation.
            journal, groups, people = resolve_recipients(user, self.params.getlist("to"))
            changes.update(journal=journal, to_journals=groups, direct_to=people)
        return services.edit_entry(user, entry, **changes)

    def _replace_attachments(self, user: User, entry: Entry, media) -> None:
        """file[], image_url[], audio_url[] sent on an edit replace that group (empty: remove).

        Files arrive under any multipart name (friendfeed-v2.md §2), so uploads of any name,
        or an empty `file` value, stand for the file[] group.
        """
        groups = {
            "file": bool(self.params.uploads()) or self.params.has("file"),
            "image_url": self.params.has("image_url"),
            "audio_url": self.params.has("audio_url"),
        }
        for group, present in groups.items():
            if present:
                media.remove_attachments(entry, group, actor=user)


class EntryDeleteView(EntryResponseMixin, FriendFeedView):
    """POST /entry/delete (undelete=1 reverses it); the response is the entry."""

    allow_json_param = True

    def post(self, request):
        user = self.require_user()
        throttling.check(request, user)
        raw_id = self.required("id")
        if self.params.flag("undelete"):
            entry = self.any_entry(raw_id)
            try:
                services.undelete_entry(user, entry)
            except DomainError:
                raise ApiError("entry-not-found", 404) from None
        else:
            entry = self.visible_entry(raw_id, user)
            services.delete_entry(user, entry)
        # The author sees the entry they just deleted in the response, deleted or not.
        return self.entry_response(self.reload(entry), raw=True)


class CommentDetailView(FriendFeedView):
    def get(self, request, comment_id: str):
        comment = self.find_comment(comment_id)
        ctx = self.context()
        ctx.load()
        return self.respond(comment_dict(ctx, comment, comment.entry, raw=True), root="comment")


class CommentView(FriendFeedView):
    """POST /comment: create (entry, body) or edit (id, body)."""

    allow_json_param = True

    def post(self, request):
        user = self.require_user()
        throttling.check(request, user)
        comment_id = self.params.get("id")
        body = self.required("body")
        if comment_id:
            comment = self.find_comment(comment_id)
            services.edit_comment(user, comment, body, plain_text=True)
        else:
            entry = self.visible_entry(self.required("entry"), user)
            comment = services.add_comment(user, entry, body, via=via_for(request), plain_text=True)
            comment.entry = entry
        ctx = self.context()
        ctx.load()
        return self.respond(comment_dict(ctx, comment, comment.entry), root="comment")


class CommentDeleteView(FriendFeedView):
    allow_json_param = True

    def post(self, request):
        user = self.require_user()
        throttling.check(request, user)
        undelete = self.params.flag("undelete")
        comment = self.find_comment(self.required("id"), include_deleted=undelete)
        if undelete:
            services.undelete_comment(user, comment)
        else:
            services.delete_comment(user, comment)
        ctx = self.context()
        ctx.load()
        return self.respond(comment_dict(ctx, comment, comment.entry), root="comment")


class LikeView(FriendFeedView):
    allow_json_param = True

    def post(self, request):
        user = self.require_user()
        throttling.check(request, user)
        entry = self.visible_entry(self.required("entry"), user)
        like = services.like_entry(user, entry)
        like.user = user
        return self.respond(like_dict(like), root="like")


class LikeDeleteView(FriendFeedView):
    allow_json_param = True

    def post(self, request):
        user = self.require_user()
        throttling.check(request, user)
        entry = self.visible_entry(self.required("entry"), user)
        services.unlike_entry(user, entry)
        return self.respond({"success": True})


class HideView(EntryResponseMixin, FriendFeedView):
    allow_json_param = True

    def post(self, request):
        user = self.require_user()
        throttling.check(request, user)
        entry = self.visible_entry(self.required("entry"), user)
        if self.params.flag("unhide"):
            services.unhide_entry(user, entry)
        else:
            services.hide_entry(user, entry)
        return self.entry_response(self.reload(entry), hidden=True)


class ShortView(EntryResponseMixin, FriendFeedView):
    """POST /short: give the entry an ff.im-style short code."""

    def post(self, request):
        user = self.require_user()
        throttling.check(request, user)
        entry = self.visible_entry(self.required("entry"), user)
        services.shorten_entry(user, entry)
        return self.entry_response(self.reload(entry))


class ShortDetailView(EntryResponseMixin, FriendFeedView):
    """GET /short/<code>: the entry behind a short link."""

    def get(self, request, code: str):
        if not code.isalnum() or len(code) > 16:
            raise ApiError("bad-id-format", 400)
        entry = visible_entries(self.viewer, Entry.objects.filter(short_code=code)).first()
        if entry is None:
            raise ApiError("entry-not-found", 404)
        return self.entry_response(self.reload(entry))


__all__ = [
    "CommentDeleteView",
    "CommentDetailView",
    "CommentView",
    "EntryDeleteView",
    "EntryDetailView",
    "EntryView",
    "HideView",
    "LikeDeleteView",
    "LikeView",
    "ShortDetailView",
    "ShortView",
]
