"""An entry's page (threaded comments) and the actions on it: comment, like, hide, delete.

Actions answer the page's script with JSON (the re-rendered block to swap in) and plain
form posts with a redirect, so everything also works without JavaScript.
"""

from __future__ import annotations

import uuid as uuidlib

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_POST

from journal import permissions, services
from journal.errors import DomainError, Forbidden, NotFound
from journal.forms import CommentEditForm, CommentForm
from journal.models import Comment, Entry
from journal.queries import find_entry, load_entry_page, with_related
from journal.services.comments import can_delete_comment
from journal.views.common import (
    back,
    decorate,
    entry_path,
    get_journal,
    login_required_page,
    wants_json,
)
from journal.visibility import visible_entries


def _uuid(hex_id: str) -> uuidlib.UUID:
    try:
        return uuidlib.UUID(hex=hex_id)
    except ValueError:
        raise Http404("No such entry.") from None


def visible_entry_by_uuid(viewer, hex_id: str) -> Entry:
    entry = with_related(visible_entries(viewer, Entry.objects.filter(uuid=_uuid(hex_id)))).first()
    if entry is None:
        raise Http404("No such entry.")
    return entry


def _thread(comments: list[Comment]) -> list[tuple[Comment, int]]:
    """Comments in reading order (depth first, oldest first) with their depth."""
    children: dict[int | None, list[Comment]] = {}
    ids = {c.pk for c in comments}
    for comment in comments:
        parent = comment.parent_id if comment.parent_id in ids else None
        children.setdefault(parent, []).append(comment)
    out: list[tuple[Comment, int]] = []
    stack = [(c, 0) for c in reversed(children.get(None, []))]
    while stack:
        comment, depth = stack.pop()
        out.append((comment, min(depth, 8)))
        stack.extend((c, depth + 1) for c in reversed(children.get(comment.pk, [])))
    return out


def _deleted_stub(request: HttpRequest, hex_id: str) -> HttpResponse | None:
    """The author (or a maintainer) of a deleted entry gets a page offering undelete."""
    if not request.user.is_authenticated:
        return None
    entry = (
        Entry.objects.select_related("journal").filter(uuid=_uuid(hex_id), is_deleted=True).first()
    )
    if entry is None or not permissions.can_moderate_entry(request.user, entry):
        return None
    return render(request, "journal/entry_deleted.html", {"entry": entry}, status=410)


def _entry_page(request: HttpRequest, entry: Entry) -> HttpResponse:
    viewer = request.user
    page = load_entry_page(viewer, entry)
    [entry] = decorate([entry], viewer, fold=False, social=False)
    viewer_id = viewer.pk if viewer.is_authenticated else None
    thread = []
    for comment, depth in _thread(page.comments):
        comment.depth = depth
        # Verbs stamp created_at and updated_at separately; only a real edit counts.
        comment.was_edited = (comment.updated_at - comment.created_at).total_seconds() > 5
        comment.can_edit = viewer_id == comment.author_id and not comment.is_deleted
        comment.can_delete = viewer_id is not None and (
            comment.author_id == viewer_id or entry.can_delete
        )
        thread.append(comment)
    liked = any(like.user_id == viewer_id for like in page.likes)
    return render(
        request,
        "journal/entry.html",
        {
            "entry": entry,
            "journal": entry.journal,
            "theme_journal": entry.journal,
            "thread": thread,
            "likes": page.likes,
            "liked_by_viewer": liked,
            "comment_form": CommentForm(),
            "live_comments": sum(1 for c in page.comments if not c.is_deleted),
            # What the API shows of them (live.js compares on its first poll).
            "live_likes": sum(1 for like in page.likes if not like.user.is_suspended),
        },
    )


def permalink(request: HttpRequest, username: str, ditemid: str) -> HttpResponse:
    get_journal(username)
    try:
        entry = find_entry(request.user, username, int(ditemid))
    except (NotFound, ValueError):
        entry = Entry.objects.filter(
            journal__name=username, item_number=int(ditemid) // 256
        ).first()
        stub = _deleted_stub(request, entry.uuid.hex) if entry is not None else None
        if stub is not None and entry.anum == int(ditemid) % 256:
            return stub
        raise Http404("No such entry.") from None
    return _entry_page(request, entry)


def by_id(request: HttpRequest, hex_id: str) -> HttpResponse:
    """`/e/<32 hex>`: FriendFeed's entry id, the same page as the permalink."""
    entry = with_related(visible_entries(request.user, Entry.objects.filter(uuid=_uuid(hex_id))))
    entry = entry.first()
    if entry is None:
        stub = _deleted_stub(request, hex_id)
        if stub is not None:
            return stub
        raise Http404("No such entry.")
    return _entry_page(request, entry)


# --- actions -----------------------------------------------------------------------------


def _action_target(request: HttpRequest, hex_id: str) -> Entry:
    """The entry an action is about; invisible entries are 404, like missing ones."""
    return visible_entry_by_uuid(request.user, hex_id)


def _social_response(request: HttpRequest, entry: Entry, message: str = "") -> HttpResponse:
    """JSON with the re-rendered comments-and-likes block, or a redirect back."""
    if wants_json(request):
        [entry] = decorate([entry], request.user)
        html = render_to_string(
            "journal/_social.html", {"entry": entry, "user": request.user}, request=request
        )
        return JsonResponse({"ok": True, "html": html, "message": message})
    if message:
        messages.success(request, message)
    return back(request, entry_path(entry))


def _refused(request: HttpRequest, exc: DomainError, default: str) -> HttpResponse:
    if isinstance(exc, NotFound):
        raise Http404(exc.message)
    status = 403 if isinstance(exc, Forbidden) else 400
    if wants_json(request):
        return JsonResponse({"ok": False, "error": exc.message}, status=status)
    messages.error(request, exc.message)
    return back(request, default)


@require_POST
@login_required_page
def like(request: HttpRequest, hex_id: str) -> HttpResponse:
    entry = _action_target(request, hex_id)
    try:
        if request.POST.get("undo"):
            services.unlike_entry(request.user, entry)
        else:
            services.like_entry(request.user, entry)
    except DomainError as exc:
        return _refused(request, exc, entry_path(entry))
    return _social_response(request, entry)


@require_POST
@login_required_page
def hide(request: HttpRequest, hex_id: str) -> HttpResponse:
    entry = _action_target(request, hex_id)
    try:
        if request.POST.get("undo"):
            services.unhide_entry(request.user, entry)
        else:
            services.hide_entry(request.user, entry)
    except DomainError as exc:
        return _refused(request, exc, "/")
    if wants_json(request):
        # Hiding or unhiding takes the entry off the list it was on (feed / hidden entries).
        return JsonResponse({"ok": True, "remove": True})
    messages.success(request, "Entry shown again." if request.POST.get("undo") else "Entry hidden.")
    return back(request, "/")


@require_POST
@login_required_page
def comment(request: HttpRequest, hex_id: str) -> HttpResponse:
    entry = _action_target(request, hex_id)
    form = CommentForm(request.POST)
    if not form.is_valid():
        error = "; ".join(e for errs in form.errors.values() for e in errs)
        if wants_json(request):
            return JsonResponse({"ok": False, "error": error}, status=400)
        messages.error(request, error)
        return back(request, entry_path(entry))
    parent = None
    if form.cleaned_data.get("parent"):
        parent = Comment.objects.filter(pk=form.cleaned_data["parent"], entry=entry).first()
        if parent is None:
            raise Http404("No such comment.")
    try:
        services.add_comment(
            request.user,
            entry,
            form.cleaned_data["body"],
            parent=parent,
            subject=form.cleaned_data.get("subject") or "",
        )
    except DomainError as exc:
        return _refused(request, exc, entry_path(entry))
    return _social_response(request, entry, "Comment posted.")


@require_POST
@login_required_page
def delete_entry(request: HttpRequest, hex_id: str) -> HttpResponse:
    entry = _action_target(request, hex_id)
    try:
        services.delete_entry(request.user, entry)
    except DomainError as exc:
        return _refused(request, exc, entry_path(entry))
    if wants_json(request):
        return JsonResponse({"ok": True, "remove": True})
    messages.success(request, "Entry deleted. You can still undelete it from its page.")
    return redirect(f"/e/{entry.uuid.hex}")


@require_POST
@login_required_page
def undelete_entry(request: HttpRequest, hex_id: str) -> HttpResponse:
    entry = Entry.objects.select_related("journal").filter(uuid=_uuid(hex_id)).first()
    if entry is None or not permissions.can_moderate_entry(request.user, entry):
        raise Http404("No such entry.")
    try:
        services.undelete_entry(request.user, entry)
    except DomainError as exc:
        return _refused(request, exc, "/")
    messages.success(request, "Entry restored.")
    return redirect(entry_path(entry))


def _comment_for_action(request: HttpRequest, comment_hex: str) -> Comment:
    """A comment on an entry the viewer can see (deleted comments included)."""
    comment = (
        Comment.objects.select_related("entry", "entry__journal", "author")
        .filter(uuid=_uuid(comment_hex))
        .first()
    )
    if (
        comment is None
        or not visible_entries(request.user, Entry.objects.filter(pk=comment.entry_id)).exists()
    ):
        raise Http404("No such comment.")
    return comment


@login_required_page
def edit_comment(request: HttpRequest, comment_hex: str) -> HttpResponse:
    comment = _comment_for_action(request, comment_hex)
    if comment.author_id != request.user.pk or comment.is_deleted:
        raise Http404("No such comment.")
    form = CommentEditForm(request.POST or None, initial={"body": comment.body})
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_comment(request.user, comment, form.cleaned_data["body"])
        except DomainError as exc:
            form.add_error("body", exc.message)
        else:
            messages.success(request, "Comment saved.")
            return redirect(entry_path(comment.entry) + f"#c{comment.uuid.hex}")
    return render(
        request,
        "journal/comment_edit.html",
        {"form": form, "comment": comment, "entry_path": entry_path(comment.entry)},
    )


@require_POST
@login_required_page
def delete_comment(request: HttpRequest, comment_hex: str) -> HttpResponse:
    comment = _comment_for_action(request, comment_hex)
    if not can_delete_comment(request.user, comment):
        raise Http404("No such comment.")
    undo = bool(request.POST.get("undo"))
    try:
        if undo:
            services.undelete_comment(request.user, comment)
        else:
            services.delete_comment(request.user, comment)
    except DomainError as exc:
        return _refused(request, exc, entry_path(comment.entry))
    messages.success(request, "Comment restored." if undo else "Comment deleted.")
    return back(request, entry_path(comment.entry) + f"#c{comment.uuid.hex}")
