"""The moderation queue outside the protocol: the community's page, the admin, the console.

Moderators see the queue under the community (linked from its pages) and approve or reject
with CSRF-protected POST forms; others get 403. Staff do the same from the Django admin.
The console's `set moderated` (flat and XML-RPC) switches moderated posting on.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from journal.models import Entry, Event, Journal, QueuedEntry
from journal.services import moderation


@pytest.fixture
def queued(alice, bob, pond) -> QueuedEntry:
    moderation.set_moderated_posting(alice, pond, True)
    return moderation.submit_entry(
        bob,
        journal=pond,
        subject="Duck <i>news</i>",
        body="Quack\nquack",
        props={"taglist": "ducks"},
    )


def test_moderator_sees_the_queue(client_for, alice, queued):
    page = client_for(alice).get("/pond/moderation")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Waiting for approval (1)" in html
    assert "Duck <i>news</i>" in html  # the subject is rendered like an entry subject
    assert "Quack<br" in html and "submitted by" in html and ">bob<" in html
    assert f'action="/pond/moderation/{queued.pk}"' in html


def test_pages_link_the_queue_for_moderators_only(client_for, alice, bob, queued):
    for path in ("/pond/members", "/pond/profile"):
        assert 'href="/pond/moderation"' in client_for(alice).get(path).content.decode()
        assert 'href="/pond/moderation"' not in client_for(bob).get(path).content.decode()


def test_others_cannot_see_or_decide(client_for, bob, charlie, queued):
    assert client_for(bob).get("/pond/moderation").status_code == 403
    assert client_for(charlie).get("/pond/moderation").status_code == 403
    post = client_for(bob).post(f"/pond/moderation/{queued.pk}", {"action": "approve"})
    assert post.status_code == 403
    assert QueuedEntry.objects.filter(pk=queued.pk).exists() and not Entry.objects.exists()


def test_anonymous_goes_to_login_and_personal_journals_have_no_queue(client, client_for, alice):
    response = client.get("/alice/moderation")
    assert response.status_code == 302 and response["Location"].startswith("/login")
    assert client_for(alice).get("/alice/moderation").status_code == 404


def test_approve_from_the_page_posts_the_entry(client_for, alice, bob, queued):
    response = client_for(alice).post(f"/pond/moderation/{queued.pk}", {"action": "approve"})
    assert response.status_code == 302 and response["Location"] == "/pond/moderation"
    entry = Entry.objects.get()
    assert (entry.poster, entry.journal.name, entry.subject) == (bob, "pond", "Duck <i>news</i>")
    assert [t.name for t in entry.tags.all()] == ["ducks"]
    assert Event.objects.filter(kind=Event.Kind.ENTRY_CREATED, entry=entry, actor=bob).exists()
    assert not QueuedEntry.objects.exists()


def test_reject_from_the_page_drops_it(client_for, alice, queued):
    client_for(alice).post(f"/pond/moderation/{queued.pk}", {"action": "reject"})
    assert not QueuedEntry.objects.exists() and not Entry.objects.exists()
    page = client_for(alice).get("/pond/moderation")
    assert "Nothing is waiting." in page.content.decode()


def test_unknown_action_or_gone_submission_changes_nothing(client_for, alice, queued):
    client = client_for(alice)
    client.post(f"/pond/moderation/{queued.pk}", {"action": "publish"})
    assert QueuedEntry.objects.filter(pk=queued.pk).exists()
    response = client.post("/pond/moderation/999999", {"action": "approve"}, follow=True)
    assert "no longer in the queue" in response.content.decode()
    assert client.get(f"/pond/moderation/{queued.pk}").status_code == 405
    assert not Entry.objects.exists()


def test_forms_need_the_csrf_token(alice, queued):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    assert client.post(f"/pond/moderation/{queued.pk}", {"action": "approve"}).status_code == 403
    assert client.post("/pond/moderation", {"moderated": "0"}).status_code == 403
    assert QueuedEntry.objects.exists() and not Entry.objects.exists()
    assert Journal.objects.get(name="pond").moderated_posting


def test_the_page_switches_moderation(client_for, alice, bob, pond):
    client = client_for(alice)
    client.post("/pond/moderation", {"moderated": "1"})
    assert Journal.objects.get(pk=pond.pk).moderated_posting
    client.post("/pond/moderation", {"moderated": "0"})
    assert not Journal.objects.get(pk=pond.pk).moderated_posting
    assert client_for(bob).post("/pond/moderation", {"moderated": "1"}).status_code == 403
    assert not Journal.objects.get(pk=pond.pk).moderated_posting


# --- the Django admin ------------------------------------------------------------------------


def test_admin_lists_and_approves(client_for, root, bob, queued):
    client = client_for(root)
    url = reverse("admin:journal_queuedentry_changelist")
    page = client.get(url)
    assert page.status_code == 200 and "Duck" in page.content.decode()
    client.post(url, {"action": "approve", "_selected_action": [queued.pk]})
    assert Entry.objects.get().poster == bob
    assert not QueuedEntry.objects.exists()


def test_admin_rejects_and_cannot_edit_or_delete(client_for, root, queued):
    client = client_for(root)
    assert client.get(reverse("admin:journal_queuedentry_add")).status_code == 403
    delete = reverse("admin:journal_queuedentry_delete", args=[queued.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert QueuedEntry.objects.exists()
    url = reverse("admin:journal_queuedentry_changelist")
    client.post(url, {"action": "reject", "_selected_action": [queued.pk]})
    assert not QueuedEntry.objects.exists() and not Entry.objects.exists()


# --- the console (consolecommand, both doors) ------------------------------------------------


def console_lines(lj, door, user, command):
    if door == "flat":
        result = lj.call(door, "consolecommand", user, command=command)
        n = int(result["cmd_line_count"])
        return [
            (result.get(f"cmd_line_{i}_type", ""), result[f"cmd_line_{i}"]) for i in range(1, n + 1)
        ]
    result = lj.call(door, "consolecommand", user, commands=[command])
    return [tuple(line) for line in result["results"][0]["output"]]


def test_console_set_moderated(lj, door, alice, bob, pond):
    lines = console_lines(lj, door, alice, "set for pond moderated on")
    assert lines == [("success", "User property 'moderated' set to '1' for pond")]
    assert Journal.objects.get(pk=pond.pk).moderated_posting
    refused = console_lines(lj, door, bob, "set for pond moderated off")
    assert refused[0][0] == "error"
    assert Journal.objects.get(pk=pond.pk).moderated_posting
    bad = console_lines(lj, door, alice, "set for pond moderated maybe")
    assert bad[0][0] == "error"
    assert console_lines(lj, door, alice, "set moderated 1")[0][0] == "error"  # not a community
