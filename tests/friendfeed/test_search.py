"""/search?q=: the §6 syntax, through the visibility rule."""

from __future__ import annotations

import pytest

from feeds.search import compile_query, tokenize
from journal import services
from journal.errors import InvalidInput
from journal.models.entry import Security
from tests.friendfeed.conftest import lj_post


@pytest.fixture
def corpus(network, pond):
    alice, bob, charlie, erin = (network[k] for k in ("alice", "bob", "charlie", "erin"))
    a1 = lj_post(alice, "coffee in the garden")
    a2 = lj_post(alice, "rain all day #weather")
    b1 = lj_post(bob, "coffee with friends")
    c1 = lj_post(charlie, "tea time")
    e1 = lj_post(erin, "garden gnomes")
    p1 = services.post_entry(bob, journal=pond, body="pond coffee")
    services.add_comment(bob, a2, "bring an umbrella")
    services.add_comment(charlie, a2, "or stay in")
    services.like_entry(bob, a1)
    services.like_entry(charlie, a1)
    services.like_entry(erin, c1)
    lj_post(alice, "secret coffee", security=Security.USEMASK, allowmask=1)
    return {"a1": a1, "a2": a2, "b1": b1, "c1": c1, "e1": e1, "p1": p1}


def search(ff, q, user=None):
    data = ff(user).json("get", "/search", {"q": q, "raw": 1})
    return sorted(e["rawBody"] for e in data["entries"])


def test_words_and(corpus, ff):
    assert search(ff, "coffee") == ["coffee in the garden", "coffee with friends", "pond coffee"]
    assert search(ff, "coffee garden") == ["coffee in the garden"]
    assert search(ff, "#weather") == ["rain all day #weather"]


def test_from_and_comma_or_and_negation(corpus, ff):
    assert search(ff, "from:alice") == ["coffee in the garden", "rain all day #weather"]
    assert search(ff, "coffee -from:alice") == ["coffee with friends", "pond coffee"]
    assert search(ff, "from:charlie,erin") == ["garden gnomes", "tea time"]


def test_or_and_parentheses(corpus, ff):
    assert search(ff, "tea OR gnomes") == ["garden gnomes", "tea time"]
    assert search(ff, "(from:erin OR from:charlie) garden") == ["garden gnomes"]
    assert search(ff, "coffee -(from:alice OR group:pond)") == ["coffee with friends"]


def test_group_room_friends_and_me(corpus, network, ff):
    assert search(ff, "group:pond") == ["pond coffee"]
    assert search(ff, "room:pond") == ["pond coffee"]
    # alice reads bob and charlie (and pond: she made it).
    assert search(ff, "friends:alice") == [
        "coffee with friends",
        "pond coffee",
        "tea time",
    ]
    assert search(ff, "friends:me tea", network["alice"]) == ["tea time"]
    assert ff().json("get", "/search", {"q": "from:me"}, status=401)


def test_comment_like_and_counts(corpus, ff):
    assert search(ff, "comment:charlie") == ["rain all day #weather"]
    assert search(ff, "incomment:umbrella") == ["rain all day #weather"]
    assert search(ff, "intitle:rain") == ["rain all day #weather"]
    assert search(ff, "like:erin") == ["tea time"]
    assert search(ff, "likes:2") == ["coffee in the garden"]
    assert search(ff, "comments:2") == ["rain all day #weather"]
    assert search(ff, "comments:3") == []


def test_service(corpus, ff):
    assert "tea time" in search(ff, "service:internal")
    assert search(ff, "service:twitter") == []


def test_search_respects_visibility(corpus, network, ff):
    assert "secret coffee" not in search(ff, "secret")
    assert "secret coffee" not in search(ff, "secret", network["erin"])
    assert "secret coffee" not in search(ff, "secret", network["dave"])
    assert search(ff, "secret", network["bob"]) == ["secret coffee"]


def test_bad_queries(db, ff):
    assert ff().json("get", "/search", status=400) == {"errorCode": "q-required"}
    assert ff().json("get", "/search", {"q": "(coffee"}, status=400) == {"errorCode": "bad-query"}
    assert ff().json("get", "/search", {"q": "likes:many"}, status=400)
    assert ff().json("get", "/search", {"q": "a) b"}, status=400)


def test_tokenizer():
    assert tokenize('(from:u OR like:u) -(x) "a b"') == [
        "(", "from:u", "OR", "like:u", ")", "-", "(", "x", ")", '"a b"',
    ]  # fmt: skip
    with pytest.raises(InvalidInput):
        compile_query("OR", None)


def test_postgresql_uses_the_full_text_index(db):
    from django.db import connection

    from journal.models import Entry

    if connection.vendor != "postgresql":
        pytest.skip("the GIN index exists on PostgreSQL only")
    # The test table is nearly empty, so costs alone would pick any plan: with sequential
    # scans and plain index scans (e.g. walking the created_at index for the ordering) off,
    # a bitmap scan on an index that can answer the text match is what remains.
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
    plan = Entry.objects.filter(compile_query("coffee", None)).order_by().explain()
    assert "feeds_entry_fts_text" in plan


def test_words_match_the_text_not_the_markup(network, ff):
    alice = network["alice"]
    lj_post(alice, '<a href="https://example.org/strong">a link</a> and <strong>bold</strong>')
    lj_post(alice, "plain words about a strong coffee")
    lj_post(alice, '<lj user="bob"> says hello')
    assert search(ff, "href", alice) == []
    assert search(ff, "example", alice) == []  # the address is the link's, not the text's
    assert len(search(ff, "strong", alice)) == 1
    assert len(search(ff, "bold", alice)) == 1
    assert len(search(ff, "bob", alice)) == 1  # <lj user> keeps its name
    edited = lj_post(alice, "<em>before</em>")
    services.edit_entry(alice, edited, body="<em>after</em>")
    assert search(ff, "before", alice) == [] and len(search(ff, "after", alice)) == 1
    assert search(ff, "em", alice) == []


def test_suspended_peoples_comments_and_likes_are_not_searched(corpus, network, ff):
    """Feeds hide a suspended person's comments and likes; search does not find them."""
    from journal.models import User

    User.objects.filter(username="charlie").update(is_suspended=True)
    assert search(ff, "incomment:stay") == []
    assert search(ff, "comment:charlie") == []
    assert search(ff, "like:charlie") == []
    assert search(ff, "comments:2") == []
    assert search(ff, "likes:2") == []
    assert search(ff, "comments:1") == ["rain all day #weather"]
    comment = corpus["a2"].comments.get(author__username="charlie")
    url = f"/comment/e/{corpus['a2'].uuid.hex}/c/{comment.uuid.hex}"
    assert ff().json("get", url, status=404) == {"errorCode": "comment-not-found"}
