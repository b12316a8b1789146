"""Load LiveJournal's mood list (ids 1–134) as data."""

from django.db import migrations


def load(apps, schema_editor):
    from journal.moods import MOODS

    Mood = apps.get_model("journal", "Mood")
    Mood.objects.bulk_create(
        [Mood(id=i, name=name, parent_id=parent) for i, name, parent in MOODS],
        ignore_conflicts=True,
    )


def unload(apps, schema_editor):
    apps.get_model("journal", "Mood").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("journal", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
