"""URL routes. Protocol paths are exact and have no trailing slash (APPEND_SLASH is off)."""

from django.conf import settings
from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.urls import include, path, re_path
from django.views.static import serve


def health(request: HttpRequest) -> HttpResponse:
    """A trivial view: liveness checks and the benchmarks' throughput ceiling."""
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [
    path("admin/", admin.site.urls),
    path("health", health, name="health"),
    path("", include("api.livejournal.urls")),
    path("v2/updates/", include("api.friendfeed.updates_urls")),
    path("api/v2/updates/", include(("api.friendfeed.updates_urls", "ffu"), namespace="api-v2-u")),
    path("v2/", include("api.friendfeed.urls")),
    path("api/v2/", include(("api.friendfeed.urls", "friendfeed-api"), namespace="api-v2")),
    path("", include("api.friendfeed.oauth.urls")),  # /account/oauth/*, /account/o2/, apps
    # The website last: its /<username> patterns would otherwise shadow everything.
    path("", include("journal.urls")),
]

if settings.DEBUG or settings.TESTING:
    # Uploaded media from the local folder; production serves MEDIA_ROOT from the proxy.
    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    ]
