"""Endpoints backup clients need beside the protocol (spec §7): comment export, userpics.

`GET /export_comments.bml?get=comment_meta|comment_body&startid=N[&numitems=M][&authas=J]`
answers XML for a journal the `ljsession` user maintains; ljdump crashes on anything that is
not this XML, so even an empty journal gets the full skeleton.
"""

from __future__ import annotations

import datetime as dt
import re
from xml.sax.saxutils import escape, quoteattr

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from api.livejournal.auth import valid_username
from journal import permissions
from journal.models import Comment, Journal, Userpic

META_MAX, BODY_MAX = 10000, 1000
XML = "text/xml; charset=utf-8"
# Characters XML 1.0 cannot carry even escaped; one of them would make ljdump crash.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(value: str) -> str:
    return escape(_NOT_XML.sub("", value))


def _refuse(message: str, status: int = 403) -> HttpResponse:
    return HttpResponse(message + "\n", status=status, content_type="text/plain; charset=utf-8")


def _int(raw: str | None, default: int) -> int:
    try:
        return int(raw or default)
    except ValueError:
        return default


def _attrs(comment: Comment, *, parent: bool) -> str:
    parts = [f"id='{comment.pk}'", f"jitemid='{comment.entry.item_number}'"]
    parts.append(f"posterid='{comment.author_id}'")
    if comment.is_deleted:
        parts.append("state='D'")
    if parent and comment.parent_id:
        parts.append(f"parentid='{comment.parent_id}'")
    return " ".join(parts)


def _w3c(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@csrf_exempt
@require_GET
def export_comments(request: HttpRequest) -> HttpResponse:
    if request.headers.get("Referer"):
        # LiveJournal refuses export requests coming from another page.
        return _refuse("This page cannot be requested from another page.")
    user = request.user
    if not user.is_authenticated:
        return _refuse("You must be logged in (ljsession cookie).")
    if user.is_suspended or not user.is_active:
        # A website session outlives a suspension; the account may not use any door.
        return _refuse("Action forbidden; account is suspended.")
    journal: Journal = user.journal
    authas = request.GET.get("authas", "").strip()
    if authas:
        name = valid_username(authas)
        found = Journal.objects.filter(name=name).first() if name else None
        if found is None or not permissions.is_maintainer(user, found):
            return _refuse("You may not export this journal's comments.")
        journal = found
    what = request.GET.get("get", "")
    response = _export(journal, what, request)
    # python-lj asks for gzip but decodes the body as UTF-8 before un-gzipping it; an
    # explicit identity encoding keeps GZipMiddleware off this XML.
    response["Content-Encoding"] = "identity"
    return response


def _export(journal: Journal, what: str, request: HttpRequest) -> HttpResponse:
    startid = max(_int(request.GET.get("startid"), 0), 0)
    comments = Comment.objects.filter(entry__journal=journal)
    if what == "comment_meta":
        limit = min(max(_int(request.GET.get("numitems"), META_MAX), 1), META_MAX)
        return HttpResponse(_meta(comments, startid, limit), content_type=XML)
    if what == "comment_body":
        limit = min(max(_int(request.GET.get("numitems"), BODY_MAX), 1), BODY_MAX)
        return HttpResponse(_bodies(comments, startid, limit), content_type=XML)
    return _refuse("Unknown export type; use get=comment_meta or get=comment_body.", 400)


def _meta(comments, startid: int, limit: int) -> str:
    maxid = comments.order_by("-pk").values_list("pk", flat=True).first() or 0
    rows = list(
        comments.filter(pk__gte=startid).select_related("entry", "author").order_by("pk")[:limit]
    )
    out = ["<?xml version='1.0' encoding='utf-8'?>\n<livejournal>\n", f"<maxid>{maxid}</maxid>\n"]
    if rows and rows[-1].pk < maxid:
        out.append(f"<nextid>{rows[-1].pk + 1}</nextid>\n")
    out.append("<comments>\n")
    users: dict[int, str] = {}
    for c in rows:
        out.append(f"<comment {_attrs(c, parent=False)} />\n")
        users[c.author_id] = c.author.username
    out.append("</comments>\n<usermaps>\n")
    for uid, name in sorted(users.items()):
        out.append(f"<usermap id='{uid}' user={quoteattr(name)} />\n")
    out.append("</usermaps>\n</livejournal>\n")
    return "".join(out)


def _bodies(comments, startid: int, limit: int) -> str:
    rows = list(comments.filter(pk__gte=startid).select_related("entry").order_by("pk")[:limit])
    out = ["<?xml version='1.0' encoding='utf-8'?>\n<livejournal>\n<comments>\n"]
    for c in rows:
        if c.is_deleted:
            out.append(f"<comment {_attrs(c, parent=True)} />\n")
            continue
        out.append(f"<comment {_attrs(c, parent=True)}>\n")
        if c.subject:
            out.append(f"<subject>{_xml_text(c.subject)}</subject>\n")
        out.append(f"<body>{_xml_text(c.body)}</body>\n")
        out.append(f"<date>{_w3c(c.created_at)}</date>\n")
        out.append("</comment>\n")
    out.append("</comments>\n</livejournal>\n")
    return "".join(out)


def userpic(request: HttpRequest, pic_id: int, user_id: int) -> HttpResponse:
    """`/userpic/<picid>/<userid>`: the picture itself, with its own Content-Type."""
    pic = Userpic.objects.filter(pk=pic_id, user_id=user_id, user__is_suspended=False).first()
    if pic is None or not pic.image:
        raise Http404("No such userpic.")
    try:
        handle = pic.image.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404("No such userpic.") from None
    response = FileResponse(handle, content_type=pic.content_type or "image/png")
    # The URL names immutable content: a new picture gets a new id.
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
