"""The XML-RPC door: `POST /interface/xmlrpc`, methods `LJ.XMLRPC.<mode>` (spec §8).

One struct parameter (a second one is fault 202); `getchallenge` also takes none. Every
incoming scalar is made a string (clients send `itemid` as a string, `opt_backdated` as a
boolean, text as `<base64>`), so handlers see the same shapes as from the flat door. Errors
are faults whose code is the LJ number and whose string is the flat errmsg.
"""

from __future__ import annotations

import logging
import re
import xmlrpc.client
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

from api.livejournal.auth import valid_username
from api.livejournal.dispatch import find_mode, public, run
from api.livejournal.errors import LJError

logger = logging.getLogger(__name__)
PREFIX = "LJ.XMLRPC."
CONTENT_TYPE = "text/xml; charset=utf-8"
_INT_MIN, _INT_MAX = -(2**31), 2**31 - 1
# Characters XML 1.0 cannot carry, even escaped (control characters, U+FFFE/U+FFFF).
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _text(data: bytes) -> str:
    """Client text sent as bytes: UTF-8 without NUL (no database column stores NUL), else 208."""
    try:
        value = data.decode("utf-8")
    except UnicodeDecodeError:
        raise LJError(208) from None
    if "\x00" in value:
        raise LJError(208)
    return value


def _incoming(value: Any) -> Any:
    """Scalars to strings, recursively; `<base64>` must hold UTF-8 (else 208)."""
    if isinstance(value, dict):
        return {str(k): _incoming(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_incoming(v) for v in value]
    if isinstance(value, bool):
        return "1" if value else "0"
    if value is None:
        return ""
    if isinstance(value, xmlrpc.client.Binary):
        return _text(value.data)
    if isinstance(value, (bytes, bytearray)):
        return _text(bytes(value))
    return str(value)


def _outgoing(value: Any) -> Any:
    """Make a result marshallable: no None, no ints beyond XML-RPC's 32 bits, no `_` keys."""
    if isinstance(value, dict):
        return {
            str(k): _outgoing(v)
            for k, v in value.items()
            if v is not None and not str(k).startswith("_")
        }
    if isinstance(value, (list, tuple)):
        return [_outgoing(v) for v in value if v is not None]
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and not _INT_MIN <= value <= _INT_MAX:
        return str(value)
    if isinstance(value, str) and _NOT_XML.search(value):
        # LiveJournal sends such text as <base64> (it does so for all 8-bit text); as a
        # <string> it would make the whole answer unparseable for the client.
        return xmlrpc.client.Binary(value.encode("utf-8", "surrogatepass"))
    return value


def _fault(exc: LJError) -> bytes:
    return xmlrpc.client.dumps(xmlrpc.client.Fault(exc.code, exc.text), methodresponse=True)


def handle(body: bytes, request: HttpRequest | None) -> Any:
    """Decode, dispatch; returns the result struct or raises LJError."""
    try:
        params, method = xmlrpc.client.loads(body, use_builtin_types=False)
    except Exception:
        try:
            body.decode("utf-8")
        except UnicodeDecodeError:
            raise LJError(208) from None
        raise LJError(200, "malformed XML-RPC request") from None
    method = method or ""
    name = method[len(PREFIX) :] if method.startswith(PREFIX) else ""
    mode = find_mode(name) if name else None
    if mode is None:
        raise LJError(201, method)
    if len(params) > 1:
        raise LJError(202)
    if not params:
        if name != "getchallenge":
            raise LJError(200)
        args: dict[str, Any] = {}
    else:
        if not isinstance(params[0], dict):
            raise LJError(203, "the parameter must be a struct")
        args = _incoming(params[0])
    if name != "getchallenge":
        raw = args.get("username", "")
        if not isinstance(raw, str):
            raise LJError(100)
        if not raw.strip():
            if not mode.needs_auth:
                # consolecommand: LJ's core runs it for nobody (only flat needs `user`).
                return public(run(mode, args, request=request, interface="xml-rpc"))
            raise LJError(200, "username")
        if valid_username(raw) is None:
            raise LJError(100)
    return public(run(mode, args, request=request, interface="xml-rpc"))


@csrf_exempt
def xmlrpc_view(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return HttpResponse(
            "XML-RPC server accepts POST requests only.\n", status=405, content_type="text/plain"
        )
    try:
        body = request.body
    except RequestDataTooBig:
        # Over DATA_UPLOAD_MAX_MEMORY_SIZE only a huge event can be the cause (spec §1.8).
        return HttpResponse(_fault(LJError(409)), content_type=CONTENT_TYPE)
    try:
        result = handle(body, request)
        payload = xmlrpc.client.dumps((_outgoing(result),), methodresponse=True)
        # A raw CR would reach the client as LF (XML end-of-line handling), undoing the
        # `pc`/`mac` line endings; the marshaller itself writes none, so all are in text.
        payload = payload.replace("\r", "&#13;")
    except LJError as exc:
        payload = _fault(exc)
    except Exception:
        logger.exception("XML-RPC request failed")
        payload = _fault(LJError(500))
    return HttpResponse(payload.encode("utf-8"), content_type=CONTENT_TYPE)
