"""FriendFeed search: a GIN full-text index on entries, PostgreSQL only.

The expression is exactly what feeds.search builds with
`SearchVector("subject", "body", config="simple")`, so the planner can use the index.
SQLite has no such index; feeds.search takes its substring path there.
"""

from django.db import migrations

INDEX = "feeds_entry_fts_simple"
CREATE = (
    f"CREATE INDEX IF NOT EXISTS {INDEX} ON journal_entry USING gin ("
    "to_tsvector('simple'::regconfig, "
    "(COALESCE(subject, '')::text || ' ' || COALESCE(body, ''))))"
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("journal", "0001_initial")]
    operations = [migrations.RunPython(create, drop, elidable=False)]
