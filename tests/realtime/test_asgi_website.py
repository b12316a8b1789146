"""The website through the served ASGI app (config.asgi): the inline middleware keeps
Django's protections (config/middleware.py runs Django's middleware on the loop where a
step does no I/O). Each test drives the app as uvicorn does, keeping cookies like a browser.
A step that did database I/O on the loop would raise SynchronousOnlyOperation: a 500 here.
"""

from __future__ import annotations

import asyncio
import gzip
import re
from urllib.parse import urlencode

import pytest
from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler

from config.asgi import InlineMiddlewareASGIHandler, application
from tests.conftest import PASSWORD
from tests.realtime.conftest import asgi_call

pytestmark = pytest.mark.django_db(transaction=True)

TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


class Browser:
    """Requests to an ASGI app with a cookie jar."""

    def __init__(self, app=application, secure: bool = False):
        self.app = app
        self.cookies: dict[str, str] = {}
        self.scheme = "https" if secure else "http"

    async def request(self, method: str, path: str, form: dict | None = None, headers=()):
        body = urlencode(form).encode() if form is not None else b""
        sent = [(b"host", b"127.0.0.1"), *headers]
        if self.cookies:
            jar = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            sent.append((b"cookie", jar.encode()))
        if form is not None:
            sent.append((b"content-type", b"application/x-www-form-urlencoded"))
            sent.append((b"content-length", str(len(body)).encode()))
        if self.scheme == "https":
            sent.append((b"referer", f"https://127.0.0.1{path}".encode()))
        status, raw, content = await asgi_call(
            self.app, method, path, sent, body, scheme=self.scheme
        )
        headers = [(k.lower().decode(), v.decode()) for k, v in raw]
        for name, value in headers:
            if name == "set-cookie":
                key, _, rest = value.partition("=")
                val = rest.split(";", 1)[0]
                if val in ("", '""') or "max-age=0" in value.lower():
                    self.cookies.pop(key, None)
                else:
                    self.cookies[key] = val
        return status, dict(headers), content

    async def token(self, path: str = "/login") -> str:
        status, _, body = await self.request("GET", path)
        assert status == 200, status
        return TOKEN.search(body).group(1).decode()

    async def login(self) -> int:
        token = await self.token()
        form = {"username": "alice", "password": PASSWORD, "csrfmiddlewaretoken": token}
        status, _, _ = await self.request("POST", "/login", form)
        return status


def _fresh_app():
    """A handler built now, under the test's settings (SecurityMiddleware reads its
    settings when the chain is built)."""
    return ASGIStaticFilesHandler(InlineMiddlewareASGIHandler())


def test_post_without_csrf_token_is_refused_with_one_it_works(network, alice):
    async def scenario():
        b = Browser()
        await b.token()  # the CSRF cookie is set
        form = {"username": "alice", "password": PASSWORD}
        refused, _, _ = await b.request("POST", "/login", form)
        forged = {**form, "csrfmiddlewaretoken": "x" * 64}
        forged_status, _, _ = await b.request("POST", "/login", forged)
        accepted = await b.login()
        return refused, forged_status, accepted

    refused, forged, accepted = asyncio.run(scenario())
    assert refused == 403 and forged == 403
    assert accepted == 302


def test_session_is_kept_and_messages_survive_a_redirect(network, alice):
    async def scenario():
        b = Browser()
        assert await b.login() == 302
        _, _, home = await b.request("GET", "/")
        token = TOKEN.search(home).group(1).decode()
        out, headers, _ = await b.request("POST", "/logout", {"csrfmiddlewaretoken": token})
        _, _, after = await b.request("GET", headers["location"])
        _, _, again = await b.request("GET", "/")
        return home, out, after, again

    home, out, after, again = asyncio.run(scenario())
    assert b"Log out" in home  # the session saved at login is read on the next request
    assert out == 302
    assert b"You are logged out." in after and b"Log out" not in after
    assert b"You are logged out." not in again  # shown once: the message storage was updated


def test_security_headers_and_gzip(network, alice):
    async def scenario():
        b = Browser()
        return await b.request("GET", "/login", headers=[(b"accept-encoding", b"gzip")])

    status, headers, body = asyncio.run(scenario())
    assert status == 200
    assert headers["x-frame-options"] == "DENY"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"]
    assert headers["cross-origin-opener-policy"] == "same-origin"
    assert headers["content-encoding"] == "gzip"
    assert b"csrfmiddlewaretoken" in gzip.decompress(body)


def test_https_redirect_when_secure_ssl_redirect_is_on(settings, network, alice):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 3600
    app = _fresh_app()

    async def scenario():
        plain = await Browser(app).request("GET", "/login")
        secure = await Browser(app, secure=True).request("GET", "/login")
        return plain, secure

    (status, headers, _), (s_status, s_headers, _) = asyncio.run(scenario())
    assert status == 301 and headers["location"] == "https://127.0.0.1/login"
    assert s_status == 200 and s_headers["strict-transport-security"].startswith("max-age=3600")


def test_csrf_in_the_session_does_its_io_off_the_loop(settings, network, alice):
    """CSRF_USE_SESSIONS: the GET stores the secret in the session (a modified session on
    a GET), the POST reads it from the session: both database steps, both off the loop."""
    settings.CSRF_USE_SESSIONS = True

    async def scenario():
        b = Browser()
        token = await b.token()
        assert "csrftoken" not in b.cookies and "sessionid" in b.cookies
        refused, _, _ = await b.request("POST", "/login", {"username": "alice"})
        form = {"username": "alice", "password": PASSWORD, "csrfmiddlewaretoken": token}
        status, _, _ = await b.request("POST", "/login", form)
        _, _, home = await b.request("GET", "/")
        return refused, status, home

    refused, status, home = asyncio.run(scenario())
    assert refused == 403
    assert status == 302 and b"Log out" in home


def test_session_saved_on_every_request(settings, network, alice):
    settings.SESSION_SAVE_EVERY_REQUEST = True

    async def scenario():
        b = Browser()
        assert await b.login() == 302
        return await b.request("GET", "/")

    status, _, home = asyncio.run(scenario())
    assert status == 200 and b"Log out" in home
