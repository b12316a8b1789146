"""Friends (subscriptions), friend groups and communities: each action is one verb."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Case, Value, When
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from journal import services
from journal.errors import DomainError
from journal.forms import CommunityForm, FriendGroupForm, UsernameForm
from journal.models import FriendGroup, Journal, Membership, Subscription, User
from journal.views.common import add_domain_error, back, get_journal, login_required_page


def _flash_error(request: HttpRequest, exc: DomainError) -> None:
    messages.error(request, exc.message)


@login_required_page
def friends(request: HttpRequest) -> HttpResponse:
    """Manage friends: add, remove, put them in groups; approve reading requests."""
    user = request.user
    form = UsernameForm(request.POST or None, prefix="add")
    if request.method == "POST" and form.is_valid():
        journal = Journal.objects.filter(name=form.cleaned_data["username"]).first()
        if journal is None:
            form.add_error("username", "There is no journal with that name.")
        else:
            try:
                sub = services.subscribe(user, journal)
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                if sub.status == Subscription.Status.REQUESTED:
                    messages.info(request, f"Asked {journal.name} for permission to read.")
                else:
                    messages.success(request, f"Added {journal.name}.")
                return redirect("/friends")
    subs = list(
        Subscription.objects.filter(user=user)
        .select_related("journal", "journal__user")
        .order_by("journal__name")
    )
    groups = list(FriendGroup.objects.filter(owner=user))
    for sub in subs:
        sub.group_flags = [(g, bool(sub.groupmask & g.mask)) for g in groups]
    requests = list(
        Subscription.objects.filter(
            journal=user.journal, status=Subscription.Status.REQUESTED
        ).select_related("user")
    )
    readers = list(
        Subscription.objects.filter(journal=user.journal, status=Subscription.Status.SUBSCRIBED)
        .select_related("user")
        .order_by("user__username")
    )
    return render(
        request,
        "journal/friends.html",
        {
            "form": form,
            "subs": subs,
            "groups": groups,
            "requests": requests,
            "readers": readers,
        },
    )


@require_POST
@login_required_page
def subscribe(request: HttpRequest, username: str) -> HttpResponse:
    journal = get_journal(username)
    try:
        sub = services.subscribe(request.user, journal)
    except DomainError as exc:
        _flash_error(request, exc)
    else:
        if sub.status == Subscription.Status.REQUESTED:
            messages.info(request, f"Your request to read {journal.name} is waiting for approval.")
        else:
            messages.success(request, f"You now read {journal.name}.")
    return back(request, f"/{journal.name}/profile")


@require_POST
@login_required_page
def unsubscribe(request: HttpRequest, username: str) -> HttpResponse:
    journal = get_journal(username)
    try:
        if journal.is_community:
            services.leave_community(request.user, journal)
        else:
            services.unsubscribe(request.user, journal)
    except DomainError as exc:
        _flash_error(request, exc)
    else:
        messages.success(request, f"You no longer read {journal.name}.")
    return back(request, f"/{journal.name}/profile")


@require_POST
@login_required_page
def approve(request: HttpRequest, username: str) -> HttpResponse:
    """Approve or decline `username`'s request to read one of my journals (or a community)."""
    person = User.objects.filter(username=username).first()
    journal = get_journal(request.POST.get("journal") or request.user.username)
    if person is None:
        raise Http404("No such user.")
    decline = bool(request.POST.get("decline"))
    try:
        if journal.is_community:
            if decline:
                services.remove_member(request.user, journal, person)
            else:
                services.approve_member(request.user, journal, person)
        else:
            services.approve_subscription(request.user, journal, person, approve=not decline)
    except DomainError as exc:
        _flash_error(request, exc)
    else:
        messages.success(request, f"{'Declined' if decline else 'Approved'} {person.username}.")
    return back(request, "/friends")


@require_POST
@login_required_page
def set_groups(request: HttpRequest, username: str) -> HttpResponse:
    """Put one friend in exactly the ticked groups."""
    journal = get_journal(username)
    mask = 1
    for bit in request.POST.getlist("groups"):
        if bit.isascii() and bit.isdigit() and 1 <= int(bit) <= 30:
            mask |= 1 << int(bit)
    try:
        services.set_friend_groupmask(request.user, journal, mask)
    except DomainError as exc:
        _flash_error(request, exc)
    else:
        messages.success(request, f"Groups of {journal.name} saved.")
    return back(request, "/friends")


@login_required_page
def groups(request: HttpRequest) -> HttpResponse:
    """Friend groups: create; each row renames, reorders and flips public in one form."""
    user = request.user
    form = FriendGroupForm(request.POST or None, prefix="new")
    if request.method == "POST" and form.is_valid():
        try:
            services.set_friend_group(
                user,
                None,
                form.cleaned_data["name"],
                sort_order=form.cleaned_data.get("sort_order"),
                is_public=form.cleaned_data["is_public"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, "Group created.")
            return redirect("/friends/groups")
    group_list = list(FriendGroup.objects.filter(owner=user))
    counts = {g.bit: 0 for g in group_list}
    for mask in Subscription.objects.filter(user=user).values_list("groupmask", flat=True):
        for g in group_list:
            if mask & g.mask:
                counts[g.bit] += 1
    for g in group_list:
        g.member_count = counts[g.bit]
    return render(request, "journal/groups.html", {"form": form, "groups": group_list})


@require_POST
@login_required_page
def group_update(request: HttpRequest, bit: int) -> HttpResponse:
    user = request.user
    group = FriendGroup.objects.filter(owner=user, bit=bit).first()
    if group is None:
        raise Http404("No such group.")
    action = request.POST.get("action", "save")
    try:
        if action == "delete":
            services.delete_friend_group(user, bit)
            messages.success(request, f"Deleted group {group.name}.")
        elif action in ("up", "down"):
            _move(user, group, -1 if action == "up" else 1)
        else:
            form = FriendGroupForm(request.POST)
            if not form.is_valid():
                for errors in form.errors.values():
                    for error in errors:
                        messages.error(request, error)
                return redirect("/friends/groups")
            services.set_friend_group(
                user,
                bit,
                form.cleaned_data["name"],
                sort_order=form.cleaned_data.get("sort_order"),
                is_public=form.cleaned_data["is_public"],
            )
            messages.success(request, "Group saved.")
    except DomainError as exc:
        _flash_error(request, exc)
    return redirect("/friends/groups")


def _move(user: User, group: FriendGroup, step: int) -> None:
    """Reorder by renumbering every group's sort order (10, 20, ...) with this one moved."""
    ordered = list(FriendGroup.objects.filter(owner=user).order_by("sort_order", "bit"))
    index = next(i for i, g in enumerate(ordered) if g.pk == group.pk)
    target = index + step
    if not 0 <= target < len(ordered):
        return
    ordered[index], ordered[target] = ordered[target], ordered[index]
    for position, g in enumerate(ordered):
        order = min(255, (position + 1) * 10)
        if g.sort_order != order:
            services.set_friend_group(user, g.bit, g.name, sort_order=order)


@login_required_page
def communities(request: HttpRequest) -> HttpResponse:
    """My communities and a form to create one."""
    user = request.user
    form = CommunityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            community = services.create_community(
                user,
                data["name"],
                title=data["title"],
                description=data["description"],
                is_private=data["is_private"],
                moderated=data["moderated"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, f"Community {community.name} created.")
            return redirect(f"/{community.name}")
    memberships = list(
        Membership.objects.filter(user=user).select_related("journal").order_by("journal__name")
    )
    return render(request, "journal/communities.html", {"form": form, "memberships": memberships})


@require_POST
@login_required_page
def join(request: HttpRequest, username: str) -> HttpResponse:
    journal = get_journal(username)
    try:
        membership = services.join_community(request.user, journal)
    except DomainError as exc:
        _flash_error(request, exc)
    else:
        if membership.status == Membership.Status.REQUESTED:
            messages.info(request, f"Your request to join {journal.name} awaits approval.")
        else:
            messages.success(request, f"You joined {journal.name}.")
    return back(request, f"/{journal.name}/profile")


# Admins first, then moderators, then members.
_ROLE_ORDER = Case(
    When(role=Membership.Role.ADMIN, then=Value(0)),
    When(role=Membership.Role.MODERATOR, then=Value(1)),
    default=Value(2),
)


def members(request: HttpRequest, username: str) -> HttpResponse:
    """A community's members and admins; maintainers approve, promote and remove here."""
    journal = get_journal(username)
    if not journal.is_community:
        raise Http404("Not a community.")
    rows = list(
        Membership.objects.filter(journal=journal)
        .select_related("user")
        .order_by(_ROLE_ORDER, "user__username")
    )
    me = next(
        (m for m in rows if request.user.is_authenticated and m.user_id == request.user.pk), None
    )
    can_manage = me is not None and me.is_maintainer and me.status == Membership.Status.ACTIVE
    active = [m for m in rows if m.status == Membership.Status.ACTIVE]
    pending = [m for m in rows if m.status == Membership.Status.REQUESTED] if can_manage else []
    return render(
        request,
        "journal/members.html",
        {
            "journal": journal,
            "theme_journal": journal,
            "members": active,
            "pending": pending,
            "can_manage": can_manage,
            "me": me,
            "roles": Membership.Role.choices,
            "view": "members",
        },
    )


@require_POST
@login_required_page
def member_update(request: HttpRequest, username: str, member: str) -> HttpResponse:
    journal = get_journal(username)
    person = User.objects.filter(username=member).first()
    if person is None or not journal.is_community:
        raise Http404("No such member.")
    action = request.POST.get("action")
    try:
        if action == "remove":
            services.remove_member(request.user, journal, person)
            messages.success(request, f"Removed {person.username}.")
        elif action == "approve":
            services.approve_member(request.user, journal, person)
            messages.success(request, f"Approved {person.username}.")
        elif action == "role":
            services.set_member_role(request.user, journal, person, request.POST.get("role", ""))
            messages.success(request, f"{person.username} is now {request.POST.get('role')}.")
        elif action == "ban":
            services.ban_user(request.user, journal, person)
            messages.success(request, f"Banned {person.username}.")
        else:
            messages.error(request, "Unknown action.")
    except DomainError as exc:
        _flash_error(request, exc)
    return redirect(f"/{journal.name}/members")
