"""The retag flow: apply the current tagger (lexicons, casualty patterns, verdict model) to stored
articles, fetching nothing."""

from __future__ import annotations

from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from tasks.records import StoredArticle
from tasks.settings import db_path
from tasks.version import tagger_version
from tasks.workers import retag_articles, worker_pool
from warehouse import state
from warehouse.rows import spool_retag
from warehouse.spool import spool_dir
from warehouse.store import load_spool

CHUNK = 2000  # articles per task: tags and verdicts of a chunk replace the old ones in one transaction


@task(name="retag-chunk", cache_policy=NO_CACHE)
def retag_chunk_task(articles: list[StoredArticle], spool: Path) -> int:
    spool_retag(spool, retag_articles(articles))
    return len(articles)


@flow(name="retag", log_prints=True)
def retag(db: str | None = None, all_articles: bool = False) -> int:
    """Re-tag stored articles with the current tagger (no fetching).

    Args:
        db: the DuckDB warehouse file (default: $SITREP_DB, else ./data/sitrep.duckdb).
        all_articles: re-tag every article; by default only those tagged with another tagger version.
    """
    with worker_pool():  # the run's worker processes, closed when it ends
        return _retag(db, all_articles)


def _retag(db: str | None, all_articles: bool) -> int:
    logger = get_run_logger()
    db_file = db_path(db)
    spool = spool_dir(db_file)
    version = tagger_version()
    done = 0
    for chunk in state.articles_to_retag(db_file, version, only_stale=not all_articles, chunk=CHUNK):
        done += retag_chunk_task(chunk, spool)
    load_spool(db_file)
    logger.info("re-tagged %d articles with tagger version %s", done, version)
    return done
