"""The search index (migration 0011): each article's search terms, written when the article is loaded.
search_articles reads it; `index_articles` fills it for articles written some other way."""

from __future__ import annotations

import duckdb

# `{source}` holds article_id, title and text of articles not indexed yet
INDEX = (
    """CREATE OR REPLACE TEMP TABLE load_terms AS SELECT DISTINCT
           unnest(search_terms(coalesce(title, '') || ' ' || text)) AS word, article_id FROM {source}""",
    # new terms are numbered after the last
    """INSERT INTO search_words
       SELECT (SELECT coalesce(max(word_id), 0) FROM search_words) + row_number() OVER (ORDER BY word), word
       FROM (SELECT DISTINCT word FROM load_terms WHERE word NOT IN (SELECT word FROM search_words))""",
    """INSERT INTO search_postings
       SELECT w.word_id, t.article_id FROM load_terms t JOIN search_words w USING (word) ORDER BY t.article_id""",
    "DROP TABLE load_terms",
)
UNINDEXED = ("(SELECT article_id, title, text FROM articles "
             "WHERE article_id NOT IN (SELECT article_id FROM search_postings))")


def index_statements(source: str) -> tuple[str, ...]:
    """The statements that index the articles of `source` (a table or subquery)."""
    return tuple(sql.format(source=source) for sql in INDEX)


def index_articles(con: duckdb.DuckDBPyConnection) -> None:
    """Index every stored article that is not in the index yet (articles written without a load)."""
    for sql in index_statements(UNINDEXED):
        con.execute(sql)
