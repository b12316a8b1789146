"""Read-side querysets the domain owns: one place knows what an entry page needs loaded."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from journal.errors import NotFound
from journal.models import Attachment, Comment, Entry, Journal, Like, Tag, User
from journal.visibility import visible_entries


def with_related(qs: QuerySet[Entry]) -> QuerySet[Entry]:
    """Entries with journal, poster, recipients, tags and attachments in fixed queries."""
    return qs.select_related("journal", "journal__user", "poster").prefetch_related(
        Prefetch("recipients", queryset=Journal.objects.select_related("user")),
        Prefetch("tags", queryset=Tag.objects.order_by("name")),
        Prefetch("attachments", queryset=Attachment.objects.order_by("position", "id")),
    )


@dataclass
class EntryPage:
    entry: Entry
    comments: list[Comment]
    likes: list[Like]


def split_ditemid(ditemid: int) -> tuple[int, int]:
    """LiveJournal's public item id: item_number * 256 + anum."""
    return ditemid // 256, ditemid % 256


def find_entry(viewer: User | None, journal_name: str, ditemid: int) -> Entry:
    """The visible entry at /<journal>/<ditemid>.html, or NotFound."""
    item_number, anum = split_ditemid(ditemid)
    entry = (
        with_related(visible_entries(viewer))
        .filter(journal__name=journal_name, item_number=item_number, anum=anum)
        .first()
    )
    if entry is None:
        raise NotFound("No such entry.", code="entry-not-found")
    return entry


def load_entry_page(viewer: User | None, entry: Entry) -> EntryPage:
    """Comments (threaded order by time, authors loaded) and likes (newest first)."""
    comments = list(
        Comment.objects.filter(entry=entry).select_related("author").order_by("created_at", "id")
    )
    likes = list(Like.objects.filter(entry=entry).select_related("user").order_by("-created_at"))
    return EntryPage(entry=entry, comments=comments, likes=likes)
