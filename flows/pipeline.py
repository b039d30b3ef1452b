"""The Prefect tasks that ingest and backfill share: poll, fetch, process and spool, load."""

from __future__ import annotations

import contextlib
import logging
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from prefect import task
from prefect.cache_policies import NO_CACHE
from prefect.concurrency.sync import concurrency
from prefect.futures import PrefectFuture

from flows.local_server import TEMPORARY_SERVER
from tasks.feeds import poll_feed
from tasks.http import shared_client
from tasks.pages import fetch_pages
from tasks.records import Failure, FeedItem, FeedPoll, FeedState, Page, Processed
from tasks.settings import FeedConfig, FetchSettings
from tasks.workers import Extraction
from warehouse import state
from warehouse.rows import spool_pages
from warehouse.store import load_spool

log = logging.getLogger(__name__)
T = TypeVar("T")

BATCH_SIZE = 50  # pages per fetch/process task: big enough to amortise task overhead
BATCHES_IN_FLIGHT = 4  # bounds memory (at most this many batches of pages at once) and overlaps fetch/extract
# A Prefect global concurrency limit: with `prefect gcl create sitrep-warehouse-writer --limit 1` on the
# server, loads of concurrent runs (scheduled ingest, a backfill) take turns. Without it, DuckDB's own
# file lock still keeps one writer, and a run that cannot get it leaves its batches in the spool.
WRITER_LIMIT = "sitrep-warehouse-writer"


@dataclass(frozen=True)
class Window:
    """A publication-time window [start, end) for backfills."""

    start: datetime
    end: datetime

    def holds(self, when: datetime | None) -> bool:
        return when is not None and self.start <= when < self.end


@dataclass(frozen=True)
class BatchReport:
    """What one batch left in the spool, per feed (small: the pages themselves stay in the task)."""

    new: dict[str, int]
    failures: tuple[Failure, ...]
    outside_window: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)  # fetch (summed request time), extract, tag (CPU)


@task(name="poll-feed", cache_policy=NO_CACHE, task_run_name="poll-{feed.name}")
def poll_feed_task(feed: FeedConfig, previous: FeedState | None, settings: FetchSettings) -> FeedPoll:
    return poll_feed(shared_client(settings), feed, previous, settings)


@task(name="fetch-and-process", cache_policy=NO_CACHE)
def batch_task(
    items: list[FeedItem],
    settings: FetchSettings,
    spool: Path,
    run_id: str,
    window: Window | None = None,
    inline: bool = False,
) -> BatchReport:
    """Fetch a batch of pages, extract and tag them in worker processes (each page from the moment it is
    fetched), and spool the result.

    One task, not two: the pages never become a task result, which Prefect would keep in memory until
    the run ends (2,000 pages held ~700 MB). Several batches in flight overlap fetching and extraction.
    With a window, articles published outside it are left out (a backfill of one month stores that month).
    With inline, pages are extracted in this task's own process (on a Dask cluster, the worker is the
    process pool).
    """
    extraction = Extraction(inline=inline)
    fetched = fetch_pages(shared_client(settings), items, settings, on_page=extraction.start)
    pages = [p for p in fetched if isinstance(p, Page)]
    fetch_failures = [p for p in fetched if isinstance(p, Failure)]
    del fetched
    processed = extraction.results(pages)
    outside: dict[str, int] = {}
    if window is not None:
        kept: list[Processed] = []
        for outcome in processed:
            a = outcome.article
            if a is not None and not window.holds(a.published_at) and a.discovered_via != "urls":
                outside[a.feed_name] = outside.get(a.feed_name, 0) + 1
            else:
                kept.append(outcome)
        processed = kept
    spooling = time.perf_counter()
    spool_pages(spool, processed, fetch_failures, run_id, datetime.now(UTC))
    new: dict[str, int] = {}
    for outcome in processed:
        if outcome.article is not None:
            new[outcome.article.feed_name] = new.get(outcome.article.feed_name, 0) + 1
    seconds = {
        "fetch": sum(p.fetch_seconds for p in pages),
        "extract": sum(o.extract_seconds for o in processed),
        "tag": sum(o.tag_seconds for o in processed),
        "locate": sum(o.locate_seconds for o in processed),
        "spool": time.perf_counter() - spooling,
    }
    return BatchReport(new, tuple(fetch_failures) + tuple(o.failure for o in processed if o.failure), outside, seconds)


@task(name="load", cache_policy=NO_CACHE)
def load_task(db: Path) -> dict[str, float]:
    """Load the spool, one writer at a time across runs (see WRITER_LIMIT); returns the seconds it took
    ("load"), and of them the seconds spent storing locations and recomputing events ("load_located").
    Runs on a temporary Prefect server (a one-off `sitrep ingest`) have no other run to share the
    server's limits with, and skip the limit."""
    shared = bool(os.environ.get("PREFECT_API_URL")) and not os.environ.get(TEMPORARY_SERVER)
    with concurrency(WRITER_LIMIT, occupy=1, strict=False) if shared else contextlib.nullcontext():
        started = time.perf_counter()
        report = load_spool(db)
        located = sum(report.seconds.get(step, 0.0) for step in ("article_locations", "conflict_events"))
        return {"load": time.perf_counter() - started, "load_located": located}


class NewItems:
    """Picks the items to fetch: each article once, none stored, spooled or failed for good. Call it
    once with every candidate, or once per group of feeds as their polls return: an article already
    picked from one feed is not picked again from another."""

    def __init__(self, db: Path, spool: Path):
        self.db, self.spool = db, spool
        self.chosen: set[str] = set()

    def __call__(self, candidates: list[FeedItem]) -> tuple[list[FeedItem], list[FeedItem]]:
        """(to fetch, already known)"""
        known = state.known_ids(self.db, self.spool, (i.article_id for i in candidates))
        fresh: list[FeedItem] = []
        skipped: list[FeedItem] = []
        for item in candidates:
            if item.article_id in known or item.article_id in self.chosen:
                skipped.append(item)
            else:
                self.chosen.add(item.article_id)
                fresh.append(item)
        return fresh, skipped


def new_items(candidates: list[FeedItem], db: Path, spool: Path) -> tuple[list[FeedItem], list[FeedItem]]:
    """(to fetch, already known) of one list of candidates (see NewItems)."""
    return NewItems(db, spool)(candidates)


def in_order_as_done(futures: list[PrefectFuture[T]]) -> Iterator[list[T]]:
    """The futures' results in the futures' order, as soon as each is done, a group at a time: the next
    result, with the results after it that are done by then. In order, so that an article listed by two
    feeds belongs to the first in the feeds file, run after run."""
    finished: set[int] = set()
    for future in futures:
        future.add_done_callback(lambda f: finished.add(id(f)))
    start = 0
    while start < len(futures):
        futures[start].wait()
        end = start + 1
        while end < len(futures) and id(futures[end]) in finished:
            end += 1
        yield [future.result() for future in futures[start:end]]
        start = end


def tasks_run_in_processes() -> bool:
    """True when the flow's task runner runs tasks in other processes (a Dask cluster): each task then
    extracts in its own process instead of handing pages to a local pool."""
    from prefect.context import FlowRunContext
    from prefect.task_runners import ThreadPoolTaskRunner

    context = FlowRunContext.get()
    return context is not None and not isinstance(context.task_runner, ThreadPoolTaskRunner)


def batches(groups: Iterable[list[T]]) -> Iterator[list[T]]:
    """Each group's items in batches of BATCH_SIZE. A group's last batch is a smaller one rather than one
    waiting for the next group. (No smaller first batch is needed to start the workers early: each page
    goes to them as soon as it is downloaded.)"""
    for group in groups:
        for start in range(0, len(group), BATCH_SIZE):
            yield group[start : start + BATCH_SIZE]


def run_batches(
    items: list[FeedItem] | Iterator[list[FeedItem]],
    settings: FetchSettings,
    spool: Path,
    run_id: str,
    *,
    window: Window | None = None,
    on_batch: Callable[[int, int | None], None] | None = None,
) -> Iterator[BatchReport]:
    """Fetch and process items in batches, fetching ahead while earlier batches are extracted.

    `items` is a list, or lists arriving over time (the new articles of feeds as their polls return):
    each list goes out as soon as it arrives, its last batch a smaller one rather than one waiting for
    a feed still being polled. on_batch(done, total) is called with items done after each batch (total:
    None while items are still arriving)."""
    in_flight: deque = deque()
    done = 0
    total = len(items) if isinstance(items, list) else None

    def finished(report: BatchReport, size: int) -> BatchReport:
        nonlocal done
        done += size
        if on_batch:
            on_batch(done, total)
        return report

    inline = tasks_run_in_processes()
    for batch in batches([items] if isinstance(items, list) else items):
        in_flight.append((batch_task.submit(batch, settings, spool, run_id, window, inline), len(batch)))
        while len(in_flight) >= BATCHES_IN_FLIGHT:
            future, size = in_flight.popleft()
            yield finished(future.result(), size)
    while in_flight:
        future, size = in_flight.popleft()
        yield finished(future.result(), size)
