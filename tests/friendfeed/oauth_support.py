"""Shared helpers for the OAuth tests: a signer independent of the server's code path
(oauthlib's *client*, as requests-oauthlib uses it), an app fixture and a tiny resource view.

The resource view stands in for any /v2/ method: it only reports who the request
authenticated as, through the same DRF authentication classes the API uses.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit

from django.test import Client
from django.urls import include, path
from oauthlib.oauth1 import (
    SIGNATURE_TYPE_AUTH_HEADER,
    SIGNATURE_TYPE_BODY,
    SIGNATURE_TYPE_QUERY,
)
from oauthlib.oauth1 import Client as OAuthClient
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.response import Response

from api.friendfeed.authentication import OAuth1Authentication, OAuth2BearerAuthentication
from api.friendfeed.models import Application

HOST = "http://testserver"
FORM = "application/x-www-form-urlencoded"
PLACEMENTS = {
    "header": SIGNATURE_TYPE_AUTH_HEADER,
    "query": SIGNATURE_TYPE_QUERY,
    "body": SIGNATURE_TYPE_BODY,
}


@api_view(["GET", "POST"])
@authentication_classes([OAuth1Authentication, OAuth2BearerAuthentication])
@permission_classes([])
def whoami(request):
    app = getattr(request.auth, "application", None)
    return Response(
        {
            "user": request.user.username if request.user.is_authenticated else None,
            "via": {"name": app.name, "url": app.url} if app is not None else None,
            "data": {k: request.data.getlist(k) for k in request.data}
            if hasattr(request.data, "getlist")
            else {},
        }
    )


urlpatterns = [
    path("test/whoami", whoami),
    path("", include("config.urls")),
]


def make_app(owner=None, **fields) -> Application:
    fields.setdefault("name", "Test Client")
    fields.setdefault("url", "http://client.example/")
    fields.setdefault("callback_url", "http://client.example/callback")
    return Application.objects.create(owner=owner, **fields)


def signed_request(
    client: Client,
    method: str,
    path: str,
    app: Application,
    *,
    token: str | None = None,
    token_secret: str | None = None,
    placement: str = "header",
    params: dict[str, str] | None = None,
    verifier: str | None = None,
    callback: str | None = None,
    **client_kwargs,
):
    """Sign with oauthlib's Client and send through Django's test client."""
    signer = OAuthClient(
        app.consumer_key,
        client_secret=app.consumer_secret,
        resource_owner_key=token,
        resource_owner_secret=token_secret,
        verifier=verifier,
        callback_uri=callback,
        signature_type=PLACEMENTS[placement],
        **client_kwargs,
    )
    return send_signed(client, signer, method, path, params=params)


def send_signed(client: Client, signer: OAuthClient, method: str, path: str, *, params=None):
    params = dict(params or {})
    uri = HOST + path
    body = None
    headers = {}
    if method == "POST" and (params or signer.signature_type == SIGNATURE_TYPE_BODY):
        body = params
        headers["Content-Type"] = FORM
    elif params:
        uri += ("&" if "?" in uri else "?") + urlencode(params)
    signed_uri, signed_headers, signed_body = signer.sign(
        uri, http_method=method, body=body, headers=headers
    )
    if isinstance(signed_body, dict):
        signed_body = urlencode(signed_body)
    parts = urlsplit(signed_uri)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    extra = {}
    if "Authorization" in signed_headers:
        extra["HTTP_AUTHORIZATION"] = signed_headers["Authorization"]
    if method == "POST":
        return client.generic(
            "POST", target, data=(signed_body or "").encode(), content_type=FORM, **extra
        )
    return client.generic(method, target, **extra)


def form(response) -> dict[str, str]:
    return dict(parse_qsl(response.content.decode()))


def redirect_params(response) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(response["Location"]).query))
