"""Every change is in the append-only event log, in order."""

from __future__ import annotations

from feeds.queries import events_after
from journal import services
from journal.models import Event


def test_every_verb_records_its_event(network, pond):
    alice, bob = network["alice"], network["bob"]
    start = Event.objects.latest("id").id
    entry = services.post_entry(alice, body="x")
    services.edit_entry(alice, entry, body="y")
    comment = services.add_comment(bob, entry, "c")
    services.edit_comment(bob, comment, "d")
    services.delete_comment(bob, comment)
    services.undelete_comment(bob, comment)
    services.like_entry(bob, entry)
    services.unlike_entry(bob, entry)
    services.hide_entry(bob, entry)
    services.unhide_entry(bob, entry)
    services.delete_entry(alice, entry)
    services.undelete_entry(alice, entry)
    services.set_friend_group(alice, 3, "Three")
    services.ban_user(alice, alice.journal, network["erin"])
    services.unban_user(alice, alice.journal, network["erin"])
    services.leave_community(bob, pond)
    kinds = [e.kind for e in events_after(start)]
    assert kinds == [
        "entry.created",
        "entry.updated",
        "comment.created",
        "comment.updated",
        "comment.deleted",
        "comment.undeleted",
        "like.created",
        "like.deleted",
        "hide.created",
        "hide.deleted",
        "entry.deleted",
        "entry.undeleted",
        "friendgroups.updated",
        "ban.created",
        "ban.deleted",
        "membership.deleted",
    ]


def test_cursor_reads_are_exclusive_and_ordered(alice):
    first = services.post_entry(alice, body="1")
    cursor = Event.objects.get(entry=first).id
    second = services.post_entry(alice, body="2")
    after = list(events_after(cursor))
    assert [e.entry_id for e in after] == [second.pk]
