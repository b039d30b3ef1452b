"""The search index (migration 0011): each article's search terms, written when the article is loaded.
search_articles reads it. Articles stored before the index existed wait in search_backlog and are indexed
in chunks (`index_backlog`) when sitrep opens the warehouse."""

from __future__ import annotations

import duckdb

from warehouse.connection import scalar, transaction

# `{source}` holds article_id, title and text of articles not indexed yet
INDEX = (
    # search_terms lists each term of a text once, and each article is in {source} once
    """CREATE OR REPLACE TEMP TABLE load_terms AS SELECT
           unnest(search_terms(coalesce(title, '') || ' ' || text)) AS word, article_id FROM {source}""",
    # new terms are numbered after the last
    """INSERT INTO search_words
       SELECT (SELECT coalesce(max(word_id), 0) FROM search_words) + row_number() OVER (ORDER BY word), word
       FROM (SELECT DISTINCT word FROM load_terms WHERE word NOT IN (SELECT word FROM search_words))""",
    # in word order: each load's rows then cover narrow word ranges, which DuckDB's zone maps let a search
    # skip (search_articles('government') on a million articles: 2.3 s -> 0.9 s; python bench/scale_bench.py)
    """INSERT INTO search_postings
       SELECT w.word_id, t.article_id FROM load_terms t JOIN search_words w USING (word)
       ORDER BY w.word_id, t.article_id""",
    "DROP TABLE load_terms",
)
BACKLOG_CHUNK = 20_000  # articles indexed per transaction while an upgraded warehouse catches up
BACKLOG = "SELECT article_id FROM search_backlog LIMIT $chunk"
BACKLOG_SOURCE = (
    "(SELECT a.article_id, a.title, a.text FROM articles a "
    "WHERE a.article_id IN (SELECT article_id FROM backlog_chunk))"
)
HAS_BACKLOG = "SELECT EXISTS (SELECT 1 FROM search_backlog)"


def index_statements(source: str) -> tuple[str, ...]:
    """The statements that index the articles of `source` (a table or subquery)."""
    return tuple(sql.format(source=source) for sql in INDEX)


def index_backlog(con: duckdb.DuckDBPyConnection, chunk: int = BACKLOG_CHUNK) -> int:
    """Index the articles stored before the index existed, `chunk` per transaction; returns how many."""
    done = 0
    while scalar(con, HAS_BACKLOG):
        with transaction(con):
            con.execute(f"CREATE OR REPLACE TEMP TABLE backlog_chunk AS {BACKLOG}", {"chunk": chunk})
            for sql in index_statements(BACKLOG_SOURCE):
                con.execute(sql)
            done += scalar(con, "SELECT count(*) FROM backlog_chunk")
            con.execute("DELETE FROM search_backlog WHERE article_id IN (SELECT article_id FROM backlog_chunk)")
            con.execute("DROP TABLE backlog_chunk")
    return done


def index_articles(con: duckdb.DuckDBPyConnection) -> None:
    """Index every stored article not in the index (articles written without a load, as tests do)."""
    con.execute(
        "INSERT INTO search_backlog SELECT article_id FROM articles "
        "WHERE article_id NOT IN (SELECT article_id FROM search_postings)"
    )
    index_backlog(con)
