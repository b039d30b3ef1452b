"""The ingest flow: poll feeds -> fetch new pages -> extract and tag -> spool -> load into DuckDB."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime

from prefect import flow, get_run_logger
from prefect.runtime import flow_run
from prefect.task_runners import ThreadPoolTaskRunner

from flows.pipeline import NewItems, in_order_as_done, load_task, poll_feed_task, run_batches
from flows.summary import FeedSummary, IngestSummary
from tasks.errors import WarehouseLockedError
from tasks.feeds import due, fair_share, state_after_poll
from tasks.http import forget_hosts
from tasks.records import FeedItem, FeedPoll, Run
from tasks.settings import db_path, feeds_path, load_settings
from tasks.workers import warm_up, worker_pool
from warehouse import state
from warehouse.rows import spool_run
from warehouse.spool import spool_dir
from warehouse.store import prepare_warehouse


# flow() takes a TaskRunner[PrefectFuture[Any]], and TaskRunner is invariant in its future type, so no
# ThreadPoolTaskRunner (a TaskRunner[PrefectConcurrentFuture[R]]) fits; Prefect casts its own default one
@flow(
    name="ingest",
    task_runner=ThreadPoolTaskRunner(max_workers=8),  # type: ignore[arg-type]  # Prefect's typing: see above
    log_prints=True,
)
def ingest(feeds_file: str | None = None, db: str | None = None) -> IngestSummary:
    """Poll every configured feed once and store its new articles.

    Args:
        feeds_file: the feeds YAML file (default: $SITREP_FEEDS, else ./feeds.yaml).
        db: the DuckDB warehouse file (default: $SITREP_DB, else ./data/sitrep.duckdb).
    """
    with worker_pool():  # the run's worker processes, closed when it ends
        return _ingest(feeds_file, db)


def _ingest(feeds_file: str | None, db: str | None) -> IngestSummary:
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
    summary.record_resting(resting)
    futures = [
        poll_feed_task.submit(f, previous.get(f.name), settings.fetch) for f in settings.feeds if f.name not in resting
    ]
    polls: list[FeedPoll] = []
    pick = NewItems(db_file, spool)

    def new_articles() -> Iterator[list[FeedItem]]:
        """New articles, feed by feed as polls return: the first pages download (and extract) while other
        feeds are still being polled. Polls that are done together are checked against the warehouse
        together (one read-only connection each time)."""
        for group in in_order_as_done(futures):
            polls.extend(group)
            items, skipped = pick([item for poll in group for item in poll.items])
            summary.record_skipped(skipped)
            items, deferred = fair_share(items, settings.fetch.max_new_per_feed)
            summary.record_deferred(deferred)
            if items:
                warm_up()  # worker processes start, and load what they need while the first pages download
                yield items
        summary.record_polls(polls)
        logger.info("%d feeds polled; %d new articles to fetch", len(polls), len(pick.chosen))

    for report in run_batches(new_articles(), settings.fetch, spool, run_id):
        summary.record_batch(report)

    retry = summary.feeds_to_retry()
    run = Run(
        run_id=run_id,
        flow="ingest",
        parameters={"feeds_file": feeds_file, "db": db},
        started_at=started,
        finished_at=datetime.now(UTC),
        feeds=len(polls),
        articles_new=summary.new,
        articles_skipped=summary.already_stored,
        failures=len(summary.failures),
    )
    spool_run(
        spool,
        run,
        feed_states=[
            state_after_poll(p, previous.get(p.feed_name), keep_validators=p.feed_name in retry) for p in polls
        ],
        failures=[(p.failure, p.polled_at) for p in polls if p.failure],
    )
    try:
        summary.seconds.update(load_task(db_file))
    except WarehouseLockedError as e:
        summary.loaded = False
        summary.message = f"{e}. Nothing is lost: the fetched articles wait in {spool} and load on the next run."
        logger.warning(summary.message)
    return summary
