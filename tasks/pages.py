"""Fetch article pages: concurrently, each outcome a Page or a Failure."""

from __future__ import annotations

import html
import re
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import replace
from datetime import UTC, datetime
from urllib.parse import urldefrag, urljoin, urlsplit

import httpx

from tasks.errors import FetchError, PermanentFetchError
from tasks.http import Response, fetch
from tasks.records import Failure, FeedItem, Page
from tasks.robots import check_robots
from tasks.settings import FetchSettings

ACCEPT_HTML = {"Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"}
MAX_REFRESH_DELAY = 5.0  # seconds: a <meta http-equiv=refresh> this quick moves a reader on; a slower one reloads
REFRESH_SCAN_BYTES = 8192  # a refresh is looked for in the page's <head>, within its first bytes


def fetch_page(client: httpx.Client, item: FeedItem, settings: FetchSettings) -> Page | Failure:
    started = time.monotonic()
    try:
        r = fetch_following_refresh(client, item.url, settings)
    except FetchError as e:
        return Failure("fetch", item.url, e.reason, item.feed_name, e.status, e.permanent, item.article_id)
    return Page(item, r.final_url, r.status, r.body, r.charset, datetime.now(UTC), time.monotonic() - started)


def fetch_following_refresh(client: httpx.Client, url: str, settings: FetchSettings) -> Response:
    """GET a page (robots.txt permitting, at every redirect hop too); a stub whose <head> moves on with a
    quick meta refresh to another URL is followed like a redirect: one more hop against max_redirects, its
    address and robots.txt checked, the target's response returned (its final_url the target's)."""
    current, hops = url, 0
    while True:
        check_robots(client, current, settings)
        r = fetch(
            client,
            current,
            settings,
            kind="page",
            headers=ACCEPT_HTML,
            redirects=hops,
            check_hop=lambda hop: check_robots(client, hop, settings),
        )
        target = meta_refresh_target(r.body, r.final_url)
        if target is None:
            return replace(r, url=url)
        hops = r.redirects + 1
        if hops > settings.max_redirects:
            raise PermanentFetchError(
                f"more than {settings.max_redirects} redirects (last: a meta refresh to {target[:200]})"
            )
        current = target


_NOSCRIPT = re.compile(rb"<noscript\b.*?(?:</noscript\s*>|$)", re.IGNORECASE | re.DOTALL)
# comments, conditional ones included (<!--[if lte IE 9]><meta http-equiv="refresh" ...><![endif]-->)
_COMMENT = re.compile(rb"<!--.*?(?:-->|$)", re.DOTALL)
_META_TAG = re.compile(rb"<meta\b([^>]*)>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r"""([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")
_REFRESH = re.compile(
    r"""\s*(\d+)[\d.]*\s*(?:[;,\s]\s*(?:url\s*=\s*)?(?:"([^"]*)"?.*|'([^']*)'?.*|(.*)))?$""", re.IGNORECASE | re.DOTALL
)


def meta_refresh_target(body: bytes, url: str) -> str | None:
    """The absolute http(s) URL a page's <meta http-equiv="refresh" content="0; url=..."> moves on to within
    MAX_REFRESH_DELAY seconds, or None: no refresh in the first REFRESH_SCAN_BYTES of its <head> (one inside
    <noscript> or a comment does not count: an old-browser redirect in `<!--[if lte IE 9]>` is not for us), a
    longer delay, no URL, or the page itself."""
    head = body[:REFRESH_SCAN_BYTES]
    if b"refresh" not in head.lower():
        return None
    head = re.split(rb"</head\b|<body\b", head, maxsplit=1, flags=re.IGNORECASE)[0]
    for tag in _META_TAG.finditer(_NOSCRIPT.sub(b"", _COMMENT.sub(b"", head))):
        attributes = {
            name.lower(): html.unescape(next((v for v in values if v), ""))
            for name, *values in _ATTRIBUTE.findall(tag.group(1).decode("latin-1"))
        }
        if attributes.get("http-equiv", "").strip().lower() != "refresh":
            continue
        refresh = _REFRESH.match(attributes.get("content", ""))
        if refresh is None or int(refresh.group(1)) > MAX_REFRESH_DELAY:
            return None
        target = next((v for v in refresh.groups()[1:] if v), "").strip()
        target = urljoin(url, target) if target else ""
        if urlsplit(target).scheme not in ("http", "https") or urldefrag(target)[0] == urldefrag(url)[0]:
            return None
        return target
    return None


def fetch_pages(
    client: httpx.Client, items: list[FeedItem], settings: FetchSettings, on_page: Callable[[Page], None] | None = None
) -> list[Page | Failure]:
    """Fetch every item, `settings.concurrency` at a time (and `settings.per_host` per host); the
    outcomes in the items' order. on_page, if given, is called with each page as soon as it is fetched
    (in the calling thread), to start its extraction while the others download."""
    if not items:
        return []
    with ThreadPoolExecutor(min(settings.concurrency, len(items)), thread_name_prefix="fetch") as pool:
        futures = [pool.submit(fetch_page, client, item, settings) for item in items]
        if on_page is not None:
            for future in as_completed(futures):
                if isinstance(outcome := future.result(), Page):
                    on_page(outcome)
        return [future.result() for future in futures]
