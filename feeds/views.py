"""The website's feed pages: home (friends feed), a person's friends page, public feed,
search, discussions and direct messages. Each is a queryset through journal.visibility,
decorated in a fixed number of queries by journal.views.common.decorate."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.db.models import F, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from feeds.queries import home_entries
from feeds.saved_search_views import search_page_context
from feeds.search import compile_query
from journal import services
from journal.errors import DomainError
from journal.forms import DirectMessageForm
from journal.models import Entry, FriendGroup, Hide, Subscription, User
from journal.queries import with_related
from journal.views.common import (
    add_domain_error,
    decorate,
    get_journal,
    login_required_page,
    page_of,
)
from journal.visibility import visible_entries


def _feed_page(request: HttpRequest, template: str, qs, **extra) -> HttpResponse:
    rows, paging = page_of(qs, request)
    entries = decorate(rows, request.user)
    return render(request, template, {"entries": entries, "paging": paging, **extra})


def home(request: HttpRequest) -> HttpResponse:
    """Signed in: the friends feed with a quick-post box. Otherwise: the public feed."""
    if not request.user.is_authenticated:
        return _feed_page(request, "feeds/welcome.html", _public_qs(), view="welcome")
    if request.GET.get("hidden"):
        # Only the entries the viewer hid, each with an "Unhide" button.
        hidden = Hide.objects.filter(user=request.user).values("entry_id")
        qs = home_entries(request.user, include_hidden=True).filter(pk__in=hidden)
        return _feed_page(request, "feeds/home.html", qs, view="hidden", showing_hidden=True)
    return _feed_page(request, "feeds/home.html", home_entries(request.user), view="home")


def _public_qs():
    # The public feed is what an anonymous reader may see, whoever is looking.
    return with_related(visible_entries(AnonymousUser(), Entry.objects.filter(backdated=False)))


def public(request: HttpRequest) -> HttpResponse:
    return _feed_page(
        request, "feeds/public.html", _public_qs().order_by("-created_at", "-id"), view="public"
    )


def friends_page(request: HttpRequest, username: str) -> HttpResponse:
    """LiveJournal's /<user>/friends: what the person reads, as the viewer may see it.

    `?group=<bit>` filters by one of the person's friend groups (their own or public ones).
    """
    journal = get_journal(username)
    if journal.user_id is None:
        raise Http404("Communities have no friends page.")
    owner = journal.user
    is_owner = request.user.is_authenticated and request.user.pk == owner.pk
    groups = [g for g in FriendGroup.objects.filter(owner=owner) if is_owner or g.is_public]
    subs = Subscription.objects.filter(user=owner, status=Subscription.Status.SUBSCRIBED)
    chosen = None
    if request.GET.get("group"):
        chosen = next((g for g in groups if str(g.bit) == request.GET["group"]), None)
        if chosen is None:
            raise Http404("No such friend group.")
        subs = subs.alias(shared=F("groupmask").bitand(chosen.mask)).filter(shared__gt=0)
    qs = Entry.objects.filter(journal_id__in=subs.values("journal_id"), backdated=False)
    qs = with_related(visible_entries(request.user, qs)).order_by("-created_at", "-id")
    return _feed_page(
        request,
        "feeds/friends.html",
        qs,
        journal=journal,
        theme_journal=journal,
        groups=groups,
        chosen=chosen,
        view="friends",
    )


def search(request: HttpRequest) -> HttpResponse:
    query = (request.GET.get("q") or "").strip()
    saved = search_page_context(request, query)
    if not query:
        return render(
            request, "feeds/search.html", {"query": "", "entries": [], "paging": {}, **saved}
        )
    error = ""
    try:
        # FriendFeed's syntax (from:, like:, group:, -word, OR, ...); matches may repeat
        # through joins, so they are taken as a set of ids.
        matches = Entry.objects.filter(compile_query(query, request.user)).values("pk")
        qs = visible_entries(request.user, Entry.objects.filter(pk__in=matches))
    except DomainError as exc:
        error = exc.message
        qs = Entry.objects.none()
    qs = with_related(qs).order_by("-created_at", "-id")
    return _feed_page(request, "feeds/search.html", qs, query=query, error=error, **saved)


@login_required_page
def discussions(request: HttpRequest) -> HttpResponse:
    """Entries the viewer commented on or liked (FriendFeed's filter/discussions)."""
    viewer = request.user
    ids = Entry.objects.filter(
        Q(comments__author=viewer, comments__is_deleted=False) | Q(likes__user=viewer)
    ).values("pk")
    qs = with_related(visible_entries(viewer, Entry.objects.filter(pk__in=ids)))
    return _feed_page(
        request, "feeds/discussions.html", qs.order_by("-created_at", "-id"), view="discussions"
    )


@login_required_page
def direct_messages(request: HttpRequest) -> HttpResponse:
    """Direct messages to and from the viewer, and a form to send one."""
    viewer = request.user
    form = DirectMessageForm(request.POST or None, initial={"to": request.GET.get("to", "")})
    if request.method == "POST" and form.is_valid():
        names = form.cleaned_data["to"]
        people = list(User.objects.filter(username__in=names).select_related("journal"))
        missing = set(names) - {p.username for p in people}
        if missing:
            form.add_error("to", f"No such user: {', '.join(sorted(missing))}.")
        else:
            try:
                services.post_entry(
                    viewer,
                    subject=form.cleaned_data["subject"],
                    body=form.cleaned_data["body"],
                    direct_to=people,
                )
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, "Message sent.")
                return redirect("/messages")
    qs = with_related(visible_entries(viewer, Entry.objects.filter(is_direct=True)))
    rows, paging = page_of(qs.order_by("-created_at", "-id"), request)
    return render(
        request,
        "feeds/messages.html",
        {"entries": decorate(rows, viewer), "paging": paging, "form": form, "view": "messages"},
    )
