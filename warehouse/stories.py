"""Assign each newly loaded article to a story: the first stored article with a near-identical text."""

from __future__ import annotations

from collections import Counter

import duckdb
import pyarrow as pa

from tasks.fingerprint import NUM_PERM, SAME_STORY, band_keys, similarity

NEW_IN_BATCH = """
    SELECT article_id, signature, content_hash FROM (
        SELECT DISTINCT ON (f.article_id) f.article_id, f.signature, a.content_hash, a.fetched_at
        FROM read_parquet($fingerprints) f JOIN read_parquet($articles, union_by_name = true) a USING (article_id)
        WHERE f.article_id NOT IN (SELECT article_id FROM articles)
          AND f.article_id NOT IN (SELECT alias_id FROM load_aliased)
        ORDER BY f.article_id, a.fetched_at)
    ORDER BY fetched_at, article_id"""
TOP_CANDIDATES = 3  # per new article: the stored (or earlier new) articles sharing the most band keys
# Candidates are ranked by shared band keys in SQL, and only the top few bring their signatures back:
# a wire story reprinted by hundreds of outlets shares every band with each reprint, and fetching all
# of them (band by band, signature and all) took 1.5 GB and 11 s to load 200 articles.
CANDIDATES = f"""
    SELECT n.article_id AS new_id, f.article_id, f.story_id, f.signature
    FROM (SELECT n.article_id, b.article_id AS other, count(*) AS shared
          FROM batch_band_keys n JOIN story_bands b USING (band_key)
          GROUP BY n.article_id, b.article_id
          QUALIFY row_number() OVER (PARTITION BY n.article_id ORDER BY shared DESC, other) <= {TOP_CANDIDATES}) n
    JOIN article_fingerprints f ON f.article_id = n.other"""
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
    # lists go in as registered Arrow tables: as query parameters DuckDB converts them value by value
    con.register("batch_band_keys", pa.table({
        "article_id": pa.array([aid for aid, ks in keys.items() for _ in ks], pa.string()),
        "band_key": pa.array([k for ks in keys.values() for k in ks], pa.int64())}))
    con.register("batch_hashes", pa.table({"content_hash": pa.array(sorted({h for *_, h in new}), pa.string())}))
    stored: dict[str, list[str]] = {}              # new article -> its top stored candidates
    known: dict[str, tuple[str, list[int]]] = {}   # article -> (story, signature)
    for new_id, aid, story, sig in con.execute(CANDIDATES).fetchall():
        stored.setdefault(new_id, []).append(aid)
        known[aid] = (story, sig)
    first_copy = dict(con.execute(FIRST_WITH_TEXT).fetchall())
    con.unregister("batch_band_keys")
    con.unregister("batch_hashes")

    rows = {"article_id": [], "story_id": [], "duplicate_of": []}
    fp_rows = {"article_id": [], "story_id": [], "signature": []}
    band_rows = {"band_key": [], "article_id": []}
    in_batch: dict[int, list[str]] = {}  # band key -> the latest few new articles having it
    for aid, sig, content_hash in new:
        shared = Counter(other for k in keys[aid] for other in in_batch.get(k, ()))
        candidates = stored.get(aid, []) + [other for other, _ in shared.most_common(TOP_CANDIDATES)]
        # the first of the most similar candidates, if similar enough
        score, best = max(((similarity(sig, known[other][1]), other) for other in candidates),
                          key=lambda scored: scored[0], default=(0.0, None))
        story = known[best][0] if best and score >= SAME_STORY else aid
        duplicate_of = first_copy.get(content_hash)
        if duplicate_of is None:
            first_copy[content_hash] = aid
        known[aid] = (story, sig)
        for k in keys[aid]:
            latest = in_batch.setdefault(k, [])
            latest.append(aid)
            if len(latest) > TOP_CANDIDATES:
                del latest[0]
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
