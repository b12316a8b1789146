"""Routes under /account/: FriendFeed's OAuth 1.0a endpoints, OAuth 2 (/account/o2/) and
the developer pages. Token endpoints have no trailing slash, like every protocol path.
Also the FriendFeed door's one other root-level path: /e/<code>, where a shortUrl leads."""

from __future__ import annotations

from django.urls import include, path, re_path
from oauth2_provider import urls as oauth2_urls

from api.friendfeed.oauth import developer, views
from api.friendfeed.shortlinks import short_link

urlpatterns = [
    path("account/oauth/request_token", views.request_token, name="ff-oauth-request-token"),
    path("account/oauth/authorize", views.authorize, name="ff-oauth-authorize"),
    path("account/oauth/authenticate", views.authenticate, name="ff-oauth-authenticate"),
    path("account/oauth/access_token", views.access_token, name="ff-oauth-access-token"),
    path("account/oauth/ia_access_token", views.ia_access_token, name="ff-oauth-ia-access-token"),
    path(
        "account/o2/",
        include((oauth2_urls.base_urlpatterns, "oauth2_provider"), namespace="oauth2_provider"),
    ),
    path("account/applications", developer.application_list, name="ff-developer-apps"),
    path("account/authorized", developer.authorized_apps, name="ff-authorized-apps"),
    path("account/applications/<int:pk>", developer.application_detail, name="ff-developer-app"),
    re_path(r"^e/(?P<code>[A-Za-z0-9]{1,16})$", short_link, name="ff-short-link"),
]
