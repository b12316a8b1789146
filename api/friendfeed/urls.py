"""FriendFeed API v2 routes, mounted at /v2/ and /api/v2/ (f2p's https workaround).

Feed ids contain slashes (`bob/friends`, `list/x`, `e/<hex>`), hence `<path:...>`; no
trailing slashes (a 301 on POST breaks clients); DRF views are CSRF-exempt.
"""

from django.urls import path, re_path

from api.friendfeed import openapi, views

urlpatterns = [
    path("openapi.json", openapi.openapi_view, name="ff-openapi"),
    path("feed/<path:feed_id>", views.FeedView.as_view(), name="ff-feed"),
    path("search", views.SearchView.as_view(), name="ff-search"),
    path("url", views.UrlView.as_view(), name="ff-url"),
    path("picture/<path:feed_id>", views.PictureView.as_view(), name="ff-picture"),
    path("feedlist", views.FeedListView.as_view(), name="ff-feedlist"),
    path("feedinfo", views.FeedInfoView.as_view(), name="ff-feedinfo-update"),
    path("feedinfo/<path:feed_id>", views.FeedInfoView.as_view(), name="ff-feedinfo"),
    path("entry", views.EntryView.as_view(), name="ff-entry"),
    path("entry/delete", views.EntryDeleteView.as_view(), name="ff-entry-delete"),
    path("entry/<path:entry_id>", views.EntryDetailView.as_view(), name="ff-entry-detail"),
    path("comment", views.CommentView.as_view(), name="ff-comment"),
    path("comment/delete", views.CommentDeleteView.as_view(), name="ff-comment-delete"),
    path("comment/<path:comment_id>", views.CommentDetailView.as_view(), name="ff-comment-detail"),
    path("like", views.LikeView.as_view(), name="ff-like"),
    path("like/delete", views.LikeDeleteView.as_view(), name="ff-like-delete"),
    path("subscribe", views.SubscribeView.as_view(), name="ff-subscribe"),
    path("unsubscribe", views.UnsubscribeView.as_view(), name="ff-unsubscribe"),
    path("hide", views.HideView.as_view(), name="ff-hide"),
    path("short", views.ShortView.as_view(), name="ff-short"),
    path("short/<str:code>", views.ShortDetailView.as_view(), name="ff-short-detail"),
    path("theme", views.ThemeView.as_view(), name="ff-theme-update"),
    path("theme/<path:feed_id>", views.ThemeView.as_view(), name="ff-theme"),
    path("validate", views.ValidateView.as_view(), name="ff-validate"),
    # Anything else under /v2/ is a FriendFeed 404, not the website's HTML page.
    re_path(r"^.*$", views.not_found, name="ff-not-found"),
]
