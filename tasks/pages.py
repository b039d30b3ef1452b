"""Fetch article pages: concurrently, each outcome a Page or a Failure."""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from datetime import UTC, datetime

import httpx

from tasks.errors import FetchError
from tasks.http import fetch
from tasks.records import Failure, FeedItem, Page
from tasks.robots import check_robots
from tasks.settings import FetchSettings

ACCEPT_HTML = {"Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"}


def fetch_page(client: httpx.Client, item: FeedItem, settings: FetchSettings) -> Page | Failure:
    started = time.monotonic()
    try:
        check_robots(client, item.url, settings)
        r = fetch(client, item.url, settings, kind="page", headers=ACCEPT_HTML)
    except FetchError as e:
        return Failure("fetch", item.url, e.reason, item.feed_name, e.status, e.permanent, item.article_id)
    return Page(item, r.final_url, r.status, r.body, r.charset, datetime.now(UTC), time.monotonic() - started)


def fetch_pages(client: httpx.Client, items: list[FeedItem], settings: FetchSettings,
                on_page: Callable[[Page], None] | None = None) -> list[Page | Failure]:
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
