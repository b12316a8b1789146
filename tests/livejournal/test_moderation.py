"""postevent into a moderated community (spec §4.3): queued, bounded, approved as a post.

Through both doors: a member who is not a moderator gets `message` and no item, and nothing
is posted until a moderator approves; approval posts through post_entry (same event, same
visibility); bad input gets the same numbered error as a direct post and queues nothing.
"""

from __future__ import annotations

import pytest

from journal import services
from journal.errors import Forbidden, NotFound
from journal.models import Entry, Event, Journal, QueuedEntry
from journal.services import moderation, operations
from journal.visibility import can_see_entry
from tests.conftest import make_user

WHEN = {"year": 2024, "mon": 5, "day": 1, "hour": 9, "min": 30}
INTERFACE = {"flat": "flat", "xmlrpc": "xml-rpc"}


@pytest.fixture
def moderated(alice, bob, pond) -> Journal:
    """pond with moderated posting: alice (admin) posts directly, bob (member) is queued."""
    return moderation.set_moderated_posting(alice, pond, True)


def submit(lj, door, user, **struct):
    return lj.call(door, "postevent", user, usejournal="pond", ver=1, **{**WHEN, **struct})


def entry_count() -> int:
    return Entry.objects.count()


def test_member_post_is_queued_with_message_and_no_item(lj, door, bob, moderated):
    result = submit(lj, door, bob, event="Hello pond", subject="Hi",
                    props={"current_mood": "happy", "taglist": "ducks"})  # fmt: skip
    assert result["message"].startswith("Your entry has been put into the moderation queue")
    if door == "flat":
        # The flat wrapper prints itemid even when there is none (an empty line).
        assert result["itemid"] == ""
        assert "anum" not in result and "url" not in result
    else:
        assert set(result) == {"message"}
    assert entry_count() == 0
    assert not Event.objects.filter(kind=Event.Kind.ENTRY_CREATED).exists()
    item = QueuedEntry.objects.get()
    assert (item.journal, item.poster, item.subject, item.body) == (
        moderated,
        bob,
        "Hi",
        "Hello pond",
    )
    assert item.props == {"current_mood": "happy", "taglist": "ducks"}
    assert item.server_props == {"interface": INTERFACE[door]}


def test_flat_queued_response_on_the_wire(lj, bob, moderated):
    from tests.conftest import PASSWORD

    response = lj.flat_raw(
        f"mode=postevent&user=bob&password={PASSWORD.replace(' ', '+')}&usejournal=pond"
        "&event=hi&year=2024&mon=5&day=1&hour=9&min=30"
    )
    body = response.content.decode()
    assert body.startswith("itemid\n\nmessage\nYour entry has been put into the moderation queue")
    assert body.endswith("success\nOK\n")


def test_moderators_post_directly(lj, door, alice, moderated):
    result = submit(lj, door, alice, event="From the admin")
    entry = Entry.objects.get()
    assert int(result["itemid"]) == entry.item_number and entry.journal == moderated
    assert "message" not in result
    assert not QueuedEntry.objects.exists()


def test_a_moderator_who_is_not_admin_posts_directly(lj, door, alice, charlie, moderated):
    services.join_community(charlie, moderated)
    services.set_member_role(alice, moderated, charlie, "moderator")
    result = submit(lj, door, charlie, event="From a moderator")
    entry = Entry.objects.get()
    assert (entry.poster, entry.journal) == (charlie, moderated) and "message" not in result
    assert int(result["itemid"]) == entry.item_number
    assert not QueuedEntry.objects.exists()


def test_unmoderated_community_posts_directly(lj, door, bob, pond):
    submit(lj, door, bob, event="Straight in")
    assert Entry.objects.get().poster == bob
    assert not QueuedEntry.objects.exists()


def test_approved_entry_is_like_any_other(lj, door, alice, bob, charlie, moderated):
    submit(lj, door, bob, event="Members only", security="usemask", allowmask=1,
           props={"current_music": "quack"})  # fmt: skip
    item = QueuedEntry.objects.get()
    entry = moderation.approve_entry(alice, item)
    assert not QueuedEntry.objects.exists()
    assert (entry.poster, entry.journal, entry.item_number) == (bob, moderated, 1)
    assert (entry.security, entry.allowmask) == ("usemask", 1)
    assert entry.props == {"current_music": "quack", "interface": INTERFACE[door]}
    created = Event.objects.get(kind=Event.Kind.ENTRY_CREATED)
    assert (created.entry, created.actor) == (entry, bob)
    assert can_see_entry(alice, entry) and not can_see_entry(charlie, entry)
    # And the door reads it back like any entry, with its server-set prop.
    got = lj.call(door, "getevents", bob, selecttype="one", itemid="1", usejournal="pond")
    if door == "flat":
        assert got["events_1_poster"] == "bob"
        props = {got[f"prop_{n}_name"]: got[f"prop_{n}_value"] for n in range(1, 3)}
    else:
        props = got["events"][0]["props"]
    assert props["interface"] == INTERFACE[door]


def test_rejected_entry_leaves_nothing(lj, door, alice, bob, moderated):
    submit(lj, door, bob, event="No thanks")
    moderation.reject_entry(alice, QueuedEntry.objects.get())
    assert not QueuedEntry.objects.exists() and entry_count() == 0
    assert Event.objects.filter(data__change="moderation.rejected").count() == 1


def test_queue_full_is_407(lj, door, settings, bob, moderated):
    settings.MODERATION_QUEUE_MAX = 1
    erin = make_user("frank")
    services.join_community(erin, moderated)
    submit(lj, door, bob, event="first")
    assert lj.error(door, "postevent", erin, usejournal="pond", event="second", **WHEN) == 407
    assert QueuedEntry.objects.count() == 1 and entry_count() == 0


def test_per_poster_bound_is_408(lj, door, settings, bob, moderated):
    settings.MODERATION_QUEUE_PER_POSTER = 1
    submit(lj, door, bob, event="first")
    assert lj.error(door, "postevent", bob, usejournal="pond", event="again", **WHEN) == 408
    assert QueuedEntry.objects.count() == 1


@pytest.mark.parametrize(
    ("struct", "code"),
    [
        ({"event": "  "}, 200),
        ({"event": "x", "props": {"no_such": "1"}}, 205),
        ({"event": "x", "props": {"opt_nocomments": "yes"}}, 204),
        ({"event": "x", "props": {"opt_backdated": "1"}}, 152),
        ({"event": "x", "props": {"taglist": "<b>"}}, 211),
        ({"event": "x", "security": "usemask", "allowmask": 2}, 102),
        ({"event": "x", "security": "private"}, 102),
        ({"event": "x", "mon": 13}, 203),
        ({"event": "x", "subject": "s" * 256}, 411),
        ({"event": "x" * 65536}, 409),
    ],
)
def test_bad_submissions_get_the_direct_post_error(lj, door, bob, moderated, struct, code):
    assert lj.error(door, "postevent", bob, usejournal="pond", ver=1, **{**WHEN, **struct}) == code
    assert not QueuedEntry.objects.exists() and entry_count() == 0


def test_new_tags_need_the_tag_add_level(lj, door, alice, bob, moderated):
    # With the add level "private", members may use existing tags only (313), queued or not.
    operations.set_tag_permissions(alice, moderated, "private", "private")
    code = lj.error(door, "postevent", bob, usejournal="pond", event="x",
                    props={"taglist": "brand new"}, **WHEN)  # fmt: skip
    assert code == 313
    assert not QueuedEntry.objects.exists()


def test_banned_and_outsiders_are_refused(lj, door, alice, bob, charlie, moderated):
    assert lj.error(door, "postevent", charlie, usejournal="pond", event="x", **WHEN) == 300
    services.ban_user(alice, moderated, bob)
    assert lj.error(door, "postevent", bob, usejournal="pond", event="x", **WHEN) == 151
    assert not QueuedEntry.objects.exists()


# --- the verbs -------------------------------------------------------------------------------


def test_only_moderators_decide(alice, bob, moderated):
    item = moderation.submit_entry(bob, journal=moderated, body="mine", event_time=None)
    with pytest.raises(Forbidden):
        moderation.approve_entry(bob, item)
    with pytest.raises(Forbidden):
        moderation.reject_entry(bob, item)
    with pytest.raises(Forbidden):
        moderation.pending(bob, moderated)
    assert QueuedEntry.objects.count() == 1


def test_second_approval_finds_nothing(alice, bob, moderated):
    item = moderation.submit_entry(bob, journal=moderated, body="once")
    moderation.approve_entry(alice, item)
    with pytest.raises(NotFound):
        moderation.approve_entry(alice, item)
    assert Entry.objects.count() == 1


def test_approval_refused_later_keeps_the_submission(alice, bob, moderated):
    item = moderation.submit_entry(bob, journal=moderated, body="then banned")
    services.ban_user(alice, moderated, bob)
    with pytest.raises(Forbidden):
        moderation.approve_entry(alice, item)
    assert QueuedEntry.objects.filter(pk=item.pk).exists() and entry_count() == 0


def test_only_maintainers_switch_moderation(alice, bob, pond):
    with pytest.raises(Forbidden):
        moderation.set_moderated_posting(bob, pond, True)
    pond.refresh_from_db()
    assert not pond.moderated_posting
    moderation.set_moderated_posting(alice, pond, True)
    pond.refresh_from_db()
    assert pond.moderated_posting


def test_post_or_submit_picks_the_path(alice, bob, moderated):
    assert isinstance(moderation.post_or_submit(bob, journal=moderated, body="q"), QueuedEntry)
    assert isinstance(moderation.post_or_submit(alice, journal=moderated, body="p"), Entry)
