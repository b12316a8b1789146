"""/comment: create, edit, read, delete and undelete."""

from __future__ import annotations

from journal import services
from journal.models import Comment
from journal.models.entry import Security
from tests.friendfeed.conftest import ff_id, lj_post, xml


def test_create_comment(alice, bob, ff):
    entry = lj_post(alice, "post")
    data = ff(bob).json(
        "post", "/comment", {"entry": ff_id(entry), "body": "nice http://x.example"}
    )
    comment = Comment.objects.get()
    assert data["id"] == f"{ff_id(entry)}/c/{comment.uuid.hex}"
    assert data["from"]["id"] == "bob"
    assert 'href="http://x.example"' in data["body"]
    assert data["commands"] == ["edit", "delete"]
    assert comment.author == bob and comment.entry == entry


def test_comment_needs_entry_and_body(alice, bob, ff):
    entry = lj_post(alice, "post")
    assert ff(bob).json("post", "/comment", {"entry": ff_id(entry)}, status=400) == {
        "errorCode": "body-required"
    }
    assert ff(bob).json("post", "/comment", {"body": "x"}, status=400) == {
        "errorCode": "entry-required"
    }
    assert ff(bob).json("post", "/comment", {"body": "x", "entry": "nope"}, status=400) == {
        "errorCode": "bad-id-format"
    }
    assert not Comment.objects.exists()


def test_cannot_comment_on_an_entry_one_cannot_see(network, ff):
    entry = lj_post(network["alice"], "friends only", security=Security.USEMASK, allowmask=1)
    response = ff(network["erin"]).json(
        "post", "/comment", {"entry": ff_id(entry), "body": "x"}, status=404
    )
    assert response == {"errorCode": "entry-not-found"}
    assert not Comment.objects.exists()


def test_edit_comment(alice, bob, ff):
    entry = lj_post(alice, "post")
    created = ff(bob).json("post", "/comment", {"entry": ff_id(entry), "body": "typo"})
    data = ff(bob).json("post", "/comment", {"id": created["id"], "body": "fixed"})
    assert data["id"] == created["id"] and data["body"] == "fixed"
    assert ff(alice).json("post", "/comment", {"id": created["id"], "body": "no"}, status=403)
    assert Comment.objects.get().body == "fixed"


def test_read_comment_has_raw_body(alice, bob, ff):
    entry = lj_post(alice, "post")
    comment = services.add_comment(bob, entry, "hello")
    cid = f"{ff_id(entry)}/c/{comment.uuid.hex}"
    data = ff().json("get", f"/comment/{cid}")
    assert data["rawBody"] == "hello" and data["id"] == cid
    assert xml(ff().get(f"/comment/{cid}", {"format": "xml"})).tag == "comment"
    missing = f"{ff_id(entry)}/c/{'0' * 32}"
    assert ff().json("get", f"/comment/{missing}", status=404) == {"errorCode": "comment-not-found"}
    assert ff().json("get", f"/comment/{ff_id(entry)}", status=400)


def test_delete_and_undelete_comment(alice, bob, charlie, ff):
    entry = lj_post(alice, "post")
    comment = services.add_comment(bob, entry, "oops")
    cid = f"{ff_id(entry)}/c/{comment.uuid.hex}"
    assert ff(charlie).json("post", "/comment/delete", {"id": cid}, status=403)
    ff(bob).json("post", "/comment/delete", {"id": cid})
    comment.refresh_from_db()
    assert comment.is_deleted
    assert "comments" not in ff().json("get", f"/entry/{ff_id(entry)}")
    ff(bob).json("post", "/comment/delete", {"id": cid, "undelete": "1"})
    comment.refresh_from_db()
    assert not comment.is_deleted


def test_entry_author_may_delete_others_comments(alice, bob, ff):
    entry = lj_post(alice, "post")
    comment = services.add_comment(bob, entry, "spam")
    ff(alice).json("post", "/comment/delete", {"id": f"{ff_id(entry)}/c/{comment.uuid.hex}"})
    comment.refresh_from_db()
    assert comment.is_deleted
