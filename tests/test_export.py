from __future__ import annotations

import json
import struct
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from tasks.errors import SitrepError
from warehouse import export
from warehouse.connection import connect
from warehouse.events import refresh_events
from warehouse.export import export_snapshot
from warehouse.migrate import migrate
from warehouse.search import index_articles

END = datetime(2024, 3, 20, 12, tzinfo=UTC)
TABLES = (
    "articles",
    "article_tags",
    "article_conflict",
    "article_casualties",
    "article_places",
    "article_locations",
    "feed_state",
    "failures",
    "runs",
    "article_aliases",
)
MONTHLY = TABLES[:6]

# Synthetic rows over the days before end_at: 5 feeds in 5 languages, 10 categories and 10 countries.
# Every 17th article has no published_at (its month comes from fetched_at); two in three are conflict.
FILL = """
CREATE TEMP TABLE feeds AS SELECT * FROM (VALUES
    (0, 'antara-dunia', 'id', 'ID'), (1, 'bbc-world', 'en', NULL), (2, 'lemonde-intl', 'fr', NULL),
    (3, 'dw-world', 'de', NULL), (4, 'tass-world', 'ru', 'RU')) f(k, feed_name, language, country);
CREATE TEMP TABLE cats AS SELECT * FROM (VALUES
    (0, 'armed_clash', 'clashes'), (1, 'air_or_missile_strike', 'airstrike'), (2, 'shelling_or_artillery', 'shelling'),
    (3, 'bombing_or_explosion', 'explosion'), (4, 'terrorism', 'terrorist'), (5, 'military_operation', 'offensive'),
    (6, 'protest', 'protesters'), (7, 'killing_or_casualties', 'killed'), (8, 'hostage_or_abduction', 'kidnapped'),
    (9, 'displacement_or_refugees', 'refugees')) c(k, category, term);
CREATE TEMP TABLE places AS SELECT * FROM (VALUES
    (0, 'UA', 'kyiv', 'UA-30', 50.45, 30.52), (1, 'SY', 'aleppo', 'SY-HL', 36.2, 37.16),
    (2, 'PS', 'gaza', 'PS-GZA', 31.5, 34.47), (3, 'SD', 'khartoum', NULL, 15.5, 32.56),
    (4, 'MM', 'yangon', NULL, 16.87, 96.2), (5, 'IL', 'israel', NULL, 31.5, 34.75),
    (6, 'YE', 'sanaa', NULL, 15.35, 44.21), (7, 'CD', 'goma', NULL, -1.68, 29.23),
    (8, 'ID', 'papua', NULL, NULL, NULL), (9, 'RU', 'belgorod', NULL, 50.6, 36.59))
    p(k, country_code, place, admin1_code, latitude, longitude);
CREATE TEMP TABLE n AS
    SELECT range AS i, getvariable('end_at') - INTERVAL 1 MINUTE * (range * getvariable('step')) AS ts
    FROM range(getvariable('articles'));
INSERT INTO articles (article_id, url, feed_name, title, published_at, published_source, fetched_at, language,
                      language_confidence, text, word_count, country, discovered_via, content_hash, run_id,
                      loaded_at, story_id)
SELECT 'a' || i, 'https://news.example/' || i, f.feed_name, 'Title ' || i,
       CASE WHEN i % 17 = 0 THEN NULL ELSE ts END, 'feed', ts + INTERVAL 5 MINUTE, f.language, 0.99,
       'text of article ' || i, 100, f.country, 'feed', 'h' || i, 'run' || (i % 10), ts + INTERVAL 6 MINUTE,
       'a' || (i - i % 2)
FROM n JOIN feeds f ON f.k = n.i % 5;
INSERT INTO article_conflict SELECT 'a' || i, i % 3 <> 0, 12.0, 'v1', 0.9 FROM n;
INSERT INTO article_tags SELECT 'a' || i, c.category, c.term, 2, 3.0, 'v1' FROM n JOIN cats c ON c.k = n.i % 10;
INSERT INTO article_tags SELECT 'a' || i, c.category, c.term, 1, 2.0, 'v1' FROM n JOIN cats c ON c.k = (n.i // 2) % 10
    WHERE i % 2 = 0 AND (n.i // 2) % 10 <> n.i % 10;
INSERT INTO article_places SELECT 'a' || i, p.country_code, p.place, 3 FROM n JOIN places p ON p.k = n.i % 10;
INSERT INTO article_locations BY NAME SELECT 'a' || i AS article_id, p.place AS name, p.place, p.country_code,
    p.admin1_code, p.latitude, p.longitude, 3 AS precision, 2 AS hits, true AS is_primary
    FROM n JOIN places p ON p.k = n.i % 10;
INSERT INTO article_casualties SELECT 'a' || i, i % 40, NULL, 'at least ' || (i % 40) || ' killed', 'v1'
    FROM n WHERE i % 4 = 0;
INSERT INTO feed_state (feed_name, url, last_status, last_polled_at, last_success_at, consecutive_failures,
                        last_error)
SELECT feed_name, 'https://news.example/' || feed_name || '.xml', CASE WHEN k = 3 THEN NULL ELSE 200 END,
       getvariable('end_at'),
       CASE WHEN k = 3 THEN getvariable('end_at') - INTERVAL 2 DAY ELSE getvariable('end_at') END,
       CASE WHEN k = 3 THEN 4 ELSE 0 END, CASE WHEN k = 3 THEN 'HTTP 503 Service Unavailable' END
FROM feeds;
INSERT INTO failures SELECT 'f' || range, 'run' || (range % 10), CASE WHEN range % 3 = 0 THEN 'feed' ELSE 'fetch' END,
       'https://news.example/x' || range, 'HTTP 404 Not Found', 'dw-world', 404, true, NULL,
       getvariable('end_at') - INTERVAL 1 DAY * range
FROM range(20);
INSERT INTO runs SELECT 'run' || range, 'ingest', '{}', getvariable('end_at') - INTERVAL 1 HOUR * range,
       getvariable('end_at') - INTERVAL 1 HOUR * range + INTERVAL 1 MINUTE, 'completed', 5, 30, 0, 2
FROM range(10);
DROP TABLE n; DROP TABLE feeds; DROP TABLE cats; DROP TABLE places;
"""
EVENT_FIELDS = ("event_id", "killed_median", "country_code", "admin1_code", "place", "articles", "category")
EVENTS = f"SELECT longitude, latitude, first_reported_at, {', '.join(EVENT_FIELDS)} FROM conflict_events"
MONTH_ROWS = """
SELECT strftime(timezone('UTC', coalesce(a.published_at, a.fetched_at)), '%Y-%m') AS month, count(*)
FROM {table} t JOIN articles a ON a.article_id = t.article_id GROUP BY ALL ORDER BY month"""


def fill_warehouse(db: Path, *, end: datetime = END, articles: int = 300, days: int = 75) -> Path:
    """A migrated warehouse with `articles` synthetic articles spread over the `days` before `end`."""
    con = connect(db)
    migrate(con)
    if articles:
        for name, value in (("end_at", end), ("articles", articles), ("step", days * 24 * 60 // articles)):
            con.execute(f"SET VARIABLE {name} = ?", [value])
        con.execute(FILL)
        index_articles(con)
        fill_conflict_events(con, db.parent)
    con.close()
    return db


def fill_conflict_events(con: duckdb.DuckDBPyConnection, folder: Path) -> None:
    """Since migration 0014 conflict_events is a table that each load recomputes (warehouse/events.py) for the
    articles it stored: recompute it for the articles FILL inserted. As the view of 0012 it needs nothing."""
    kind = con.execute("SELECT table_type FROM information_schema.tables WHERE table_name = 'conflict_events'")
    if kind.fetchone() != ("BASE TABLE",):
        return
    ids = folder / "fill_article_ids.parquet"
    con.execute(f"COPY (SELECT article_id FROM articles) TO '{ids}' (FORMAT parquet)")
    refresh_events(con, [str(ids)])
    ids.unlink()


def counts(con: duckdb.DuckDBPyConnection, prefix: str = "") -> dict[str, int]:
    return {t: con.execute(f"SELECT count(*) FROM {prefix}{t}").fetchone()[0] for t in TABLES}  # type: ignore[index]


@pytest.fixture
def warehouse(db: Path) -> Path:
    return fill_warehouse(db)


def test_snapshot_opens_read_only_with_the_same_rows_views_and_comments(warehouse: Path, tmp_path: Path):
    report = export_snapshot(warehouse, tmp_path / "out")
    assert report.snapshot == (tmp_path / "out" / "sitrep-snapshot.duckdb").resolve()
    with duckdb.connect(str(warehouse), read_only=True) as con:
        expected = counts(con)
        daily = con.execute("SELECT count(*), sum(articles) FROM daily_conflict_counts").fetchone()
        (events,) = con.execute("SELECT count(*) FROM conflict_events").fetchone()  # type: ignore[misc]
    assert expected["articles"] == 300 and events > 0
    with duckdb.connect(str(report.snapshot), read_only=True) as snap:
        assert counts(snap) == expected
        assert snap.execute("SELECT count(*), sum(articles) FROM daily_conflict_counts").fetchone() == daily
        assert snap.execute("SELECT comment FROM duckdb_tables() WHERE table_name = 'articles'").fetchone()[0]
        assert snap.execute("SELECT count(*) FROM search_articles('Title 1')").fetchone()[0] > 0
        assert (
            snap.execute(
                "SELECT tags['storage_version'] FROM duckdb_databases() WHERE database_name = current_database()"
            )
            .fetchone()[0]
            .startswith("v1.0")
        )
    assert report.rows == {**{t: expected[t] for t in TABLES}, "conflict_events": events}
    assert not [p for p in report.snapshot.parent.iterdir() if p.name.endswith((".tmp", ".wal", ".link"))]


def test_default_out_dir_is_export_beside_the_warehouse(warehouse: Path):
    report = export_snapshot(warehouse)
    assert report.snapshot == (warehouse.parent / "export" / "sitrep-snapshot.duckdb").resolve()


def test_an_open_reader_keeps_the_old_snapshot_while_a_new_one_is_published(warehouse: Path, tmp_path: Path):
    out = tmp_path / "out"
    first = export_snapshot(warehouse, out)
    old = duckdb.connect(str(first.snapshot), read_only=True)
    old_folder = first.paths["articles"].resolve()  # what a query listing the files just before the swap sees
    with connect(warehouse) as con:
        con.execute(
            "INSERT INTO articles (article_id, url, feed_name, fetched_at, text, word_count, discovered_via, "
            "content_hash, loaded_at) VALUES ('new', 'u', 'bbc-world', ?, 't', 1, 'feed', 'h', ?)",
            [END, END],
        )
    second = export_snapshot(warehouse, out)
    assert second.rows["articles"] == 301
    assert old.execute("SELECT count(*) FROM articles").fetchone() == (300,)  # still readable, still the old view
    old.close()
    reader = duckdb.connect()
    parquet_rows = "SELECT count(*) FROM read_parquet(?)"
    assert reader.execute(parquet_rows, [str(old_folder / "*" / "*.parquet")]).fetchone() == (300,)
    assert reader.execute(parquet_rows, [str(second.paths["articles"] / "*" / "*.parquet")]).fetchone() == (301,)
    # a new DuckDB instance sees the new file (duckdb.connect() would reuse this process's cached old instance
    # while any connection to it is open; ATTACH in a fresh instance does not)
    fresh = duckdb.connect()
    fresh.execute(f"ATTACH '{second.snapshot}' AS snap (READ_ONLY)")
    assert fresh.execute("SELECT count(*) FROM snap.articles").fetchone() == (301,)


def test_parquet_is_partitioned_by_the_articles_month(warehouse: Path, tmp_path: Path):
    report = export_snapshot(warehouse, tmp_path / "out")
    with duckdb.connect(str(warehouse), read_only=True) as con:
        months = {table: con.execute(MONTH_ROWS.format(table=table)).fetchall() for table in MONTHLY}
    reader = duckdb.connect()
    for table, expected in months.items():
        assert [m for m, _ in expected] == ["2024-01", "2024-02", "2024-03"], table
        assert_partitions(reader, tmp_path / "out" / "parquet" / table, expected)
        assert report.paths[table] == (tmp_path / "out").resolve() / "parquet" / table
        assert report.rows[table] == sum(rows for _, rows in expected)


def assert_partitions(reader: duckdb.DuckDBPyConnection, folder: Path, expected: list[tuple[str, int]]) -> None:
    assert sorted(p.name for p in folder.iterdir()) == [f"month={m}" for m, _ in expected]
    for month, rows in expected:
        file = folder / f"month={month}" / "data_0.parquet"
        assert reader.execute("SELECT count(*) FROM read_parquet(?)", [str(file)]).fetchone() == (rows,)
    hive = reader.execute(
        "SELECT month, count(*) FROM read_parquet(?, hive_partitioning = true) GROUP BY ALL ORDER BY month",
        [str(folder / "*" / "*.parquet")],
    ).fetchall()
    assert hive == expected


def test_small_tables_are_single_files(warehouse: Path, tmp_path: Path):
    report = export_snapshot(warehouse, tmp_path / "out")
    reader = duckdb.connect()
    for table, rows in (("feed_state", 5), ("failures", 20), ("runs", 10)):
        file = tmp_path / "out" / "parquet" / f"{table}.parquet"
        assert reader.execute("SELECT count(*) FROM read_parquet(?)", [str(file)]).fetchone() == (rows,)
        assert report.rows[table] == rows


def test_exports_swap_in_whole_and_keep_only_the_previous_generation(warehouse: Path, tmp_path: Path):
    out = tmp_path / "out"
    for _ in range(3):
        export_snapshot(warehouse, out)
    generations = sorted(p.name for p in out.iterdir() if p.name.startswith(".parquet-"))
    assert len(generations) == 2
    assert (out / "parquet").is_symlink() and (out / "parquet").resolve().name == generations[-1]


def test_a_failed_export_leaves_the_previous_one_untouched(
    warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    out = tmp_path / "out"
    first = export_snapshot(warehouse, out)
    before = sorted(p.name for p in out.iterdir())
    monkeypatch.setitem(export.PLAIN_TABLES, "runs", "SELECT no_such_column FROM runs")
    with pytest.raises(duckdb.BinderException):
        export_snapshot(warehouse, out)
    assert sorted(p.name for p in out.iterdir()) == before
    with duckdb.connect(str(first.snapshot), read_only=True) as snap:
        assert snap.execute("SELECT count(*) FROM articles").fetchone() == (300,)
    assert (out / "parquet" / "runs.parquet").exists()


def test_an_empty_warehouse_exports_empty_tables(db: Path, tmp_path: Path):
    report = export_snapshot(fill_warehouse(db, articles=0), tmp_path / "out")
    assert report.rows == dict.fromkeys([*TABLES, "conflict_events"], 0)
    geojson = json.loads(report.paths["conflict_events.geojson"].read_text(encoding="utf-8"))
    assert geojson == {"type": "FeatureCollection", "features": []}
    geoparquet = pq.read_table(report.paths["conflict_events"])
    assert geoparquet.num_rows == 0 and b"geo" in geoparquet.schema.metadata
    assert (tmp_path / "out" / "parquet" / "articles").is_dir()
    with duckdb.connect(str(report.snapshot), read_only=True) as snap:
        assert snap.execute("SELECT count(*) FROM articles").fetchone() == (0,)


def warehouse_events(db: Path) -> dict[str, dict]:
    with duckdb.connect(str(db), read_only=True) as con:
        cursor = con.execute(EVENTS)
        names = [d[0] for d in cursor.description]
        return {row[names.index("event_id")]: dict(zip(names, row, strict=True)) for row in cursor.fetchall()}


def test_events_export_as_geojson_with_a_feature_per_event(warehouse: Path, tmp_path: Path):
    report = export_snapshot(warehouse, tmp_path / "out")
    events = warehouse_events(warehouse)
    path = tmp_path / "out" / "parquet" / "conflict_events.geojson"
    assert report.paths["conflict_events.geojson"] == path.resolve().parent.parent / "parquet" / path.name
    collection = json.loads(path.read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection"
    features = collection["features"]
    assert len(features) == len(events) == report.rows["conflict_events"]
    assert {f["id"] for f in features} == set(events)
    located = [f for f in features if f["geometry"] is not None]
    assert 0 < len(located) < len(features)  # the fixture has events in Papua, which has no coordinates
    for feature in features:
        event = events[feature["id"]]
        assert feature["type"] == "Feature"
        if event["latitude"] is None:
            assert feature["geometry"] is None  # RFC 7946 3.2: an unlocated feature
        else:
            assert feature["geometry"] == {"type": "Point", "coordinates": [event["longitude"], event["latitude"]]}
        assert {k: feature["properties"][k] for k in EVENT_FIELDS} == {k: event[k] for k in EVENT_FIELDS}
        assert datetime.fromisoformat(feature["properties"]["first_reported_at"]) == event["first_reported_at"]
        assert feature["properties"]["article_ids"] and feature["properties"]["article_ids"][0].startswith("a")
    assert {f["properties"]["admin1_code"] for f in located} >= {"UA-30", "SY-HL"}
    assert any(f["properties"]["killed_median"] is not None for f in located)


def test_events_export_as_geoparquet_with_wkb_points(warehouse: Path, tmp_path: Path):
    report = export_snapshot(warehouse, tmp_path / "out")
    events = warehouse_events(warehouse)
    table = pq.read_table(tmp_path / "out" / "parquet" / "conflict_events.parquet")
    assert report.paths["conflict_events"].name == "conflict_events.parquet"
    geo = json.loads(table.schema.metadata[b"geo"])
    assert geo["version"] == "1.1.0" and geo["primary_column"] == "geometry"
    column = geo["columns"]["geometry"]
    assert column["encoding"] == "WKB" and column["geometry_types"] == ["Point"]
    assert "crs" not in column  # absent means OGC:CRS84: longitude, latitude on WGS84
    located = [e for e in events.values() if e["latitude"] is not None]
    lons, lats = [e["longitude"] for e in located], [e["latitude"] for e in located]
    assert column["bbox"] == [min(lons), min(lats), max(lons), max(lats)]
    assert str(table.schema.field("geometry").type) == "binary"
    rows = table.to_pylist()
    assert len(rows) == len(events) and {r["event_id"] for r in rows} == set(events)
    for row in rows:
        event = events[row["event_id"]]
        if event["latitude"] is None:
            assert row["geometry"] is None
        else:  # byte order 1 (little endian), type 1 (Point), x = longitude, y = latitude
            assert len(row["geometry"]) == 21
            assert struct.unpack("<BIdd", row["geometry"]) == (1, 1, event["longitude"], event["latitude"])
        assert {k: row[k] for k in EVENT_FIELDS} == {k: event[k] for k in EVENT_FIELDS}
    assert sum(r["geometry"] is None for r in rows) == len(events) - len(located) > 0
    reader = duckdb.connect()  # a plain Parquet file to any reader, geometry as a BLOB
    file = str(report.paths["conflict_events"])
    assert reader.execute("SELECT count(*), count(geometry) FROM read_parquet(?)", [file]).fetchone() == (
        len(events),
        len(located),
    )


def test_a_failed_geo_export_leaves_the_previous_geo_files(
    warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    out = tmp_path / "out"
    export_snapshot(warehouse, out)
    before = sorted(p.name for p in out.iterdir())
    geojson = (out / "parquet" / "conflict_events.geojson").read_bytes()
    with connect(warehouse) as con:
        con.execute("DELETE FROM conflict_events WHERE latitude IS NOT NULL")  # would change the files

    def half_written(con: duckdb.DuckDBPyConnection, folder: Path) -> None:
        (folder / "conflict_events.geojson").write_text('{"type": "FeatureCol')
        raise OSError("disk full")

    monkeypatch.setattr(export, "write_event_files", half_written)
    with pytest.raises(OSError, match="disk full"):
        export_snapshot(warehouse, out)
    assert sorted(p.name for p in out.iterdir()) == before
    assert (out / "parquet" / "conflict_events.geojson").read_bytes() == geojson
    assert json.loads(geojson)["features"]


def test_a_missing_warehouse_is_a_clear_error(tmp_path: Path):
    with pytest.raises(SitrepError, match="no warehouse"):
        export_snapshot(tmp_path / "nope.duckdb")
