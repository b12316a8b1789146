"""Review of this stop's search text (Entry.search_text): words on either side of a line
break or a block tag stay separate words, as a reader sees them."""

from __future__ import annotations

import importlib

import pytest

from journal import services
from journal.models import Entry
from journal.rendering import search_text
from tests.friendfeed.conftest import FF, lj_post


@pytest.mark.parametrize(
    "body",
    [
        "first<br>second",
        "first<br/>second",
        "<p>first</p><p>second</p>",
        "<div>first</div><div>second</div>",
        "<ul><li>first</li><li>second</li></ul>",
        "<table><tr><td>first</td><td>second</td></tr></table>",
        "<h1>first</h1>second",
        "first<hr>second",
        "first<lj-cut>second</lj-cut>",
    ],
)
def test_block_tags_and_line_breaks_separate_words(body):
    assert search_text(body, "html").split() == ["first", "second"]


def test_inline_markup_keeps_a_word_whole():
    assert search_text("<b>bo</b>ld and <a href='/x'>linked</a>", "html") == "bold and linked"
    assert search_text('hi<lj user="bob">', "html").split() == ["hi", "bob"]


def test_the_stored_text_separates_paragraphs(alice):
    entry = services.post_entry(alice, body="<p>morning walk</p><p>evening swim</p>")
    assert Entry.objects.get(pk=entry.pk).search_text.split() == [
        "morning",
        "walk",
        "evening",
        "swim",
    ]


def test_the_migration_fills_existing_entries_as_the_verbs_do(alice):
    from django.apps import apps

    fill = importlib.import_module("journal.migrations.0008_entry_search_text").fill
    html = services.post_entry(alice, body="<p>morning walk</p><p>evening swim</p>")
    text = services.post_entry(alice, body="a <b> is literal", markup="text")
    Entry.objects.update(search_text="")
    fill(apps, None)
    assert Entry.objects.get(pk=html.pk).search_text == "morning walk evening swim"
    assert Entry.objects.get(pk=text.pk).search_text == "a <b> is literal"


def test_a_word_after_a_paragraph_break_is_found(network):
    """On PostgreSQL, full-text search needs word boundaries ("walkevening" is one word)."""
    alice = network["alice"]
    lj_post(alice, "<p>morning walk</p><p>evening swim</p>")
    lj_post(alice, "first line<br>second line")
    data = FF(alice, "/v2").json("get", "/search", {"q": "evening", "raw": 1})
    assert len(data["entries"]) == 1
    data = FF(alice, "/v2").json("get", "/search", {"q": "second", "raw": 1})
    assert len(data["entries"]) == 1
