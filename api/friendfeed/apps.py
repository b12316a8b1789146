from django.apps import AppConfig


class FriendFeedConfig(AppConfig):
    name = "api.friendfeed"
    label = "friendfeed"
    verbose_name = "FriendFeed API"

    def ready(self) -> None:
        # Tokens die with the password they were granted under (api/friendfeed/oauth/).
        from api.friendfeed.oauth.revocation import on_event_committed
        from journal.events import event_committed

        event_committed.connect(on_event_committed, dispatch_uid="friendfeed-revoke-tokens")
