"""Record the other addresses of the articles being loaded, and hold back those that are an article
already stored (or loaded just before them) reached by a second address. The matching itself is
tasks/identity.py; this is its SQL."""

from __future__ import annotations

import duckdb
import pyarrow as pa

from tasks.identity import Alias, Fetched, Known, resolve
from tasks.records import Address

# the temp table every per-article load leaves out: ids of pages that are another article
HELD_BACK = "load_aliased"
CREATE_HELD_BACK = f"CREATE OR REPLACE TEMP TABLE {HELD_BACK} (alias_id VARCHAR PRIMARY KEY)"
NEW_ARTICLES = """
    SELECT article_id, url, title, content_hash FROM (
        SELECT *, regexp_extract(filename, '([^/]+)/[^/]+$', 1) AS batch
        FROM read_parquet($files, filename = true, union_by_name = true))
    WHERE article_id NOT IN (SELECT article_id FROM articles)
    QUALIFY row_number() OVER (PARTITION BY article_id ORDER BY batch) = 1
    ORDER BY batch, fetched_at, article_id"""
ADDRESSES = "SELECT DISTINCT article_id, alias_id, url, via FROM read_parquet($files)"
STORED_ALIASES = """SELECT alias_id, article_id, url, via FROM article_aliases
                    WHERE alias_id IN (SELECT alias_id FROM load_address_ids)"""
STORED_ARTICLES = """SELECT article_id, title, content_hash FROM articles
                     WHERE article_id IN (SELECT alias_id FROM load_address_ids)"""
SAVE_ALIASES = """INSERT OR IGNORE INTO article_aliases BY NAME
                  SELECT *, now() AS first_seen_at FROM load_new_aliases"""


def hold_back_aliases(con: duckdb.DuckDBPyConnection, articles: list[str], addresses: list[str]) -> int:
    """Within the load transaction, before the articles are inserted: fill HELD_BACK with the new articles
    that are another article, and store the alias rows. Returns how many were held back."""
    con.execute(CREATE_HELD_BACK)
    if not articles:
        return 0
    new = con.execute(NEW_ARTICLES, {"files": articles}).fetchall()
    if not new:
        return 0
    by_article: dict[str, list[Address]] = {}
    if addresses:
        for article_id, alias_id, url, via in con.execute(ADDRESSES, {"files": addresses}).fetchall():
            by_article.setdefault(article_id, []).append(Address(alias_id, url, via))
    fetched = [
        Fetched(aid, url, title, content_hash, tuple(by_article.get(aid, ()))) for aid, url, title, content_hash in new
    ]
    wanted = {f.article_id for f in fetched} | {a.alias_id for f in fetched for a in f.addresses}
    con.register("load_address_ids", pa.table({"alias_id": pa.array(sorted(wanted), pa.string())}))
    try:
        aliases = {row[0]: Alias(*row) for row in con.execute(STORED_ALIASES).fetchall()}
        con.register(
            "load_address_ids",
            pa.table({"alias_id": pa.array(sorted(wanted | {a.article_id for a in aliases.values()}), pa.string())}),
        )
        stored = {row[0]: Known(*row) for row in con.execute(STORED_ARTICLES).fetchall()}
    finally:
        con.unregister("load_address_ids")
    merged, own = resolve(fetched, stored, aliases)
    rows = list(merged.values()) + own
    if rows:
        con.register(
            "load_new_aliases",
            pa.table(
                {
                    "alias_id": [r.alias_id for r in rows],
                    "article_id": [r.article_id for r in rows],
                    "url": [r.url for r in rows],
                    "via": [r.via for r in rows],
                }
            ),
        )
        try:
            con.execute(SAVE_ALIASES)
        finally:
            con.unregister("load_new_aliases")
    if merged:
        con.register("load_merged", pa.table({"alias_id": pa.array(sorted(merged), pa.string())}))
        try:
            con.execute(f"INSERT INTO {HELD_BACK} SELECT alias_id FROM load_merged")
        finally:
            con.unregister("load_merged")
    return len(merged)
