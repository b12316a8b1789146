"""GET /export_comments.bml (spec §7.1) with the ljsession cookie."""

from __future__ import annotations

from xml.dom.minidom import parseString

import pytest
from django.test import Client

from journal import services
from tests.conftest import PASSWORD


@pytest.fixture
def browser(lj, alice):
    cookie = lj.flat(mode="sessiongenerate", user="alice", password=PASSWORD)["ljsession"]
    client = Client()
    client.cookies["ljsession"] = cookie
    return client


def test_empty_journal_answers_the_skeleton(browser):
    response = browser.get("/export_comments.bml?get=comment_meta&startid=0")
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    doc = parseString(response.content)
    root = doc.documentElement
    assert root.tagName == "livejournal"
    assert root.getElementsByTagName("maxid")[0].firstChild.data == "0"
    assert root.getElementsByTagName("comments") and root.getElementsByTagName("usermaps")


def test_meta_and_bodies(browser, alice, bob, network):
    entry = services.post_entry(alice, body="post")
    first = services.add_comment(bob, entry, "hello <b>", subject="Hi")
    reply = services.add_comment(alice, entry, "thanks", parent=first)
    services.delete_comment(alice, reply)
    meta = parseString(browser.get("/export_comments.bml?get=comment_meta&startid=0").content)
    assert meta.getElementsByTagName("maxid")[0].firstChild.data == str(reply.pk)
    comments = meta.getElementsByTagName("comment")
    assert [c.getAttribute("id") for c in comments] == [str(first.pk), str(reply.pk)]
    assert comments[0].getAttribute("jitemid") == str(entry.item_number)
    assert comments[0].getAttribute("posterid") == str(bob.pk)
    assert comments[1].getAttribute("state") == "D"
    users = {u.getAttribute("id"): u.getAttribute("user")
             for u in meta.getElementsByTagName("usermap")}  # fmt: skip
    assert users == {str(bob.pk): "bob", str(alice.pk): "alice"}

    body = parseString(browser.get("/export_comments.bml?get=comment_body&startid=0").content)
    c1, c2 = body.getElementsByTagName("comment")
    assert c1.getElementsByTagName("body")[0].firstChild.data == "hello <b>"
    assert c1.getElementsByTagName("subject")[0].firstChild.data == "Hi"
    assert c1.getElementsByTagName("date")[0].firstChild.data.endswith("Z")
    assert c2.getAttribute("parentid") == str(first.pk)
    assert c2.getAttribute("state") == "D" and not c2.childNodes


def test_paging_with_nextid(browser, alice, bob, network):
    entry = services.post_entry(alice, body="post")
    comments = [services.add_comment(bob, entry, f"c{n}") for n in range(3)]
    meta = parseString(
        browser.get("/export_comments.bml?get=comment_meta&startid=0&numitems=2").content
    )
    assert meta.getElementsByTagName("nextid")[0].firstChild.data == str(comments[1].pk + 1)
    rest = parseString(
        browser.get(f"/export_comments.bml?get=comment_meta&startid={comments[1].pk + 1}").content
    )
    assert [c.getAttribute("id") for c in rest.getElementsByTagName("comment")] == [
        str(comments[2].pk)
    ]
    assert not rest.getElementsByTagName("nextid")


def test_authas_community_needs_maintainer(lj, browser, alice, bob, pond):
    entry = services.post_entry(bob, journal=pond, body="in pond")
    services.add_comment(alice, entry, "hi")
    response = browser.get("/export_comments.bml?get=comment_meta&authas=pond")
    assert response.status_code == 200
    assert len(parseString(response.content).getElementsByTagName("comment")) == 1
    cookie = lj.flat(mode="sessiongenerate", user="bob", password=PASSWORD)["ljsession"]
    bobs = Client()
    bobs.cookies["ljsession"] = cookie
    assert bobs.get("/export_comments.bml?get=comment_meta&authas=pond").status_code == 403
    assert bobs.get("/export_comments.bml?get=comment_meta&authas=alice").status_code == 403


def test_refusals(browser, client, db):
    assert client.get("/export_comments.bml?get=comment_meta").status_code == 403
    response = browser.get("/export_comments.bml?get=comment_meta", HTTP_REFERER="http://x/")
    assert response.status_code == 403
    assert browser.get("/export_comments.bml?get=other").status_code == 400
    assert browser.post("/export_comments.bml?get=comment_meta").status_code == 405


def test_never_gzipped_even_when_asked(browser, alice, bob, network):
    entry = services.post_entry(alice, body="post")
    for n in range(20):
        services.add_comment(bob, entry, f"comment number {n}")
    response = browser.get("/export_comments.bml?get=comment_body", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "identity"
    assert response.content.startswith(b"<?xml")


def test_control_characters_do_not_break_the_xml(browser, alice, bob, network):
    """ljdump crashes on XML it cannot parse; characters XML cannot carry are left out."""
    entry = services.post_entry(alice, body="post")
    services.add_comment(bob, entry, "bell\x07 and\x1b escape", subject="s\x01")
    body = parseString(browser.get("/export_comments.bml?get=comment_body&startid=0").content)
    comment = body.getElementsByTagName("comment")[0]
    assert comment.getElementsByTagName("body")[0].firstChild.data == "bell and escape"
    assert comment.getElementsByTagName("subject")[0].firstChild.data == "s"


def test_suspended_account_with_a_site_session_cannot_export(
    client_for, alice, bob, network, django_user_model
):
    entry = services.post_entry(alice, body="post")
    services.add_comment(bob, entry, "hello")
    browser = client_for(alice)
    assert browser.get("/export_comments.bml?get=comment_meta&startid=0").status_code == 200
    staff = django_user_model.objects.create_superuser("root", "r@example.com", "x")
    services.suspend(staff, alice)
    assert browser.get("/export_comments.bml?get=comment_meta&startid=0").status_code == 403
