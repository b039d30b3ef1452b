"""The ingest flow: poll feeds -> fetch new pages -> extract and tag -> spool -> load into DuckDB."""

from __future__ import annotations

import logging
import uuid
from collections import deque
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run
from prefect.task_runners import ThreadPoolTaskRunner

from flows.summary import FeedSummary, IngestSummary
from tasks.errors import WarehouseLockedError
from tasks.feeds import due, poll_feed
from tasks.http import forget_hosts, shared_client
from tasks.pages import fetch_pages
from tasks.records import Failure, FeedItem, FeedPoll, FeedState, Page
from tasks.settings import FeedConfig, FetchSettings, db_path, feeds_path, load_settings
from tasks.workers import process_pages
from warehouse import rows, state
from warehouse.spool import spool_dir, write_batch
from warehouse.store import load_spool, prepare_warehouse

BATCH_SIZE = 50        # pages per fetch/process task: big enough to amortise task overhead
BATCHES_IN_FLIGHT = 4  # bounds memory: at most this many batches of pages are held at once


@dataclass(frozen=True)
class BatchReport:
    """What one batch left in the spool, per feed (small: the pages themselves stay in the task)."""

    new: dict[str, int]
    failures: tuple[Failure, ...]


@task(name="poll-feed", cache_policy=NO_CACHE, task_run_name="poll-{feed.name}")
def poll_feed_task(feed: FeedConfig, previous: FeedState | None, settings: FetchSettings) -> FeedPoll:
    return poll_feed(shared_client(settings), feed, previous, settings)


@task(name="fetch-pages", cache_policy=NO_CACHE)
def fetch_pages_task(items: list[FeedItem], settings: FetchSettings) -> list[Page | Failure]:
    return fetch_pages(shared_client(settings), items, settings)


@task(name="process-pages", cache_policy=NO_CACHE)
def process_pages_task(fetched: list[Page | Failure], spool: Path, run_id: str) -> BatchReport:
    """Extract and tag the batch in worker processes and spool the result."""
    pages = [p for p in fetched if isinstance(p, Page)]
    fetch_failures = [p for p in fetched if isinstance(p, Failure)]
    processed = process_pages(pages)
    write_batch(spool, rows.batch_tables(processed, fetch_failures, run_id, datetime.now(UTC)))
    new: dict[str, int] = {}
    for outcome in processed:
        if outcome.article is not None:
            new[outcome.article.feed_name] = new.get(outcome.article.feed_name, 0) + 1
    return BatchReport(new, tuple(fetch_failures) + tuple(o.failure for o in processed if o.failure))


@task(name="load", cache_policy=NO_CACHE)
def load_task(db: Path) -> int:
    return load_spool(db)


@flow(name="ingest", task_runner=ThreadPoolTaskRunner(max_workers=8), log_prints=True)
def ingest(feeds_file: str | None = None, db: str | None = None) -> IngestSummary:
    """Poll every configured feed once and store its new articles.

    Args:
        feeds_file: the feeds YAML file (default: $SITREP_FEEDS, else ./feeds.yaml).
        db: the DuckDB warehouse file (default: $SITREP_DB, else ./data/sitrep.duckdb).
    """
    logger = get_run_logger()
    settings = load_settings(feeds_path(feeds_file))
    db_file = db_path(db)
    spool = spool_dir(db_file)
    run_id = str(flow_run.id or uuid.uuid4())
    started = datetime.now(UTC)
    summary = IngestSummary(run_id, {f.name: FeedSummary(f.name) for f in settings.feeds})

    forget_hosts()  # hosts throttled in an earlier run of this process may be contacted again
    prepare_warehouse(db_file)
    previous = state.feed_states(db_file, spool)
    resting = {f.name: previous[f.name] for f in settings.feeds if not due(previous.get(f.name), f, started)}
    for name, rest in resting.items():
        summary.feeds[name].status = (f"resting after {rest.consecutive_failures} failures, "
                                      f"next poll {rest.next_poll_at:%Y-%m-%d %H:%M} UTC")
    polls = [poll_feed_task.submit(f, previous.get(f.name), settings.fetch)
             for f in settings.feeds if f.name not in resting]
    polls = [p.result() for p in polls]
    items = select_new_items(polls, db_file, spool, summary)
    logger.info("%d feeds polled; %d new articles to fetch", len(polls), len(items))

    failures: list[Failure] = [p.failure for p in polls if p.failure]
    for report in run_batches(items, settings.fetch, spool, run_id):
        for feed_name, n in report.new.items():
            summary.feeds[feed_name].new += n
        for failure in report.failures:
            summary.feeds[failure.feed_name].failed += 1
        failures.extend(report.failures)

    retry_feeds = {f.feed_name for f in failures if f.stage == "fetch" and not f.permanent}
    write_batch(spool, {
        "feed_state": [rows.feed_state_row(p, previous.get(p.feed_name), keep_validators=p.feed_name in retry_feeds)
                       for p in polls],
        "failures": [rows.failure_row(p.failure, run_id, p.polled_at) for p in polls if p.failure],
        "runs": [rows.run_row(run_id=run_id, flow="ingest", parameters={"feeds_file": feeds_file, "db": db},
                              started_at=started, finished_at=datetime.now(UTC), feeds=len(polls),
                              articles_new=summary.new, articles_skipped=summary.already_stored,
                              failures=len(failures))],
    })
    try:
        load_task(db_file)
    except WarehouseLockedError as e:
        summary.loaded = False
        summary.message = f"{e}. Nothing is lost: the fetched articles wait in {spool} and load on the next run."
        logger.warning(summary.message)
    return summary


def select_new_items(polls: list[FeedPoll], db: Path, spool: Path, summary: IngestSummary) -> list[FeedItem]:
    """The polled entries not stored yet (nor failed for good), each once; updates the summary."""
    for poll in polls:
        s = summary.feeds[poll.feed_name]
        s.entries = len(poll.items)
        s.status = ("failed: " + poll.failure.error) if poll.failure else "not modified" if poll.not_modified else "ok"
        s.failed += poll.failure is not None
    candidates = [item for poll in polls for item in poll.items]
    known = state.known_ids(db, spool, (i.article_id for i in candidates))
    chosen: dict[str, FeedItem] = {}
    for item in candidates:
        if item.article_id in known or item.article_id in chosen:
            summary.feeds[item.feed_name].already_stored += 1
        else:
            chosen[item.article_id] = item
    return list(chosen.values())


def run_batches(items: list[FeedItem], settings: FetchSettings, spool: Path, run_id: str):
    """Fetch and process items in batches, fetching ahead while earlier batches are extracted."""
    in_flight: deque = deque()
    for start in range(0, len(items), BATCH_SIZE):
        fetched = fetch_pages_task.submit(items[start:start + BATCH_SIZE], settings)
        in_flight.append(process_pages_task.submit(fetched, spool, run_id))
        while len(in_flight) >= BATCHES_IN_FLIGHT:
            yield in_flight.popleft().result()
    while in_flight:
        yield in_flight.popleft().result()


logging.getLogger("trafilatura").setLevel(logging.ERROR)
