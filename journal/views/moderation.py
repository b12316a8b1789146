"""A moderated community's queue: its moderators approve or reject submissions here.

Approving calls the moderation verb, which posts the entry through post_entry (same checks,
same event as any post); rejecting drops the submission. Everything else is the verbs' job.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from journal.errors import DomainError
from journal.models import Journal, QueuedEntry
from journal.props import is_set
from journal.rendering import render_entry, render_subject
from journal.services import moderation
from journal.views.common import get_journal, login_required_page


def _moderated_community(request: HttpRequest, username: str) -> Journal:
    """The community, if the viewer moderates it: 404 for other journals, 403 for others."""
    journal = get_journal(username)
    if not journal.is_community:
        raise Http404("Not a community.")
    if not moderation.can_moderate(request.user, journal):
        raise PermissionDenied("You are not a moderator of this community.")
    return journal


@login_required_page
def queue(request: HttpRequest, username: str) -> HttpResponse:
    """The queue, oldest first; a POST switches moderated posting on or off."""
    journal = _moderated_community(request, username)
    if request.method == "POST":
        try:
            moderation.set_moderated_posting(
                request.user, journal, request.POST.get("moderated") == "1"
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            state = "moderated" if journal.moderated_posting else "not moderated"
            messages.success(request, f"Posting to {journal.name} is now {state}.")
        return redirect(f"/{journal.name}/moderation")
    items = list(moderation.pending(request.user, journal))
    for item in items:
        item.subject_html = render_subject(item.subject) if item.subject else ""
        item.html = render_entry(item.body, preformatted=is_set(item.props.get("opt_preformatted")))
    limit, per_poster = moderation.queue_limits()
    return render(
        request,
        "journal/moderation.html",
        {
            "journal": journal,
            "theme_journal": journal,
            "queue": items,
            "limit": limit,
            "per_poster": per_poster,
            "can_manage": True,
            "view": "moderation",
        },
    )


@require_POST
@login_required_page
def decide(request: HttpRequest, username: str, queued_id: str) -> HttpResponse:
    """Approve (post it) or reject one submission."""
    journal = _moderated_community(request, username)
    item = QueuedEntry.objects.filter(pk=int(queued_id), journal=journal).first()
    action = request.POST.get("action")
    if item is None:
        messages.error(request, "That submission is no longer in the queue.")
    elif action not in ("approve", "reject"):
        messages.error(request, "Unknown action.")
    else:
        try:
            if action == "approve":
                entry = moderation.approve_entry(request.user, item)
                messages.success(
                    request, f"Posted the entry by {item.poster.username} ({entry.url})."
                )
            else:
                moderation.reject_entry(request.user, item)
                messages.success(request, f"Rejected the entry by {item.poster.username}.")
        except DomainError as exc:
            messages.error(request, exc.message)
    return redirect(f"/{journal.name}/moderation")
