"""The edges of an operator's edits in the admin, the comments' markup/search text and its
migration: what the admin refuses (hard deletes, bad props, backdated community entries,
out-of-range coordinates), what an unchanged save leaves alone, and who hears of an edit.
"""

from __future__ import annotations

import asyncio
import importlib
import time

import pytest
from asgiref.sync import async_to_sync
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from feeds.realtime import notify
from journal import services
from journal.models import Comment, Entry, Event
from tests.friendfeed.conftest import FF, ff_id
from tests.realtime.conftest import Poller, elsewhere
from tests.test_admin_edits import _change_url, edit, form_data


def _changelist(model) -> str:
    meta = model._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")


def _delete_url(row) -> str:
    meta = row._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_delete", args=[row.pk])


# -- the admin's delete page and "delete selected" --------------------------------------------


def test_the_admin_never_hard_deletes_an_entry(operator, alice):
    """A hard delete bypasses the event log (LiveJournal sync, real time never hear of it,
    the entry's own events go with it) and frees its item number for the next post."""
    services.post_entry(alice, body="first")
    entry = services.post_entry(alice, body="second")
    operator.post(_delete_url(entry), {"post": "yes"})
    operator.post(
        _changelist(Entry),
        {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"},
    )
    assert Entry.objects.filter(pk=entry.pk).exists()
    later = services.post_entry(alice, body="third")
    assert later.item_number == 3  # never a number handed out before


def test_the_admin_never_hard_deletes_a_comment_thread(operator, alice, bob):
    entry = services.post_entry(alice, body="a post")
    top = services.add_comment(alice, entry, "top")
    reply = services.add_comment(bob, entry, "bob's reply", parent=top)
    operator.post(_delete_url(top), {"post": "yes"})
    operator.post(
        _changelist(Comment),
        {"action": "delete_selected", "_selected_action": [top.pk], "post": "yes"},
    )
    assert Comment.objects.filter(pk__in=[top.pk, reply.pk]).count() == 2


# -- the migration's fill --------------------------------------------------------------------


def test_the_fill_does_not_query_once_per_comment(network):
    """`only()` deferred `markup`: reading it loaded each row again (one query per comment)."""
    fill = importlib.import_module("journal.migrations.0009_comment_markup_search_text").fill
    alice, bob = network["alice"], network["bob"]
    entry = services.post_entry(alice, body="busy")
    for i in range(30):
        services.add_comment(bob, entry, f"<b>comment</b> {i}")
    Comment.objects.update(search_text="")
    with CaptureQueriesContext(connection) as queries:
        fill(apps, None)
    assert len(queries) < 10, len(queries)
    assert set(Comment.objects.values_list("search_text", flat=True)) == {
        f"comment {i}" for i in range(30)
    }


# -- props and the flags kept from them ------------------------------------------------------


def test_props_that_are_not_an_object_are_a_form_error(operator, alice):
    entry = services.post_entry(alice, body="kept")
    response = edit(operator, entry, props="[1, 2]", body="changed")
    assert response.status_code == 200
    assert "props" in response.context["adminform"].form.errors
    entry.refresh_from_db()
    assert (entry.body, entry.props) == ("kept", {})


def test_an_unknown_or_mistyped_prop_is_a_form_error(operator, alice):
    entry = services.post_entry(alice, body="kept")
    for props in ('{"no_such_prop": "x"}', '{"opt_nocomments": "yes"}'):
        response = edit(operator, entry, props=props)
        assert response.status_code == 200
        assert "props" in response.context["adminform"].form.errors
    entry.refresh_from_db()
    assert entry.props == {}


def test_comments_disabled_by_the_operator_stay_disabled_after_the_posters_edit(
    operator,
    alice,
    bob,
):
    entry = services.post_entry(alice, body="quiet please", props={"current_mood": "calm"})
    assert edit(operator, entry, comments_disabled="on").status_code == 302
    entry.refresh_from_db()
    assert entry.comments_disabled
    assert entry.props.get("opt_nocomments") == "1"  # what LiveJournal clients read
    services.edit_entry(alice, entry, body="quiet please, edited")
    entry.refresh_from_db()
    assert entry.comments_disabled


def test_a_prop_edited_by_the_operator_moves_its_flag(operator, alice):
    entry = services.post_entry(alice, body="old news")
    assert edit(operator, entry, props='{"opt_backdated": "1"}').status_code == 302
    entry.refresh_from_db()
    assert entry.backdated and entry.props == {"opt_backdated": "1"}
    assert edit(operator, entry, backdated=None).status_code == 302
    entry.refresh_from_db()
    assert not entry.backdated and entry.props == {}


def test_a_community_entry_cannot_be_backdated(operator, alice, pond):
    entry = services.post_entry(alice, journal=pond, body="in the pond")
    response = edit(operator, entry, backdated="on")
    assert response.status_code == 200
    assert "backdated" in response.context["adminform"].form.errors
    entry.refresh_from_db()
    assert not entry.backdated


def test_coordinates_out_of_range_are_a_form_error(operator, alice):
    entry = services.post_entry(alice, body="somewhere")
    response = edit(operator, entry, geo_lat="123", geo_long="10")
    assert response.status_code == 200
    entry.refresh_from_db()
    assert entry.geo_lat is None


# -- unchanged saves and what other doors see ------------------------------------------------


def test_an_unchanged_save_of_a_full_entry_and_comment_records_nothing(
    operator,
    network,
    alice,
    bob,
    pond,
):
    """Props, tags, a link, coordinates, a mask, a community: the form shows them as stored."""
    entry = services.post_entry(
        alice,
        subject="full",
        body="<p>all <b>fields</b></p>",
        security="usemask",
        allowmask=2,
        props={"current_mood": "fine", "opt_preformatted": "1", "current_music": "x"},
        tags=["one", "two"],
        link="https://example.com/a",
        geo=(51.5, -0.12),
    )
    community = services.post_entry(
        bob, journal=pond, body="members", security="usemask", allowmask=1
    )
    comment = services.add_comment(bob, entry, "plain <b> words", plain_text=True)
    before = Event.objects.count()
    for row in (entry, community, comment):
        assert edit(operator, row).status_code == 302
    assert Event.objects.count() == before
    entry.refresh_from_db()
    assert entry.revision == 0


def test_a_poll_sees_the_operators_edit_of_an_entry_and_a_comment(operator, network, alice, bob):
    entry = services.post_entry(alice, body="before")
    comment = services.add_comment(bob, entry, "a comment")
    p = Poller(bob, "alice")
    p.get(timeout=0)
    assert edit(operator, entry, body="after").status_code == 302
    data = p.get(timeout=0)
    (seen,) = data["entries"]
    assert (seen["id"], seen["body"], seen.get("updated")) == (ff_id(entry), "after", True)
    assert edit(operator, comment, body="edited comment").status_code == 302
    (seen,) = p.get(timeout=0)["entries"]
    assert seen["comments"][0]["body"] == "edited comment"
    assert seen["comments"][0].get("updated") is True
    assert edit(operator, entry, is_deleted="on").status_code == 302
    assert p.get(timeout=0)["entries"] == []


def test_an_edit_of_a_suspended_posters_entry_stays_hidden(operator, network, alice, bob, root):
    entry = services.post_entry(alice, body="hidden")
    services.suspend(root, alice, "review")
    p = Poller(bob, "home")
    p.get(timeout=0)
    assert edit(operator, entry, body="still hidden").status_code == 302
    assert p.get(timeout=0)["entries"] == []
    FF(bob).json("get", f"/entry/{ff_id(entry)}", status=404)


def test_a_direct_message_made_public_by_the_operator_stays_direct(operator, network, alice, bob):
    dm = services.post_entry(alice, body="psst", direct_to=[bob], security="private")
    assert edit(operator, dm, security="public", body="psst, edited").status_code == 302
    charlie = network["charlie"]
    FF(charlie).json("get", f"/entry/{ff_id(dm)}", status=404)
    assert FF(None).json("get", "/feed/public")["entries"] == []
    assert FF(bob).json("get", f"/entry/{ff_id(dm)}")["body"] == "psst, edited"


def test_a_link_only_entry_keeps_needing_its_link_or_a_body(operator, alice):
    entry = services.post_entry(alice, link="https://example.com/page")
    assert edit(operator, entry, subject="titled").status_code == 302
    response = edit(operator, entry, link="")
    assert response.status_code == 200
    assert "body" in response.context["adminform"].form.errors
    response = edit(operator, entry, link="javascript:alert(1)")
    assert response.status_code == 200
    entry.refresh_from_db()
    assert (entry.subject, entry.link) == ("titled", "https://example.com/page")


def test_switching_the_markup_renders_and_searches_the_body_anew(operator, alice, bob):
    entry = services.post_entry(alice, body="use <b>bold</b>")
    comment = services.add_comment(bob, entry, "a <i>comment</i>")
    assert edit(operator, entry, markup="text").status_code == 302
    assert edit(operator, comment, markup="text").status_code == 302
    entry.refresh_from_db()
    comment.refresh_from_db()
    assert "&lt;b&gt;" in entry.body_html and entry.search_text == "use <b>bold</b>"
    assert "&lt;i&gt;" in comment.body_html and comment.search_text == "a <i>comment</i>"


def test_an_event_time_outside_livejournals_years_is_a_form_error(operator, alice):
    """LiveJournal clients read `eventtime` as YYYY-MM-DD: year 1 would be "1-05-01"."""
    entry = services.post_entry(alice, body="dated")
    kept = entry.event_time
    response = edit(operator, entry, event_time_0="0001-05-01", event_time_1="10:00:00")
    assert response.status_code == 200
    assert "event_time" in response.context["adminform"].form.errors
    entry.refresh_from_db()
    assert entry.event_time == kept
    assert (
        edit(operator, entry, event_time_0="2001-05-01", event_time_1="10:00:30").status_code == 302
    )
    entry.refresh_from_db()
    assert entry.event_time.isoformat() == "2001-05-01T10:00:00+00:00"  # minutes, as posted


def test_a_comment_without_events_is_not_hard_deleted_either(operator, alice, bob):
    """seed_demo writes comments without events: nothing else stopped the delete page."""
    entry = services.post_entry(alice, body="a post")
    seeded = Comment.objects.create(entry=entry, author=bob, body="seeded", body_html="seeded")
    assert operator.post(_delete_url(seeded), {"post": "yes"}).status_code == 403
    assert Comment.objects.filter(pk=seeded.pk).exists()


def test_a_browsers_crlf_newlines_are_no_change(operator, alice, bob):
    """Browsers send a textarea's line breaks as CRLF (HTML's form submission rule); a save
    that changed nothing must not log an edit nor wake every poll with "updated"."""
    entry = services.post_entry(alice, body="line one\nline two\n\nline four")
    comment = services.add_comment(bob, entry, "first\nsecond")
    before = Event.objects.count()
    for row in (entry, comment):
        crlf = row.body.replace("\n", "\r\n")
        assert edit(operator, row, body=crlf).status_code == 302
    assert Event.objects.count() == before
    entry.refresh_from_db()
    assert entry.revision == 0


@pytest.mark.django_db(transaction=True)
def test_a_waiting_poll_is_woken_by_the_operators_edit(operator, network, alice, settings):
    """The admin's save commits its event like a verb's: the fan-out wakes a waiting poll."""
    settings.REALTIME_THREAD_SENSITIVE = False
    entry = services.post_entry(alice, body="before")
    p = Poller(network["bob"], "alice")
    p.get(timeout=0)
    page = operator.get(_change_url(entry)).content  # the form, read before the poll waits

    async def scenario():
        waiting = asyncio.create_task(p.aget(timeout=20))
        deadline = time.monotonic() + 5
        while notify.HUB.count() < 1:
            assert time.monotonic() < deadline, "the poll never started waiting"
            await asyncio.sleep(0.01)
        started = time.monotonic()
        data = form_data(page)
        data["body"] = ["after"]
        response = await elsewhere(operator.post, _change_url(entry), data)
        assert response.status_code == 302
        return await asyncio.wait_for(waiting, 10), time.monotonic() - started

    data, took = async_to_sync(scenario)()
    assert [(e["id"], e["body"], e.get("updated")) for e in data["entries"]] == [
        (ff_id(entry), "after", True)
    ]
    assert took < 5
