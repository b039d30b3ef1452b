"""A small news site on 127.0.0.1 for wire tests: fixture feeds and pages, fault routes, a request log."""

from __future__ import annotations

import collections
import hashlib
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.sax.saxutils import escape

FIXTURES = Path(__file__).parent / "fixtures"
PAGES = {p.stem: p.read_bytes() for p in (FIXTURES / "pages").glob("*.html")}
MODIFIED = datetime(2026, 1, 1, tzinfo=UTC)

Response = tuple[int, dict[str, str], bytes]


def rss(base: str, items: list[tuple[str, str, str | None]]) -> bytes:
    """RSS 2.0 of (path, title, RFC 822 date or None) items."""
    entries = "".join(
        f"<item><title>{escape(title)}</title><link>{base}{path}</link><guid>{base}{path}</guid>"
        + (f"<pubDate>{date}</pubDate>" if date else "")
        + "</item>\n"
        for path, title, date in items
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>Fixture news</title>'
        f"<link>{base}/</link><description>fixtures</description>\n{entries}</channel></rss>\n"
    ).encode()


def atom(base: str, items: list[tuple[str, str, str]]) -> bytes:
    """Atom 1.0 of (path, title, ISO date) items."""
    entries = "".join(
        f'<entry><title>{escape(title)}</title><link rel="alternate" href="{base}{path}"/>'
        f"<id>{base}{path}</id><updated>{date}</updated><author><name>Desk</name></author></entry>\n"
        for path, title, date in items
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>Fixture atom</title><id>{base}/atom</id><updated>2026-01-01T00:00:00Z</updated>\n"
        f"{entries}</feed>\n"
    ).encode()


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):  # clients hanging up early are part of the tests
        pass


class Site:
    """Routes are callables (site, request headers) -> (status, headers, body); tests may add their own."""

    def __init__(self) -> None:
        self.requests: collections.Counter[str] = collections.Counter()
        self.headers_seen: dict[str, list[dict[str, str]]] = collections.defaultdict(list)
        self.routes: dict[str, Callable[[Site, dict[str, str]], Response]] = dict(DEFAULT_ROUTES)
        self._lock = threading.Lock()
        self._server = _QuietServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self._server.server_address[1]}"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def url(self, path: str) -> str:
        return self.base + path

    def count(self, path: str, status: int | None = None) -> int:
        with self._lock:
            return sum(
                n
                for key, n in self.requests.items()
                if key.rsplit(" ", 1)[0] == path and (status is None or key.endswith(f" {status}"))
            )

    def reset(self) -> None:
        with self._lock:
            self.requests.clear()
            self.headers_seen.clear()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _handler(self):
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):
                path, _, query = self.path.partition("?")
                headers = {k.lower(): v for k, v in self.headers.items()}
                headers[":query"] = query  # routes that page through archives read it
                route = site.routes.get(path)
                status, extra, body = route(site, headers) if route else (404, {"Content-Type": "text/plain"}, b"no")
                with site._lock:
                    site.requests[f"{path} {status}"] += 1
                    site.headers_seen[path].append(headers)
                self.send_response(status)
                extra = {"Content-Length": str(len(body)), **extra}
                for k, v in extra.items():
                    self.send_header(k, v)
                self.end_headers()
                if status != 304:
                    try:
                        self.wfile.write(body)
                    except (BrokenPipeError, ConnectionResetError):
                        pass

        return Handler


def conditional(body: bytes, ctype: str) -> Callable[[Site, dict[str, str]], Response]:
    """A feed route that honours If-None-Match / If-Modified-Since with a 304."""
    etag = '"' + hashlib.sha1(body).hexdigest()[:12] + '"'

    def route(site: Site, headers: dict[str, str]) -> Response:
        if headers.get("if-none-match") == etag:
            return 304, {"ETag": etag}, b""
        return 200, {"Content-Type": ctype, "ETag": etag, "Last-Modified": format_datetime(MODIFIED, usegmt=True)}, body

    return route


def page(name: str, ctype: str = "text/html; charset=utf-8"):
    return lambda site, headers: (200, {"Content-Type": ctype}, PAGES[name])


def fixed(status: int, body: bytes = b"", ctype: str = "text/plain", **headers: str):
    return lambda site, headers_in: (status, {"Content-Type": ctype, **headers}, body)


def slow(seconds: float):
    def route(site: Site, headers: dict[str, str]) -> Response:
        time.sleep(seconds)
        return 200, {"Content-Type": "text/html"}, b"<html><body><p>late</p></body></html>"

    return route


def dynamic_feed(items: list[tuple[str, str, str | None]], *, validators: bool = True):
    """An RSS feed whose links point at this site (the base is only known once the site runs)."""

    def route(site: Site, headers: dict[str, str]) -> Response:
        body = rss(site.base, items)
        if validators:
            return conditional(body, "application/rss+xml; charset=utf-8")(site, headers)
        return 200, {"Content-Type": "application/rss+xml"}, body

    return route


def dynamic_atom(items: list[tuple[str, str, str]]):
    def route(site: Site, headers: dict[str, str]) -> Response:
        return 200, {"Content-Type": "application/atom+xml"}, atom(site.base, items)

    return route


SEED_DATE = "Mon, 02 Dec 2024 08:00:00 +0700"
DEFAULT_ROUTES: dict[str, Callable[[Site, dict[str, str]], Response]] = {
    "/feed.xml": dynamic_feed(
        [
            ("/a/seed", "Serangan udara Suriah dan Rusia tewaskan 400 pemberontak", SEED_DATE),
            (
                "/a/shelling",
                "Shelling kills 12 in border town as fighting intensifies",
                "Tue, 03 Dec 2024 10:30:00 GMT",
            ),
            ("/a/harbour?utm_source=rss&utm_medium=feed", "Harbour festival draws record crowds", None),
            ("/gone", "A page that is gone", None),
        ]
    ),
    "/atom.xml": dynamic_atom([("/a/shelling", "Shelling kills 12", "2024-12-03T10:30:00+00:00")]),
    "/plain.xml": dynamic_feed([("/a/harbour", "Harbour festival", None)], validators=False),
    "/a/seed": page("seed"),
    "/a/shelling": page("shelling"),
    "/a/harbour": page("harbour"),
    "/gone": fixed(404, b"gone"),
    "/f/500": fixed(500, b"error"),
    "/bad/not-xml.xml": fixed(200, b"<html><body>Not a feed</body></html>", "text/html"),
    "/bad/truncated.xml": fixed(
        200, b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><ti', "application/rss+xml"
    ),
    "/f/binary": fixed(200, b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 16, "text/html"),
    "/f/image": fixed(200, b"GIF89a....", "image/gif"),
    "/f/redirect-loop": fixed(302, b"", Location="/f/redirect-loop"),
    "/f/redirect-to-seed": fixed(301, b"", Location="/a/seed"),
    "/f/huge": fixed(200, b"<html><body><p>" + b"x" * 300_000 + b"</p></body></html>", "text/html"),
    "/f/slow": slow(3.0),
    "/f/429": fixed(429, b"slow down", **{"Retry-After": "120"}),
}
