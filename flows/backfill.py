"""The backfill flow: find older articles (feed archives, sitemaps, pasted URLs) in a date window and
store them through the same fetch -> extract -> tag -> load path as ingest. Its parameters are the
Prefect UI's "Custom run" form."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Literal, cast

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_progress_artifact, create_table_artifact, update_progress_artifact
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run
from prefect.task_runners import ThreadPoolTaskRunner

from flows.pipeline import Window, load_task, new_items, run_batches
from flows.summary import IngestSummary
from tasks.discovery import archive_items, sitemap_items, url_items
from tasks.errors import ConfigError, WarehouseLockedError
from tasks.http import shared_client
from tasks.records import Failure, FeedItem, Run
from tasks.settings import FeedConfig, FetchSettings, Settings, db_path, feeds_path, load_settings
from tasks.workers import warm_up, worker_pool
from warehouse.rows import spool_run
from warehouse.spool import spool_dir
from warehouse.store import prepare_warehouse

Source = Literal["feed", "sitemap", "urls"]
URLS_FEED = "pasted-urls"  # feed_name of articles found from a pasted list or file of URLs


def _configured_feed_names() -> tuple[str, ...]:
    """Names in the default feeds file, read when the flow is imported (so when it is deployed): the
    run form offers them as a multi-select. Without a readable feeds file, any name is accepted."""
    try:
        return tuple(f.name for f in load_settings(feeds_path()).feeds)
    except ConfigError:
        return ()


_NAMES = _configured_feed_names()
if TYPE_CHECKING:
    FeedName = str  # to a type checker a name is a string; the set of names is known only at run time
else:
    FeedName = Literal[_NAMES] if _NAMES else str
DEFAULT_DAYS = 30  # a run with no dates loads the 30 days up to the day it runs
PROGRESS_HOOKS: list[Callable[[int, int], None]] = []  # the CLI's progress bar listens here


@task(name="discover", cache_policy=NO_CACHE, task_run_name="discover-{feed.name}")
def discover_task(
    feed: FeedConfig, sources: list[str], window: Window, settings: FetchSettings
) -> tuple[list[FeedItem], list[Failure]]:
    """Articles of one feed's site found by the chosen sources, within the window where dated."""
    client = shared_client(settings)
    found: list[FeedItem] = []
    failures: list[Failure] = []
    if "feed" in sources:
        items, problems = archive_items(client, feed, settings, window.start)
        found += [i for i in items if i.published_at is None or window.holds(i.published_at)]
        failures += problems
    if "sitemap" in sources:
        items, problems = sitemap_items(client, feed, settings, window.start, window.end)
        found += items
        failures += problems
    return found, failures


@flow(
    name="backfill",
    task_runner=ThreadPoolTaskRunner(max_workers=8),  # type: ignore[arg-type]  # Prefect's typing: see ingest.py
    log_prints=True,
)
def backfill(
    since: date | None = None,
    until: date | None = None,
    feeds: list[FeedName] = [],  # noqa: B006 - Prefect validates parameters into fresh objects
    sources: list[Source] = ["feed", "sitemap"],  # noqa: B006
    urls: str = "",
    urls_file: str = "",
    feeds_file: str = "",
    db: str = "",
) -> IngestSummary:
    """Load older articles published between `since` and `until` (inclusive); safe to run twice and
    beside the scheduled ingest: what is stored is skipped.

    Args:
        since: First day of publication to load (inclusive, UTC); empty means 30 days before `until`.
        until: Last day of publication to load (inclusive, UTC); empty means the day the run starts.
        feeds: Feeds whose sites to search; none selected means all configured feeds.
        sources: Where to look: feed (the feed and its paginated archive, ?paged=N / ?page=N), sitemap
            (the site's sitemaps and sitemap indexes, by lastmod / news:publication_date), urls (below).
        urls: Article URLs to load, one per line (used with the source 'urls').
        urls_file: A file of article URLs, one per line (used with the source 'urls').
        feeds_file: The feeds file; empty means $SITREP_FEEDS, else ./feeds.yaml.
        db: The warehouse file; empty means $SITREP_DB, else ./data/sitrep.duckdb.
    """
    with worker_pool():  # the run's worker processes, closed when it ends
        return _backfill(since, until, list(feeds), sources, urls, urls_file, feeds_file, db)


def _backfill(
    since: date | None,
    until: date | None,
    feeds: list[str],
    sources: list[Source],
    urls: str,
    urls_file: str,
    feeds_file: str,
    db: str,
) -> IngestSummary:
    logger = get_run_logger()
    until = until or datetime.now(UTC).date()  # computed when the run starts, not when the flow was deployed
    since = since or until - timedelta(days=DEFAULT_DAYS)
    settings = load_settings(feeds_path(feeds_file or None))
    chosen, window = validate(settings, since, until, feeds, sources, urls, urls_file)
    db_file = db_path(db or None)
    spool = spool_dir(db_file)
    run_id = str(flow_run.id or uuid.uuid4())
    started = datetime.now(UTC)
    summary = IngestSummary(run_id)

    prepare_warehouse(db_file)
    discovered = [discover_task.submit(f, list(sources), window, settings.fetch) for f in chosen]
    found: list[FeedItem] = []
    for future in discovered:
        items, failures = future.result()
        found += items
        summary.failures += failures
        for failure in failures:
            summary.feed(failure.feed_name or URLS_FEED).failed += 1
    if "urls" in sources:
        items, failures = url_items(pasted_urls(urls, urls_file), URLS_FEED)
        found += items
        summary.failures += failures
    summary.record_found(found)
    items, skipped = new_items(found, db_file, spool)
    summary.record_skipped(skipped)
    if items:
        warm_up()  # worker processes start, and load what they need while the first pages download
    logger.info("backfill %s..%s: %d articles found, %d new to fetch", since, until, len(found), len(items))

    # cast: Prefect types create_progress_artifact as UUID or a coroutine (async_dispatch); from this sync flow
    # it runs its sync implementation and returns the UUID
    progress = cast(
        "uuid.UUID", create_progress_artifact(0.0, key="backfill-progress", description="Backfill: articles processed")
    )
    total = len(items)  # what run_batches passes as total for a list (its callback's type allows None)
    for report in run_batches(
        items,
        settings.fetch,
        spool,
        run_id,
        window=window,
        on_batch=lambda done, _total: report_progress(progress, done, total),
    ):
        summary.record_batch(report)

    discovery_failures = [f for f in summary.failures if f.stage == "feed" or f.feed_name == URLS_FEED]
    run = Run(
        run_id=run_id,
        flow="backfill",
        started_at=started,
        finished_at=datetime.now(UTC),
        parameters={
            "since": since,
            "until": until,
            "feeds": feeds,
            "sources": sources,
            "urls": len(urls.split()),
            "urls_file": urls_file,
        },
        feeds=len(chosen),
        articles_new=summary.new,
        articles_skipped=summary.already_stored,
        failures=len(summary.failures),
    )
    spool_run(spool, run, failures=[(f, started) for f in discovery_failures])
    try:
        summary.seconds.update(load_task(db_file))
    except WarehouseLockedError as e:
        summary.loaded, summary.message = False, f"{e}. Nothing is lost: the articles wait in {spool}."
        logger.warning(summary.message)
    create_table_artifact(
        summary_table(summary), key="backfill-summary", description=f"Backfill {since} to {until}: per feed"
    )
    return summary


def validate(
    settings: Settings, since: date, until: date, feeds: list[str], sources: Sequence[str], urls: str, urls_file: str
) -> tuple[list[FeedConfig], Window]:
    """Check the parameters the server does not (dates, names, files) and fail with a clear message."""
    if until < since:
        raise ConfigError(f"until ({until}) is before since ({since})")
    if not sources:
        raise ConfigError("choose at least one source: feed, sitemap or urls")
    unknown = sorted(set(feeds) - {f.name for f in settings.feeds})
    if unknown:
        raise ConfigError(f"feeds not in the feeds file: {', '.join(unknown)}")
    if urls_file and not Path(urls_file).is_file():
        raise ConfigError(f"urls_file {urls_file} does not exist")
    if "urls" in sources and not (urls.strip() or urls_file):
        raise ConfigError("source 'urls' needs URLs pasted in `urls` or a file in `urls_file`")
    chosen = [f for f in settings.feeds if not feeds or f.name in feeds] if {"feed", "sitemap"} & set(sources) else []
    start = datetime.combine(since, time(), UTC)
    return chosen, Window(start, datetime.combine(until + timedelta(days=1), time(), UTC))


def pasted_urls(urls: str, urls_file: str) -> list[str]:
    lines = urls.split()
    if urls_file:
        lines += Path(urls_file).read_text(encoding="utf-8").split()
    return lines


def report_progress(artifact_id: uuid.UUID, done: int, total: int) -> None:
    update_progress_artifact(artifact_id, 100.0 * done / max(total, 1))
    for hook in PROGRESS_HOOKS:
        hook(done, total)


def summary_table(summary: IngestSummary) -> list[dict]:
    return [
        {
            "feed": f.feed_name,
            "found": f.found,
            "new": f.new,
            "skipped (stored)": f.already_stored,
            "outside window": f.outside_window,
            "failed": f.failed,
        }
        for f in summary.feeds.values()
    ]


# For callers in this process (the CLI, tests) whose feeds file is not the one the form was built from:
# the flow checks feed names against the run's own feeds file itself (validate), with a clear message.
run_backfill = backfill.with_options(validate_parameters=False)
