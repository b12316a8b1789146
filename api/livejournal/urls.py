"""LiveJournal door routes (exact paths, no trailing slash: a redirect breaks every client)."""

from __future__ import annotations

from django.urls import path

from api.livejournal.export import export_comments, userpic
from api.livejournal.flat import flat_view
from api.livejournal.xmlrpc import xmlrpc_view

urlpatterns: list = [
    path("interface/flat", flat_view, name="lj-flat"),
    # The ancient flat path some old clients still use.
    path("cgi-bin/log.cgi", flat_view, name="lj-flat-legacy"),
    path("interface/xmlrpc", xmlrpc_view, name="lj-xmlrpc"),
    path("export_comments.bml", export_comments, name="lj-export-comments"),
    path("userpic/<int:pic_id>/<int:user_id>", userpic, name="lj-userpic"),
]
