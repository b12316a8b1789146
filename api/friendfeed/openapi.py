"""/v2/openapi.json: a hand-written OpenAPI 3.1 description of the FriendFeed v2 surface.

Written by hand (not generated) because the views return plain dicts, not serializers; the
schemas below describe exactly what builders.py emits (optional members omitted when empty).
"""

from __future__ import annotations

from typing import Any

import orjson
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

from api.friendfeed.renderers import render_error

FEED_OPTIONS = [
    ("start", "integer", "Index of the first entry (at most 10000)."),
    ("num", "integer", "Number of entries (default 30, at most 100)."),
    ("maxcomments", "string", "0, a number, or auto."),
    ("maxlikes", "string", "0, a number, or auto."),
    ("hidden", "integer", "1: include hidden entries (with hidden: true)."),
    ("fof", "integer", "1: friend-of-friend entries in home and lists."),
    ("raw", "integer", "1: add rawBody and rawLink."),
    ("address_html", "integer", "1: add addressHtml."),
]
COMMON = [
    ("format", "string", "json (default) or xml."),
    ("callback", "string", "JSONP function name; authentication is then ignored."),
    ("pretty", "integer", "1: indented output with sorted keys."),
    ("locale", "string", "en, de, es, fa, fr, it, ja, ru, tr or zh-cn."),
    ("include", "string", "Comma list of top-level members to keep."),
]

ref = lambda name: {"$ref": f"#/components/schemas/{name}"}  # noqa: E731

SCHEMAS: dict[str, Any] = {
    "Error": {
        "type": "object",
        "required": ["errorCode"],
        "properties": {"errorCode": {"type": "string"}},
    },
    "FeedRef": {
        "type": "object",
        "required": ["id", "name", "type"],
        "properties": {
            "id": {"type": "string"},
            "name": {"type": "string"},
            "type": {"enum": ["user", "group", "special"]},
            "private": {"type": "boolean"},
            "description": {"type": "string"},
            "commands": {"type": "array", "items": {"type": "string"}},
            "sup_id": {"type": "string"},
        },
    },
    "Comment": {
        "type": "object",
        "properties": {
            "id": {"type": "string"},
            "date": {"type": "string", "format": "date-time"},
            "body": {"type": "string"},
            "rawBody": {"type": "string"},
            "from": ref("FeedRef"),
            "via": ref("Via"),
            "commands": {"type": "array", "items": {"type": "string"}},
            "placeholder": {"type": "boolean"},
            "num": {"type": "integer"},
        },
    },
    "Like": {
        "type": "object",
        "properties": {
            "date": {"type": "string", "format": "date-time"},
            "from": ref("FeedRef"),
            "placeholder": {"type": "boolean"},
            "num": {"type": "integer"},
            "body": {"type": "string"},
        },
    },
    "Via": {
        "type": "object",
        "required": ["name", "url"],
        "properties": {"name": {"type": "string"}, "url": {"type": "string"}},
    },
    "Entry": {
        "type": "object",
        "required": ["id", "url", "date", "body", "from"],
        "properties": {
            "id": {"type": "string", "pattern": "^e/[0-9a-f]{32}$"},
            "url": {"type": "string"},
            "date": {"type": "string", "format": "date-time"},
            "body": {"type": "string"},
            "rawBody": {"type": "string"},
            "rawLink": {"type": "string"},
            "from": ref("FeedRef"),
            "to": {"type": "array", "items": ref("FeedRef")},
            "comments": {"type": "array", "items": ref("Comment")},
            "likes": {"type": "array", "items": ref("Like")},
            "thumbnails": {"type": "array", "items": {"type": "object"}},
            "files": {"type": "array", "items": {"type": "object"}},
            "via": ref("Via"),
            "geo": {
                "type": "object",
                "properties": {"lat": {"type": "number"}, "long": {"type": "number"}},
            },
            "commands": {"type": "array", "items": {"type": "string"}},
            "hidden": {"type": "boolean"},
            "fof": {"type": "object"},
            "fofHtml": {"type": "string"},
            "addressHtml": {"type": "string"},
            "shortId": {"type": "string"},
            "shortUrl": {"type": "string"},
        },
    },
    "Feed": {
        "allOf": [
            ref("FeedRef"),
            {
                "type": "object",
                "properties": {"entries": {"type": "array", "items": ref("Entry")}},
            },
        ]
    },
    "FeedInfo": {
        "allOf": [
            ref("FeedRef"),
            {
                "type": "object",
                "properties": {
                    k: {"type": "array", "items": ref("FeedRef")}
                    for k in ("subscriptions", "subscribers", "admins", "feeds")
                },
            },
        ]
    },
    "FeedList": {
        "type": "object",
        "properties": {
            "main": {"type": "array", "items": ref("FeedRef")},
            "lists": {"type": "array", "items": ref("FeedRef")},
            "groups": {"type": "array", "items": ref("FeedRef")},
            "sections": {"type": "array", "items": {"type": "object"}},
        },
    },
    "Status": {"type": "object", "properties": {"status": {"type": "string"}}},
    "Success": {"type": "object", "properties": {"success": {"type": "boolean"}}},
    "Theme": {
        "type": "object",
        "properties": {"id": {"type": "string"}, "theme": {"type": "string"}},
    },
}

# path, method, summary, parameters ("name!" = required), response schema, auth needed
METHODS: list[tuple[str, str, str, str, str, bool]] = [
    ("/feed/{feed_id}", "get", "Fetch a feed", "", "Feed", False),
    ("/search", "get", "Search entries", "q!", "Feed", False),
    ("/url", "get", "Entries linking to URLs or hosts", "url host subscribed from", "Feed", False),
    ("/picture/{feed_id}", "get", "Profile picture", "size", "", False),
    ("/feedlist", "get", "Sidebar feeds", "", "FeedList", True),
    ("/feedinfo/{feed_id}", "get", "Feed meta-data", "", "FeedInfo", False),
    (
        "/feedinfo",
        "post",
        "Update name, description, picture",
        "feed name description picture",
        "FeedInfo",
        True,
    ),
    ("/entry/{entry_id}", "get", "One entry", "", "Entry", False),
    ("/entry", "get", "Several entries (id=a,b)", "id!", "Feed", False),
    (
        "/entry",
        "post",
        "Create or edit an entry",
        "body id link comment to image_url audio_url short geo json",
        "Entry",
        True,
    ),
    ("/entry/delete", "post", "Delete or undelete an entry", "id! undelete", "Entry", True),
    ("/comment/{comment_id}", "get", "One comment", "", "Comment", False),
    ("/comment", "post", "Create or edit a comment", "entry id body! json", "Comment", True),
    ("/comment/delete", "post", "Delete or undelete a comment", "id! undelete", "Comment", True),
    ("/like", "post", "Like an entry", "entry!", "Like", True),
    ("/like/delete", "post", "Un-like an entry", "entry!", "Success", True),
    ("/subscribe", "post", "Subscribe to a feed", "feed! list appid", "Status", True),
    ("/unsubscribe", "post", "Unsubscribe from a feed", "feed! list appid", "Status", True),
    ("/hide", "post", "Hide or unhide an entry", "entry! unhide", "Entry", True),
    ("/short", "post", "Create a short link", "entry!", "Entry", True),
    ("/short/{code}", "get", "The entry behind a short link", "", "Entry", False),
    ("/theme/{feed_id}", "get", "A feed's theme", "", "Theme", False),
    ("/theme", "post", "Set a feed's theme", "theme! feed bg box bar picture", "Theme", True),
    ("/validate", "get", "Validate credentials", "", "FeedRef", True),
]


def _param(name: str, required: bool, where: str = "query", kind: str = "string", doc=""):
    out: dict[str, Any] = {"name": name, "in": where, "required": required}
    out["schema"] = {"type": kind}
    if doc:
        out["description"] = doc
    return out


def build() -> dict[str, Any]:
    paths: dict[str, Any] = {}
    error = {"content": {"text/javascript": {"schema": ref("Error")}}}
    for path, method, summary, params, schema, needs_auth in METHODS:
        parameters = [_param(p.strip("{}"), True, "path") for p in path.split("/") if "{" in p]
        parameters += [_param(n.rstrip("!"), n.endswith("!")) for n in params.split()]
        if path.startswith("/feed/") or path in ("/search", "/url") or schema == "Feed":
            parameters += [_param(n, False, kind=k, doc=d) for n, k, d in FEED_OPTIONS]
        parameters += [_param(n, False, kind=k, doc=d) for n, k, d in COMMON]
        ok: dict[str, Any] = {"description": "OK"}
        if schema:
            ok["content"] = {"text/javascript": {"schema": ref(schema)}}
        operation: dict[str, Any] = {
            "summary": summary,
            "parameters": parameters,
            "responses": {
                "200": ok,
                "400": {"description": "Bad input", **error},
                "401": {"description": "unauthorized", **error},
                "403": {"description": "forbidden or limit-exceeded", **error},
                "404": {"description": "Not found", **error},
            },
        }
        if path.startswith("/picture"):
            operation["responses"]["302"] = {"description": "Redirect to the default picture"}
        operation["security"] = [{"basic": []}, {"oauth1": []}, {"oauth2": []}]
        if not needs_auth:
            operation["security"].append({})
        paths.setdefault(path, {})[method] = operation
    return {
        "openapi": "3.1.0",
        "info": {"title": "journalfeed FriendFeed API", "version": "2"},
        "servers": [{"url": f"{settings.SITE_URL}/v2"}],
        "paths": paths,
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {
                "basic": {"type": "http", "scheme": "basic", "description": "username:remotekey"},
                "oauth1": {"type": "apiKey", "in": "header", "name": "Authorization"},
                "oauth2": {"type": "http", "scheme": "bearer"},
            },
        },
    }


@csrf_exempt  # a POST gets FriendFeed's 405, not the website's CSRF page
def openapi_view(request: HttpRequest) -> HttpResponse:
    if request.method not in ("GET", "HEAD"):
        return render_error(request, "method-not-allowed", 405)
    return HttpResponse(orjson.dumps(build()), content_type="application/json")
