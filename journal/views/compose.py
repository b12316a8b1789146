"""Post and edit an entry: one form, the domain verbs decide (security, rights, limits)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from journal import services
from journal.errors import DomainError, InvalidInput
from journal.forms import EntryForm
from journal.models import (
    Entry,
    FriendGroup,
    Journal,
    Membership,
    QueuedEntry,
    User,
    UserpicKeyword,
)
from journal.services import moderation
from journal.views.common import add_domain_error, entry_path, login_required_page

try:  # The media helper is optional: without it the form offers no file field.
    from journal.media import attach_upload
except ImportError:  # pragma: no cover - depends on another part of the project
    attach_upload = None


def _postable_journals(user: User) -> list[Journal]:
    """The person's own journal and communities where they may post."""
    communities = [
        m.journal
        for m in Membership.objects.filter(user=user, status=Membership.Status.ACTIVE)
        .select_related("journal")
        .order_by("journal__name")
        if m.journal.is_community
        and (m.is_maintainer or (m.journal.members_can_post and m.can_post))
    ]
    return [user.journal, *communities]


def _group_choices(user: User) -> list[tuple[str, str]]:
    return [(str(g.bit), g.name) for g in FriendGroup.objects.filter(owner=user)]


def _picture_keywords(user: User) -> list[str]:
    return list(UserpicKeyword.objects.filter(user=user).values_list("keyword", flat=True))


def _event_time(form: EntryForm) -> dt.datetime | None:
    value = form.cleaned_data.get("event_time")
    if value is None:
        return None
    # The form's value is the writer's wall-clock time; the domain stores it labelled UTC.
    return value.replace(tzinfo=dt.UTC)


@login_required_page
def post(request: HttpRequest) -> HttpResponse:
    user = request.user
    journals = _postable_journals(user)
    by_name = {j.name: j for j in journals}
    form = EntryForm(
        request.POST or None,
        request.FILES or None,
        journals=[
            (j.name, j.display_title if j.is_community else f"{j.name} (my journal)")
            for j in journals
        ],
        communities=[(j.name, j.display_title) for j in journals[1:]],
        groups=_group_choices(user),
        pictures=_picture_keywords(user),
        allow_files=attach_upload is not None,
        initial={
            "journal": request.GET.get("journal", user.journal.name),
            "direct_to": request.GET.get("to", ""),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        target = by_name.get(data.get("journal") or user.journal.name, user.journal)
        security, allowmask = form.allowmask()
        direct = list(User.objects.filter(username__in=data["direct_to"]).select_related("journal"))
        missing = set(data["direct_to"]) - {u.username for u in direct}
        if missing:
            form.add_error("direct_to", f"No such user: {', '.join(sorted(missing))}.")
        else:
            try:
                # One transaction: a refused file leaves no half-posted entry behind.
                with transaction.atomic():
                    # A moderated community queues posts by its non-moderators (the domain
                    # decides); everyone else's post is written at once.
                    entry = moderation.post_or_submit(
                        user,
                        journal=target,
                        subject=data["subject"],
                        body=data["body"],
                        security=security,
                        allowmask=allowmask,
                        event_time=_event_time(form),
                        props=form.props(),
                        tags=data["tags"],
                        to_journals=[by_name[n] for n in data.get("also_to") or [] if n in by_name],
                        direct_to=direct,
                    )
                    files = data.get("files") or []
                    if files and isinstance(entry, QueuedEntry):
                        # The queue holds text and props only; this rolls the submission back.
                        raise InvalidInput(
                            "Files cannot wait for a moderator: post without them, "
                            "or add them after approval.",
                            field="files",
                        )
                    for upload in files:
                        attach_upload(user, entry, upload)
            except DomainError as exc:
                if exc.field == "file":
                    exc.field = "files"
                add_domain_error(form, exc)
            else:
                if isinstance(entry, QueuedEntry):
                    messages.info(
                        request,
                        f"Your entry was submitted to {target.display_title} and awaits "
                        "moderation: it will appear once a moderator approves it.",
                    )
                    return redirect(f"/{target.name}")
                messages.success(request, "Entry posted.")
                return redirect(entry_path(entry))
    return render(request, "journal/compose.html", {"form": form, "editing": False})


def _initial(entry: Entry) -> dict:
    if entry.security == "usemask":
        security = "friends" if entry.allowmask == 1 else "custom"
    else:
        security = entry.security
    return {
        "subject": entry.subject,
        "body": entry.body,
        "security": security,
        "groups": [str(b) for b in range(1, 31) if entry.allowmask & (1 << b)],
        "moodid": entry.props.get("current_moodid", ""),
        "mood": entry.props.get("current_mood", ""),
        "music": entry.props.get("current_music", ""),
        "location": entry.props.get("current_location", ""),
        "tags": ", ".join(t.name for t in entry.tags.all()),
        "backdated": entry.backdated,
        "event_time": entry.event_time.replace(tzinfo=None).strftime("%Y-%m-%dT%H:%M"),
        "comments_disabled": entry.comments_disabled,
        "picture_keyword": entry.props.get("picture_keyword", ""),
    }


@login_required_page
def edit(request: HttpRequest, hex_id: str) -> HttpResponse:
    from journal.views.entries import visible_entry_by_uuid

    entry = visible_entry_by_uuid(request.user, hex_id)
    if entry.poster_id != request.user.pk:
        raise Http404("No such entry.")
    form = EntryForm(
        request.POST or None,
        groups=_group_choices(request.user),
        pictures=_picture_keywords(request.user),
        editing=True,
        initial=_initial(entry),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        security, allowmask = form.allowmask()
        try:
            services.edit_entry(
                request.user,
                entry,
                subject=data["subject"],
                body=data["body"],
                security=security,
                allowmask=allowmask,
                event_time=_event_time(form) or entry.event_time,
                props=form.props(),
                tags=data["tags"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, "Entry saved.")
            return redirect(entry_path(entry))
    return render(request, "journal/compose.html", {"form": form, "editing": True, "entry": entry})
