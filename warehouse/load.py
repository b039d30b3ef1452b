"""Load spooled batches into the warehouse: bulk (one statement per table for all pending batches),
idempotent, in one transaction."""

from __future__ import annotations

import contextlib
import logging
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from warehouse import spool as spooling
from warehouse.aliases import HELD_BACK, hold_back_aliases
from warehouse.connection import scalar, transaction
from warehouse.events import refresh_events
from warehouse.search import index_statements
from warehouse.stories import assign_stories

log = logging.getLogger(__name__)

MAX_BATCHES_PER_TRANSACTION = 200  # ~10,000 articles per transaction: a 10,136-article load takes 7 s and
# 0.6 GB (python bench/ingest_bench.py --copies 56)

# Every source reads all pending batch files of a table; `batch` is the batch folder's name, which sorts
# by time. When an article appears in several pending batches (two runs spooled it while the warehouse
# was locked), the oldest copy of the article wins and the newest tagging, places and state win.
SOURCE = (
    "(SELECT *, regexp_extract(filename, '([^/]+)/[^/]+$', 1) AS batch "
    "FROM read_parquet($files, filename = true, union_by_name = true))"
)
# ... less the pages held back as another article's second address (warehouse/aliases.py)
KEPT = f"(SELECT * FROM {SOURCE} WHERE article_id NOT IN (SELECT alias_id FROM {HELD_BACK}))"
COUNT_NEW = f"""SELECT count(DISTINCT article_id) FROM {KEPT}
                WHERE article_id NOT IN (SELECT article_id FROM articles)"""
LOADS: dict[str, tuple[str, ...]] = {
    # appends: a row already stored wins
    "articles": (
        f"""CREATE OR REPLACE TEMP TABLE load_new_articles AS SELECT article_id, title, text FROM {KEPT}
            WHERE article_id NOT IN (SELECT article_id FROM articles)
            QUALIFY row_number() OVER (PARTITION BY article_id ORDER BY batch) = 1""",
        f"""INSERT OR IGNORE INTO articles BY NAME
            SELECT a.* EXCLUDE (filename, batch), s.story_id, s.duplicate_of, now() AS loaded_at
            FROM {KEPT} a LEFT JOIN batch_stories s USING (article_id)
            QUALIFY row_number() OVER (PARTITION BY a.article_id ORDER BY a.batch) = 1""",
        *index_statements("load_new_articles"),  # the search index
    ),
    # a verdict replaces the article's verdict, tags, casualty figures and locations as a whole
    "article_conflict": (
        f"CREATE OR REPLACE TEMP TABLE load_verdicts AS SELECT article_id, max(batch) AS batch FROM {KEPT} "
        "GROUP BY article_id",
        "DELETE FROM article_tags WHERE article_id IN (SELECT article_id FROM load_verdicts)",
        "DELETE FROM article_casualties WHERE article_id IN (SELECT article_id FROM load_verdicts)",
        # locations are written for conflict articles only: an article no longer conflict keeps none
        "DELETE FROM article_locations WHERE article_id IN (SELECT article_id FROM load_verdicts)",
        f"""INSERT OR REPLACE INTO article_conflict BY NAME
            SELECT c.* EXCLUDE (filename, batch) FROM {KEPT} c JOIN load_verdicts v USING (article_id, batch)""",
    ),
    # tags and places have no key (migration 0015): an article's rows are deleted above, then inserted once
    "article_tags": (
        f"""INSERT INTO article_tags BY NAME
        SELECT t.* EXCLUDE (filename, batch) FROM {KEPT} t JOIN load_verdicts v USING (article_id, batch)
        QUALIFY row_number() OVER (PARTITION BY article_id, category, term) = 1""",
    ),
    "article_casualties": (
        f"""INSERT OR REPLACE INTO article_casualties BY NAME
        SELECT k.* EXCLUDE (filename, batch) FROM {KEPT} k JOIN load_verdicts v USING (article_id, batch)""",
    ),
    "article_places": (
        f"DELETE FROM article_places WHERE article_id IN (SELECT article_id FROM {KEPT})",
        f"""INSERT INTO article_places BY NAME
            SELECT * EXCLUDE (filename, batch) FROM {KEPT}
            QUALIFY dense_rank() OVER (PARTITION BY article_id ORDER BY batch DESC) = 1
                AND row_number() OVER (PARTITION BY article_id, country_code, place ORDER BY batch DESC) = 1""",
    ),
    "article_locations": (
        f"DELETE FROM article_locations WHERE article_id IN (SELECT article_id FROM {KEPT})",
        f"""INSERT INTO article_locations BY NAME
            SELECT * EXCLUDE (filename, batch) FROM {KEPT}
            QUALIFY dense_rank() OVER (PARTITION BY article_id ORDER BY batch DESC) = 1""",
    ),
    "failures": (
        f"""INSERT OR IGNORE INTO failures BY NAME SELECT * EXCLUDE (filename, batch) FROM {SOURCE}
        QUALIFY row_number() OVER (PARTITION BY failure_id ORDER BY batch) = 1""",
    ),
    # replaces: the newest state wins
    "feed_state": (
        f"""INSERT OR REPLACE INTO feed_state BY NAME SELECT * EXCLUDE (filename, batch) FROM {SOURCE}
        QUALIFY row_number() OVER (PARTITION BY feed_name ORDER BY last_polled_at DESC, batch DESC) = 1""",
    ),
    "runs": (
        f"""INSERT OR REPLACE INTO runs BY NAME SELECT * EXCLUDE (filename, batch) FROM {SOURCE}
        QUALIFY row_number() OVER (PARTITION BY run_id ORDER BY batch DESC) = 1""",
    ),
}


@dataclass(frozen=True)
class LoadReport:
    batches: int
    articles: int
    seconds: dict[str, float] = field(default_factory=dict)  # per step: stories, then each table, then events


def load_pending(con: duckdb.DuckDBPyConnection, spool: Path) -> LoadReport:
    """Load every complete batch in the spool, oldest first, and delete the batches once committed."""
    spooling.sweep_partials(spool)
    batches = articles = 0
    seconds: Counter[str] = Counter()
    while pending := spooling.pending(spool)[:MAX_BATCHES_PER_TRANSACTION]:
        new, steps = load_batches(con, pending)
        articles += new
        seconds.update(steps)
        for batch in pending:
            spooling.discard(batch)
        batches += len(pending)
    if batches:
        log.info("loaded %d spooled batches (%d new articles)", batches, articles)
    return LoadReport(batches, articles, dict(seconds))


def load_batches(con: duckdb.DuckDBPyConnection, batches: list[Path]) -> tuple[int, dict[str, float]]:
    """Load batch folders in one transaction; returns how many articles were new, and the seconds of each
    step. Loading the same batches again stores nothing twice (a kill between the commit and the deletion
    is harmless)."""
    files = {t: [str(b / f"{t}.parquet") for b in batches if (b / f"{t}.parquet").exists()] for t in spooling.TABLES}
    new = 0
    seconds: dict[str, float] = {}
    try:
        with transaction(con):
            hold_back_aliases(con, files["articles"], files["article_addresses"])
            if files["articles"]:
                with _timed(seconds, "stories"):
                    new = scalar(con, COUNT_NEW, {"files": files["articles"]})
                    con.register("batch_stories", assign_stories(con, files["article_fingerprints"], files["articles"]))
            for table, statements in LOADS.items():
                if files[table]:
                    with _timed(seconds, table):
                        for sql in statements:
                            con.execute(sql, {"files": files[table]} if "$files" in sql else None)
            if touched := files["article_conflict"] + files["article_locations"]:
                with _timed(seconds, "conflict_events"):
                    refresh_events(con, touched)  # the events of the stories these articles belong to
    finally:
        if files["articles"]:
            con.unregister("batch_stories")
    return new, seconds


@contextlib.contextmanager
def _timed(seconds: dict[str, float], step: str) -> Iterator[None]:
    started = time.perf_counter()
    yield
    seconds[step] = seconds.get(step, 0.0) + time.perf_counter() - started
