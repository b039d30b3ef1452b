"""Open the warehouse file, turning DuckDB's lock conflict into a clear WarehouseLockedError; transactions;
read one value."""

from __future__ import annotations

import contextlib
import logging
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb

from tasks.errors import WarehouseLockedError

log = logging.getLogger(__name__)


def connect(db: Path, *, read_only: bool = False, wait: float = 0.0) -> duckdb.DuckDBPyConnection:
    """A connection to the warehouse; retries a held lock for `wait` seconds, then raises."""
    if not read_only:
        db.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + wait
    delay = 0.2
    while True:
        try:
            return duckdb.connect(str(db), read_only=read_only)
        except duckdb.IOException as e:
            if "lock" not in str(e).lower():
                raise
            if time.monotonic() >= deadline:
                raise WarehouseLockedError(locked_message(db, str(e))) from None
            time.sleep(delay)
            delay = min(delay * 2, 2.0)


@contextlib.contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """BEGIN, then COMMIT when the block ends, or ROLLBACK when it raises (and re-raise)."""
    con.execute("BEGIN")
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def scalar(con: duckdb.DuckDBPyConnection, sql: str, params: object = None) -> Any:
    """The first value of the one row that `sql` returns: a query that always returns one row (a count, an
    EXISTS), so a missing row is a bug, not data."""
    row = con.execute(sql, params).fetchone()
    assert row is not None, f"no row from {sql}"
    return row[0]


def locked_message(db: Path, error: str) -> str:
    holder = re.search(r"PID (\d+)", error)
    who = f"process {holder.group(1)}" if holder else "another process"
    return (
        f"the warehouse {db} is locked by {who} (an open DuckDB session or another sitrep run); "
        "DuckDB allows one writer, and a reader blocks writers too"
    )
