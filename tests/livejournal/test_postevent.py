"""postevent (spec §4.3) through both doors: success, props, security, usejournal, errors."""

from __future__ import annotations

import datetime as dt
import xmlrpc.client

import pytest

from journal import services
from journal.models import Entry, Event
from journal.visibility import can_see_entry
from tests.conftest import PASSWORD

WHEN = {"year": 2024, "mon": 5, "day": 1, "hour": 9, "min": 30}


def post(lj, door, user, **struct):
    return lj.call(door, "postevent", user, **{**WHEN, **struct})


def test_post_answers_itemid_anum_url(lj, door, alice):
    result = post(lj, door, alice, event="Hello", subject="Hi", ver=1)
    entry = Entry.objects.get()
    assert int(result["itemid"]) == entry.item_number == 1
    assert int(result["anum"]) == entry.anum
    assert result["url"] == entry.url
    assert result["url"].endswith(f"/alice/{entry.ditemid}.html")
    assert entry.subject == "Hi" and entry.body == "Hello"
    assert entry.event_time == dt.datetime(2024, 5, 1, 9, 30, tzinfo=dt.UTC)
    assert entry.security == "public"


def test_flat_post_is_the_same_as_a_domain_post(lj, alice, network):
    """Same visibility, same event: the door adds nothing of its own."""
    pairs = lj.flat(
        mode="postevent", user="alice", password=PASSWORD, event="via flat",
        security="usemask", allowmask=2, **WHEN,
    )  # fmt: skip
    via_flat = Entry.objects.get(item_number=int(pairs["itemid"]), journal=alice.journal)
    via_domain = services.post_entry(
        alice, body="via domain", security="usemask", allowmask=2,
        event_time=dt.datetime(2024, 5, 1, 9, 30),
    )  # fmt: skip
    for viewer in network.values():
        assert can_see_entry(viewer, via_flat) == can_see_entry(viewer, via_domain)
    assert can_see_entry(network["bob"], via_flat)
    assert not can_see_entry(network["charlie"], via_flat)
    kinds = [e.kind for e in Event.objects.filter(entry__in=[via_flat, via_domain])]
    assert kinds == ["entry.created", "entry.created"]
    for field in ("security", "allowmask", "event_time", "backdated", "is_direct", "poster"):
        assert getattr(via_flat, field) == getattr(via_domain, field)


def test_lineendings(lj, door, alice):
    post(lj, door, alice, event="a\r\nb")
    post(lj, door, alice, event="c\rd", lineendings="mac")
    bodies = list(Entry.objects.order_by("item_number").values_list("body", flat=True))
    assert bodies == ["a\nb", "c\nd"]


def test_props_stored_and_typed(lj, door, alice):
    post(
        lj, door, alice, event="x",
        props={"current_mood": "happy", "current_moodid": "15", "opt_preformatted": "1",
               "taglist": "Cats, dogs"},
    )  # fmt: skip
    entry = Entry.objects.get()
    assert entry.props["current_mood"] == "happy"
    assert entry.props["opt_preformatted"] == "1"
    assert sorted(t.name for t in entry.tags.all()) == ["cats", "dogs"]


def test_xmlrpc_boolean_prop(lj, alice):
    lj.xmlrpc(
        "postevent",
        {"username": "alice", "password": PASSWORD, "event": "x", **WHEN,
         "props": {"opt_backdated": True, "opt_nocomments": 1}},
    )  # fmt: skip
    entry = Entry.objects.get()
    assert entry.backdated and entry.comments_disabled


@pytest.mark.parametrize(
    ("props", "code"),
    [
        ({"opt_backdated": "yes"}, 204),
        ({"current_moodid": "abc"}, 204),
        ({"current_coords": "somewhere"}, 204),
        ({"no_such_prop": "1"}, 205),
        ({"revnum": "3"}, 205),
        ({"taglist": "<script>"}, 211),
    ],
)
def test_bad_props_change_nothing(lj, door, alice, props, code):
    assert lj.error(door, "postevent", alice, event="x", props=props, **WHEN) == code
    assert Entry.objects.count() == 0
    assert not Event.objects.filter(kind="entry.created").exists()


def test_unknown_prop_detail(lj, alice):
    pairs = lj.flat(
        mode="postevent", user="alice", password=PASSWORD, event="x", prop_foo_bar="1", **WHEN
    )
    assert pairs["errmsg"] == "Client error: Unknown metadata: foo_bar"


@pytest.mark.parametrize(
    ("struct", "code"),
    [
        ({"event": "   "}, 200),
        ({"event": ""}, 200),
        ({"event": "x", "year": 1969}, 203),
        ({"event": "x", "mon": 13}, 203),
        ({"event": "x", "day": 31, "mon": 2}, 203),
        ({"event": "x", "hour": 24}, 203),
        ({"event": "x", "min": "xx"}, 203),
        ({"event": "x", "security": "usemask", "allowmask": 3}, 203),
        ({"event": "x", "allowmask": "lots", "security": "usemask"}, 203),
        ({"event": "x" * 65536}, 409),
        ({"event": "x", "subject": "s" * 256}, 411),
        ({"event": "x", "usejournal": "no such journal!"}, 206),
        ({"event": "x", "usejournal": "nobody"}, 206),
        ({"event": "x", "tz": "Mars/Base"}, 203),
    ],
)
def test_bad_input_changes_nothing(lj, door, alice, struct, code):
    assert lj.error(door, "postevent", alice, **{**WHEN, **struct}) == code
    assert Entry.objects.count() == 0


def test_missing_date_is_203_but_tz_fills_in_now(lj, door, alice):
    assert lj.error(door, "postevent", alice, event="x") == 203
    lj.call(door, "postevent", alice, event="x", tz="+0200")
    entry = Entry.objects.get()
    expected = dt.datetime.now(dt.UTC) + dt.timedelta(hours=2)
    assert abs((entry.event_time - expected).total_seconds()) < 120
    lj.call(door, "postevent", alice, event="y", tz="guess")
    assert Entry.objects.count() == 2


def test_security_and_allowmask(lj, door, alice):
    post(lj, door, alice, event="p", security="private")
    post(lj, door, alice, event="f", security="usemask", allowmask=1)
    post(lj, door, alice, event="g", security="usemask", allowmask=2)
    post(lj, door, alice, event="u", security="weird")
    rows = list(Entry.objects.order_by("item_number").values_list("security", "allowmask"))
    assert rows == [("private", 0), ("usemask", 1), ("usemask", 2), ("public", 0)]


def test_usejournal_community(lj, door, alice, bob, pond):
    result = post(lj, door, bob, event="hello pond", usejournal="pond")
    entry = Entry.objects.get()
    assert entry.journal == pond and entry.poster == bob
    assert result["url"].startswith("http") and "/pond/" in result["url"]


def test_usejournal_own_name_is_like_none(lj, door, alice):
    post(lj, door, alice, event="x", usejournal="alice")
    assert Entry.objects.get().journal == alice.journal


def test_usejournal_without_access_is_300(lj, door, alice, charlie, pond):
    assert lj.error(door, "postevent", charlie, event="x", usejournal="pond", **WHEN) == 300
    assert lj.error(door, "postevent", charlie, event="x", usejournal="alice", **WHEN) == 300
    assert Entry.objects.count() == 0


def test_banned_from_community_is_151(lj, door, alice, bob, pond):
    services.ban_user(alice, pond, bob)
    assert lj.error(door, "postevent", bob, event="x", usejournal="pond", **WHEN) == 151


def test_community_custom_security_is_102_and_backdated_152(lj, door, alice, bob, pond):
    code = lj.error(
        door, "postevent", bob, event="x", usejournal="pond", security="usemask",
        allowmask=2, **WHEN,
    )  # fmt: skip
    assert code == 102
    code = lj.error(
        door, "postevent", bob, event="x", usejournal="pond",
        props={"opt_backdated": "1"}, **WHEN,
    )  # fmt: skip
    assert code == 152
    assert Entry.objects.count() == 0


def test_ver0_unicode_into_community_is_207(lj, alice, bob, pond):
    pairs = lj.flat(
        mode="postevent", user="bob", password=PASSWORD, event="café", usejournal="pond", **WHEN
    )
    assert pairs["errmsg"] == "Client error: Protocol version mismatch"
    pairs = lj.flat(
        mode="postevent", user="bob", password=PASSWORD, event="café", usejournal="pond",
        ver=1, **WHEN,
    )  # fmt: skip
    assert pairs["success"] == "OK"


def test_invalid_utf8_is_208(lj, alice):
    date = "year=2024&mon=5&day=1&hour=1&min=1"
    body = f"mode=postevent&user=alice&password={PASSWORD}&ver=1&event=caf%E9&{date}"
    pairs = lj.flat_raw(body)
    assert b"Invalid text encoding" in pairs.content
    assert Entry.objects.count() == 0


def test_gzipped_event_is_208(lj, alice):
    date = "year=2024&mon=5&day=1&hour=1&min=1"
    body = f"mode=postevent&user=alice&password={PASSWORD}&event=%1F%8Bxx&{date}"
    assert b"Cannot send gzipped data" in lj.flat_raw(body).content
    assert Entry.objects.count() == 0


def test_duplicate_resubmission_returns_the_first_entry(lj, door, alice):
    first = post(lj, door, alice, event="same", subject="s")
    again = post(lj, door, alice, event="same", subject="s")
    assert again["itemid"] == first["itemid"] and again["anum"] == first["anum"]
    assert Entry.objects.count() == 1
    post(lj, door, alice, event="same", subject="s", security="private")
    assert Entry.objects.count() == 2


def test_suspended_poster_cannot_post(lj, door, alice, django_user_model):
    staff = django_user_model.objects.create_superuser("root", "r@example.com", "x")
    services.suspend(staff, alice)
    assert lj.error(door, "postevent", alice, event="x", **WHEN) == 305
    assert Entry.objects.count() == 0


def test_102_text_is_not_repeated_as_its_own_detail(lj, alice, bob, pond):
    pairs = lj.flat(
        mode="postevent", user="bob", password=PASSWORD, event="x", usejournal="pond",
        security="usemask", allowmask=2, **WHEN,
    )  # fmt: skip
    assert pairs["errmsg"] == "Can't use custom/private security on shared/community journals."


def test_event_beyond_the_request_size_limit_is_409_not_http_400(lj, alice, settings):
    """Django refuses a body over DATA_UPLOAD_MAX_MEMORY_SIZE before any mode runs; LJ
    clients still need the protocol's answer, "Post too large."."""
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100_000
    body = (
        f"mode=postevent&user=alice&password={PASSWORD}&event={'x' * 120_000}"
        "&year=2024&mon=5&day=1&hour=9&min=30"
    )
    response = lj.flat_raw(body)
    assert response.status_code == 200
    assert response.content == b"errmsg\nClient error: Post too large.\nsuccess\nFAIL\n"
    struct = {"username": "alice", "password": PASSWORD, "event": "x" * 120_000, **WHEN}
    response = lj.xmlrpc_raw(xmlrpc.client.dumps((struct,), "LJ.XMLRPC.postevent"))
    assert response.status_code == 200
    with pytest.raises(xmlrpc.client.Fault) as info:
        xmlrpc.client.loads(response.content)
    assert info.value.faultCode == 409
    assert not Entry.objects.exists()


def test_a_picture_keyword_naming_no_picture_of_the_posters_is_dropped(lj, door, alice, bob):
    """Spec §4.3: prop_picture_keyword naming an unknown picture is silently dropped; a
    keyword of someone else's picture is unknown for this poster. Known keywords are kept."""
    from django.core.files.base import ContentFile

    from journal.models import Userpic, UserpicKeyword

    for user, keyword in ((alice, "me"), (bob, "bob's")):
        pic = Userpic.objects.create(user=user, content_type="image/png")
        pic.image.save("a.png", ContentFile(b"png"), save=True)
        UserpicKeyword.objects.create(user=user, userpic=pic, keyword=keyword)
    for keyword in ("nobody", "bob's", "me"):
        result = post(lj, door, alice, event=keyword, props={"picture_keyword": keyword})
        assert int(result["itemid"]) > 0
    kept = dict(Entry.objects.values_list("body", "props__picture_keyword"))
    assert kept == {"nobody": None, "bob's": None, "me": "me"}
    # An edit naming an unknown picture leaves the entry's keyword as it was.
    me = Entry.objects.get(body="me")
    lj.call(door, "editevent", alice, itemid=me.item_number, event="me", subject="",
            props={"picture_keyword": "nobody"}, **WHEN)  # fmt: skip
    me.refresh_from_db()
    assert me.props["picture_keyword"] == "me"
