from django.apps import AppConfig


class FeedsConfig(AppConfig):
    name = "feeds"
    verbose_name = "Feeds"

    def ready(self) -> None:
        # journal announces committed events; feeds turns them into real-time pings.
        from feeds import tasks
        from journal.events import event_committed

        event_committed.connect(tasks.schedule, dispatch_uid="feeds.realtime.fan_out")
