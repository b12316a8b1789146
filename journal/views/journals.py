"""A journal's pages, LiveJournal style: recent entries, a day, the calendar, a tag,
the person's comments and likes, and the profile."""

from __future__ import annotations

import calendar
import datetime as dt

from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from journal.models import Comment, Entry, Journal, Membership, Subscription
from journal.queries import with_related
from journal.rendering import render_profile
from journal.views.common import decorate, get_journal, page_of
from journal.visibility import visible_entries


def journal_queryset(viewer, journal: Journal):
    """The journal's entries as `viewer` may see them (a community's include those sent to it)."""
    if journal.is_community:
        base = Entry.objects.filter(
            Q(journal=journal) | Q(recipient_links__journal=journal)
        ).distinct()
    else:
        base = Entry.objects.filter(journal=journal)
    return with_related(visible_entries(viewer, base))


def _relation(viewer, journal: Journal) -> dict:
    """The viewer's edge to the journal (subscribed / requested / none) and membership."""
    if not viewer.is_authenticated:
        return {}
    sub = Subscription.objects.filter(user=viewer, journal=journal).first()
    out = {"subscription": sub, "is_owner": journal.user_id == viewer.pk}
    if journal.is_community:
        out["membership"] = Membership.objects.filter(user=viewer, journal=journal).first()
    return out


def _context(request: HttpRequest, journal: Journal, **extra) -> dict:
    return {"journal": journal, "theme_journal": journal, **extra}


def recent(request: HttpRequest, username: str) -> HttpResponse:
    journal = get_journal(username)
    qs = journal_queryset(request.user, journal).order_by("-created_at", "-id")
    rows, paging = page_of(qs, request)
    entries = decorate(rows, request.user)
    return render(
        request,
        "journal/recent.html",
        _context(request, journal, entries=entries, paging=paging, view="recent"),
    )


def day(request: HttpRequest, username: str, year: str, month: str, day: str) -> HttpResponse:
    journal = get_journal(username)
    try:
        date = dt.date(int(year), int(month), int(day))
    except ValueError:
        raise Http404("No such date.") from None
    start = dt.datetime.combine(date, dt.time(), tzinfo=dt.UTC)
    qs = (
        journal_queryset(request.user, journal)
        .filter(event_time__gte=start, event_time__lt=start + dt.timedelta(days=1))
        .order_by("event_time", "id")
    )
    entries = decorate(qs, request.user)
    return render(
        request,
        "journal/day.html",
        _context(
            request,
            journal,
            entries=entries,
            date=date,
            previous=date - dt.timedelta(days=1),
            next=date + dt.timedelta(days=1),
            view="day",
        ),
    )


def calendar_view(request: HttpRequest, username: str, year: str | None = None) -> HttpResponse:
    """Per-day counts of visible entries for one year, as month grids."""
    journal = get_journal(username)
    visible = journal_queryset(request.user, journal)
    years = sorted({d.year for d in visible.order_by().dates("event_time", "year")}, reverse=True)
    chosen = (years[0] if years else dt.date.today().year) if year is None else int(year)
    counts = {
        row["day"]: row["n"]
        for row in visible.filter(event_time__year=chosen)
        .order_by()
        .annotate(day=TruncDate("event_time", tzinfo=dt.UTC))
        .values("day")
        .annotate(n=Count("id", distinct=True))
    }
    cal = calendar.Calendar(firstweekday=6)
    months = []
    for month in range(1, 13):
        weeks = []
        for week in cal.monthdatescalendar(chosen, month):
            weeks.append(
                [{"date": d, "count": counts.get(d, 0)} if d.month == month else None for d in week]
            )
        total = sum(n for d, n in counts.items() if d.month == month)
        months.append({"name": calendar.month_name[month], "weeks": weeks, "total": total})
    return render(
        request,
        "journal/calendar.html",
        _context(
            request,
            journal,
            year=chosen,
            years=years,
            months=months,
            total=sum(counts.values()),
            weekdays=["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"],
            view="calendar",
        ),
    )


def tag(request: HttpRequest, username: str, tag: str) -> HttpResponse:
    journal = get_journal(username)
    qs = (
        journal_queryset(request.user, journal)
        .filter(tags__journal=journal, tags__name=tag.lower())
        .order_by("-created_at", "-id")
    )
    rows, paging = page_of(qs, request)
    entries = decorate(rows, request.user)
    return render(
        request,
        "journal/recent.html",
        _context(request, journal, entries=entries, paging=paging, tag=tag.lower(), view="tag"),
    )


def tags_index(request: HttpRequest, username: str) -> HttpResponse:
    journal = get_journal(username)
    visible = journal_queryset(request.user, journal).order_by()
    tags = (
        visible.filter(tags__journal=journal)
        .values("tags__name")
        .annotate(n=Count("id", distinct=True))
        .order_by("tags__name")
    )
    return render(
        request,
        "journal/tags.html",
        _context(request, journal, tags=[(t["tags__name"], t["n"]) for t in tags], view="tags"),
    )


def comments_feed(request: HttpRequest, username: str) -> HttpResponse:
    """What this person has said, on entries the viewer may see."""
    journal = get_journal(username)
    if journal.user_id is None:
        raise Http404("Only people write comments.")
    qs = (
        Comment.objects.filter(
            author_id=journal.user_id,
            is_deleted=False,
            entry__in=visible_entries(request.user).values("pk"),
        )
        .select_related("author", "entry", "entry__journal")
        .order_by("-created_at", "-id")
    )
    rows, paging = page_of(qs, request)
    for comment in rows:
        comment.entry_path = f"/{comment.entry.journal.name}/{comment.entry.ditemid}.html"
    return render(
        request,
        "journal/comments_feed.html",
        _context(request, journal, comments=rows, paging=paging, view="comments"),
    )


def likes_feed(request: HttpRequest, username: str) -> HttpResponse:
    """Entries this person liked, as far as the viewer may see them."""
    journal = get_journal(username)
    if journal.user_id is None:
        raise Http404("Only people like entries.")
    qs = (
        journal_queryset_all(request.user)
        .filter(likes__user_id=journal.user_id)
        .order_by("-likes__created_at", "-id")
    )
    rows, paging = page_of(qs, request)
    entries = decorate(rows, request.user)
    return render(
        request,
        "journal/likes_feed.html",
        _context(request, journal, entries=entries, paging=paging, view="likes"),
    )


def journal_queryset_all(viewer):
    return with_related(visible_entries(viewer))


def profile(request: HttpRequest, username: str) -> HttpResponse:
    journal = get_journal(username)
    person = journal.user
    ctx = _context(request, journal, view="profile", **_relation(request.user, journal))
    ctx["description_html"] = render_profile(
        person.description if person and person.description else journal.description
    )
    if person is not None:
        ctx["person"] = person
        ctx["friends"] = list(
            Journal.objects.filter(
                subscribers__user=person,
                subscribers__status=Subscription.Status.SUBSCRIBED,
                kind=Journal.Kind.PERSONAL,
            ).order_by("name")
        )
        ctx["friend_of"] = list(
            Journal.objects.filter(
                user__subscriptions__journal=journal,
                user__subscriptions__status=Subscription.Status.SUBSCRIBED,
                kind=Journal.Kind.PERSONAL,
            ).order_by("name")
        )
        ctx["communities"] = list(
            Journal.objects.filter(
                memberships__user=person, memberships__status=Membership.Status.ACTIVE
            ).order_by("name")
        )
        if ctx.get("is_owner"):
            ctx["requests"] = list(
                Subscription.objects.filter(
                    journal=journal, status=Subscription.Status.REQUESTED
                ).select_related("user")
            )
    else:
        members = list(
            Membership.objects.filter(journal=journal, status=Membership.Status.ACTIVE)
            .select_related("user")
            .order_by("user__username")
        )
        ctx["members"] = members
        ctx["admins"] = [m for m in members if m.is_maintainer]
    return render(request, "journal/profile.html", ctx)
