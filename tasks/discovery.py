"""Finding older articles for backfills: paginated feed archives, sitemaps, and lists of URLs."""

from __future__ import annotations

import logging
import re
import zlib
from collections.abc import Iterable
from datetime import UTC, date, datetime, time
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import httpx
from lxml import etree

from tasks.errors import FetchError
from tasks.feeds import parse_feed
from tasks.http import fetch
from tasks.records import Failure, FeedItem
from tasks.robots import parse_robots
from tasks.settings import FeedConfig, FetchSettings
from tasks.urls import article_id

log = logging.getLogger(__name__)

MAX_ARCHIVE_PAGES = 100
MAX_SITEMAPS = 500
SITEMAP_PATHS = ("/sitemap.xml", "/sitemap_index.xml", "/news-sitemap.xml", "/sitemap-news.xml")
PAGE_PARAMETERS = ("paged", "page")  # WordPress ?paged=N, and the common ?page=N
_XML = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=True)


def archive_items(
    client: httpx.Client, feed: FeedConfig, settings: FetchSettings, since: datetime
) -> tuple[list[FeedItem], list[Failure]]:
    """Entries of the feed and its older pages (?paged=2, 3, ... or ?page=2, ...), newest first,
    until a page is empty, repeats the previous one, or holds only entries older than `since`."""
    items: dict[str, FeedItem] = {}
    failures: list[Failure] = []
    first = _feed_page(client, feed, feed.url, settings, failures)
    if first is None:
        return [], failures
    for item in first:
        items.setdefault(item.article_id, item)
    if _all_older(first, since):
        return list(items.values()), failures
    for parameter in PAGE_PARAMETERS:
        previous = {i.article_id for i in first}
        found_any = False
        for n in range(2, MAX_ARCHIVE_PAGES + 1):
            page = _feed_page(client, feed, with_parameter(feed.url, parameter, n), settings, None)
            ids = {i.article_id for i in page or []}
            if not page or ids == previous or ids <= items.keys() and n > 2:
                break
            found_any = True
            for item in page:
                items.setdefault(item.article_id, item)
            if _all_older(page, since):
                break
            previous = ids
        if found_any:
            break
    return [_via(i, "feed-archive") for i in items.values()], failures


def sitemap_items(
    client: httpx.Client, feed: FeedConfig, settings: FetchSettings, since: datetime, until: datetime
) -> tuple[list[FeedItem], list[Failure]]:
    """Article URLs from the site's sitemaps (robots.txt `Sitemap:` lines, else the usual paths),
    following sitemap indexes; entries whose lastmod or news:publication_date is before `since` are
    skipped, and news dates after `until` too (lastmod is a change date, so it only bounds below)."""
    parts = urlsplit(feed.url)
    origin = f"{parts.scheme}://{parts.netloc}"
    queue = _robots_sitemaps(client, origin, settings) or [origin + p for p in SITEMAP_PATHS]
    explicit = bool(queue) and queue[0] not in [origin + p for p in SITEMAP_PATHS]
    seen: set[str] = set()
    items: dict[str, FeedItem] = {}
    failures: list[Failure] = []
    while queue and len(seen) < MAX_SITEMAPS:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        try:
            body = fetch(client, url, settings, kind="sitemap").body
        except FetchError as e:
            if explicit or url == origin + SITEMAP_PATHS[0]:
                failures.append(Failure("feed", url, f"sitemap: {e.reason}", feed.name, e.status, e.permanent))
            continue
        root = _parse_xml(body, settings.max_bytes)
        if root is None:
            failures.append(Failure("feed", url, "sitemap: not valid XML", feed.name))
            continue
        kind = etree.QName(root).localname
        for entry in root:
            loc = _child_text(entry, "loc")  # <loc> is a direct child; image:loc sits deeper
            if not loc:
                continue
            lastmod = parse_date(_child_text(entry, "lastmod"))
            if kind == "sitemapindex":
                if lastmod is None or lastmod >= since:
                    queue.append(urljoin(url, loc))
                continue
            published = parse_date(_child_text(entry, "publication_date"))
            dated = published or lastmod
            if dated and dated < since:
                continue
            if published and published >= until:
                continue
            link = urljoin(url, loc)
            items.setdefault(
                article_id(link),
                FeedItem(
                    feed_name=feed.name,
                    url=link,
                    article_id=article_id(link),
                    published_at=published,
                    title=_child_text(entry, "title"),
                    language=feed.language,
                    country=feed.country,
                    discovered_via="sitemap",
                ),
            )
        if kind not in ("sitemapindex", "urlset"):
            failures.append(Failure("feed", url, f"sitemap: unexpected root element <{kind}>", feed.name))
    return list(items.values()), failures


def url_items(urls: Iterable[str], feed_name: str) -> tuple[list[FeedItem], list[Failure]]:
    """Items for URLs given by hand (pasted in the run form, or a file): one per valid http(s) URL."""
    items: dict[str, FeedItem] = {}
    failures: list[Failure] = []
    for raw in urls:
        url = raw.strip()
        if not url or url.startswith("#"):
            continue
        if not re.match(r"https?://[^/\s]+", url):
            failures.append(Failure("fetch", url[:500], "not an http(s) URL", feed_name, permanent=True))
            continue
        items.setdefault(
            article_id(url), FeedItem(feed_name=feed_name, url=url, article_id=article_id(url), discovered_via="urls")
        )
    return list(items.values()), failures


def parse_date(value: str | None) -> datetime | None:
    """A sitemap date (W3C datetime: YYYY-MM-DD, or with time and zone) as an aware datetime."""
    if not value:
        return None
    value = value.strip().replace("Z", "+00:00")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        try:
            parsed = datetime.combine(date.fromisoformat(value[:10]), time())
        except ValueError:
            return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def with_parameter(url: str, name: str, value: int) -> str:
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != name] + [(name, str(value))]
    return urlunsplit(parts._replace(query=urlencode(query)))


def _feed_page(
    client: httpx.Client, feed: FeedConfig, url: str, settings: FetchSettings, failures: list[Failure] | None
) -> tuple[FeedItem, ...] | None:
    try:
        r = fetch(client, url, settings, kind="feed")
        return parse_feed(r.body, feed, base_url=r.final_url, content_type=r.headers.get("content-type"))
    except (FetchError, ValueError) as e:
        if failures is not None:
            reason = e.reason if isinstance(e, FetchError) else str(e)
            failures.append(Failure("feed", url, reason, feed.name, getattr(e, "status", None)))
        return None


def _all_older(items: Iterable[FeedItem], since: datetime) -> bool:
    dated = [i.published_at for i in items if i.published_at]
    return bool(dated) and max(dated) < since


def _via(item: FeedItem, how: str) -> FeedItem:
    from dataclasses import replace

    return replace(item, discovered_via=how)


def _robots_sitemaps(client: httpx.Client, origin: str, settings: FetchSettings) -> list[str]:
    try:
        body = fetch(client, origin + "/robots.txt", settings, kind="robots").body
    except FetchError:
        return []
    return parse_robots(body).sitemaps  # the parser check_robots uses: a BOM, the 500 KiB limit, comments


def _parse_xml(body: bytes, cap: int):
    if body[:2] == b"\x1f\x8b":  # a .xml.gz sitemap, decompressed no further than the cap
        try:
            body = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(body, cap)
        except zlib.error:
            return None
    try:
        return etree.fromstring(body, _XML)
    except etree.XMLSyntaxError:
        return None


def _child_text(entry, name: str) -> str | None:
    """The text of the entry's child `name` (any namespace), else of a deeper element so named."""
    for element in [*entry, *entry.iter()]:
        if isinstance(element.tag, str) and etree.QName(element).localname == name and element.text:
            return element.text.strip()
    return None
