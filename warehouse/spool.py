"""The spool: batches of rows written beside the warehouse before they are loaded, so nothing fetched is
lost when the load fails (file locked, disk full) or the process dies. A batch is a folder of Parquet
files, one per table, renamed into place whole; it is deleted only after its load has committed."""

from __future__ import annotations

import os
import shutil
import time
import uuid
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

# load order: addresses and fingerprints are read while articles load (aliases, stories); a conflict
# verdict replaces the article's tags and casualty figures, so it comes before them
TABLES = (
    "article_addresses",
    "article_fingerprints",
    "articles",
    "article_conflict",
    "article_tags",
    "article_casualties",
    "article_places",
    "article_locations",
    "failures",
    "feed_state",
    "runs",
)
STALE_PARTIAL_SECONDS = 3600


def spool_dir(db: Path) -> Path:
    """The spool folder of a warehouse file: `<file>.spool` beside it."""
    return db.with_name(db.name + ".spool")


def write_batch(spool: Path, tables: dict[str, list[dict]]) -> Path | None:
    """Write one batch atomically; returns its folder, or None when every table is empty."""
    unknown = set(tables) - set(TABLES)
    if unknown:
        raise ValueError(f"not spool tables: {sorted(unknown)}")
    filled = {name: rows for name, rows in tables.items() if rows}
    if not filled:
        return None
    spool.mkdir(parents=True, exist_ok=True)
    name = f"{time.time_ns():020d}-{uuid.uuid4().hex[:8]}"
    partial = spool / f".partial-{name}"
    partial.mkdir()
    for table, rows in filled.items():
        path = partial / f"{table}.parquet"
        pq.write_table(pa.Table.from_pylist(rows), path)
        with open(path, "rb") as f:
            os.fsync(f.fileno())
    final = spool / name
    os.replace(partial, final)
    return final


def pending(spool: Path) -> list[Path]:
    """Complete batches waiting to load, oldest first."""
    if not spool.is_dir():
        return []
    return sorted(p for p in spool.iterdir() if p.is_dir() and not p.name.startswith("."))


def files(spool: Path, table: str) -> list[str]:
    """The Parquet files of one table across pending batches."""
    return [str(p / f"{table}.parquet") for p in pending(spool) if (p / f"{table}.parquet").exists()]


def discard(batch: Path) -> None:
    shutil.rmtree(batch, ignore_errors=True)


def sweep_partials(spool: Path) -> None:
    """Remove half-written batches left by a killed process (old enough not to be another run's)."""
    if not spool.is_dir():
        return
    for p in spool.glob(".partial-*"):
        if time.time() - p.stat().st_mtime > STALE_PARTIAL_SECONDS:
            shutil.rmtree(p, ignore_errors=True)
