"""The search page's saved searches: save the current query, delete one (POST, CSRF).

The searches are the FriendFeed door's storage (api.friendfeed.saved_searches): what is
saved here is what /v2/feedlist lists under `searches`.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from api.friendfeed import saved_searches
from journal.errors import DomainError
from journal.views.common import login_required_page


def search_page_context(request: HttpRequest, query: str) -> dict[str, Any]:
    """The signed-in viewer's saved searches and whether `query` is one of them."""
    if not request.user.is_authenticated:
        return {}
    saved = list(saved_searches.saved_searches(request.user))
    normalised = " ".join(query.split())
    return {"saved_searches": saved, "query_saved": any(s.query == normalised for s in saved)}


def _back_to(query: str) -> HttpResponse:
    return redirect("/search?" + urlencode({"q": query}) if query else "/search")


@require_POST
@login_required_page
def save_search(request: HttpRequest) -> HttpResponse:
    query = request.POST.get("q", "")
    try:
        saved = saved_searches.save_search(request.user, query, request.POST.get("name", ""))
    except DomainError as exc:
        messages.error(request, f"The search was not saved: {exc.message}")
        return _back_to(query.strip())
    messages.success(request, f"Saved search “{saved.name or saved.query}”.")
    return _back_to(saved.query)


@require_POST
@login_required_page
def delete_search(request: HttpRequest, search_id: int) -> HttpResponse:
    try:
        saved_searches.delete_search(request.user, search_id)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Saved search removed.")
    return _back_to(request.POST.get("q", "").strip())
