"""The console as a Django admin page for staff (/admin/livejournal/console/).

The view is added to the default admin site's URLs; `admin_view` gives it the admin's
staff login check and CSRF protection. Commands run as the staff member, so what they may
do is what their Django permissions allow.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, path

from api.livejournal.console import Result, run

MAX_LINES = 50


class ConsoleForm(forms.Form):
    commands = forms.CharField(
        label="Commands",
        widget=forms.Textarea(attrs={"rows": 6, "cols": 80, "autofocus": True}),
        max_length=20_000,
        help_text="One command per line, e.g. <code>help</code> or "
        "<code>ban_set bob from pond</code>.",
    )


def console_view(request: HttpRequest) -> HttpResponse:
    results: list[tuple[str, Result]] = []
    if request.method == "POST":
        form = ConsoleForm(request.POST)
        if form.is_valid():
            lines = [ln for ln in form.cleaned_data["commands"].splitlines() if ln.strip()]
            if len(lines) > MAX_LINES:
                form.add_error("commands", f"At most {MAX_LINES} commands at a time.")
            else:
                results = [(line, run(line, request.user)) for line in lines]
    else:
        form = ConsoleForm()
    context = {
        **admin.site.each_context(request),
        "title": "Console",
        "form": form,
        "results": results,
    }
    return TemplateResponse(request, "admin/livejournal/console.html", context)


_admin_urls = admin.site.get_urls


def _get_urls() -> list[URLPattern]:
    # Ours first: the admin's own `<app_label>/` patterns would otherwise be tried first.
    return [
        path(
            "livejournal/console/",
            admin.site.admin_view(console_view),
            name="livejournal_console",
        ),
        *_admin_urls(),
    ]


admin.site.get_urls = _get_urls
