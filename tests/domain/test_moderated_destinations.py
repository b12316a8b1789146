"""The one rule every door asks: would this post reach a moderated community around its queue?

journal.services.moderation decides (moderated_destinations, ensure_posts_directly,
ensure_may_readdress, post_or_submit); the doors only translate the answer.
"""

from __future__ import annotations

import pytest

from journal import services
from journal.errors import Forbidden, InvalidInput
from journal.models import Entry, Event, Journal, QueuedEntry
from journal.services import moderation
from tests.conftest import make_user


@pytest.fixture
def moderated(alice, bob, pond) -> Journal:
    return moderation.set_moderated_posting(alice, pond, True)


@pytest.fixture
def lake(bob) -> Journal:
    """An unmoderated community bob belongs to."""
    community = services.create_community(make_user("frank"), "lake", title="The Lake")
    services.join_community(bob, community)
    return community


def test_destinations_count_extra_recipients_once(alice, bob, moderated, lake):
    assert moderation.moderated_destinations(bob, bob.journal, [lake]) == []
    assert moderation.moderated_destinations(bob, bob.journal, [moderated, lake, moderated]) == [
        moderated
    ]
    assert moderation.moderated_destinations(bob, moderated, [moderated]) == [moderated]
    assert moderation.moderated_destinations(alice, moderated) == []


def test_refusal_names_the_community(bob, moderated):
    with pytest.raises(Forbidden) as refused:
        moderation.ensure_posts_directly(bob, bob.journal, [moderated])
    assert refused.value.code == "moderated"
    assert "Posts to pond are moderated" in refused.value.message


def test_outsiders_hear_they_may_not_post_at_all(charlie, moderated):
    with pytest.raises(Forbidden) as refused:
        moderation.ensure_posts_directly(charlie, moderated)
    assert refused.value.code == "no-access"


def test_post_or_submit_refuses_a_moderated_extra_recipient(bob, moderated, lake):
    events = Event.objects.count()
    with pytest.raises(Forbidden):
        moderation.post_or_submit(bob, journal=lake, body="x", to_journals=[moderated])
    assert not Entry.objects.exists() and Event.objects.count() == events


def test_post_or_submit_queues_tags_and_refuses_extras(bob, moderated, lake):
    item = moderation.post_or_submit(
        bob, journal=moderated, body="x", tags=["a", "b"], to_journals=[], direct_to=[]
    )
    assert isinstance(item, QueuedEntry) and item.props["taglist"] == "a, b"
    with pytest.raises(InvalidInput) as refused:
        moderation.post_or_submit(bob, journal=moderated, body="y", to_journals=[lake])
    assert refused.value.code == "moderated-single"
    assert QueuedEntry.objects.count() == 1


def test_edit_keeps_places_the_entry_already_has(alice, bob, moderated, lake):
    entry = moderation.approve_entry(
        alice, moderation.submit_entry(bob, journal=moderated, body="q")
    )
    edited = services.edit_entry(bob, entry, body="q2", journal=moderated, to_journals=[lake])
    assert edited.journal == moderated and list(edited.recipients.all()) == [lake]
    own = services.post_entry(bob, body="mine", to_journals=[lake])
    with pytest.raises(Forbidden) as refused:
        services.edit_entry(bob, own, to_journals=[lake, moderated])
    assert refused.value.code == "moderated"
    own.refresh_from_db()
    assert own.revision == 0 and list(own.recipients.all()) == [lake]
