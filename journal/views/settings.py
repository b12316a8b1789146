"""Settings pages: profile, userpics, remote keys, sessions and the journal's theme."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_POST

from journal import services
from journal.errors import DomainError
from journal.forms import ProfileForm, RemoteKeyForm, ThemeForm, UserpicForm
from journal.models import Userpic
from journal.services import sessions as session_verbs
from journal.services import userpics as userpic_verbs
from journal.services.profile import THEME_COLOR_KEYS
from journal.views.common import add_domain_error, login_required_page

# The default theme's colours (static/css/site.css), the starting point of a custom theme.
DEFAULT_COLORS = {
    "background": "#f6f7f9",
    "text": "#1f2328",
    "link": "#0b57d0",
    "frame": "#ffffff",
    "header": "#24446b",
    "title": "#ffffff",
}


def _optional_links() -> list[tuple[str, str]]:
    """Pages another part of the project may provide (OAuth apps); linked only if routed."""
    links = []
    for name, label in (
        ("ff-authorized-apps", "Authorised applications"),
        ("ff-authorised-apps", "Authorised applications"),
        ("ff-developer-apps", "Developer applications"),
    ):
        try:
            links.append((reverse(name), label))
        except NoReverseMatch:
            continue
    return links


def _render(request: HttpRequest, template: str, section: str, **ctx) -> HttpResponse:
    return render(request, template, {"section": section, "extra_links": _optional_links(), **ctx})


@login_required_page
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    journal = user.journal
    form = ProfileForm(
        request.POST or None,
        initial={
            "name": user.name,
            "email": user.email,
            "description": user.description,
            "time_zone": user.time_zone,
            "is_private": journal.is_private,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_profile(
                user,
                email=data["email"],
                description=data["description"],
                time_zone=data["time_zone"],
            )
            # A person's journal title is their display name (LJ fullname, FF feed name).
            services.update_journal(
                user,
                journal,
                title=data["name"],
                description=data["description"],
                is_private=data["is_private"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, "Profile saved.")
            return redirect("/settings")
    return _render(request, "settings/profile.html", "profile", form=form)


@login_required_page
def userpics(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = UserpicForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            userpic_verbs.add_userpic(
                user,
                form.cleaned_data["image"],
                keywords=form.cleaned_data["keywords"],
                comment=form.cleaned_data["comment"],
                make_default=form.cleaned_data["make_default"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, "Picture uploaded.")
            return redirect("/settings/userpics")
    pics = list(Userpic.objects.filter(user=user).prefetch_related("keywords"))
    return _render(request, "settings/userpics.html", "userpics", form=form, pics=pics)


@require_POST
@login_required_page
def userpic_update(request: HttpRequest, pic_id: int) -> HttpResponse:
    user = request.user
    pic = Userpic.objects.filter(user=user, pk=pic_id).first()
    if pic is None:
        raise Http404("No such picture.")
    action = request.POST.get("action", "keywords")
    try:
        if action == "delete":
            userpic_verbs.delete_userpic(user, pic)
            messages.success(request, "Picture deleted.")
        elif action == "default":
            userpic_verbs.set_default_userpic(user, pic)
            messages.success(request, "Default picture set.")
        else:
            userpic_verbs.set_userpic_keywords(user, pic, request.POST.get("keywords", ""))
            messages.success(request, "Keywords saved.")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("/settings/userpics")


@login_required_page
def keys(request: HttpRequest) -> HttpResponse:
    """Remote keys: random API passwords for clients; show, add, reset, revoke."""
    user = request.user
    form = RemoteKeyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_remote_key(user, form.cleaned_data["name"])
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, "Key created.")
            return redirect("/settings/keys")
    remote_keys = list(user.remote_keys.all())
    return _render(request, "settings/keys.html", "keys", form=form, remote_keys=remote_keys)


@require_POST
@login_required_page
def key_update(request: HttpRequest, key_id: int) -> HttpResponse:
    user = request.user
    key = user.remote_keys.filter(pk=key_id).first()
    if key is None:
        raise Http404("No such key.")
    try:
        if request.POST.get("action") == "revoke":
            services.revoke_remote_key(user, key.pk)
            messages.success(request, f"Key {key.name} revoked.")
        else:
            services.reset_remote_key(user, key.name)
            messages.success(request, f"Key {key.name} reset; clients using it must be updated.")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("/settings/keys")


@login_required_page
def sessions(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        try:
            if request.POST.get("all"):
                count = session_verbs.expire_all_sessions(request.user)
                messages.success(request, f"Expired {count} session{'s' * (count != 1)}.")
            else:
                session_verbs.expire_session(request.user, int(request.POST.get("session", 0)))
                messages.success(request, "Session expired.")
        except (DomainError, ValueError):
            messages.error(request, "No such session.")
        return redirect("/settings/sessions")
    rows = list(session_verbs.active_sessions(request.user))
    return _render(request, "settings/sessions.html", "sessions", sessions=rows)


@login_required_page
def theme(request: HttpRequest) -> HttpResponse:
    journal = request.user.journal
    initial = {"theme": journal.theme}
    for key in THEME_COLOR_KEYS:
        initial[f"color_{key}"] = journal.theme_colors.get(key, DEFAULT_COLORS[key])
    form = ThemeForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_theme(
                request.user,
                journal,
                form.cleaned_data["theme"],
                form.colors(),
                form.cleaned_data.get("background_file"),
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, "Theme saved; it shows on your journal's pages.")
            return redirect("/settings/theme")
    return _render(request, "settings/theme.html", "theme", form=form, journal=journal)
