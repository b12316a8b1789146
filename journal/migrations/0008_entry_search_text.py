"""Entries' search text: the body without markup, filled for the entries already written."""

from django.db import migrations, models


def fill(apps, schema_editor):
    # The entry verbs' own rule, so existing entries are filled exactly as new ones are.
    from journal.rendering import search_text

    Entry = apps.get_model("journal", "Entry")
    batch = []
    for entry in Entry.objects.only("id", "body", "markup").iterator(chunk_size=2000):
        entry.search_text = search_text(entry.body, entry.markup)
        batch.append(entry)
        if len(batch) >= 2000:
            Entry.objects.bulk_update(batch, ["search_text"])
            batch = []
    if batch:
        Entry.objects.bulk_update(batch, ["search_text"])


class Migration(migrations.Migration):
    dependencies = [
        ("journal", "0007_entry_newest_first_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="entry",
            name="search_text",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
    ]
