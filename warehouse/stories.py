"""Assign each newly loaded article to a story: the SQL that finds each new article's candidates among the
stored ones and stores what tasks/stories.py decides."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta

import duckdb
import pyarrow as pa

from tasks.stories import TOP_CANDIDATES, NewArticle, article_band_keys, group_into_stories

# A new article is compared with the articles loaded in the last STORY_WINDOW_DAYS: reprints of a wire story
# appear within days, and a window keeps a load's cost to its batch however large the warehouse grows.
STORY_WINDOW_DAYS = int(os.environ.get("SITREP_STORY_WINDOW_DAYS", "30"))
NEW_IN_BATCH = """
    SELECT article_id, signature, content_hash FROM (
        SELECT DISTINCT ON (f.article_id) f.article_id, f.signature, a.content_hash, a.fetched_at
        FROM read_parquet($fingerprints) f JOIN read_parquet($articles, union_by_name = true) a USING (article_id)
        WHERE f.article_id NOT IN (SELECT article_id FROM articles)
          AND f.article_id NOT IN (SELECT alias_id FROM load_aliased)
        ORDER BY f.article_id, a.fetched_at)
    ORDER BY fetched_at, article_id"""
# Candidates are ranked by shared band keys in SQL, and only the top few bring their signatures back:
# a wire story reprinted by hundreds of outlets shares every band with each reprint, and bringing every
# reprint's signature back would cost memory and time in proportion to the reprints already stored.
CANDIDATES = f"""
    SELECT n.article_id AS new_id, f.article_id, f.story_id, f.signature
    FROM (SELECT n.article_id, b.article_id AS other, count(*) AS shared
          FROM batch_band_keys n JOIN story_bands b USING (band_key)
          WHERE b.loaded_at >= $since
          GROUP BY n.article_id, b.article_id
          QUALIFY row_number() OVER (PARTITION BY n.article_id ORDER BY shared DESC, other) <= {TOP_CANDIDATES}) n
    JOIN (SELECT * FROM article_fingerprints WHERE loaded_at >= $since) f ON f.article_id = n.other"""
FIRST_WITH_TEXT = """
    SELECT content_hash, arg_min(article_id, loaded_at) FROM articles
    WHERE content_hash IN (SELECT content_hash FROM batch_hashes) GROUP BY content_hash"""
# only articles not stored yet get here (NEW_IN_BATCH), in the transaction that stores them: written once
SAVE_FINGERPRINTS = "INSERT INTO article_fingerprints BY NAME SELECT *, now() AS loaded_at FROM batch_stories_fp"
SAVE_BANDS = "INSERT INTO story_bands BY NAME SELECT *, now() AS loaded_at FROM batch_story_bands"
FORGET_OLD_BANDS = "DELETE FROM story_bands WHERE loaded_at < $since"


def assign_stories(con: duckdb.DuckDBPyConnection, fingerprints: list[str], articles: list[str]) -> pa.Table:
    """(article_id, story_id, duplicate_of) for the new articles of the batches being loaded; also records
    their fingerprints and band keys. Runs inside the load transaction, before the articles are inserted."""
    new = (
        [
            NewArticle(aid, sig, content_hash)
            for aid, sig, content_hash in con.execute(
                NEW_IN_BATCH, {"fingerprints": fingerprints, "articles": articles}
            ).fetchall()
        ]
        if fingerprints
        else []
    )
    if not new:
        return pa.table(
            {
                "article_id": pa.array([], pa.string()),
                "story_id": pa.array([], pa.string()),
                "duplicate_of": pa.array([], pa.string()),
            }
        )
    keys = {a.article_id: article_band_keys(a) for a in new}
    # lists go in as registered Arrow tables: as query parameters DuckDB converts them value by value
    con.register(
        "batch_band_keys",
        pa.table(
            {
                "article_id": pa.array([aid for aid, ks in keys.items() for _ in ks], pa.string()),
                "band_key": pa.array([k for ks in keys.values() for k in ks], pa.int64()),
            }
        ),
    )
    con.register(
        "batch_hashes", pa.table({"content_hash": pa.array(sorted({a.content_hash for a in new}), pa.string())})
    )
    stored: dict[str, list[str]] = {}  # new article -> its top stored candidates
    known: dict[str, tuple[str, list[int]]] = {}  # stored candidate -> (story, signature)
    since = datetime.now(UTC) - timedelta(days=STORY_WINDOW_DAYS)
    for new_id, aid, story, sig in con.execute(CANDIDATES, {"since": since}).fetchall():
        stored.setdefault(new_id, []).append(aid)
        known[aid] = (story, sig)
    first_copy = dict(con.execute(FIRST_WITH_TEXT).fetchall())
    con.unregister("batch_band_keys")
    con.unregister("batch_hashes")

    assigned = group_into_stories(new, stored, known, first_copy)
    con.register(
        "batch_stories_fp",
        pa.table(
            {
                "article_id": [a.article_id for a in assigned],
                "story_id": [a.story_id for a in assigned],
                "signature": [a.signature for a in assigned],
            }
        ),
    )
    con.register(
        "batch_story_bands",
        pa.table(
            {
                "band_key": pa.array([k for a in assigned for k in a.band_keys], pa.int64()),
                "article_id": pa.array([a.article_id for a in assigned for _ in a.band_keys], pa.string()),
            }
        ),
    )
    con.execute(SAVE_FINGERPRINTS)
    con.execute(SAVE_BANDS)
    con.execute(FORGET_OLD_BANDS, {"since": since})
    con.unregister("batch_stories_fp")
    con.unregister("batch_story_bands")
    return pa.table(
        {
            "article_id": pa.array([a.article_id for a in assigned], pa.string()),
            "story_id": pa.array([a.story_id for a in assigned], pa.string()),
            "duplicate_of": pa.array([a.duplicate_of for a in assigned], pa.string()),
        }
    )
