"""Publish a consistent read-only snapshot of the warehouse: a DuckDB copy and Parquet files by month.

Layout under `out_dir` (default `<warehouse folder>/export`):

    sitrep-snapshot.duckdb                      a copy of every table, view and macro
    parquet -> .parquet-<stamp>/                a symlink, swapped atomically to each new export
        articles/month=YYYY-MM/data_0.parquet   month (UTC) of coalesce(published_at, fetched_at)
        article_tags/month=YYYY-MM/...          (also article_conflict, article_casualties,
                                                article_places, article_locations): their article's month
        feed_state.parquet, failures.parquet, runs.parquet, article_aliases.parquet
        conflict_events.parquet                 GeoParquet 1.1: every column, plus a WKB Point `geometry`
        conflict_events.geojson                 the same events as an RFC 7946 FeatureCollection
                                                (an event without coordinates: a null geometry)

Readers never see a half-written export: both parts (the DuckDB copy; the folder of Parquet and geo
files, one generation read in the same transaction) are written beside the published ones and swapped in
with `os.replace`. A connection already open on the old snapshot keeps reading it (the old file lives on
until its last reader closes), and the previous Parquet folder is kept until the next export, so a query
that listed its files just before a swap still finds them. DuckDB files are
written with duckdb 1.5's default storage version, which DuckDB 1.5.0 opens.
"""

from __future__ import annotations

import logging
import os
import shutil
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from tasks.errors import SitrepError
from warehouse.connection import connect, scalar, transaction
from warehouse.geo_export import write_event_files
from warehouse.migrate import pending_migrations

log = logging.getLogger(__name__)

SNAPSHOT_NAME = "sitrep-snapshot.duckdb"
PARQUET_LINK = "parquet"
GENERATION_PREFIX = ".parquet-"
SNAP_ALIAS = "sitrep_snapshot_tmp"

CURRENT_DATABASE = "SELECT current_database()"
ARTICLE_MONTH = "strftime(timezone('UTC', coalesce(a.published_at, a.fetched_at)), '%Y-%m')"
MONTHLY_TABLES: dict[str, str] = {
    "articles": f"SELECT a.*, {ARTICLE_MONTH} AS month FROM articles a",
    **{
        table: f"SELECT t.*, {ARTICLE_MONTH} AS month FROM {table} t JOIN articles a ON a.article_id = t.article_id"
        for table in ("article_tags", "article_conflict", "article_casualties", "article_places", "article_locations")
    },
}
PLAIN_TABLES: dict[str, str] = {
    table: f"SELECT * FROM {table}" for table in ("feed_state", "failures", "runs", "article_aliases")
}
COPY_PARTITIONED = "COPY ({query}) TO {path} (FORMAT parquet, PARTITION_BY (month), OVERWRITE_OR_IGNORE)"
COPY_FILE = "COPY ({query}) TO {path} (FORMAT parquet)"


@dataclass(frozen=True)
class ExportReport:
    """What one export published: rows per table and where each table's files are."""

    snapshot: Path  # the DuckDB copy
    parquet: Path  # the folder (symlink) holding one entry per table
    rows: dict[str, int]  # table -> rows written to Parquet (conflict_events: events, in both geo files)
    paths: dict[str, Path]  # table -> its folder (partitioned by month) or file; also conflict_events.geojson
    seconds: float


def export_snapshot(db: Path, out_dir: Path | None = None, *, wait: float = 30.0) -> ExportReport:
    """Copy the warehouse to `out_dir`; `wait` is how long to wait for a writer's lock."""
    started = time.monotonic()
    if not db.exists():
        raise SitrepError(f"no warehouse at {db} yet: run `sitrep ingest` first (or pass --db)")
    out = (out_dir or db.parent / "export").resolve()
    out.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    tmp_snapshot = out / f".{SNAPSHOT_NAME}.{os.getpid()}.tmp"
    generation = out / f"{GENERATION_PREFIX}{stamp}"
    con = connect(db, read_only=True, wait=wait)
    try:
        pending = pending_migrations(con)
        if pending:
            raise SitrepError(f"the warehouse {db} needs migrations {', '.join(pending)}: run `sitrep ingest` first")
        _remove_database_file(tmp_snapshot)
        catalog = scalar(con, CURRENT_DATABASE)
        con.execute(f"ATTACH {_literal(tmp_snapshot)} AS {SNAP_ALIAS} (READ_WRITE)")
        try:
            with transaction(con):  # one read view for the copy and the Parquet files
                con.execute(f"COPY FROM DATABASE {_identifier(str(catalog))} TO {SNAP_ALIAS}")
                rows, paths = _write_parquet(con, generation)
            con.execute(f"CHECKPOINT {SNAP_ALIAS}")
        finally:
            con.execute(f"DETACH {SNAP_ALIAS}")
    except BaseException:
        _remove_database_file(tmp_snapshot)
        shutil.rmtree(generation, ignore_errors=True)
        raise
    finally:
        con.close()
    snapshot = out / SNAPSHOT_NAME
    os.replace(tmp_snapshot, snapshot)
    link = _publish_generation(out, generation)
    report = ExportReport(
        snapshot=snapshot,
        parquet=link,
        rows=rows,
        paths={table: link / path.relative_to(generation) for table, path in paths.items()},
        seconds=round(time.monotonic() - started, 3),
    )
    log.info("exported %s rows to %s in %.2f s", sum(rows.values()), out, report.seconds)
    return report


def _write_parquet(con: duckdb.DuckDBPyConnection, folder: Path) -> tuple[dict[str, int], dict[str, Path]]:
    """Write every exported table and the geo files of events under `folder`; returns rows and path per table."""
    folder.mkdir(parents=True)
    rows: dict[str, int] = {}
    paths: dict[str, Path] = {}
    for table, query in MONTHLY_TABLES.items():
        paths[table] = folder / table
        rows[table] = int(scalar(con, COPY_PARTITIONED.format(query=query, path=_literal(paths[table]))))
    for table, query in PLAIN_TABLES.items():
        paths[table] = folder / f"{table}.parquet"
        rows[table] = int(scalar(con, COPY_FILE.format(query=query, path=_literal(paths[table]))))
    rows["conflict_events"], event_paths = write_event_files(con, folder)
    return rows, paths | event_paths


def _publish_generation(out: Path, generation: Path) -> Path:
    """Point `out/parquet` at `generation` atomically; keep the previous generation, delete older ones."""
    link = out / PARQUET_LINK
    if link.exists() and not link.is_symlink():  # a plain folder from a hand-made export: move it aside once
        os.replace(link, out / f"{GENERATION_PREFIX}0-legacy")
    tmp_link = out / f".{PARQUET_LINK}.{os.getpid()}.link"
    tmp_link.unlink(missing_ok=True)
    os.symlink(generation.name, tmp_link, target_is_directory=True)  # relative: the folder can be moved
    os.replace(tmp_link, link)
    generations = sorted(p for p in out.glob(f"{GENERATION_PREFIX}*") if p.is_dir() and p != generation)
    for old in generations[:-1]:
        shutil.rmtree(old, ignore_errors=True)
    return link


def _remove_database_file(path: Path) -> None:
    for leftover in (path, path.with_name(path.name + ".wal")):
        leftover.unlink(missing_ok=True)


def _literal(value: object) -> str:
    """A SQL string literal (ATTACH and COPY take no parameters)."""
    return "'" + str(value).replace("'", "''") + "'"


def _identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
