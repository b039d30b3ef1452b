"""Data checks: SQL that returns the offending rows (none when the warehouse is healthy)."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from warehouse.connection import scalar

CHECKS: dict[str, str] = {
    "articles without a conflict verdict": """
        SELECT a.article_id, a.url FROM articles a ANTI JOIN article_conflict c USING (article_id)""",
    "tags of articles that do not exist": """
        SELECT DISTINCT t.article_id FROM article_tags t ANTI JOIN articles a USING (article_id)""",
    "articles stored twice under one URL": """
        SELECT url, count(*) AS copies FROM articles GROUP BY url HAVING count(*) > 1""",
    "articles with too little text": """
        SELECT article_id, url, word_count FROM articles WHERE word_count < 20""",
    "articles published in the future": """
        SELECT article_id, url, published_at FROM articles WHERE published_at > now() + INTERVAL 1 DAY""",
    "articles without a story": """
        SELECT article_id, url FROM articles WHERE story_id IS NULL""",
    "feeds failing for a day or more": """
        SELECT feed_name, consecutive_failures, last_success_at, last_error FROM feed_state
        WHERE consecutive_failures > 0 AND coalesce(last_success_at, TIMESTAMPTZ '1970-01-01')
              < now() - INTERVAL 1 DAY""",
}


@dataclass(frozen=True)
class CheckResult:
    name: str
    offending: int
    sample: list[tuple]


def run_checks(con: duckdb.DuckDBPyConnection, sample: int = 5) -> list[CheckResult]:
    """Every check with its count of offending rows and a few of them."""
    results = []
    for name, sql in CHECKS.items():
        rows = con.execute(f"SELECT * FROM ({sql}) LIMIT {sample}").fetchall()
        count = scalar(con, f"SELECT count(*) FROM ({sql})")
        results.append(CheckResult(name, count, rows))
    return results
