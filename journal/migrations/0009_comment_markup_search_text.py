"""Comments keep how their body is written and its search text, as entries do.

Existing comments did not record their markup; their stored HTML tells: a comment whose
HTML is what the plain-text rendering of its body gives (and not what the HTML rendering
gives) was written as plain text. Where both renderings agree the choice changes nothing.
"""

from django.db import migrations, models


def fill(apps, schema_editor):
    # The comment verbs' own rules, so existing comments are filled as new ones are.
    from journal.rendering import render_comment, search_text

    Comment = apps.get_model("journal", "Comment")
    batch = []
    # `markup` is read below: deferring it would load it again, one query per comment.
    rows = Comment.objects.only("id", "body", "body_html", "markup").iterator(chunk_size=2000)
    for comment in rows:
        plain = render_comment(comment.body, plain_text=True)
        if comment.body_html == plain and render_comment(comment.body) != plain:
            comment.markup = "text"
        comment.search_text = search_text(comment.body, comment.markup)
        batch.append(comment)
        if len(batch) >= 2000:
            Comment.objects.bulk_update(batch, ["markup", "search_text"])
            batch = []
    if batch:
        Comment.objects.bulk_update(batch, ["markup", "search_text"])


class Migration(migrations.Migration):
    dependencies = [
        ("journal", "0008_entry_search_text"),
    ]

    operations = [
        migrations.AddField(
            model_name="comment",
            name="markup",
            field=models.CharField(
                choices=[("html", "HTML"), ("text", "plain text")], default="html", max_length=4
            ),
        ),
        migrations.AddField(
            model_name="comment",
            name="search_text",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
    ]
