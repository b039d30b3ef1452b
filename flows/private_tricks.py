"""Every trick sitrep still plays on a library's internals, in one place (issue 17). Each says what it saves,
measured by bench/private_api_bench.py, and tests/test_private_tricks.py fails loudly when the library
changes under it. Everything else in sitrep uses libraries' public, documented interfaces only.

1. A ready-made Prefect database for a new PREFECT_HOME (`seed_prefect_database`).
   Prefect's server creates its SQLite database on its first start by running each of its ~116
   migrations: 7.3-9.3 s to a temporary server's first answer on a new PREFECT_HOME, against 3.1-3.5 s
   from the ready-made copy and 3.0-3.3 s with a persistent PREFECT_HOME (2-core machines, lightly
   loaded; the bench's "server" part). A user whose PREFECT_HOME persists pays it once, so it would
   not meet the issue's bar of a second saved per run; it is kept for every run that starts on a new
   PREFECT_HOME (a new machine, a container, a CI job, the acceptance checks, whose `perf` ratio fell
   from 0.82 to 0.78 without it).
   The copy is the database the installed Prefect's own migrations create, empty, and relies on
   Prefect's database schema: it is used only under the Prefect version that built it, and after an
   upgrade Prefect creates its database itself until the copy is rebuilt:

       python -m flows.private_tricks
"""

from __future__ import annotations

import gzip
import importlib.metadata
import os
import sqlite3
import tempfile
from pathlib import Path

DATA = Path(__file__).with_name("data")
APPLICATION_ID = 0x73697472  # "sitr" in the SQLite header: marks a database that started as the copy
SQLITE_URL = "sqlite+aiosqlite:///"


def prefect_version() -> str:
    return importlib.metadata.version("prefect")


def template(version: str | None = None) -> Path:
    """The ready-made database for a Prefect version (default: the installed one)."""
    return DATA / f"prefect-empty-{version or prefect_version()}.sqlite.gz"


def seed_prefect_database(connection_url: str | None) -> bool:
    """Put the ready-made database where Prefect's server is about to create its SQLite database: only a
    local SQLite file that does not exist yet, under the Prefect version that built the copy. True when
    a copy was made."""
    if not connection_url or not connection_url.startswith(SQLITE_URL) or "?" in connection_url:
        return False
    target = Path(connection_url.removeprefix(SQLITE_URL))
    source = template()
    if not target.is_absolute() or target.exists() or not source.exists():
        return False
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".prefect-db-")
    except OSError:  # a folder sitrep may not write: Prefect's server will say so itself
        return False
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(gzip.decompress(source.read_bytes()))
        os.link(tmp, target)  # fails if another process created the database meanwhile: theirs stands
        return True
    except OSError:  # that, or a full disk: Prefect creates its database itself
        return False
    finally:
        os.unlink(tmp)


def application_id(database: Path) -> int:
    con = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        return con.execute("pragma application_id").fetchone()[0]
    finally:
        con.close()


def build() -> Path:
    """Create the installed Prefect's empty database with its own migrations, as its server does on a new
    PREFECT_HOME, and store it compressed for this Prefect version. Run it in a new process: it points
    Prefect at a scratch database before importing it."""
    out = template()
    with tempfile.TemporaryDirectory() as work:
        db = Path(work) / "prefect.db"
        os.environ["PREFECT_SERVER_DATABASE_CONNECTION_URL"] = f"{SQLITE_URL}{db}"
        import asyncio

        from prefect.server.database import provide_database_interface

        asyncio.run(provide_database_interface().create_db())
        con = sqlite3.connect(db)
        con.execute("pragma wal_checkpoint(truncate)")
        con.execute("pragma journal_mode=delete")
        con.execute(f"pragma application_id = {APPLICATION_ID}")
        con.commit()
        compact = Path(work) / "compact.db"
        con.execute("vacuum into ?", (str(compact),))
        con.close()
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(gzip.compress(compact.read_bytes(), mtime=0))
    for older in DATA.glob("prefect-empty-*.sqlite.gz"):  # one copy, for the Prefect installed
        if older != out:
            older.unlink()
    return out


if __name__ == "__main__":
    print(f"{build()}: an empty database of Prefect {prefect_version()}")
