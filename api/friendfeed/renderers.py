"""Output formats: compact JSON (orjson), `pretty=1`, XML (lxml) and JSONP `callback=`.

JSON goes out as `text/javascript; charset=utf-8`: knu's Ruby client parses only that type
(friendfeed-v2.md §2); everyone else ignores the header. `pretty=1` is 2-space indented with
sorted keys, as the saved pretty files were.
"""

from __future__ import annotations

import re
from typing import Any

import orjson
from django.http import HttpRequest, HttpResponse
from lxml import etree

JSON_TYPE = "text/javascript; charset=utf-8"
XML_TYPE = "application/xml; charset=utf-8"
_CALLBACK = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$.]{0,99}$")

# XML has no lists: each item becomes a repeated element named in the singular, directly
# inside the parent (JaFFa's schema, SocialFaceIcon's E4X code; friendfeed-v2.md §5).
SINGULAR = {
    "entries": "entry",
    "comments": "comment",
    "likes": "like",
    "thumbnails": "thumbnail",
    "files": "file",
    "to": "to",
    "subscriptions": "subscription",
    "subscribers": "subscriber",
    "admins": "admin",
    "services": "service",
    "commands": "command",
    "sections": "section",
    "feeds": "feed",
    "main": "main",
    "lists": "list",
    "groups": "group",
    "searches": "search",
}
_XML_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")
# Characters XML 1.0 cannot carry at all (lxml refuses them): an LJ body may hold a stray
# control character, which is dropped from the XML rather than failing the whole response.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def wants_xml(request: HttpRequest, *, safe: bool = False) -> bool:
    return _param(request, "format", safe=safe).lower() == "xml"


def _param(request: HttpRequest, name: str, *, safe: bool = False) -> str:
    """From the query, else the body. `safe`: while rendering an error, a body Django
    cannot parse (the error being rendered, maybe) counts as empty instead of raising."""
    value = request.GET.get(name)
    if value is None and request.method == "POST":
        try:
            value = request.POST.get(name)
        except Exception:
            if not safe:
                raise
            value = None
    return value or ""


def callback_name(request: HttpRequest, *, safe: bool = False) -> str | None:
    """The JSONP function name, or None. A bad name is refused rather than echoed (XSS)."""
    name = _param(request, "callback", safe=safe)
    return name or None


def valid_callback(name: str) -> bool:
    return bool(_CALLBACK.match(name))


def _text(value: Any) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    return _NOT_XML.sub("", str(value))


def _append(parent: etree._Element, key: str, value: Any) -> None:
    tag = key if _XML_NAME.match(key) else "item"
    if isinstance(value, list):
        child_tag = SINGULAR.get(key, tag)
        for item in value:
            _append(parent, child_tag, item)
        return
    element = etree.SubElement(parent, tag)
    if isinstance(value, dict):
        for k, v in value.items():
            _append(element, k, v)
    elif value is not None:
        element.text = _text(value)


def to_xml(data: dict[str, Any], root: str, *, pretty: bool = False) -> bytes:
    element = etree.Element(root)
    for key, value in data.items():
        _append(element, key, value)
    return etree.tostring(element, xml_declaration=True, encoding="utf-8", pretty_print=pretty)


def to_json(data: Any, *, pretty: bool = False) -> bytes:
    if pretty:
        return orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS)
    return orjson.dumps(data)


def render(
    request: HttpRequest, data: dict[str, Any], *, root: str = "response", status: int = 200
) -> HttpResponse:
    """Encode `data` in the format the request asked for."""
    pretty = _param(request, "pretty") in ("1", "true")
    include = [k.strip() for k in _param(request, "include").split(",") if k.strip()]
    if include and status < 400:
        # `include=a,b` keeps only those top-level members (Tornado, f2p).
        keep = set(include) | {"id"}
        data = {k: v for k, v in data.items() if k in keep}
    if wants_xml(request):
        return HttpResponse(to_xml(data, root, pretty=pretty), status=status, content_type=XML_TYPE)
    body = to_json(data, pretty=pretty)
    callback = callback_name(request)
    if callback:
        if not valid_callback(callback):
            body, status = to_json({"errorCode": "bad-callback"}), 400
        else:
            body = jsonp(callback, body)
    return HttpResponse(body, status=status, content_type=JSON_TYPE)


def jsonp(callback: str, body: bytes) -> bytes:
    """`callback(body)`; U+2028/U+2029 escaped: valid JSON, but they ended a JavaScript
    string literal before ES2019, so a script tag would fail on them in older browsers."""
    body = body.replace(b"\xe2\x80\xa8", b"\\u2028").replace(b"\xe2\x80\xa9", b"\\u2029")
    return callback.encode() + b"(" + body + b")"


def render_error(request: HttpRequest, code: str, status: int) -> HttpResponse:
    if wants_xml(request, safe=True):
        return HttpResponse(
            to_xml({"errorCode": code}, "error"), status=status, content_type=XML_TYPE
        )
    body = to_json({"errorCode": code})
    callback = callback_name(request, safe=True)
    if callback and valid_callback(callback):
        body = jsonp(callback, body)
    return HttpResponse(body, status=status, content_type=JSON_TYPE)
