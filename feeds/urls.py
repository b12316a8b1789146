"""Routes of the feed pages; included by journal/urls.py (by name, so journal never imports
feeds) before the catch-all journal patterns."""

from __future__ import annotations

from django.urls import path, re_path

from feeds import saved_search_views, views
from journal.views.common import USERNAME_PATTERN as USERNAME

urlpatterns = [
    path("", views.home, name="home"),
    path("public", views.public, name="public"),
    path("search", views.search, name="search"),
    path("search/save", saved_search_views.save_search, name="search-save"),
    path("search/saved/<int:search_id>/delete", saved_search_views.delete_search),
    path("discussions", views.discussions, name="discussions"),
    path("messages", views.direct_messages, name="messages"),
    re_path(rf"^{USERNAME}/friends$", views.friends_page, name="friends-page"),
]
