"""POST /entry into a group whose posts are moderated (the LiveJournal door's queue).

FriendFeed has no queued post to answer with (clients expect the entry object back), so a
post or an edit that would put an entry into a moderated group without its queue is
refused with 403 `forbidden` and writes nothing; the group's moderators and admins post
directly, as on every other door.
"""

from __future__ import annotations

import os

import orjson
import pytest

from journal import services
from journal.models import Entry, EntryRecipient, Event, Journal, QueuedEntry
from journal.services import moderation
from tests.friendfeed.conftest import xml
from tests.media_support import upload


@pytest.fixture
def moderated(alice, bob, charlie, pond) -> Journal:
    """pond, moderated: alice is its admin, charlie a moderator, bob a plain member."""
    services.join_community(charlie, pond)
    services.set_member_role(alice, pond, charlie, "moderator")
    return moderation.set_moderated_posting(alice, pond, True)


def written() -> tuple[int, int, int, int]:
    """Entries, their recipients, events and queued submissions: a refusal changes none."""
    return (
        Entry.objects.count(),
        EntryRecipient.objects.count(),
        Event.objects.count(),
        QueuedEntry.objects.count(),
    )


def stored_files(settings) -> list[str]:
    root = str(settings.MEDIA_ROOT)
    return [f for _, _, files in os.walk(root) for f in files]


@pytest.mark.parametrize("to", ["pond", "me,pond", "pond,me"])
def test_member_post_to_a_moderated_group_is_refused(bob, moderated, ff, to):
    before = written()
    response = ff(bob).post("/entry", {"body": "quack", "to": to})
    assert response.status_code == 403
    assert orjson.loads(response.content) == {"errorCode": "forbidden"}
    assert written() == before


def test_refusal_in_xml(bob, moderated, ff):
    before = written()
    response = ff(bob).post("/entry", {"body": "quack", "to": "pond", "format": "xml"})
    assert response.status_code == 403
    root = xml(response)
    assert root.tag == "error" and root.findtext("errorCode") == "forbidden"
    assert written() == before


def test_refused_post_leaves_no_uploaded_file(bob, moderated, ff, settings):
    response = ff(bob).post(
        "/entry", {"body": "quack", "to": "pond", "file": upload("notes.txt", b"plain")}
    )
    assert response.status_code == 403
    assert stored_files(settings) == [] and not Entry.objects.exists()


@pytest.mark.parametrize("who", ["alice", "charlie"])
def test_admins_and_moderators_post_directly(request, moderated, ff, who):
    user = request.getfixturevalue(who)
    data = ff(user).json("post", "/entry", {"body": f"from {who}", "to": "pond"})
    entry = Entry.objects.get(uuid=data["id"][2:])
    assert entry.journal == moderated and entry.poster == user
    assert [t["id"] for t in data["to"]] == ["pond"]
    assert Event.objects.filter(kind=Event.Kind.ENTRY_CREATED, entry=entry).count() == 1
    assert not QueuedEntry.objects.exists()


def test_unmoderated_group_still_takes_member_posts(bob, pond, ff):
    data = ff(bob).json("post", "/entry", {"body": "quack", "to": "me,pond"})
    assert [t["id"] for t in data["to"]] == ["bob", "pond"]


def test_outsider_is_refused_as_before(charlie, alice, pond, ff):
    moderation.set_moderated_posting(alice, pond, True)
    response = ff(charlie).post("/entry", {"body": "hi", "to": "pond"})
    assert response.status_code == 403 and not Entry.objects.exists()


@pytest.mark.parametrize("to", ["pond", "me,pond"])
def test_edit_addressing_a_moderated_group_is_refused(bob, moderated, ff, to):
    created = ff(bob).json("post", "/entry", {"body": "mine"})
    before = written()
    response = ff(bob).post("/entry", {"id": created["id"], "body": "moved", "to": to})
    assert response.status_code == 403
    assert orjson.loads(response.content) == {"errorCode": "forbidden"}
    assert written() == before
    entry = Entry.objects.get()
    assert (entry.journal, entry.body, entry.revision) == (bob.journal, "mine", 0)
    assert not entry.recipients.exists()


def test_edit_refusal_in_xml(bob, moderated, ff):
    created = ff(bob).json("post", "/entry", {"body": "mine"})
    response = ff(bob).post("/entry", {"id": created["id"], "to": "me,pond", "format": "xml"})
    assert response.status_code == 403 and xml(response).findtext("errorCode") == "forbidden"


def test_approved_entry_stays_editable_where_it_is(alice, bob, moderated, ff):
    queued = moderation.submit_entry(bob, journal=moderated, body="approved")
    entry = moderation.approve_entry(alice, queued)
    created_id = f"e/{entry.uuid.hex}"
    data = ff(bob).json("post", "/entry", {"id": created_id, "body": "fixed", "to": "pond"})
    assert data["rawBody"] == "fixed" and [t["id"] for t in data["to"]] == ["pond"]
    # Moving it out is fine (nothing skips a queue); moving it back in is not.
    ff(bob).json("post", "/entry", {"id": created_id, "to": "me"})
    assert ff(bob).post("/entry", {"id": created_id, "to": "pond"}).status_code == 403


def test_moderator_edit_moves_entries_in(moderated, charlie, ff):
    created = ff(charlie).json("post", "/entry", {"body": "mine"})
    data = ff(charlie).json("post", "/entry", {"id": created["id"], "to": "me,pond"})
    assert [t["id"] for t in data["to"]] == ["charlie", "pond"]
