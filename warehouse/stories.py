"""Assign each newly loaded article to a story: the first stored article with a near-identical text."""

from __future__ import annotations

import duckdb
import pyarrow as pa

from tasks.fingerprint import NUM_PERM, SAME_STORY, band_keys, similarity

NEW_IN_BATCH = """
    SELECT article_id, signature, content_hash FROM (
        SELECT DISTINCT ON (f.article_id) f.article_id, f.signature, a.content_hash, a.fetched_at
        FROM read_parquet($fingerprints) f JOIN read_parquet($articles, union_by_name = true) a USING (article_id)
        WHERE f.article_id NOT IN (SELECT article_id FROM articles)
        ORDER BY f.article_id, a.fetched_at)
    ORDER BY fetched_at, article_id"""
CANDIDATES = """
    SELECT b.band_key, f.article_id, f.story_id, f.signature
    FROM story_bands b JOIN article_fingerprints f USING (article_id)
    WHERE b.band_key IN (SELECT band_key FROM batch_band_keys)"""
FIRST_WITH_TEXT = """
    SELECT content_hash, arg_min(article_id, loaded_at) FROM articles
    WHERE content_hash IN (SELECT content_hash FROM batch_hashes) GROUP BY content_hash"""
SAVE_FINGERPRINTS = "INSERT OR IGNORE INTO article_fingerprints BY NAME SELECT * FROM batch_stories_fp"
SAVE_BANDS = "INSERT OR IGNORE INTO story_bands BY NAME SELECT * FROM batch_story_bands"


def assign_stories(con: duckdb.DuckDBPyConnection, fingerprints: list[str], articles: list[str]) -> pa.Table:
    """(article_id, story_id, duplicate_of) for the new articles of the batches being loaded; also records
    their fingerprints and band keys. Runs inside the load transaction, before the articles are inserted."""
    new = con.execute(NEW_IN_BATCH, {"fingerprints": fingerprints, "articles": articles}).fetchall() \
        if fingerprints else []
    if not new:
        return pa.table({"article_id": pa.array([], pa.string()), "story_id": pa.array([], pa.string()),
                         "duplicate_of": pa.array([], pa.string())})
    keys = {aid: band_keys(sig) if len(sig) == NUM_PERM else [] for aid, sig, _ in new}
    all_keys = sorted({k for ks in keys.values() for k in ks})
    # lists go in as registered Arrow tables: as query parameters DuckDB converts them value by value
    con.register("batch_band_keys", pa.table({"band_key": pa.array(all_keys, pa.int64())}))
    con.register("batch_hashes", pa.table({"content_hash": pa.array(sorted({h for *_, h in new}), pa.string())}))
    known: dict[str, tuple[str, list[int]]] = {}   # article -> (story, signature)
    by_key: dict[int, list[str]] = {}              # band key -> articles having it
    for key, aid, story, sig in con.execute(CANDIDATES).fetchall():
        known[aid] = (story, sig)
        by_key.setdefault(key, []).append(aid)
    first_copy = dict(con.execute(FIRST_WITH_TEXT).fetchall())
    con.unregister("batch_band_keys")
    con.unregister("batch_hashes")

    rows = {"article_id": [], "story_id": [], "duplicate_of": []}
    fp_rows = {"article_id": [], "story_id": [], "signature": []}
    band_rows = {"band_key": [], "article_id": []}
    for aid, sig, content_hash in new:
        candidates = {other for k in keys[aid] for other in by_key.get(k, [])}
        best = max(candidates, key=lambda other: similarity(sig, known[other][1]), default=None)
        story = known[best][0] if best and similarity(sig, known[best][1]) >= SAME_STORY else aid
        duplicate_of = first_copy.get(content_hash)
        if duplicate_of is None:
            first_copy[content_hash] = aid
        known[aid] = (story, sig)
        for k in keys[aid]:
            by_key.setdefault(k, []).append(aid)
            band_rows["band_key"].append(k)
            band_rows["article_id"].append(aid)
        rows["article_id"].append(aid)
        rows["story_id"].append(story)
        rows["duplicate_of"].append(duplicate_of)
        fp_rows["article_id"].append(aid)
        fp_rows["story_id"].append(story)
        fp_rows["signature"].append(sig)
    con.register("batch_stories_fp", pa.table(fp_rows))
    con.register("batch_story_bands", pa.table(band_rows))
    con.execute(SAVE_FINGERPRINTS)
    con.execute(SAVE_BANDS)
    con.unregister("batch_stories_fp")
    con.unregister("batch_story_bands")
    return pa.table(rows)
