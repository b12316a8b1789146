"""The FriendFeed API v2 views, one module per family of methods."""

from api.friendfeed.views.base import not_found
from api.friendfeed.views.entries import (
    CommentDeleteView,
    CommentDetailView,
    CommentView,
    EntryDeleteView,
    EntryDetailView,
    EntryView,
    HideView,
    LikeDeleteView,
    LikeView,
    ShortDetailView,
    ShortView,
)
from api.friendfeed.views.feeds import FeedView, SearchView, UrlView
from api.friendfeed.views.profiles import (
    FeedInfoView,
    FeedListView,
    PictureView,
    SubscribeView,
    ThemeView,
    UnsubscribeView,
    ValidateView,
)

__all__ = [
    "CommentDeleteView",
    "CommentDetailView",
    "CommentView",
    "EntryDeleteView",
    "EntryDetailView",
    "EntryView",
    "FeedInfoView",
    "FeedListView",
    "FeedView",
    "HideView",
    "LikeDeleteView",
    "LikeView",
    "PictureView",
    "SearchView",
    "ShortDetailView",
    "ShortView",
    "SubscribeView",
    "ThemeView",
    "UnsubscribeView",
    "UrlView",
    "ValidateView",
    "not_found",
]
