"""Comments, likes and hides: permissions, threading, soft delete, events."""

from __future__ import annotations

import pytest

from journal import services
from journal.errors import Forbidden, InvalidInput, NotFound
from journal.models import Comment, Event, Hide, Like


@pytest.fixture
def entry(network):
    return services.post_entry(
        network["alice"], body="hello friends", security="usemask", allowmask=1
    )


def test_threaded_comments(entry, network):
    bob, charlie = network["bob"], network["charlie"]
    top = services.add_comment(bob, entry, "first!")
    reply = services.add_comment(charlie, entry, "a reply <script>x</script>", parent=top)
    assert reply.parent == top and "<script" not in reply.body_html
    assert reply.public_id == f"{entry.public_id}/c/{reply.uuid.hex}"
    kinds = list(Event.objects.filter(entry=entry).values_list("kind", flat=True))
    assert kinds == ["entry.created", "comment.created", "comment.created"]


def test_cannot_comment_on_what_you_cannot_see(entry, network):
    with pytest.raises(NotFound):
        services.add_comment(network["erin"], entry, "hi")
    assert not Comment.objects.exists()


def test_comment_validation(entry, network):
    bob = network["bob"]
    with pytest.raises(InvalidInput):
        services.add_comment(bob, entry, "   ")
    with pytest.raises(InvalidInput):
        services.add_comment(bob, entry, "x" * 20000)
    other = services.post_entry(bob, body="other")
    foreign = services.add_comment(bob, other, "elsewhere")
    with pytest.raises(InvalidInput):
        services.add_comment(bob, entry, "reply", parent=foreign)
    assert Comment.objects.filter(entry=entry).count() == 0


def test_comments_disabled(network):
    alice, bob = network["alice"], network["bob"]
    entry = services.post_entry(alice, body="quiet", props={"opt_nocomments": "1"})
    with pytest.raises(Forbidden):
        services.add_comment(bob, entry, "hi")
    assert services.add_comment(alice, entry, "owner may")


def test_edit_and_delete_comment(entry, network):
    alice, bob, charlie = network["alice"], network["bob"], network["charlie"]
    comment = services.add_comment(bob, entry, "tpyo")
    with pytest.raises(Forbidden):
        services.edit_comment(alice, comment, "fixed by someone else")
    services.edit_comment(bob, comment, "typo")
    comment.refresh_from_db()
    assert comment.body == "typo"
    with pytest.raises(Forbidden):
        services.delete_comment(charlie, comment)
    services.delete_comment(alice, comment)  # the entry's owner may
    comment.refresh_from_db()
    assert comment.is_deleted
    services.undelete_comment(bob, comment)
    comment.refresh_from_db()
    assert not comment.is_deleted


def test_likes(entry, network):
    alice, bob, erin = network["alice"], network["bob"], network["erin"]
    like = services.like_entry(bob, entry)
    assert services.like_entry(bob, entry).pk == like.pk  # idempotent
    with pytest.raises(Forbidden):
        services.like_entry(alice, entry)  # own entry
    with pytest.raises(NotFound):
        services.like_entry(erin, entry)
    assert services.unlike_entry(bob, entry) is True
    assert services.unlike_entry(bob, entry) is False
    assert not Like.objects.exists()
    kinds = list(Event.objects.filter(kind__startswith="like.").values_list("kind", flat=True))
    assert kinds == ["like.created", "like.deleted"]


def test_hides(entry, network):
    bob, erin = network["bob"], network["erin"]
    services.hide_entry(bob, entry)
    services.hide_entry(bob, entry)
    assert Hide.objects.filter(user=bob).count() == 1
    with pytest.raises(NotFound):
        services.hide_entry(erin, entry)
    assert services.unhide_entry(bob, entry) is True
