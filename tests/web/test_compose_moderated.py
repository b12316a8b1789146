"""The post form and a community whose posts are moderated.

A member who is not a moderator submits to the queue (as through LiveJournal) and is told
the post awaits moderation; the community's moderators and admins post directly; an extra
community ("also post to") or files cannot wait in the queue, so those are refused and
nothing is written. Through the real form, CSRF token included.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client

from journal import services
from journal.models import Entry, EntryRecipient, Event, Journal, QueuedEntry
from journal.services import moderation
from tests.conftest import PASSWORD, make_user
from tests.media_support import upload


@pytest.fixture
def moderated(alice, bob, charlie, pond) -> Journal:
    """pond, moderated: alice is its admin, charlie a moderator, bob a plain member."""
    services.join_community(charlie, pond)
    services.set_member_role(alice, pond, charlie, "moderator")
    return moderation.set_moderated_posting(alice, pond, True)


def csrf_client(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    assert client.login(username=user.username, password=PASSWORD)
    return client


def submit(client: Client, follow: bool = False, **data):
    """GET the form for its CSRF token, then POST it as a browser would."""
    page = client.get("/post")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.content)
    assert token, "the form carries a CSRF token"
    form = {"journal": "pond", "security": "public", "subject": "", "body": ""}
    form.update(data, csrfmiddlewaretoken=token.group(1).decode())
    return client.post("/post", form, follow=follow)


def written() -> tuple[int, int, int, int]:
    return (
        Entry.objects.count(),
        EntryRecipient.objects.count(),
        Event.objects.count(),
        QueuedEntry.objects.count(),
    )


def test_member_post_waits_for_a_moderator_and_says_so(bob, moderated):
    response = submit(
        csrf_client(bob),
        follow=True,
        subject="Ducks",
        body="Quack",
        tags="birds, Pond",
        music="Bach",
    )
    assert response.redirect_chain == [("/pond", 302)]
    html = response.content.decode()
    assert "Your entry was submitted to The Pond and awaits moderation" in html
    assert "Entry posted." not in html
    assert not Entry.objects.exists()
    assert not Event.objects.filter(kind=Event.Kind.ENTRY_CREATED).exists()
    item = QueuedEntry.objects.get()
    assert (item.journal, item.poster, item.subject, item.body) == (
        moderated,
        bob,
        "Ducks",
        "Quack",
    )
    assert item.props["taglist"] == "birds, Pond" and item.props["current_music"] == "Bach"


def test_approval_of_a_website_submission_keeps_its_tags(alice, bob, moderated):
    submit(csrf_client(bob), subject="Ducks", body="Quack", tags="birds, Pond")
    entry = moderation.approve_entry(alice, QueuedEntry.objects.get())
    assert (entry.journal, entry.poster, entry.subject) == (moderated, bob, "Ducks")
    assert sorted(t.name for t in entry.tags.all()) == ["birds", "pond"]


def test_the_queue_page_lists_the_submission(client_for, alice, bob, moderated):
    submit(csrf_client(bob), subject="Ducks", body="Quack")
    assert "Waiting for approval (1)" in client_for(alice).get("/pond/moderation").content.decode()


@pytest.mark.parametrize("who", ["alice", "charlie"])
def test_admins_and_moderators_post_directly(request, moderated, who):
    user = request.getfixturevalue(who)
    response = submit(csrf_client(user), follow=True, body=f"from {who}")
    entry = Entry.objects.get()
    assert (entry.journal, entry.poster) == (moderated, user)
    assert response.redirect_chain[-1][0] == f"/pond/{entry.ditemid}.html"
    assert "Entry posted." in response.content.decode()
    assert Event.objects.filter(kind=Event.Kind.ENTRY_CREATED, entry=entry).count() == 1
    assert not QueuedEntry.objects.exists()


def test_also_posting_to_a_moderated_community_is_refused(bob, moderated):
    before = written()
    response = submit(csrf_client(bob), journal="bob", body="cross", also_to=["pond"])
    assert response.status_code == 200
    assert "are moderated" in response.content.decode()
    assert written() == before


def test_extra_places_cannot_wait_in_the_queue(bob, moderated):
    other = services.create_community(make_user("frank"), "lake", title="The Lake")
    services.join_community(bob, other)
    before = written()
    for extra in ({"also_to": ["lake"]}, {"direct_to": "alice"}):
        response = submit(csrf_client(bob), body="everywhere", **extra)
        assert response.status_code == 200
        assert "goes to its community only" in response.content.decode()
    assert written() == before


def test_files_cannot_wait_in_the_queue(bob, moderated, settings):
    pytest.importorskip("journal.media")
    before = written()
    response = submit(csrf_client(bob), body="with a file", files=[upload("a.txt", b"hello")])
    assert response.status_code == 200
    assert "Files cannot wait for a moderator" in response.content.decode()
    assert written() == before


def test_member_post_without_csrf_token_is_refused(bob, moderated):
    before = written()
    response = csrf_client(bob).post(
        "/post", {"journal": "pond", "security": "public", "body": "x"}
    )
    assert response.status_code == 403
    assert written() == before


def test_unmoderated_community_posts_as_before(bob, pond):
    response = submit(csrf_client(bob), body="to the pond")
    entry = Entry.objects.get()
    assert response["Location"] == f"/pond/{entry.ditemid}.html"
    assert not QueuedEntry.objects.exists()
