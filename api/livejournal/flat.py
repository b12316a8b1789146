"""The flat wire format: `POST /interface/flat` (spec §1).

The body is parsed from `request.body` bytes (not `request.POST`, which would silently
replace invalid UTF-8), every answer is HTTP 200 `text/plain; charset=utf-8`, keys sorted,
`key\\nvalue\\n` pairs with CR/LF deleted, or `k=v&` pairs with `responseenc=urlenc`.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import parse_qsl, quote_plus

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

from api.livejournal.auth import valid_username
from api.livejournal.dispatch import find_mode, public, run
from api.livejournal.errors import DispatchError, LJError

logger = logging.getLogger(__name__)
CONTENT_TYPE = "text/plain; charset=utf-8"
GZIP_MAGIC = b"\x1f\x8b"
GZIPPED = "\0gzip"  # marker in the bad-key set: the event starts with gzip's magic bytes


def parse_body(body: bytes) -> tuple[dict[str, str], set[str]]:
    """Form-decode bytes; the last of repeated keys wins (Perl hash).

    Returns the decoded params and the keys whose values are not valid UTF-8 or hold NUL
    (decoded as Latin-1 meanwhile so that the dispatcher can still read `mode` and `user`).
    """
    params: dict[str, str] = {}
    bad: set[str] = set()
    # Latin-1 maps bytes 1:1 to characters, so %XX escapes come back as the exact bytes.
    pairs = parse_qsl(body.decode("latin-1"), keep_blank_values=True, encoding="latin-1")
    for key, text_value in pairs:
        raw_value = text_value.encode("latin-1")
        try:
            params[key] = raw_value.decode("utf-8")
            bad.discard(key)
        except UnicodeDecodeError:
            params[key] = raw_value.decode("latin-1")
            bad.add(key)
        if b"\0" in raw_value:
            # No database column stores NUL (PostgreSQL refuses it): an encoding error too.
            bad.add(key)
        if key == "event" and raw_value.startswith(GZIP_MAGIC):
            bad.add(GZIPPED)
    return params, bad


def _clean(value: Any) -> str:
    if type(value) is not str:  # a getevents answer has hundreds of pairs: strings go fast
        if value is None:
            return ""
        value = str(int(value) if isinstance(value, bool) else value)
    if "\r" in value or "\n" in value:
        return value.replace("\r", "").replace("\n", "")
    return value


def encode(pairs: dict[str, Any], *, urlenc: bool = False) -> bytes:
    """Sorted keys; CR/LF deleted from keys and values (spec §1.3)."""
    items = sorted((_clean(k), _clean(v)) for k, v in pairs.items())
    if urlenc:
        return "".join(f"{quote_plus(k)}={quote_plus(v)}&" for k, v in items).encode()
    return "".join(f"{k}\n{v}\n" for k, v in items).encode()


def respond(pairs: dict[str, Any], *, urlenc: bool = False) -> HttpResponse:
    return HttpResponse(encode(pairs, urlenc=urlenc), content_type=CONTENT_TYPE, status=200)


def fail(text: str, *, urlenc: bool = False) -> HttpResponse:
    return respond({"success": "FAIL", "errmsg": text}, urlenc=urlenc)


def handle(params: dict[str, str], bad: set[str], request: HttpRequest | None) -> dict[str, Any]:
    """The flat dispatcher (spec §1.4 order); returns the flat pairs incl. `success`."""
    name = params.get("mode", "").strip()
    if not name:
        raise DispatchError("Client error: No mode specified.")
    if name != "getchallenge" and valid_username(params.get("user", "")) is None:
        raise DispatchError("Client error: No username sent.")
    mode = find_mode(name)
    if mode is None:
        raise DispatchError(f"Client error: Unknown mode ({name})")
    if bad:
        # Invalid UTF-8 (or a gzipped body) anywhere in the request (spec §1.6).
        detail = "Cannot send gzipped data" if GZIPPED in bad else ""
        raise LJError(208, detail)
    args = mode.flat_in(params)
    result = run(mode, args, request=request, interface="flat")
    pairs = public(mode.flat_out(result))
    pairs["success"] = "OK"
    return pairs


@csrf_exempt
def flat_view(request: HttpRequest) -> HttpResponse:
    # Both reference servers read only the POST body: a GET has "no mode".
    try:
        body = request.body if request.method == "POST" else b""
    except RequestDataTooBig:
        # Over DATA_UPLOAD_MAX_MEMORY_SIZE only a huge event can be the cause (spec §1.8).
        return fail(LJError(409).text)
    params, bad = parse_body(body)
    urlenc = params.get("responseenc", "") == "urlenc"
    try:
        pairs = handle(params, bad, request)
    except (LJError, DispatchError) as exc:
        return fail(exc.text, urlenc=urlenc)
    except Exception:
        # A bug in a mode's flat translation: still a protocol answer, never an HTML 500.
        logger.exception("flat request failed")
        return fail(LJError(500).text, urlenc=urlenc)
    return respond(pairs, urlenc=urlenc)
