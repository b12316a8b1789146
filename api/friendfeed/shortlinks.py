"""Where a `shortUrl` leads: /e/<code> redirects to the entry's page (ff.im's job).

The page: shortUrl is "The short url for this entry (e.g. http://ff.im/shortId)", so it must
resolve. It lives under /e/, a first path segment no journal can take (RESERVED_NAMES), and
cannot meet the website's /e/<32 hex> entry pages (codes are at most 16 characters). The
visitor is the website's: a private entry's link leads only its readers on; others get a 404,
as for a code nobody issued. FRIENDFEED_SHORT_URL may point shortUrl at a real short domain.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect

from journal.models import Entry
from journal.visibility import visible_entries


def short_link(request: HttpRequest, code: str) -> HttpResponse:
    viewer = request.user if request.user.is_authenticated else None
    entry = (
        visible_entries(viewer, Entry.objects.filter(short_code=code))
        .select_related("journal")
        .first()
    )
    if entry is None:
        raise Http404("No such short link.")
    return HttpResponseRedirect(entry.url)
