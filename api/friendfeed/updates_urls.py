"""Real-time routes, mounted at /v2/updates/ and /api/v2/updates/ before the other v2 routes.

`<path:...>` because feed ids contain slashes (`bob/friends`, `e/<hex>`).
"""

from django.urls import path

from api.friendfeed import updates

urlpatterns = [
    path("feed/<path:feed_id>", updates.feed_updates, name="ff-updates-feed"),
    path("search", updates.search_updates, name="ff-updates-search"),
]
