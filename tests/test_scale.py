"""The ingest flow with its batch tasks on a Dask LocalCluster (prefect-dask), one writer kept."""

from __future__ import annotations

import duckdb
import pytest

pytestmark = [pytest.mark.usefixtures("prefect_harness"), pytest.mark.e2e]


def test_ingest_on_a_local_dask_cluster(site, write_feeds, db):
    from flows.scale import ingest_on_dask

    feeds = write_feeds({"news": site.url("/feed.xml"), "atom": site.url("/atom.xml")})
    summary = ingest_on_dask(feeds_file=str(feeds), db=str(db), workers=2)
    assert summary.loaded and summary.new == 3
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = dict(
            con.execute(
                "select a.url, c.is_conflict from articles a join article_conflict c using (article_id)"
            ).fetchall()
        )
    finally:
        con.close()
    assert rows[site.url("/a/seed")] and rows[site.url("/a/shelling")]
    assert len(rows) == 3
