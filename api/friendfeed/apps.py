from django.apps import AppConfig


class FriendFeedConfig(AppConfig):
    name = "api.friendfeed"
    label = "friendfeed"
    verbose_name = "FriendFeed API"
