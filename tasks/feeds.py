"""Poll a feed with a conditional GET and turn its entries into FeedItems."""

from __future__ import annotations

import calendar
import hashlib
import logging
import re
from datetime import UTC, datetime, timedelta

import feedparser
import httpx

from tasks.errors import FetchError
from tasks.http import fetch
from tasks.records import Failure, FeedItem, FeedPoll, FeedState
from tasks.settings import FeedConfig, FetchSettings
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


def poll_feed(client: httpx.Client, feed: FeedConfig, state: FeedState | None,
              settings: FetchSettings) -> FeedPoll:
    """GET the feed (conditionally, with the stored validators) and parse it; never raises for bad feeds."""
    polled_at = datetime.now(UTC)
    headers = {"Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.1"}
    full_due = state is None or state.last_full_at is None or polled_at - state.last_full_at > FULL_GET_EVERY
    if state and state.url == feed.url and not full_due:
        if state.etag:
            headers["If-None-Match"] = state.etag
        if state.last_modified:
            headers["If-Modified-Since"] = state.last_modified
    try:
        r = fetch(client, feed.url, settings, kind="feed", headers=headers)
    except FetchError as e:
        return FeedPoll(feed.name, feed.url, polled_at, e.status,
                        failure=Failure("feed", feed.url, e.reason, feed.name, e.status, e.permanent))
    if r.status == 304:
        return FeedPoll(feed.name, feed.url, polled_at, 304, not_modified=True,
                        etag=state.etag if state else None, last_modified=state.last_modified if state else None,
                        body_hash=state.body_hash if state else None)
    body_hash = hashlib.sha256(r.body).hexdigest()
    validators = dict(etag=r.headers.get("etag"), last_modified=r.headers.get("last-modified"), body_hash=body_hash)
    if state and state.url == feed.url and state.body_hash == body_hash:
        return FeedPoll(feed.name, feed.url, polled_at, r.status, not_modified=True, **validators)
    try:
        items = parse_feed(r.body, feed, base_url=r.final_url, content_type=r.headers.get("content-type"))
    except ValueError as e:
        return FeedPoll(feed.name, feed.url, polled_at, r.status,
                        failure=Failure("feed", feed.url, str(e), feed.name, r.status, permanent=False))
    return FeedPoll(feed.name, feed.url, polled_at, r.status, items=items, **validators)


def backoff(consecutive_failures: int) -> timedelta:
    """How long a feed that failed this many polls in a row rests before the next poll."""
    if consecutive_failures <= 0:
        return timedelta(0)
    return min(MAX_BACKOFF, FIRST_BACKOFF * 2 ** min(consecutive_failures - 1, 16))


def due(state: FeedState | None, feed: FeedConfig, now: datetime) -> bool:
    """Whether a feed should be polled now: always, unless it is failing and resting."""
    return state is None or state.url != feed.url or state.next_poll_at is None or state.next_poll_at <= now


def parse_feed(body: bytes, feed: FeedConfig, *, base_url: str | None = None,
               content_type: str | None = None) -> tuple[FeedItem, ...]:
    """The article entries of an RSS or Atom document; ValueError with a plain reason when it is not one."""
    if not body.strip():
        raise ValueError("empty response: the server sent no feed")
    if _ENTITY_DECLARATION.search(body[:_PROLOG_BYTES]):
        raise ValueError("refused: the feed declares XML entities (<!ENTITY ...>), the form of entity-expansion "
                         "and external-entity attacks; sitrep does not parse such feeds")
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
    items: dict[str, FeedItem] = {}
    for entry in parsed.entries:
        link = _entry_link(entry)
        if not link:
            continue
        aid = article_id(link)
        if aid not in items:
            items[aid] = FeedItem(
                feed_name=feed.name, url=link, article_id=aid,
                title=(entry.get("title") or "").strip() or None,
                published_at=_entry_date(entry),
                authors=_entry_authors(entry),
                language=feed.language, country=feed.country)
    if not items and parsed.bozo:
        raise ValueError(f"broken feed, no entries could be read: {parsed.bozo_exception}")
    return tuple(items.values())


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
