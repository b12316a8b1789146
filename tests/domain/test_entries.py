"""Entry verbs: permissions, validation, numbering, atomicity and events."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from journal import services
from journal.errors import Forbidden, InvalidInput
from journal.models import Entry, Event, Tag
from journal.services.entries import Via


def test_post_numbers_items_per_journal_and_records_event(alice, bob):
    first = services.post_entry(alice, subject="One", body="first")
    second = services.post_entry(alice, body="second")
    other = services.post_entry(bob, body="bob's first")
    assert (first.item_number, second.item_number, other.item_number) == (1, 2, 1)
    assert 0 <= first.anum < 256
    assert first.ditemid == first.item_number * 256 + first.anum
    assert first.public_id.startswith("e/") and len(first.public_id) == 34
    assert first.url.endswith(f"/alice/{first.ditemid}.html")
    event = Event.objects.get(entry=first)
    assert (event.kind, event.actor, event.journal) == ("entry.created", alice, alice.journal)


def test_post_renders_and_keeps_raw_body(alice):
    entry = services.post_entry(alice, body="Hi <script>x()</script>\nhttp://example.org")
    assert entry.body.startswith("Hi <script>")
    assert "<script" not in entry.body_html
    assert 'href="http://example.org"' in entry.body_html and "nofollow" in entry.body_html
    assert "<br>" in entry.body_html


def test_plain_text_markup_is_escaped(alice):
    entry = services.post_entry(alice, body="a <b>bold</b> claim", markup="text")
    assert "&lt;b&gt;" in entry.body_html


def test_props_tags_and_backdating(alice):
    entry = services.post_entry(
        alice,
        body="x",
        props={"current_mood": "happy", "opt_backdated": "1", "taglist": "Cats, dogs ,cats"},
        event_time=dt.datetime(2001, 2, 3, 4, 5),
        via=Via("Tests", "http://example.org"),
    )
    assert entry.backdated is True
    assert entry.props["current_mood"] == "happy"
    assert sorted(t.name for t in entry.tags.all()) == ["cats", "dogs"]
    assert entry.event_time.replace(tzinfo=None) == dt.datetime(2001, 2, 3, 4, 5)
    assert entry.via_name == "Tests"


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"body": "   "}, "body-required"),
        ({"body": "x" * 70000}, "too-large"),
        ({"body": "x", "subject": "s" * 300}, "subject-too-long"),
        ({"body": "x", "security": "secret"}, "bad-security"),
        ({"body": "x", "security": "usemask", "allowmask": 1 | 2}, "bad-mask"),
        ({"body": "x", "security": "usemask", "allowmask": -1}, "bad-mask"),
        ({"body": "x", "props": {"no_such_prop": "1"}}, "unknown-prop"),
        ({"body": "x", "props": {"opt_backdated": "yes"}}, "bad-prop"),
        ({"body": "x", "props": {"current_moodid": "abc"}}, "bad-prop"),
        ({"body": "x", "tags": ["<b>"]}, "bad-tags"),
        ({"body": "x", "link": "javascript:alert(1)"}, "bad-url"),
        ({"body": "x", "event_time": dt.datetime(1969, 12, 31)}, "bad-date"),
        ({"body": "x", "geo": (91.0, 0.0)}, "bad-geo"),
    ],
)
def test_post_rejects_bad_input_and_writes_nothing(alice, kwargs, code):
    before = (Entry.objects.count(), Event.objects.count(), Tag.objects.count())
    with pytest.raises(InvalidInput) as info:
        services.post_entry(alice, **kwargs)
    assert info.value.code == code
    assert (Entry.objects.count(), Event.objects.count(), Tag.objects.count()) == before
    assert services.post_entry(alice, body="next").item_number == 1


def test_cannot_post_into_someone_elses_journal(alice, bob):
    with pytest.raises(Forbidden) as info:
        services.post_entry(bob, journal=alice.journal, body="hi")
    assert info.value.code == "no-access"


def test_community_posting_rights(pond, alice, bob, charlie):
    assert services.post_entry(bob, journal=pond, body="member post").journal == pond
    with pytest.raises(Forbidden):
        services.post_entry(charlie, journal=pond, body="not a member")
    with pytest.raises(Forbidden) as info:
        services.post_entry(bob, journal=pond, body="x", security="usemask", allowmask=2)
    assert info.value.code == "community-security"
    with pytest.raises(Forbidden):
        services.post_entry(bob, journal=pond, body="x", security="private")
    with pytest.raises(InvalidInput) as info:
        services.post_entry(bob, journal=pond, body="x", props={"opt_backdated": "1"})
    assert info.value.code == "backdated-community"
    services.ban_user(alice, pond, bob)
    with pytest.raises(Forbidden) as info:
        services.post_entry(bob, journal=pond, body="banned now")
    assert info.value.code == "banned"


def test_members_cannot_post_when_the_community_says_so(pond, alice, bob):
    pond.members_can_post = False
    pond.save()
    with pytest.raises(Forbidden):
        services.post_entry(bob, journal=pond, body="x")
    assert services.post_entry(alice, journal=pond, body="admin may").pk


def test_suspended_user_cannot_post(alice):
    alice.is_suspended = True
    alice.save()
    with pytest.raises(Forbidden) as info:
        services.post_entry(alice, body="x")
    assert info.value.code == "suspended"


def test_edit_changes_only_what_is_given(alice):
    entry = services.post_entry(
        alice,
        subject="S",
        body="old",
        security="usemask",
        allowmask=1,
        props={"current_music": "a"},
    )
    services.edit_entry(alice, entry, body="new", props={"current_music": "", "current_mood": "ok"})
    entry.refresh_from_db()
    assert (entry.subject, entry.body, entry.security, entry.allowmask) == (
        "S",
        "new",
        "usemask",
        1,
    )
    assert entry.props == {"current_mood": "ok"}
    assert entry.revision == 1
    assert Event.objects.filter(entry=entry, kind="entry.updated").count() == 1


def test_only_the_author_edits(alice, bob, pond):
    entry = services.post_entry(bob, journal=pond, body="bob's")
    with pytest.raises(Forbidden) as info:
        services.edit_entry(alice, entry, body="hijack")
    assert info.value.code == "not-author"
    entry.refresh_from_db()
    assert entry.body == "bob's"


def test_delete_by_author_or_maintainer_and_undelete(alice, bob, charlie, pond):
    entry = services.post_entry(bob, journal=pond, body="bob's")
    with pytest.raises(Forbidden) as info:
        services.delete_entry(charlie, entry)
    assert info.value.code == "cannot-delete"
    services.delete_entry(alice, entry)  # alice maintains pond
    entry.refresh_from_db()
    assert entry.is_deleted and entry.deleted_at is not None
    services.undelete_entry(bob, entry)
    entry.refresh_from_db()
    assert not entry.is_deleted
    kinds = list(Event.objects.filter(entry=entry).values_list("kind", flat=True))
    assert kinds == ["entry.created", "entry.deleted", "entry.undeleted"]


def test_cannot_edit_a_deleted_entry(alice):
    entry = services.post_entry(alice, body="x")
    services.delete_entry(alice, entry)
    with pytest.raises(Forbidden):
        services.edit_entry(alice, entry, body="y")


def test_failed_edit_leaves_the_entry_unchanged(alice):
    entry = services.post_entry(alice, body="keep", props={"taglist": "a"})
    with pytest.raises(InvalidInput):
        services.edit_entry(alice, entry, body="new body", props={"taglist": "ok, <bad>"})
    entry.refresh_from_db()
    assert entry.body == "keep" and entry.revision == 0
    assert [t.name for t in entry.tags.all()] == ["a"]


def test_direct_message_records_recipients(alice, bob):
    entry = services.post_entry(alice, body="psst", direct_to=[bob])
    assert entry.is_direct
    assert list(entry.recipients.all()) == [bob.journal]


def test_event_is_announced_only_after_commit(alice, django_capture_on_commit_callbacks):
    from journal.events import event_committed

    seen = []

    def receiver(sender, event, **kwargs):
        seen.append(event.kind)

    event_committed.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            services.post_entry(alice, body="x")
        assert seen == []
        for callback in callbacks:
            callback()
        assert seen == ["entry.created"]
    finally:
        event_committed.disconnect(receiver)


def test_item_numbers_use_a_row_lock(alice, django_assert_max_num_queries):
    # The journal row is locked (SELECT ... FOR UPDATE on PostgreSQL) while numbering.
    with django_assert_max_num_queries(20) as ctx:
        services.post_entry(alice, body="x")
    sql = " ".join(q["sql"] for q in ctx.captured_queries)
    if connection.vendor == "postgresql":
        assert "FOR UPDATE" in sql
    assert "MAX(" in sql.upper()


def test_minimum_security_setting_raises_new_posts(alice):
    alice.journal.settings = {"newpost_minsecurity": "friends"}
    alice.journal.save()
    entry = services.post_entry(alice, body="x")
    assert (entry.security, entry.allowmask) == ("usemask", 1)
    alice.journal.settings = {"newpost_minsecurity": "private"}
    alice.journal.save()
    assert services.post_entry(alice, body="y", security="usemask", allowmask=1).security == (
        "private"
    )


def test_tag_add_level_limits_new_tags_in_a_community(pond, alice, bob):
    services.post_entry(alice, journal=pond, body="x", tags=["known"])
    assert pond.tag_add_level == "members"  # communities let members create tags by default
    pond.tag_add_level = "private"
    pond.save()
    entry = services.post_entry(bob, journal=pond, body="y", tags=["known"])
    assert [t.name for t in entry.tags.all()] == ["known"]
    with pytest.raises(Forbidden) as info:
        services.post_entry(bob, journal=pond, body="z", tags=["brand new"])
    assert info.value.code == "tags-existing-only"
    assert not Tag.objects.filter(name="brand new").exists()
    pond.tag_add_level = "members"
    pond.save()
    assert services.post_entry(bob, journal=pond, body="z", tags=["brand new"]).pk
