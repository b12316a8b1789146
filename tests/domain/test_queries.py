"""Hot read paths cost a fixed number of queries, whatever the amount of data."""

from __future__ import annotations

from feeds.queries import home_entries
from journal import services
from journal.queries import find_entry, load_entry_page


def _entry_with_reactions(network, comments: int):
    alice = network["alice"]
    entry = services.post_entry(alice, body="hi", props={"taglist": "a, b"})
    for i in range(comments):
        commenter = network["bob"] if i % 2 else network["charlie"]
        services.add_comment(commenter, entry, f"comment {i}")
    services.like_entry(network["bob"], entry)
    services.like_entry(network["charlie"], entry)
    return entry


def _load(viewer, entry):
    found = find_entry(viewer, entry.journal.name, entry.ditemid)
    page = load_entry_page(viewer, found)
    # Touch everything a page renders so lazy loads would show up as queries.
    _ = [found.journal.name, found.poster.username, list(found.tags.all())]
    _ = [list(found.recipients.all()), list(found.attachments.all())]
    _ = [(c.author.username, c.body_html) for c in page.comments]
    _ = [like.user.username for like in page.likes]
    return page


def test_entry_page_query_count_is_fixed(network, django_assert_num_queries):
    small = _entry_with_reactions(network, comments=1)
    big = _entry_with_reactions(network, comments=12)
    bob = network["bob"]
    # entry (with journal, poster) + recipients + tags + attachments + comments + likes
    with django_assert_num_queries(6):
        page = _load(bob, small)
    assert len(page.comments) == 1
    with django_assert_num_queries(6):
        page = _load(bob, big)
    assert len(page.comments) == 12 and len(page.likes) == 2


def test_home_feed_query_count_is_fixed(network, django_assert_num_queries):
    bob = network["bob"]
    alice = network["alice"]
    for i in range(3):
        services.post_entry(alice, body=f"a{i}")
    with django_assert_num_queries(4):
        few = [(e.journal.name, e.poster.username, list(e.tags.all())) for e in home_entries(bob)]
    for i in range(20):
        services.post_entry(alice, body=f"b{i}", security="usemask", allowmask=1)
    with django_assert_num_queries(4):
        many = [(e.journal.name, e.poster.username, list(e.tags.all())) for e in home_entries(bob)]
    assert len(few) == 3 and len(many) == 23
