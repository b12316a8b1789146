"""An operator's edit of an entry or comment in the Django admin is an edit like any other.

The admin posts its own change form (as a browser would, every field it shows); the save
goes through the verbs: the body's HTML and search text follow the body, the revision moves,
the event log records it, and every door reads the new text. The rules a poster meets are
form errors here, and nothing is saved when one is broken.
"""

from __future__ import annotations

import lxml.html
import pytest
from django.conf import settings
from django.urls import reverse

from journal import services
from journal.models import Comment, Entry, Event
from tests.friendfeed.conftest import FF, ff_id


def _change_url(row) -> str:
    meta = row._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[row.pk])


def form_data(page: bytes) -> dict:
    """What a browser would submit from the change form as shown."""
    doc = lxml.html.fromstring(page)
    (form,) = (f for f in doc.forms if (f.get("id") or "").endswith("_form"))
    data: dict = {}
    for name, value in form.form_values():
        data.setdefault(name, []).append(value)
    data["_save"] = ["Save"]
    return data


def edit(client, row, **changes):
    page = client.get(_change_url(row))
    assert page.status_code == 200
    data = form_data(page.content)
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)  # an unticked checkbox
        else:
            data[name] = value if isinstance(value, list) else [value]
    return client.post(_change_url(row), data)


def _events(entry, kind) -> list[Event]:
    return list(Event.objects.filter(entry=entry, kind=kind))


def test_an_edited_body_is_rendered_searched_and_seen_through_every_door(operator, alice, root):
    entry = services.post_entry(alice, subject="Hello", body="<p>before</p>")
    FF(alice).json("get", f"/entry/{ff_id(entry)}")  # a cached read the edit must end
    response = edit(operator, entry, body="<p>after <b>now</b></p><script>x()</script>")
    assert response.status_code == 302, response.content[:2000]
    entry.refresh_from_db()
    assert entry.body_html == "<p>after <b>now</b></p>"  # sanitised as the verbs do
    assert entry.search_text == "after now"
    assert entry.revision == 1
    (event,) = _events(entry, Event.Kind.ENTRY_UPDATED)
    assert (event.actor, event.data) == (root, {"operator": True})
    seen = FF(alice).json("get", f"/entry/{ff_id(entry)}")
    assert "after <b>now</b>" in seen["body"]
    found = FF(alice).json("get", "/search", {"q": "now"})
    assert [e["id"] for e in found["entries"]] == [ff_id(entry)]


def test_the_sanitised_html_cannot_be_written_directly(operator, alice):
    entry = services.post_entry(alice, body="plain")
    response = edit(operator, entry, body_html="<script>alert(1)</script>", subject="new")
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.subject, entry.body_html) == ("new", "plain")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"body": ""}, "body", "The entry needs some text."),
        ({"body": "x" * (settings.ENTRY_MAX_BYTES + 1)}, "body", "too large"),
        ({"subject": "s" * 300}, "subject", ""),
        ({"security": "usemask", "allowmask": "3"}, "allowmask", "friends group"),
    ],
)
def test_a_broken_rule_is_a_form_error_and_saves_nothing(operator, alice, changes, field, message):
    entry = services.post_entry(alice, subject="kept", body="kept body")
    before = Entry.objects.filter(pk=entry.pk).values().get()
    response = edit(operator, entry, **changes)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert field in errors, errors
    assert message.lower() in " ".join(errors[field]).lower()
    assert Entry.objects.filter(pk=entry.pk).values().get() == before
    assert not _events(entry, Event.Kind.ENTRY_UPDATED)


def test_deleting_and_undeleting_is_logged_and_hides_the_entry(operator, alice, bob):
    entry = services.post_entry(alice, body="soon gone")
    assert edit(operator, entry, is_deleted="on").status_code == 302
    entry.refresh_from_db()
    assert entry.is_deleted and entry.deleted_at is not None
    assert len(_events(entry, Event.Kind.ENTRY_DELETED)) == 1
    FF(bob).json("get", f"/entry/{ff_id(entry)}", status=404)
    assert edit(operator, entry, is_deleted=None).status_code == 302
    entry.refresh_from_db()
    assert (entry.is_deleted, entry.deleted_at) == (False, None)
    assert len(_events(entry, Event.Kind.ENTRY_UNDELETED)) == 1
    FF(bob).json("get", f"/entry/{ff_id(entry)}")


def test_a_tag_of_another_journal_is_refused(operator, alice, bob):
    entry = services.post_entry(alice, body="tagged", tags=["mine"])
    services.post_entry(bob, body="bob's", tags=["his"])
    his = bob.journal.tags.get(name="his")
    response = edit(operator, entry, tags=str(his.pk))
    assert response.status_code == 200
    assert "tags" in response.context["adminform"].form.errors
    assert list(entry.tags.values_list("name", flat=True)) == ["mine"]


def test_an_unchanged_save_records_nothing(operator, alice):
    entry = services.post_entry(alice, body="as is")
    assert edit(operator, entry).status_code == 302
    entry.refresh_from_db()
    assert entry.revision == 0
    assert not _events(entry, Event.Kind.ENTRY_UPDATED)


def test_entries_and_comments_are_not_added_in_the_admin(operator):
    for model in (Entry, Comment):
        meta = model._meta
        url = reverse(f"admin:{meta.app_label}_{meta.model_name}_add")
        assert operator.get(url).status_code == 403
        assert operator.post(url, {"body": "x"}).status_code == 403
    assert not Entry.objects.exists()


def test_an_edited_comment_keeps_its_markup_and_is_logged(operator, alice, bob, root):
    entry = services.post_entry(alice, body="a post")
    FF(bob).json("post", "/comment", {"entry": ff_id(entry), "body": "use <b> tags"})
    comment = Comment.objects.get(entry=entry)
    assert edit(operator, comment, body="use <i> tags").status_code == 302
    comment.refresh_from_db()
    assert comment.markup == "text"
    assert "&lt;i&gt;" in comment.body_html
    assert comment.search_text == "use <i> tags"
    (event,) = Event.objects.filter(comment=comment, kind=Event.Kind.COMMENT_UPDATED)
    assert (event.actor, event.data) == (root, {"operator": True})
    seen = FF(alice).json("get", f"/entry/{ff_id(entry)}")
    assert seen["comments"][0]["body"] == "use &lt;i&gt; tags"


def test_an_emptied_comment_is_a_form_error(operator, alice, bob):
    entry = services.post_entry(alice, body="a post")
    comment = services.add_comment(bob, entry, "kept")
    response = edit(operator, comment, body="   ")
    assert response.status_code == 200
    assert "body" in response.context["adminform"].form.errors
    comment.refresh_from_db()
    assert comment.body == "kept"
