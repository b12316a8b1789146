"""Comment verbs: add (threaded), edit, delete, undelete."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from journal import events, permissions
from journal.errors import Forbidden, InvalidInput
from journal.models import Comment, Entry, Event, User
from journal.rendering import render_comment
from journal.services.entries import SUBJECT_MAX_CHARS, Via, ensure_visible


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
    body = _clean_body(body)
    comment = Comment.objects.create(
        entry=entry,
        parent=parent,
        author=author,
        subject=_clean_subject(subject),
        body=body,
        body_html=render_comment(body, plain_text=plain_text),
        via_name=via.name[:100] if via else "",
        via_url=via.url[:500] if via else "",
    )
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
    comment.body_html = render_comment(comment.body, plain_text=plain_text)
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
