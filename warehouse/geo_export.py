"""Write conflict_events as GeoJSON (RFC 7946) and GeoParquet 1.1 (WKB points, lon/lat in OGC:CRS84).

Every event is a feature, located or not: an event without coordinates has a null geometry (`"geometry":
null` in GeoJSON, as RFC 7946 section 3.2 allows; a NULL WKB value in GeoParquet), so both files hold the
same rows as the table and a count of features is a count of events. The WKB is built here (the DuckDB
`spatial` extension needs a download): a little-endian Point is byte 1, uint32 1, then float64 x and y.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

GEOJSON_NAME = "conflict_events.geojson"
GEOPARQUET_NAME = "conflict_events.parquet"
GEOMETRY = "geometry"
GEOPARQUET_VERSION = "1.1.0"
COLUMNS = (
    "event_id", "first_reported_at", "last_reported_at", "country_code", "admin1_code", "place", "geonameid",
    "latitude", "longitude", "precision", "category", "acled_event_type", "acled_sub_event_type", "killed_low",
    "killed_median", "killed_high", "injured_low", "injured_median", "injured_high", "articles", "outlets",
    "languages", "title", "article_ids", "updated_at",
)  # fmt: skip
ORDER = "ORDER BY first_reported_at, event_id"
EVENTS = f"SELECT {', '.join(COLUMNS)} FROM conflict_events {ORDER}"
ISO_UTC = "strftime(timezone('UTC', {column}), '%Y-%m-%dT%H:%M:%S.%fZ')"  # RFC 3339, as JSON has no time type
PROPERTIES = ", ".join(f"'{c}', {ISO_UTC.format(column=c) if c.endswith('_at') else c}" for c in COLUMNS)
# Each feature as JSON text, made by DuckDB (ten times faster than Python's json module on 200,000 events)
FEATURES = f"""
SELECT json_object('type', 'Feature', 'id', event_id,
    'geometry', CASE WHEN longitude IS NOT NULL AND latitude IS NOT NULL
                     THEN json_object('type', 'Point', 'coordinates', json_array(longitude, latitude)) END,
    'properties', json_object({PROPERTIES}))::VARCHAR
FROM conflict_events {ORDER}"""
BATCH = 10_000
# WKB Point, little endian: byte order 1, geometry type 1 (Point), x (longitude), y (latitude)
WKB_POINT = np.dtype([("order", "u1"), ("type", "<u4"), ("x", "<f8"), ("y", "<f8")])


def write_event_files(con: duckdb.DuckDBPyConnection, folder: Path) -> tuple[int, dict[str, Path]]:
    """Write the GeoJSON and GeoParquet files of conflict_events into `folder` (an export generation, inside
    its read transaction); returns the events written and each file's path."""
    events = con.execute(EVENTS).to_arrow_table()
    paths = {"conflict_events": folder / GEOPARQUET_NAME, "conflict_events.geojson": folder / GEOJSON_NAME}
    write_geoparquet(events, paths["conflict_events"])
    write_geojson(con, paths["conflict_events.geojson"])
    return events.num_rows, paths


def wkb_points(longitude: pa.ChunkedArray, latitude: pa.ChunkedArray) -> pa.Array:
    """WKB Points, NULL where either coordinate is NULL."""
    missing = pc.or_(pc.is_null(longitude), pc.is_null(latitude))
    points = np.zeros(len(longitude), dtype=WKB_POINT)
    points["order"], points["type"] = 1, 1
    points["x"] = pc.fill_null(longitude, 0.0).to_numpy()
    points["y"] = pc.fill_null(latitude, 0.0).to_numpy()
    fixed = pa.FixedSizeBinaryArray.from_buffers(
        pa.binary(WKB_POINT.itemsize), len(points), [None, pa.py_buffer(points)]
    )
    return pc.if_else(missing, pa.scalar(None, pa.binary()), fixed.cast(pa.binary()))


def geo_metadata(events: pa.Table) -> dict[str, Any]:
    """The GeoParquet `geo` metadata: one WKB Point column; no `crs` key, which means OGC:CRS84 (lon/lat)."""
    column: dict[str, Any] = {"encoding": "WKB", "geometry_types": ["Point"]}
    lon, lat = pc.min_max(events["longitude"]), pc.min_max(events["latitude"])
    if lon["min"].is_valid and lat["min"].is_valid:
        column["bbox"] = [lon["min"].as_py(), lat["min"].as_py(), lon["max"].as_py(), lat["max"].as_py()]
    return {"version": GEOPARQUET_VERSION, "primary_column": GEOMETRY, "columns": {GEOMETRY: column}}


def write_geoparquet(events: pa.Table, path: Path) -> None:
    table = events.append_column(GEOMETRY, wkb_points(events["longitude"], events["latitude"]))
    metadata = {**(table.schema.metadata or {}), b"geo": json.dumps(geo_metadata(events)).encode("utf-8")}
    pq.write_table(table.replace_schema_metadata(metadata), path)


def write_geojson(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """A FeatureCollection, written feature by feature as DuckDB formats them."""
    cursor = con.execute(FEATURES)
    with path.open("w", encoding="utf-8") as out:
        out.write('{"type":"FeatureCollection","features":[')
        separator = ""
        while batch := cursor.fetchmany(BATCH):
            out.write(separator + ",".join(feature for (feature,) in batch))
            separator = ","
        out.write("]}\n")
