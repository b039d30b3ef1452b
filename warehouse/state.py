"""What the pipeline must know before fetching: feed validators and which articles need no fetch.
Read from the warehouse (read-only, so an analyst's open session does not block it) and the spool."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from tasks.records import FeedState, StoredArticle
from warehouse import spool as spooling
from warehouse.connection import connect, scalar

READ_WAIT_SECONDS = 60.0
FEED_STATE = "SELECT * FROM {source}"
# stored articles and pages that failed for good are not fetched again
# the candidate ids come in as a registered Arrow table: as a list parameter DuckDB converts them one by one
KNOWN_IN_WAREHOUSE = """
    SELECT article_id FROM articles WHERE article_id IN (SELECT article_id FROM candidate_ids)
    UNION SELECT article_id FROM failures WHERE permanent AND article_id IN (SELECT article_id FROM candidate_ids)"""
# (a warehouse not yet migrated to 0009 has no aliases: the next load creates the table)
KNOWN_ALIASES = """SELECT alias_id FROM article_aliases WHERE alias_id IN (SELECT article_id FROM candidate_ids)"""
HAS_TABLE = "SELECT count(*) FROM information_schema.tables WHERE table_name = ?"
KNOWN_IN_SPOOL_ARTICLES = """SELECT article_id FROM read_parquet($files)
                             WHERE article_id IN (SELECT article_id FROM candidate_ids)"""
KNOWN_IN_SPOOL_ADDRESSES = """SELECT alias_id FROM read_parquet($files)
                              WHERE alias_id IN (SELECT article_id FROM candidate_ids)"""
KNOWN_IN_SPOOL_FAILURES = """SELECT article_id FROM read_parquet($files, union_by_name = true)
                             WHERE permanent AND article_id IN (SELECT article_id FROM candidate_ids)"""


_FEED_STATE_FIELDS = [f.name for f in dataclasses.fields(FeedState)]


def _reader(db: Path) -> tuple[duckdb.DuckDBPyConnection, bool]:
    """A read-only connection to the warehouse, or an in-memory one when the file does not exist yet."""
    if db.exists():
        con = connect(db, read_only=True, wait=READ_WAIT_SECONDS)
        has_schema = bool(scalar(con, HAS_TABLE, ["articles"]))
        return con, has_schema
    return duckdb.connect(), False


def feed_states(db: Path, spool: Path) -> dict[str, FeedState]:
    """The latest known state of each feed: the warehouse's, overridden by newer spooled state."""
    con, has_schema = _reader(db)
    try:
        states: dict[str, FeedState] = {}
        sources: list[tuple[str, list[str]]] = [("feed_state", [])] if has_schema else []
        sources += [("read_parquet(?)", [path]) for path in spooling.files(spool, "feed_state")]
        for source, params in sources:  # the warehouse, then spooled batches oldest first: newer wins
            cursor = con.execute(FEED_STATE.format(source=source), params)
            names = [d[0] for d in cursor.description]
            for values in cursor.fetchall():
                row = dict(zip(names, values, strict=True))
                # row.get: a field the source has no column for is None
                fields: dict[str, Any] = {k: row.get(k) for k in _FEED_STATE_FIELDS}
                states[row["feed_name"]] = FeedState(**fields)
        return states
    finally:
        con.close()


def known_ids(db: Path, spool: Path, ids: Iterable[str]) -> set[str]:
    """Which of `ids` are stored (as an article or another address of one), waiting in the spool, or
    failed for good."""
    ids = list(set(ids))
    if not ids:
        return set()
    con, has_schema = _reader(db)
    try:
        con.register("candidate_ids", pa.table({"article_id": pa.array(ids, pa.string())}))
        known: set[str] = set()
        if has_schema:
            known |= {r[0] for r in con.execute(KNOWN_IN_WAREHOUSE).fetchall()}
            if scalar(con, HAS_TABLE, ["article_aliases"]):
                known |= {r[0] for r in con.execute(KNOWN_ALIASES).fetchall()}
        if article_files := spooling.files(spool, "articles"):
            known |= {r[0] for r in con.execute(KNOWN_IN_SPOOL_ARTICLES, {"files": article_files}).fetchall()}
        if address_files := spooling.files(spool, "article_addresses"):
            known |= {r[0] for r in con.execute(KNOWN_IN_SPOOL_ADDRESSES, {"files": address_files}).fetchall()}
        if failure_files := spooling.files(spool, "failures"):
            known |= {r[0] for r in con.execute(KNOWN_IN_SPOOL_FAILURES, {"files": failure_files}).fetchall()}
        return known
    finally:
        con.close()


STALE_ARTICLES = """
    SELECT a.article_id, a.title, a.text, a.language, a.language_confidence, a.word_count, a.country
    FROM articles a LEFT JOIN article_conflict c USING (article_id)
    WHERE NOT $only_stale OR c.lexicon_version IS NULL OR c.lexicon_version <> $version
    ORDER BY a.article_id"""


def articles_to_retag(db: Path, version: str, *, only_stale: bool, chunk: int) -> Iterator[list[StoredArticle]]:
    """Stored articles (those tagged with another lexicon version, or all), `chunk` at a time."""
    con, has_schema = _reader(db)
    try:
        if not has_schema:
            return
        cursor = con.execute(STALE_ARTICLES, {"only_stale": only_stale, "version": version})
        while rows := cursor.fetchmany(chunk):
            yield [StoredArticle(*row) for row in rows]
    finally:
        con.close()
