"""One configured HTTP client and a careful GET: capped bodies, checked addresses, classified errors."""

from __future__ import annotations

import ipaddress
import logging
import random
import socket
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

import httpx

from tasks.errors import PermanentFetchError, TransientFetchError
from tasks.settings import FetchSettings

log = logging.getLogger(__name__)

HTML_TYPES = ("text/html", "application/xhtml+xml")
FEED_TYPES = ("xml", "rss", "atom", "rdf", "json", "text/plain")  # substrings of acceptable feed types
PERMANENT_STATUSES = {400, 401, 403, 404, 405, 406, 410, 414, 451}
BINARY_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"GIF8": "a GIF image",
    b"\xff\xd8\xff": "a JPEG image",
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive",
    b"\x1f\x8b": "gzip data",
}


@dataclass(frozen=True)
class Response:
    """A complete, size-checked response."""

    url: str
    final_url: str
    status: int
    headers: httpx.Headers
    body: bytes
    redirects: int = 0  # hops followed to reach final_url, counted against max_redirects

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def charset(self) -> str | None:
        for part in self.headers.get("content-type", "").split(";")[1:]:
            key, _, value = part.strip().partition("=")
            if key.lower() == "charset" and value:
                return value.strip("\"' ").lower()
        return None


def make_client(settings: FetchSettings) -> httpx.Client:
    """The client every fetch uses: timeouts, pooled connections, our User-Agent, no automatic redirects
    (fetch() follows them itself so it can check each hop's address)."""
    return httpx.Client(
        timeout=httpx.Timeout(settings.read_timeout, connect=settings.connect_timeout),
        limits=httpx.Limits(max_connections=settings.concurrency * 2, max_keepalive_connections=settings.concurrency),
        headers={"User-Agent": settings.user_agent, "Accept-Encoding": "gzip, deflate"},  # decoded by _read_capped
        follow_redirects=False,
    )


_host_slots: dict[str, threading.Semaphore] = {}
_host_slots_lock = threading.Lock()


def _host_slot(host: str, per_host: int) -> threading.Semaphore:
    with _host_slots_lock:
        return _host_slots.setdefault(host, threading.Semaphore(per_host))


def check_address(url: str, settings: FetchSettings) -> None:
    """Refuse URLs whose host resolves to a loopback, private, link-local, multicast or reserved address,
    unless the feeds file allows private addresses. Checked on every redirect hop."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise PermanentFetchError(f"not an http(s) URL: {url[:200]}")
    if settings.allow_private_addresses:
        return
    try:
        infos = socket.getaddrinfo(
            parts.hostname, parts.port or (443 if parts.scheme == "https" else 80), type=socket.SOCK_STREAM
        )
    except (socket.gaierror, UnicodeError) as e:
        raise TransientFetchError(f"cannot resolve host {parts.hostname}: {e}") from None
    for info in infos:
        host = info[4][0]
        if not isinstance(host, str):  # (int, bytes): an IPv6 address on a Python built without IPv6
            raise PermanentFetchError(f"refused: {parts.hostname} resolves to an address that cannot be checked")
        ip = ipaddress.ip_address(host.split("%")[0])
        if (
            ip.is_loopback
            or ip.is_private
            or ip.is_link_local
            or ip.is_multicast
            or ip.is_reserved
            or ip.is_unspecified
        ):
            raise PermanentFetchError(
                f"refused: {parts.hostname} resolves to the private or local address {ip} "
                "(set fetch.allow_private_addresses: true in the feeds file to allow it)"
            )


SHORT_WAIT_SECONDS = 5.0  # a Retry-After this short is waited for; a longer one defers
THROTTLED_URLS_TO_DEFER_HOST = 2  # one throttled URL may be an endpoint's own limit; two mean the host's


class HostThrottle:
    """Hosts that asked, with a long Retry-After, not to be contacted: shared by a run's fetch threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._deferred: dict[str, float] = {}  # host -> monotonic time before which it asked not to be contacted
        self._throttled: dict[str, int] = {}  # host -> URLs answered 429/503 with a long Retry-After

    def wait(self, host: str) -> float:
        """Seconds the host asked us to keep away for (0 when none)."""
        with self._lock:
            return max(0.0, self._deferred.get(host, 0.0) - time.monotonic())

    def throttled(self, host: str, retry_after: float) -> None:
        """One more URL of the host was throttled; the second defers the whole host for `retry_after`."""
        with self._lock:
            self._throttled[host] = self._throttled.get(host, 0) + 1
            if self._throttled[host] >= THROTTLED_URLS_TO_DEFER_HOST:
                self._deferred[host] = time.monotonic() + retry_after

    def clear(self) -> None:
        with self._lock:
            self._deferred.clear()
            self._throttled.clear()


_throttle = HostThrottle()  # the current run's (forget_hosts starts afresh)


def fetch(
    client: httpx.Client,
    url: str,
    settings: FetchSettings,
    *,
    kind: str,
    headers: dict[str, str] | None = None,
    redirects: int = 0,
    check_hop: Callable[[str], None] | None = None,
) -> Response:
    """GET a page or feed, retrying transient errors with backoff and jitter; raises FetchError with a
    reason a person reads. A 429/503 with a long Retry-After is never slept through: that URL fails as
    transient (retried on a later run), and once a second URL of the host is throttled the whole host is
    deferred for the time it asked: its other URLs fail fast and are retried on a later run.
    `redirects` counts hops already taken to reach `url` (a meta refresh followed by tasks.pages): they
    count against max_redirects with the redirects this GET follows. `check_hop(url)`, if given, vets each
    redirect's target before it is requested (robots.txt, for pages) and raises FetchError to refuse it."""
    host = urlsplit(url).hostname or ""
    for attempt in range(1, settings.attempts + 1):
        wait = _throttle.wait(host)
        if wait > 0:
            raise TransientFetchError(f"deferred: {host} asked us to wait {wait:.0f} s more (Retry-After)")
        try:
            return _fetch_once(
                client, url, settings, kind=kind, headers=headers or {}, redirects=redirects, check_hop=check_hop
            )
        except TransientFetchError as e:
            if e.retry_after and e.retry_after > SHORT_WAIT_SECONDS:
                _throttle.throttled(host, e.retry_after)
                raise
            if attempt == settings.attempts:
                raise
            pause = e.retry_after or min(8.0, 0.5 * 2**attempt) * random.uniform(0.5, 1.5)
            time.sleep(pause)
    raise AssertionError("unreachable")


def _fetch_once(
    client: httpx.Client,
    url: str,
    settings: FetchSettings,
    *,
    kind: str,
    headers: dict[str, str],
    redirects: int,
    check_hop: Callable[[str], None] | None,
) -> Response:
    started = time.monotonic()
    current = url
    for hop in range(redirects, settings.max_redirects + 1):
        check_address(current, settings)
        if check_hop is not None and current != url:
            check_hop(current)
        host = urlsplit(current).hostname or ""
        with _host_slot(host, settings.per_host):
            try:
                with client.stream("GET", current, headers=headers) as r:
                    if r.is_redirect and "location" in r.headers:
                        current = urljoin(current, r.headers["location"])
                        continue
                    _check_status(r)
                    if r.status_code == 304:
                        return Response(url, current, 304, r.headers, b"", hop)
                    _check_type(r, kind)
                    body = _read_capped(r, settings, started)
            except httpx.TimeoutException as e:
                raise TransientFetchError(f"timed out ({type(e).__name__})") from None
            except (httpx.DecodingError, zlib.error) as e:
                raise PermanentFetchError(f"body could not be decompressed: {e}") from None
            except httpx.TransportError as e:
                raise TransientFetchError(f"connection failed: {type(e).__name__}: {e}"[:300]) from None
        if kind == "page":
            _check_not_binary(body)
        return Response(url, current, r.status_code, r.headers, body, hop)
    raise PermanentFetchError(f"more than {settings.max_redirects} redirects (last: {current[:200]})")


def _check_status(r: httpx.Response) -> None:
    code = r.status_code
    if code < 400 or code == 304:
        return
    if code in (429, 503):
        wait = retry_after(r.headers.get("retry-after"))
        hint = f"; the server asks to wait {wait:.0f} s" if wait else ""
        raise TransientFetchError(f"HTTP {code} {r.reason_phrase or ''}".strip() + hint, status=code, retry_after=wait)
    if code >= 500:
        raise TransientFetchError(f"HTTP {code} {r.reason_phrase or ''}: server error".strip(), status=code)
    raise PermanentFetchError(f"HTTP {code} {r.reason_phrase or ''}".strip(), status=code)


def _check_type(r: httpx.Response, kind: str) -> None:
    ctype = r.headers.get("content-type", "").split(";")[0].strip().lower()
    if not ctype:
        return
    if kind == "page" and not ctype.startswith(HTML_TYPES):
        raise PermanentFetchError(f"not an HTML page: content type {ctype}", status=r.status_code)
    if kind in ("robots", "sitemap"):  # served under many types (text/plain, application/x-gzip, ...)
        return
    if kind == "feed" and not (any(t in ctype for t in FEED_TYPES) or ctype.startswith("text/html")):
        # text/html is let through: parse_feed gives the clearer reason ("an HTML page, not a feed")
        raise PermanentFetchError(f"not a feed: content type {ctype}", status=r.status_code)


def _read_capped(r: httpx.Response, settings: FetchSettings, started: float) -> bytes:
    """The body, decompressed here in bounded steps: a gzip bomb stops at the cap, never in memory."""
    cap = settings.max_bytes
    declared = r.headers.get("content-length")
    encoding = r.headers.get("content-encoding", "identity").strip().lower()
    if declared and declared.isdigit() and encoding == "identity" and int(declared) > cap:
        raise PermanentFetchError(
            f"too large: {int(declared) / 2**20:.0f} MB declared, limit {cap / 2**20:.0f} MB", status=r.status_code
        )
    decoder = _decoder(encoding)
    chunks, size = [], 0
    for raw in r.iter_raw():
        data = raw
        while data:
            out = decoder.decompress(data, cap - size + 1) if decoder else data
            data = decoder.unconsumed_tail if decoder else b""
            size += len(out)
            if size > cap:
                raise PermanentFetchError(
                    f"too large: over {cap / 2**20:.0f} MB" + (" after decompression" if decoder else ""),
                    status=r.status_code,
                )
            chunks.append(out)
        if time.monotonic() - started > settings.total_timeout:
            raise TransientFetchError(f"too slow: body not complete after {settings.total_timeout:.0f} s")
    return b"".join(chunks)


def _decoder(encoding: str):
    if encoding in ("identity", ""):
        return None
    if encoding in ("gzip", "x-gzip"):
        return zlib.decompressobj(16 + zlib.MAX_WBITS)
    if encoding == "deflate":
        return zlib.decompressobj()
    raise PermanentFetchError(f"unsupported content encoding {encoding!r}")


def _check_not_binary(body: bytes) -> None:
    if not body.strip():
        raise PermanentFetchError("empty body: the server sent no content")
    for magic, what in BINARY_MAGIC.items():
        if body.startswith(magic):
            raise PermanentFetchError(f"not an HTML page: the body is {what}")
    if b"\x00" in body[:4096]:
        raise PermanentFetchError("not an HTML page: the body is binary data")


def retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (delta seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


def forget_hosts() -> None:
    """Forget throttled and deferred hosts (a new run in a long-lived process; tests)."""
    _throttle.clear()


_clients: dict[FetchSettings, httpx.Client] = {}
_clients_lock = threading.Lock()


def shared_client(settings: FetchSettings) -> httpx.Client:
    """One client per process and settings, reused by every fetch of a run (connection pooling).
    Locked: a run's first tasks ask at the same moment, and each client costs an SSL context (~25 ms)."""
    with _clients_lock:
        if settings not in _clients:
            _clients[settings] = make_client(settings)
        return _clients[settings]
