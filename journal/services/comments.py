"""Comment verbs: add (threaded), edit, delete, undelete."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from journal import events, permissions
from journal.errors import Forbidden, InvalidInput
from journal.models import Comment, Entry, Event, User
from journal.rendering import render_comment, search_text
from journal.services.entries import SUBJECT_MAX_CHARS, Via, ensure_visible, stamp_operator_edit


def _clean_body(body: str) -> str:
    body = (body or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if not body:
        raise InvalidInput("The comment needs some text.", code="body-required", field="body")
    if len(body.encode()) > settings.COMMENT_MAX_BYTES:
        raise InvalidInput("Comment too large.", code="too-large", field="body")
    return body


def _clean_subject(subject: str) -> str:
    subject = (subject or "").replace("\r", " ").replace("\n", " ").strip()
    if len(subject) > SUBJECT_MAX_CHARS:
        raise InvalidInput("Subject too long.", code="subject-too-long", field="subject")
    return subject


def _derive_from_body(comment: Comment) -> None:
    """The fields kept from the body: its HTML, and its search text (the body without markup)."""
    comment.body_html = render_comment(comment.body, plain_text=comment.markup == "text")
    comment.search_text = search_text(comment.body, comment.markup)


def can_delete_comment(actor: User, comment: Comment) -> bool:
    """The comment's author, the entry's poster, or the journal's maintainers."""
    return comment.author_id == actor.pk or permissions.can_moderate_entry(actor, comment.entry)


@transaction.atomic
def add_comment(
    author: User,
    entry: Entry,
    body: str,
    *,
    parent: Comment | None = None,
    subject: str = "",
    via: Via | None = None,
    plain_text: bool = False,
) -> Comment:
    """Comment on an entry the author can see (a reply when `parent` is given)."""
    permissions.ensure_active(author)
    ensure_visible(author, entry)
    permissions.ensure_can_comment(author, entry)
    if parent is not None and (parent.entry_id != entry.pk or parent.is_deleted):
        raise InvalidInput("The comment replied to is not on this entry.", code="bad-parent")
    comment = Comment(
        entry=entry,
        parent=parent,
        author=author,
        subject=_clean_subject(subject),
        body=_clean_body(body),
        markup="text" if plain_text else "html",
        via_name=via.name[:100] if via else "",
        via_url=via.url[:500] if via else "",
    )
    _derive_from_body(comment)
    comment.save(force_insert=True)
    events.record(
        Event.Kind.COMMENT_CREATED,
        actor=author,
        journal=entry.journal,
        entry=entry,
        comment=comment,
    )
    return comment


@transaction.atomic
def edit_comment(
    actor: User,
    comment: Comment,
    body: str,
    *,
    subject: str | None = None,
    plain_text: bool = False,
) -> Comment:
    permissions.ensure_active(actor)
    if comment.author_id != actor.pk:
        raise Forbidden("Only the author can edit this comment.", code="not-author")
    if comment.is_deleted:
        raise Forbidden("The comment is deleted.", code="deleted")
    comment.body = _clean_body(body)
    comment.markup = "text" if plain_text else "html"
    _derive_from_body(comment)
    if subject is not None:
        comment.subject = _clean_subject(subject)
    comment.updated_at = timezone.now()
    comment.save()
    events.record(
        Event.Kind.COMMENT_UPDATED,
        actor=actor,
        journal=comment.entry.journal,
        entry=comment.entry,
        comment=comment,
    )
    return comment


def check_operator_edit(comment: Comment, changed: Iterable[str] = ()) -> None:
    """The author's rules for the row an operator edited (the admin's form asks before
    saving): raises InvalidInput naming the field; cleans what it keeps."""
    comment.subject = _clean_subject(comment.subject)
    comment.body = _clean_body(comment.body)


@transaction.atomic
def save_operator_edit(actor: User, comment: Comment, changed: Iterable[str]) -> Comment:
    """Save an operator's edit of the row itself (the Django admin), checked first by
    check_operator_edit: its HTML and search text follow the body, and the event log
    records it as the author's own edit would be, so feeds and waiting polls see it."""
    changed = set(changed)
    if not changed:
        return comment
    kinds = (Event.Kind.COMMENT_UPDATED, Event.Kind.COMMENT_DELETED, Event.Kind.COMMENT_UNDELETED)
    kind = stamp_operator_edit(comment, changed, kinds)
    _derive_from_body(comment)
    comment.save()
    entry = comment.entry
    events.record(
        kind, actor=actor, journal=entry.journal, entry=entry, comment=comment, operator=True
    )
    return comment


@transaction.atomic
def delete_comment(actor: User, comment: Comment) -> Comment:
    permissions.ensure_active(actor)
    if not can_delete_comment(actor, comment):
        raise Forbidden("You may not delete this comment.", code="cannot-delete")
    if not comment.is_deleted:
        comment.is_deleted = True
        comment.deleted_at = timezone.now()
        comment.save(update_fields=["is_deleted", "deleted_at"])
        events.record(
            Event.Kind.COMMENT_DELETED,
            actor=actor,
            journal=comment.entry.journal,
            entry=comment.entry,
            comment=comment,
        )
    return comment


@transaction.atomic
def undelete_comment(actor: User, comment: Comment) -> Comment:
    permissions.ensure_active(actor)
    if not can_delete_comment(actor, comment):
        raise Forbidden("You may not undelete this comment.", code="cannot-delete")
    if comment.is_deleted:
        comment.is_deleted = False
        comment.deleted_at = None
        comment.save(update_fields=["is_deleted", "deleted_at"])
        events.record(
            Event.Kind.COMMENT_UNDELETED,
            actor=actor,
            journal=comment.entry.journal,
            entry=comment.entry,
            comment=comment,
        )
    return comment
