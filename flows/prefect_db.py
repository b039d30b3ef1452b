"""A ready-made database for Prefect's server on a fresh PREFECT_HOME.

Prefect creates its SQLite database by running each of its ~116 migrations, which takes 8-9 s of the
15 s a temporary server needs to start on a fresh PREFECT_HOME (a new machine, a container, a CI job).
`flows/data/prefect-empty.sqlite.gz` is that database, built once by Prefect's own migrations, and empty.
A server about to create its database gets a copy instead; Prefect's start-up migration then has
nothing left to run (or, after a Prefect upgrade, only the newer migrations).

The copy is made only when nothing else decides where the database lives: no database URL in the
environment or in a Prefect profile, no prefect.db yet, and a template whose revision the installed
Prefect knows (an older Prefect could not upgrade it).

Rebuild the template after upgrading Prefect: python -m flows.prefect_db
"""

from __future__ import annotations

import gzip
import importlib.util
import os
import sqlite3
import tempfile
from pathlib import Path

TEMPLATE = Path(__file__).with_name("data") / "prefect-empty.sqlite.gz"
URL_SETTINGS = ("PREFECT_API_DATABASE_CONNECTION_URL", "PREFECT_SERVER_DATABASE_CONNECTION_URL")
APPLICATION_ID = 0x73697472  # "sitr" in the SQLite header: marks a database that started as the template


def prefect_home() -> Path:
    return Path(os.environ.get("PREFECT_HOME") or "~/.prefect").expanduser()


def revision(database: Path) -> str | None:
    """The Alembic revision a Prefect database (or the gzipped template) is at."""
    if database.suffix == ".gz":
        with tempfile.TemporaryDirectory() as work:
            plain = Path(work) / "prefect.db"
            plain.write_bytes(gzip.decompress(database.read_bytes()))
            return revision(plain)
    con = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        row = con.execute("select version_num from alembic_version").fetchone()
    except sqlite3.Error:
        return None
    finally:
        con.close()
    return row[0] if row else None


def application_id(database: Path) -> int:
    con = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        return con.execute("pragma application_id").fetchone()[0]
    finally:
        con.close()


def known_revisions() -> set[str]:
    """Revisions of the installed Prefect's SQLite migrations, read from their file names
    (`<date>_<time>_<revision>_<name>.py`) without importing Prefect."""
    spec = importlib.util.find_spec("prefect")
    if spec is None or not spec.submodule_search_locations:
        return set()
    versions = Path(next(iter(spec.submodule_search_locations))) / "server/database/_migrations/versions/sqlite"
    return {name.split("_")[4] for name in os.listdir(versions) if name.endswith(".py") and name.count("_") >= 5} \
        if versions.is_dir() else set()


def seed(home: Path | None = None) -> bool:
    """Put a copy of the template where Prefect's server will look for its database, if that is safe
    (see the module docstring). True when a copy was made."""
    home = home or prefect_home()
    target = home / "prefect.db"
    if any(os.environ.get(name) for name in URL_SETTINGS) or target.exists() or not TEMPLATE.exists():
        return False
    profiles = Path(os.environ.get("PREFECT_PROFILES_PATH") or home / "profiles.toml").expanduser()
    if profiles.exists() and "DATABASE_CONNECTION_URL" in profiles.read_text(errors="replace"):
        return False
    if revision(TEMPLATE) not in known_revisions():
        return False
    home.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=home, prefix=".prefect-db-")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(gzip.decompress(TEMPLATE.read_bytes()))
        os.link(tmp, target)  # fails if another process created the database meanwhile: theirs stands
        return True
    except FileExistsError:
        return False
    finally:
        os.unlink(tmp)


def build(out: Path = TEMPLATE) -> str:
    """Create an empty database with the installed Prefect's migrations; returns its revision."""
    with tempfile.TemporaryDirectory() as work:
        db = Path(work) / "prefect.db"
        os.environ["PREFECT_API_DATABASE_CONNECTION_URL"] = f"sqlite+aiosqlite:///{db}"
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
    return revision(out) or "?"


if __name__ == "__main__":
    print(f"{TEMPLATE}: Prefect database at revision {build()}")
