"""FriendFeed API v2 routes, mounted at /v2/ and /api/v2/."""

urlpatterns: list = []
