"""A round trip with a real LiveJournal client library from PyPI (python-lj, `lj`).

python-lj speaks XML-RPC with challenge–response before every call and sends
`LJ.XMLRPC.getchallenge` one empty struct, as in the wild. Challenge auth needs md5 of the
secret, so the client is given a remote key as its password.
"""

from __future__ import annotations

import datetime as dt

import pytest
from lj.lj import LJException, LJServer

from journal import services
from journal.models import Entry
from journal.visibility import can_see_entry
from tests.livejournal.conftest import remote_key


@pytest.fixture
def server(live_server) -> LJServer:
    return LJServer("Python-journalfeed-tests/1.0", "journalfeed tests", host=live_server.url + "/")


def test_round_trip(transactional_db, server, alice, network):
    key = remote_key(alice)
    login = server.login("alice", key, getmoods=130, getpickws=1, getpickwurls=1)
    assert login["fullname"] == "Alice Liddell"
    names = [m["name"] for m in login["moods"]]
    assert names == ["thankful", "grateful", "jealous", "nervous"]
    assert login["friendgroups"][0]["name"] == "Close friends"

    posted = server.postevent(
        "Hello from python-lj,\nline two", subject="Round trip",
        e_datetime=dt.datetime(2024, 5, 1, 9, 30), props={"current_mood": "happy"},
        security=[1],  # friend group 1 only
    )  # fmt: skip
    entry = Entry.objects.get(journal=alice.journal, item_number=posted["itemid"])
    assert posted["anum"] == entry.anum and posted["url"] == entry.url
    assert entry.security == "usemask" and entry.allowmask == 2
    assert can_see_entry(network["bob"], entry) and not can_see_entry(network["charlie"], entry)

    one = server.getevents_one(itemid=-1, lineendings="unix")["events"][0]
    assert one["event"] == "Hello from python-lj,\nline two"
    assert one["subject"] == "Round trip"
    assert one["props"]["current_mood"] == "happy"
    assert len(server.getevents_lastn(n=5, before="2037-01-01 00:00:00")["events"]) == 1

    sync = server.syncitems()
    assert sync["count"] == sync["total"] == 1
    assert sync["syncitems"][0]["item"] == f"L-{entry.item_number}"
    assert server.getdaycounts()["daycounts"] == [{"date": "2024-05-01", "count": 1}]
    assert server.checkfriends()["interval"] == 60

    comment_author = network["bob"]
    services.add_comment(comment_author, entry, "seen it")
    session = server.sessiongenerate()
    meta = server.fetch_comment_meta(session=session)
    assert list(meta["usermaps"].values()) == ["bob"]
    assert server.sessionexpire("all") is True


def test_bad_key_is_refused(transactional_db, server, alice):
    with pytest.raises(LJException):
        server.login("alice", "not-the-key")


def test_moderated_community_round_trip(transactional_db, server, alice, bob, pond):
    """python-lj posting into a moderated community gets the queue's message, no item."""
    from journal.models import QueuedEntry
    from journal.services import moderation

    moderation.set_moderated_posting(alice, pond, True)
    login = server.login("bob", remote_key(bob))
    assert login["usejournals"] == ["pond"]
    answer = server.postevent("Quack", e_datetime=dt.datetime(2024, 5, 1, 9, 30), usejournal="pond")
    assert answer["message"].startswith("Your entry has been put into the moderation queue")
    assert "itemid" not in answer
    item = QueuedEntry.objects.get()
    assert item.server_props == {"interface": "xml-rpc"}
    entry = moderation.approve_entry(alice, item)
    got = server.getevents_one(itemid=entry.item_number, usejournal="pond")
    assert got["events"][0]["props"]["interface"] == "xml-rpc"
