"""Load spooled batches into the warehouse: bulk, idempotent, one transaction per batch."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import duckdb

from warehouse import spool as spooling
from warehouse.stories import assign_stories

log = logging.getLogger(__name__)

COUNT_NEW = "SELECT count(*) FROM read_parquet(?) WHERE article_id NOT IN (SELECT article_id FROM articles)"
# How each table merges: articles and failures append (a row already there wins); verdicts, feed state
# and runs replace; an article's tags and casualty figures are replaced as a whole with its verdict, and
# its places as a whole.
INSERT_ARTICLES = """
    INSERT OR IGNORE INTO articles BY NAME
    SELECT a.*, s.story_id, s.duplicate_of, now() AS loaded_at
    FROM read_parquet(?) a LEFT JOIN batch_stories s USING (article_id)"""
LOADS: dict[str, tuple[str, ...]] = {
    "article_conflict": (
        "DELETE FROM article_tags WHERE article_id IN (SELECT article_id FROM read_parquet(?))",
        "DELETE FROM article_casualties WHERE article_id IN (SELECT article_id FROM read_parquet(?))",
        "INSERT OR REPLACE INTO article_conflict BY NAME SELECT * FROM read_parquet(?)",
    ),
    "article_tags": ("INSERT OR REPLACE INTO article_tags BY NAME SELECT * FROM read_parquet(?)",),
    "article_casualties": ("INSERT OR REPLACE INTO article_casualties BY NAME SELECT * FROM read_parquet(?)",),
    "article_places": (
        "DELETE FROM article_places WHERE article_id IN (SELECT article_id FROM read_parquet(?))",
        "INSERT OR REPLACE INTO article_places BY NAME SELECT * FROM read_parquet(?)",
    ),
    "failures": ("INSERT OR IGNORE INTO failures BY NAME SELECT * FROM read_parquet(?)",),
    "feed_state": ("INSERT OR REPLACE INTO feed_state BY NAME SELECT * FROM read_parquet(?)",),
    "runs": ("INSERT OR REPLACE INTO runs BY NAME SELECT * FROM read_parquet(?)",),
}


@dataclass(frozen=True)
class LoadReport:
    batches: int
    articles: int


def load_pending(con: duckdb.DuckDBPyConnection, spool: Path) -> LoadReport:
    """Load every complete batch in the spool, oldest first, deleting each once committed."""
    spooling.sweep_partials(spool)
    batches = articles = 0
    for batch in spooling.pending(spool):
        articles += load_batch(con, batch)
        spooling.discard(batch)
        batches += 1
    if batches:
        log.info("loaded %d spooled batches (%d new articles)", batches, articles)
    return LoadReport(batches, articles)


def load_batch(con: duckdb.DuckDBPyConnection, batch: Path) -> int:
    """Load one batch folder in one transaction; returns how many articles were new."""
    new = 0
    con.execute("BEGIN")
    try:
        articles = batch / "articles.parquet"
        if articles.exists():
            new = con.execute(COUNT_NEW, [str(articles)]).fetchone()[0]
            con.register("batch_stories", assign_stories(con, batch / "article_fingerprints.parquet", articles))
            con.execute(INSERT_ARTICLES, [str(articles)])
            con.unregister("batch_stories")
        for table, statements in LOADS.items():
            path = batch / f"{table}.parquet"
            if path.exists():
                for sql in statements:
                    con.execute(sql, [str(path)])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return new
