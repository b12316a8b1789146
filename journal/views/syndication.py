"""Atom and RSS of a journal's public entries at LiveJournal's /<user>/data/atom|rss."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed

from journal.rendering import plain_text
from journal.views.common import get_journal
from journal.views.journals import journal_queryset

FEED_SIZE = 25


def _feed(request: HttpRequest, username: str, kind: type[SyndicationFeed]) -> HttpResponse:
    journal = get_journal(username)
    # Feeds are fetched without cookies by readers: only what anyone may see goes in.
    entries = journal_queryset(AnonymousUser(), journal).order_by("-created_at", "-id")[:FEED_SIZE]
    base = settings.SITE_URL
    feed = kind(
        title=journal.display_title,
        link=f"{base}/{journal.name}",
        description=plain_text(journal.description)[:500] or f"{journal.name}'s journal",
        language="en",
        feed_url=f"{base}{request.path}",
        author_name=journal.name,
    )
    for entry in entries:
        feed.add_item(
            title=entry.subject or plain_text(entry.body_html)[:60] or "(no subject)",
            link=entry.url,
            description=entry.body_html,
            unique_id=entry.url,
            pubdate=entry.created_at,
            updateddate=entry.updated_at,
            author_name=entry.poster.username,
            categories=[t.name for t in entry.tags.all()],
        )
    response = HttpResponse(content_type=f"{feed.content_type}")
    feed.write(response, "utf-8")
    return response


def atom(request: HttpRequest, username: str) -> HttpResponse:
    return _feed(request, username, Atom1Feed)


def rss(request: HttpRequest, username: str) -> HttpResponse:
    return _feed(request, username, Rss201rev2Feed)
