"""A year of feeds in one warehouse: does a load cost more when the file is large?

Ingests the 181 development pages x `--copies` (2,172 articles by default) from a local server, as a
user's deployment would, into a base warehouse. Copies that file and inflates the copy with synthetic
articles to `--articles` (fresh article ids, story ids, band keys and URLs; the same texts and tags;
load times spread over the past year; band keys, which sitrep forgets after the story window, only for the
copies inside it; each copy's search postings in word order, as a load writes them), as a year of feeds
would leave it. Then, in the same run, ingests
the same 2,172 *new* pages (other URLs) into an empty warehouse and into the large one, and prints for
each: the whole run's time, the load stage, the peak memory of sitrep and its workers (the sum over the
process tree at its highest, and the largest single process), then `search_articles` and the report's
time on the large file. The first figure to read is the ratio large / empty of the whole run.

    python bench/scale_bench.py [--articles 1000000] [--copies 12] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.ingest_bench import SITREP, load_pages, measure, serve  # noqa: E402
from warehouse.stories import STORY_WINDOW_DAYS  # noqa: E402

FEEDS = 50
COPIES_PER_STATEMENT = 40  # synthetic copies inserted per statement (bounded memory while inflating)

# one synthetic copy `k` of every stored article: fresh ids and URLs, the same texts; loaded k/copies of a
# year ago (so windows by load or publication time see a year of history)
INFLATE = {
    "articles": """
        INSERT INTO articles BY NAME
        SELECT a.* REPLACE (
                   substr(md5(a.article_id || '-' || k), 1, 16) AS article_id,
                   a.url || '?copy=' || k AS url,
                   a.canonical_url || '?copy=' || k AS canonical_url,
                   substr(md5(a.story_id || '-' || k), 1, 16) AS story_id,
                   CASE WHEN a.duplicate_of IS NOT NULL THEN substr(md5(a.duplicate_of || '-' || k), 1, 16) END
                       AS duplicate_of,
                   a.published_at - to_days(CAST(k * 365 // $copies AS INTEGER)) AS published_at,
                   a.fetched_at - to_days(CAST(k * 365 // $copies AS INTEGER)) AS fetched_at,
                   a.loaded_at - to_days(CAST(k * 365 // $copies AS INTEGER)) AS loaded_at)
        FROM base.articles a, range($first, $last) r(k)""",
    "article_fingerprints": """
        INSERT INTO article_fingerprints BY NAME
        SELECT substr(md5(f.article_id || '-' || k), 1, 16) AS article_id,
               substr(md5(f.story_id || '-' || k), 1, 16) AS story_id, f.signature,
               f.loaded_at - to_days(CAST(k * 365 // $copies AS INTEGER)) AS loaded_at
        FROM base.article_fingerprints f, range($first, $last) r(k)""",
    # band keys as sitrep keeps them: only the story window's (the loads of the year forgot the older ones)
    "story_bands": f"""
        INSERT INTO story_bands BY NAME
        SELECT b.* REPLACE ((hash(b.band_key, k) >> 1)::BIGINT AS band_key,
                            substr(md5(b.article_id || '-' || k), 1, 16) AS article_id,
                            b.loaded_at - to_days(CAST(k * 365 // $copies AS INTEGER)) AS loaded_at)
        FROM base.story_bands b, range($first, $last) r(k)
        WHERE k * 365 // $copies < {STORY_WINDOW_DAYS}""",
    # the search index as loads write it: each load's postings in word order (warehouse/search.py)
    "search_postings": """
        INSERT INTO search_postings BY NAME
        SELECT p.word_id, substr(md5(p.article_id || '-' || k), 1, 16) AS article_id
        FROM base.search_postings p, range($first, $last) r(k)
        ORDER BY k, p.word_id""",
    "conflict_events": """
        INSERT INTO conflict_events BY NAME
        SELECT e.* REPLACE (
                   substr(md5(e.event_id || '-' || k), 1, 16) AS event_id,
                   list_transform(e.article_ids, x -> substr(md5(x || '-' || k), 1, 16)) AS article_ids,
                   e.first_reported_at - to_days(CAST(k * 365 // $copies AS INTEGER)) AS first_reported_at,
                   e.last_reported_at - to_days(CAST(k * 365 // $copies AS INTEGER)) AS last_reported_at)
        FROM base.conflict_events e, range($first, $last) r(k)""",
}
# every other table keyed by article (tags, verdicts, places, the search index, ...): the copy's rows
PER_ARTICLE = """
    INSERT INTO {table} BY NAME
    SELECT t.* REPLACE (substr(md5(t.article_id || '-' || k), 1, 16) AS article_id)
    FROM base.{table} t, range($first, $last) r(k)"""
TABLES_BY_ARTICLE = """
    SELECT table_name FROM duckdb_columns() WHERE database_name = 'base' AND column_name = 'article_id'
      AND table_name NOT IN ('articles', 'article_fingerprints', 'story_bands', 'article_aliases', 'search_postings')
      AND table_name IN (SELECT table_name FROM duckdb_tables() WHERE database_name = 'base')"""


def write_feeds(path: Path, base: str) -> Path:
    path.write_text(
        "fetch:\n  allow_private_addresses: true\nfeeds:\n"
        + "".join(f"  - name: f{k}\n    url: {base}/feed/{k}.xml\n" for k in range(FEEDS))
    )
    return path


def inflate(base: Path, large: Path, articles: int) -> tuple[int, float]:
    """Copy `base` to `large` and add synthetic copies until it holds about `articles` articles."""
    started = time.perf_counter()
    shutil.copy(base, large)
    con = duckdb.connect(str(large))
    con.execute(f"ATTACH '{base}' AS base (READ_ONLY)")
    n = con.execute("SELECT count(*) FROM base.articles").fetchone()[0]
    copies = max(1, articles // n)
    by_article = [PER_ARTICLE.format(table=t) for (t,) in con.execute(TABLES_BY_ARTICLE).fetchall()]
    statements = [*INFLATE.values(), *by_article]
    for first in range(1, copies, COPIES_PER_STATEMENT):
        last = min(copies, first + COPIES_PER_STATEMENT)
        con.execute("BEGIN")
        for sql in statements:
            con.execute(
                sql,
                {"first": first, "last": last, "copies": copies}
                if "$copies" in sql
                else {"first": first, "last": last},
            )
        con.execute("COMMIT")
    con.execute("CHECKPOINT")
    total = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    con.close()
    return total, time.perf_counter() - started


def timed_sql(db: Path, sql: str) -> tuple[float, int]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        started = time.perf_counter()
        rows = len(con.execute(sql).fetchall())
        return time.perf_counter() - started, rows
    finally:
        con.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=1_000_000, help="articles in the large warehouse")
    ap.add_argument("--copies", type=int, default=12, help="copies of the 181 pages per ingest")
    ap.add_argument("--keep", help="work in this folder and keep it (the large file is reused if present)")
    a = ap.parse_args()
    work = Path(a.keep) if a.keep else Path(tempfile.mkdtemp(prefix="sitrep-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "PREFECT_HOME": str(work / "prefect"), "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    pages = load_pages()
    base, large, empty = work / "base.duckdb", work / "large.duckdb", work / "empty.duckdb"

    if not large.exists():
        server, url = serve(pages, a.copies, FEEDS)
        if not base.exists():
            measure(
                [SITREP, "ingest", "--feeds", str(write_feeds(work / "base.yaml", url)), "--db", str(base)], env, work
            )
        server.shutdown()
        partial = large.with_name(large.name + ".partial")  # renamed once whole: a failed build is not reused
        total, seconds = inflate(base, partial, a.articles)
        partial.rename(large)
        print(f"large warehouse: {total:,} articles, {large.stat().st_size / 1e9:.1f} GB, built in {seconds:.0f} s")
    else:
        print(f"large warehouse: reusing {large}")
    large_copy = work / "large-run.duckdb"
    for path in (empty, empty.with_name(empty.name + ".spool"), large_copy.with_name(large_copy.name + ".spool")):
        shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink(missing_ok=True)
    shutil.copy(large, large_copy)
    # a large file left by an older sitrep is upgraded first (its migrations are not what is measured)
    started = time.perf_counter()
    (work / "none.yaml").write_text("feeds: []\n")
    measure([SITREP, "ingest", "--feeds", str(work / "none.yaml"), "--db", str(large_copy)], env, work)
    print(f"upgrading the large warehouse to this sitrep (untimed below): {time.perf_counter() - started:.0f} s")

    server, url = serve(pages, a.copies, FEEDS, first_copy=1000)  # the same texts at new addresses
    feeds = write_feeds(work / "new.yaml", url)
    results = {}
    for name, db in (("empty", empty), ("large", large_copy)):
        seconds, out, process_mb, tree_mb = measure(
            [SITREP, "ingest", "--feeds", str(feeds), "--db", str(db)], env, work
        )
        stored = re.search(r"(\d+) new articles stored", out)
        load = re.search(r"load ([\d.]+)", out)
        results[name] = seconds
        print(
            f"ingest of {a.copies * len(pages)} new pages into the {name} warehouse: {seconds:.1f} s, "
            f"{stored.group(1) if stored else '?'} stored, load stage {float(load.group(1)) if load else 0:.1f} s, "
            f"peak memory {tree_mb:.0f} MB (sitrep and its workers), {process_mb:.0f} MB (largest process)"
        )
    server.shutdown()
    print(f"ratio large / empty: {results['large'] / results['empty']:.2f} (goal at most 1.25)")
    for pattern in ("Syria", "government", "prime minister"):
        search_s, hits = timed_sql(large_copy, f"SELECT * FROM search_articles('{pattern}')")
        print(f"search_articles('{pattern}') on the large warehouse: {search_s:.2f} s, {hits} rows")
    started = time.perf_counter()
    subprocess.run(
        [SITREP, "report", "--db", str(large_copy), "--out", str(work / "report.html")],
        env=env,
        check=True,
        capture_output=True,
    )
    print(f"report on the large warehouse: {time.perf_counter() - started:.1f} s")
    large_copy.unlink()
    if not a.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
