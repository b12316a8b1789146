"""FriendFeed search matches the entry's text without markup (journal 0008's search_text).

The expression is exactly what feeds.search builds with
`SearchVector("subject", "search_text", config="simple")`, so the planner can use the index.
"""

from django.db import migrations

OLD = "feeds_entry_fts_simple"
NEW = "feeds_entry_fts_text"
CREATE_NEW = (
    f"CREATE INDEX IF NOT EXISTS {NEW} ON journal_entry USING gin ("
    "to_tsvector('simple'::regconfig, "
    "(COALESCE(subject, '')::text || ' ' || COALESCE(search_text, ''))))"
)
CREATE_OLD = (
    f"CREATE INDEX IF NOT EXISTS {OLD} ON journal_entry USING gin ("
    "to_tsvector('simple'::regconfig, "
    "(COALESCE(subject, '')::text || ' ' || COALESCE(body, ''))))"
)


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {OLD}")
        schema_editor.execute(CREATE_NEW)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {NEW}")
        schema_editor.execute(CREATE_OLD)


class Migration(migrations.Migration):
    dependencies = [("feeds", "0001_search_index"), ("journal", "0008_entry_search_text")]
    operations = [migrations.RunPython(forward, backward, elidable=False)]
