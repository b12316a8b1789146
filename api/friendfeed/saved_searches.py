"""Saved searches: saved from the website's search page, listed by /feedlist `searches[]`.

Protocol-specific storage in this app (api.friendfeed.models.SavedSearch). The verbs check
and write in one transaction, as the domain verbs do; the website and the API call these.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.db import transaction
from django.db.models import QuerySet

from api.friendfeed.models import SavedSearch
from feeds.search import compile_query
from journal.errors import Forbidden, InvalidInput, NotFound
from journal.models import User

MAX_PER_USER = 50
QUERY_MAX = 500
NAME_MAX = 100


def saved_searches(user: User) -> QuerySet[SavedSearch]:
    return SavedSearch.objects.filter(user=user)


@transaction.atomic
def save_search(user: User, query: str, name: str = "") -> SavedSearch:
    """Save `query` for `user` (once: saving it again only renames it)."""
    query = " ".join((query or "").split())
    name = " ".join((name or "").split())
    if not query:
        raise InvalidInput("There is nothing to save.", code="q-required", field="q")
    if len(query) > QUERY_MAX:
        raise InvalidInput("The search is too long to save.", code="bad-q", field="q")
    if len(name) > NAME_MAX:
        raise InvalidInput("The name is too long.", code="bad-name", field="name")
    compile_query(query, user)  # a query that cannot run is not worth saving
    # Lock the user's row so two saves at once cannot both pass the count check.
    User.objects.select_for_update().filter(pk=user.pk).values_list("pk").get()
    existing = SavedSearch.objects.filter(user=user, query=query).first()
    if existing is not None:
        if name and name != existing.name:
            existing.name = name
            existing.save(update_fields=["name"])
        return existing
    if SavedSearch.objects.filter(user=user).count() >= MAX_PER_USER:
        raise Forbidden(f"At most {MAX_PER_USER} searches can be saved.", code="limit-exceeded")
    return SavedSearch.objects.create(user=user, query=query, name=name)


@transaction.atomic
def delete_search(user: User, search_id: int) -> None:
    deleted, _ = SavedSearch.objects.filter(user=user, pk=search_id).delete()
    if not deleted:
        raise NotFound("No such saved search.", code="search-not-found")


def feed_id(query: str) -> str:
    """`search?q=...`: feed ids are friendfeed.com paths (the page: "You can construct links
    to friendfeed.com from feed ids"), and a saved search's page there is its search URL.
    Clients read `query` and call /search?q= with it."""
    return "search?" + urlencode({"q": query})


def feed_objects(user: User) -> list[dict[str, Any]]:
    """Feed objects with `query` (friendfeed-v2.md, Feedlist), oldest first."""
    return [
        {"id": feed_id(s.query), "name": s.name or s.query, "type": "special", "query": s.query}
        for s in saved_searches(user)
    ]
