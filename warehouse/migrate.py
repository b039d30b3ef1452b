"""Apply the numbered SQL migrations in warehouse/migrations/, each in its own transaction, once."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb

from warehouse.connection import transaction

MIGRATIONS = Path(__file__).parent / "migrations"

CREATE_LEDGER = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       VARCHAR NOT NULL,
    applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
)"""
APPLIED = "SELECT version FROM schema_migrations"
RECORD = "INSERT INTO schema_migrations (version, name) VALUES (?, ?)"


def migrations() -> list[tuple[int, str, str]]:
    """(version, name, sql) of every migration file, in order."""
    found = []
    for path in sorted(MIGRATIONS.glob("*.sql")):
        match = re.match(r"(\d+)_", path.name)
        if match:
            found.append((int(match.group(1)), path.stem, path.read_text(encoding="utf-8")))
    return found


def migrate(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Bring the schema up to date; returns the names of the migrations applied now."""
    con.execute(CREATE_LEDGER)
    done = {v for (v,) in con.execute(APPLIED).fetchall()}
    applied = []
    for version, name, sql in migrations():
        if version in done:
            continue
        with transaction(con):
            con.execute(sql)
            con.execute(RECORD, [version, name])
        applied.append(name)
    return applied


def pending_migrations(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Names of migrations not yet applied (works on a read-only connection)."""
    try:
        done = {v for (v,) in con.execute(APPLIED).fetchall()}
    except duckdb.CatalogException:
        done = set()
    return [name for version, name, _ in migrations() if version not in done]
