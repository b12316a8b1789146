"""Fetching a URL for an attachment with bounded size and time, refusing internal addresses.

The host is resolved once and every address checked (no private, loopback, link-local,
multicast or reserved targets unless allowed); the connection then goes to that checked
address, so a DNS answer that changes between check and connect (rebinding) cannot slip
through. Redirects are followed by hand, each hop checked the same way.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
from urllib.parse import urljoin, urlsplit

MAX_REDIRECTS = 3
USER_AGENT = "journalfeed-fetcher/1.0 (+image_url attachments)"


class FetchError(Exception):
    """The URL could not be fetched; `code` is the domain error code to raise."""

    def __init__(self, message: str, code: str = "fetch-failed") -> None:
        super().__init__(message)
        self.code = code


def _public(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def _resolve(host: str, port: int, allow_private: bool) -> str:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"cannot resolve {host}") from exc
    addresses = [info[4][0] for info in infos]
    if not addresses:
        raise FetchError(f"cannot resolve {host}")
    if not allow_private:
        for address in addresses:
            if not _public(address):
                raise FetchError(f"{host} is not a public address")
    return addresses[0]


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self) -> None:
        raw = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(raw, server_hostname=self.host)


def fetch_url(
    url: str, *, max_bytes: int, timeout: float, allow_private: bool = False
) -> tuple[bytes, str]:
    """(body, content type) of a GET, or FetchError (code fetch-failed or too-large)."""
    deadline = time.monotonic() + timeout
    for _ in range(MAX_REDIRECTS + 1):
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError("only http and https URLs can be fetched", code="bad-url-format")
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError as exc:
            raise FetchError("bad port", code="bad-url-format") from exc
        address = _resolve(parts.hostname, port, allow_private)
        cls = _PinnedHTTPSConnection if parts.scheme == "https" else _PinnedHTTPConnection
        conn = cls(parts.hostname, port, address, timeout=max(0.1, deadline - time.monotonic()))
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query
        try:
            conn.request("GET", path, headers={"User-Agent": USER_AGENT, "Accept": "image/*"})
            response = conn.getresponse()
            if response.status in (301, 302, 303, 307, 308):
                location = response.getheader("Location")
                if not location:
                    raise FetchError(f"redirect without a location ({response.status})")
                url = urljoin(url, location)
                continue
            if response.status != 200:
                raise FetchError(f"HTTP {response.status}")
            length = response.getheader("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise FetchError(f"larger than {max_bytes} bytes", code="too-large")
            chunks: list[bytes] = []
            total = 0
            while True:
                if time.monotonic() > deadline:
                    raise FetchError("took too long")
                chunk = response.read(65536)
                if not chunk:
                    break
                total += len(chunk)
                if total > max_bytes:
                    raise FetchError(f"larger than {max_bytes} bytes", code="too-large")
                chunks.append(chunk)
            return b"".join(chunks), response.getheader("Content-Type") or ""
        except (OSError, http.client.HTTPException) as exc:
            raise FetchError(f"{type(exc).__name__}: {exc}") from exc
        finally:
            conn.close()
    raise FetchError("too many redirects")
