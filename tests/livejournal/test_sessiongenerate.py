"""sessiongenerate (spec §4.15) and the ljsession cookie: protocol cookie auth and website."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.utils import timezone

from api.livejournal.auth import parse_session_cookie
from api.livejournal.middleware import ljsession_middleware
from journal.models import ProtocolSession
from tests.conftest import PASSWORD


def generate(lj, door, user, **struct) -> str:
    return lj.call(door, "sessiongenerate", user, **struct)["ljsession"]


def test_generate_short_and_long(lj, door, alice):
    cookie = generate(lj, door, alice)
    parsed = parse_session_cookie(cookie)
    session = ProtocolSession.objects.get(pk=parsed.session_id)
    assert cookie.startswith(f"v1:u{alice.pk}:s{session.pk}:a")
    assert session.kind == "short" and session.bound_ip is None
    assert timezone.now() + dt.timedelta(hours=35) < session.expires_at
    assert session.expires_at < timezone.now() + dt.timedelta(hours=37)
    long = ProtocolSession.objects.get(
        pk=parse_session_cookie(generate(lj, door, alice, expiration="long")).session_id
    )
    assert long.kind == "long"
    assert long.expires_at > timezone.now() + dt.timedelta(days=59)


def test_bindtoip_and_ipfixed(lj, door, alice):
    for key in ("bindtoip", "ipfixed"):
        cookie = generate(lj, door, alice, **{key: 1})
        session = ProtocolSession.objects.get(pk=parse_session_cookie(cookie).session_id)
        assert session.bound_ip == "127.0.0.1"


def test_wrong_password_makes_no_session(lj, door, alice):
    assert lj.error(door, "sessiongenerate", alice, password="bad") == 101
    assert not ProtocolSession.objects.exists()


def test_cookie_auth_with_ljsession(lj, door, alice, bob):
    cookie = generate(lj, door, alice)
    browser = Client(HTTP_X_LJ_AUTH="cookie")
    browser.cookies["ljsession"] = cookie
    body = "mode=login&user=alice&auth_method=cookie"
    response = browser.post(
        "/interface/flat", body, content_type="application/x-www-form-urlencoded"
    )
    assert b"success\nOK\n" in response.content
    body = "mode=login&user=bob&auth_method=cookie"
    response = browser.post(
        "/interface/flat", body, content_type="application/x-www-form-urlencoded"
    )
    assert b"Invalid password" in response.content


def test_ljsession_logs_the_browser_into_the_website(lj, alice):
    cookie = lj.flat(mode="sessiongenerate", user="alice", password=PASSWORD)["ljsession"]
    seen = {}

    def view(request):
        seen["user"] = request.user
        return HttpResponse("ok")

    request = RequestFactory().get("/")
    request.COOKIES["ljsession"] = cookie
    request.user = AnonymousUser()
    ljsession_middleware(view)(request)
    assert seen["user"] == alice


def test_ljsession_through_the_real_middleware_stack(lj, alice):
    cookie = lj.flat(mode="sessiongenerate", user="alice", password=PASSWORD)["ljsession"]
    browser = Client()
    browser.cookies["ljsession"] = cookie
    response = browser.get("/export_comments.bml?get=comment_meta&startid=0")
    assert response.status_code == 200
    forged = Client()
    forged.cookies["ljsession"] = cookie[:-4] + "xxxx"
    assert forged.get("/export_comments.bml?get=comment_meta").status_code == 403


def test_bound_session_from_another_ip_is_ignored(lj, alice):
    cookie = lj.flat(mode="sessiongenerate", user="alice", password=PASSWORD, bindtoip=1)[
        "ljsession"
    ]
    browser = Client(REMOTE_ADDR="10.0.0.9")
    browser.cookies["ljsession"] = cookie
    assert browser.get("/export_comments.bml?get=comment_meta").status_code == 403


def test_expired_session_is_ignored(lj, alice):
    cookie = lj.flat(mode="sessiongenerate", user="alice", password=PASSWORD)["ljsession"]
    ProtocolSession.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    browser = Client()
    browser.cookies["ljsession"] = cookie
    assert browser.get("/export_comments.bml?get=comment_meta").status_code == 403
