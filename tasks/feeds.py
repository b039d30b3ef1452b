"""Poll a feed with a conditional GET and turn its entries (RSS, Atom or JSON Feed) into FeedItems."""

from __future__ import annotations

import calendar
import hashlib
import json
import logging
import re
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser
import httpx

from tasks.errors import FetchError
from tasks.http import fetch
from tasks.records import Failure, FeedItem, FeedPoll, FeedState
from tasks.settings import FeedConfig, FetchSettings, plausible_published
from tasks.urls import article_id

log = logging.getLogger(__name__)

FULL_GET_EVERY = timedelta(hours=24)  # a GET without validators at least this often catches false 304s
FIRST_BACKOFF = timedelta(minutes=5)
MAX_BACKOFF = timedelta(hours=6)

# Feeds have no use for DTD entity declarations; they are how billion-laughs and XXE attacks work.
# feedparser's expat is protected against expansion bombs, but its lenient fallback parser is not a
# guarantee, so such feeds are refused before parsing. Declarations can only sit in the prolog.
_ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.IGNORECASE)
_PROLOG_BYTES = 64 * 1024

ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, "
    "text/xml;q=0.8, application/json;q=0.8, */*;q=0.1"
)
JSON_FEED_TYPES = ("application/feed+json", "application/json")
JSON_FEED_VERSION = "https://jsonfeed.org/version/1"  # 1.0 is .../version/1, 1.1 is .../version/1.1


def poll_feed(client: httpx.Client, feed: FeedConfig, state: FeedState | None, settings: FetchSettings) -> FeedPoll:
    """GET the feed (conditionally, with the stored validators) and parse it; never raises for bad feeds."""
    polled_at = datetime.now(UTC)
    headers = {"Accept": ACCEPT}
    full_due = state is None or state.last_full_at is None or polled_at - state.last_full_at > FULL_GET_EVERY
    if state and state.url == feed.url and not full_due:
        if state.etag:
            headers["If-None-Match"] = state.etag
        if state.last_modified:
            headers["If-Modified-Since"] = state.last_modified
    try:
        r = fetch(client, feed.url, settings, kind="feed", headers=headers)
    except FetchError as e:
        return FeedPoll(
            feed.name,
            feed.url,
            polled_at,
            e.status,
            failure=Failure("feed", feed.url, e.reason, feed.name, e.status, e.permanent),
        )
    if r.status == 304:
        return FeedPoll(
            feed.name,
            feed.url,
            polled_at,
            304,
            not_modified=True,
            etag=state.etag if state else None,
            last_modified=state.last_modified if state else None,
            body_hash=state.body_hash if state else None,
        )
    body_hash = hashlib.sha256(r.body).hexdigest()
    validators = dict(etag=r.headers.get("etag"), last_modified=r.headers.get("last-modified"), body_hash=body_hash)
    if state and state.url == feed.url and state.body_hash == body_hash:
        return FeedPoll(feed.name, feed.url, polled_at, r.status, not_modified=True, **validators)
    try:
        items = parse_feed(r.body, feed, base_url=r.final_url, content_type=r.headers.get("content-type"))
    except ValueError as e:
        return FeedPoll(
            feed.name,
            feed.url,
            polled_at,
            r.status,
            failure=Failure("feed", feed.url, str(e), feed.name, r.status, permanent=False),
        )
    return FeedPoll(feed.name, feed.url, polled_at, r.status, items=items, **validators)


def backoff(consecutive_failures: int) -> timedelta:
    """How long a feed that failed this many polls in a row rests before the next poll."""
    if consecutive_failures <= 0:
        return timedelta(0)
    return min(MAX_BACKOFF, FIRST_BACKOFF * 2 ** min(consecutive_failures - 1, 16))


def state_after_poll(poll: FeedPoll, previous: FeedState | None, *, keep_validators: bool) -> FeedState:
    """The feed's state after a poll. With keep_validators (some page failed and should be retried, or
    pages wait for the next run), the previous validators stay, so the next poll gets the whole feed again
    instead of a 304. A failing feed rests (`backoff`) before its next poll."""
    ok = poll.failure is None
    prior = previous if previous is not None and previous.url == poll.url else None  # the same feed's state
    validators = (poll.etag, poll.last_modified, poll.body_hash)
    if not ok or keep_validators:
        validators = (prior.etag, prior.last_modified, prior.body_hash) if prior is not None else (None,) * 3
    failures = 0 if ok else (prior.consecutive_failures if prior is not None else 0) + 1
    full_body = ok and poll.status == 200
    return FeedState(
        feed_name=poll.feed_name,
        url=poll.url,
        etag=validators[0],
        last_modified=validators[1],
        body_hash=validators[2],
        consecutive_failures=failures,
        next_poll_at=poll.polled_at + backoff(failures) if failures else None,
        last_full_at=poll.polled_at if full_body else (prior.last_full_at if prior is not None else None),
        last_status=poll.status,
        last_polled_at=poll.polled_at,
        last_success_at=poll.polled_at if ok else None,
        last_error=None if poll.failure is None else poll.failure.error,
    )


def due(state: FeedState | None, feed: FeedConfig, now: datetime) -> bool:
    """Whether a feed should be polled now: always, unless it is failing and resting."""
    return state is None or state.url != feed.url or state.next_poll_at is None or state.next_poll_at <= now


def fair_share(items: list[FeedItem], per_feed: int) -> tuple[list[FeedItem], list[FeedItem]]:
    """(to fetch now, to leave for the next run): each feed's `per_feed` newest items (undated ones last),
    taken in turns across feeds and hosts, so that a huge or slow feed cannot hold the others back."""
    by_feed: dict[str, list[FeedItem]] = {}
    for item in items:
        by_feed.setdefault(item.feed_name, []).append(item)
    now, later = [], []
    queues: dict[tuple[str, str], list[FeedItem]] = {}
    for feed_items in by_feed.values():
        feed_items.sort(key=lambda i: i.published_at or _UNDATED, reverse=True)
        later += feed_items[per_feed:]
        for item in feed_items[:per_feed]:
            queues.setdefault((item.feed_name, urlsplit(item.url).netloc), []).append(item)
    turns = list(queues.values())
    for k in range(max((len(q) for q in turns), default=0)):
        now += [q[k] for q in turns if k < len(q)]
    return now, later


_UNDATED = datetime.min.replace(tzinfo=UTC)


def parse_feed(
    body: bytes, feed: FeedConfig, *, base_url: str | None = None, content_type: str | None = None
) -> tuple[FeedItem, ...]:
    """The article entries of an RSS, Atom or JSON Feed document; ValueError with a plain reason when it is not one.

    Publication dates that cannot be right (see `plausible_published`) are dropped, so the page's own date
    is used instead."""
    if not body.strip():
        raise ValueError("empty response: the server sent no feed")
    if _is_json_feed(body, content_type):
        return parse_json_feed(body, feed, base_url=base_url)
    if _ENTITY_DECLARATION.search(body[:_PROLOG_BYTES]):
        raise ValueError(
            "refused: the feed declares XML entities (<!ENTITY ...>), the form of entity-expansion "
            "and external-entity attacks; sitrep does not parse such feeds"
        )
    headers = {"content-location": base_url or feed.url}
    if content_type:
        headers["content-type"] = content_type
    parsed = feedparser.parse(body, response_headers=headers, sanitize_html=False, resolve_relative_uris=True)
    if not parsed.version and not parsed.entries:
        head = body.lstrip()[:200].lower()
        if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head:
            raise ValueError("not a feed: the server returned an HTML page instead of RSS/Atom")
        reason = getattr(parsed.get("bozo_exception"), "getMessage", lambda: None)() or parsed.get("bozo_exception")
        raise ValueError(f"not a valid RSS/Atom feed: {reason or 'no channel or feed element'}")
    items = _feed_items(
        feed,
        (
            (_entry_link(e), (e.get("title") or "").strip() or None, _entry_date(e), _entry_authors(e))
            for e in parsed.entries
        ),
    )
    if not items and parsed.bozo:
        raise ValueError(f"broken feed, no entries could be read: {parsed.bozo_exception}")
    return items


def _entry_link(entry: feedparser.FeedParserDict) -> str | None:
    link = entry.get("link")
    if not link:
        for candidate in entry.get("links", []):
            if candidate.get("rel", "alternate") == "alternate" and candidate.get("href"):
                link = candidate["href"]
                break
    if not link and str(entry.get("id", "")).startswith(("http://", "https://")):
        link = entry["id"]
    return link.strip() if link and link.strip().startswith(("http://", "https://")) else None


def _entry_date(entry: feedparser.FeedParserDict) -> datetime | None:
    """The entry's publication time (feedparser normalises every format to UTC)."""
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            try:
                return datetime.fromtimestamp(calendar.timegm(value), UTC)
            except (OverflowError, ValueError):
                continue
    return None


def _entry_authors(entry: feedparser.FeedParserDict) -> str | None:
    names = [a.get("name") for a in entry.get("authors", []) if a.get("name")]
    if not names and entry.get("author"):
        names = [entry["author"]]
    return "; ".join(n.strip() for n in names if n.strip()) or None


def parse_json_feed(body: bytes, feed: FeedConfig, *, base_url: str | None = None) -> tuple[FeedItem, ...]:
    """The article items of a JSON Feed 1.0 or 1.1 (https://jsonfeed.org/version/1.1); ValueError when the
    document is not one. feedparser reads only XML, so JSON Feeds are read here with the standard library.

    As for RSS and Atom, the language and country come from the feeds file, not the document."""
    try:
        doc = json.loads(body.decode("utf-8-sig"))  # the spec requires UTF-8
    except UnicodeDecodeError:
        raise ValueError("not a JSON Feed: the body is not UTF-8 text") from None
    except json.JSONDecodeError as e:
        raise ValueError(f"not a JSON Feed: invalid JSON ({e.msg} at line {e.lineno} column {e.colno})") from None
    if not isinstance(doc, dict):
        raise ValueError(f"not a JSON Feed: the document is a JSON {_json_type(doc)}, not an object")
    version = doc.get("version")
    if version is None:
        raise ValueError("not a JSON Feed: missing version")
    if not isinstance(version, str) or not version.startswith(JSON_FEED_VERSION):
        raise ValueError(f"not a JSON Feed: version {str(version)[:80]!r} is not {JSON_FEED_VERSION} or 1.1")
    entries = doc.get("items")
    if entries is None:
        raise ValueError("not a JSON Feed: missing items")
    if not isinstance(entries, list):
        raise ValueError(f"not a JSON Feed: items is a JSON {_json_type(entries)}, not a list")
    base = base_url or feed.url
    entries = [entry for entry in entries if isinstance(entry, dict)]
    return _feed_items(
        feed, ((_json_link(e, base), _json_text(e.get("title")), _json_date(e), _json_authors(e)) for e in entries)
    )


def _feed_items(
    feed: FeedConfig, entries: Iterable[tuple[str | None, str | None, datetime | None, str | None]]
) -> tuple[FeedItem, ...]:
    """FeedItems of (link, title, published, authors): entries without a link skipped, each article once,
    a publication date that cannot be right dropped (`plausible_published`)."""
    now = datetime.now(UTC)
    items: dict[str, FeedItem] = {}
    for link, title, published, authors in entries:
        if link and (aid := article_id(link)) not in items:
            plausible = plausible_published(published, now)
            items[aid] = FeedItem(
                feed_name=feed.name,
                url=link,
                article_id=aid,
                title=title,
                published_at=plausible,
                authors=authors,
                language=feed.language,
                country=feed.country,
                dropped_date=published if plausible is None else None,
            )
    return tuple(items.values())


def _is_json_feed(body: bytes, content_type: str | None) -> bool:
    """A JSON Feed by its body (an object) or its content type; a JSON type on a body that opens with `<`
    (an HTML error page, an XML feed) is left to the XML path, which names what it is."""
    head = body.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if head == b"{":
        return True
    mime = (content_type or "").split(";", 1)[0].strip().lower()
    return mime in JSON_FEED_TYPES and head != b"<"


def _json_type(value: Any) -> str:
    return {dict: "object", list: "list", str: "string", bool: "boolean", type(None): "null"}.get(type(value), "number")


def _json_text(value: Any) -> str | None:
    return (value.strip() or None) if isinstance(value, str) else None


def _json_link(entry: dict, base: str) -> str | None:
    """The item's `url`, else its `external_url`, resolved against the feed's address; http(s) only."""
    for key in ("url", "external_url"):
        if link := _json_text(entry.get(key)):
            link = urljoin(base, link)
            if link.startswith(("http://", "https://")):
                return link
    return None


def _json_date(entry: dict) -> datetime | None:
    """`date_published` (RFC 3339), else `date_modified` (as RSS/Atom fall back to the updated time), in UTC."""
    for key in ("date_published", "date_modified"):
        if value := _json_text(entry.get(key)):
            try:
                parsed = datetime.fromisoformat(value.upper())  # RFC 3339 allows a lower-case "t" and "z"
                return (parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)).astimezone(UTC)
            except (ValueError, OverflowError):  # not a date, or out of range once in UTC (year 1, year 9999)
                continue
    return None


def _json_authors(entry: dict) -> str | None:
    """Names from 1.1's `authors` list, else 1.0's `author` object (1.1 feeds may carry both)."""
    for authors in (entry.get("authors"), [entry.get("author")]):
        if isinstance(authors, list):
            names = [_json_text(a.get("name")) for a in authors if isinstance(a, dict)]
            if joined := "; ".join(n for n in names if n):
                return joined
    return None
