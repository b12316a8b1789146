from django.apps import AppConfig
from django.db.models.signals import post_migrate


class JournalConfig(AppConfig):
    name = "journal"
    verbose_name = "Journals"

    def ready(self) -> None:
        from journal import readcache

        # The read cache's triggers follow the schema: re-created after every migrate/flush.
        post_migrate.connect(
            readcache.on_post_migrate, sender=self, dispatch_uid="journal.readcache.install"
        )
