from django.apps import AppConfig


class LiveJournalConfig(AppConfig):
    name = "api.livejournal"
    label = "livejournal"
    verbose_name = "LiveJournal protocol"
