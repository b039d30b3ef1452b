"""The tricks sitrep still plays on libraries' internals (flows/private_tricks.py): each test here fails
loudly when the library changes under its trick."""

from __future__ import annotations

import gzip

import httpx

from flows import private_tricks
from flows.local_server import TEMPORARY_SERVER, temporary_server
from flows.private_tricks import APPLICATION_ID, SQLITE_URL, application_id, seed_prefect_database, template


def test_the_ready_made_database_is_the_installed_prefects():
    """After a Prefect upgrade, every new PREFECT_HOME pays Prefect's migrations again until the copy is
    rebuilt for the new version."""
    assert template().exists(), (
        f"no ready-made database for Prefect {private_tricks.prefect_version()}: "
        "rebuild it with `python -m flows.private_tricks` (see flows/private_tricks.py)"
    )
    assert gzip.decompress(template().read_bytes())[:16] == b"SQLite format 3\x00"


def test_prefect_serves_a_new_prefect_home_from_the_ready_made_database(tmp_path, monkeypatch):
    home = tmp_path / "prefect"
    for name in ("PREFECT_API_URL", "PREFECT_PROFILE", "PREFECT_PROFILES_PATH", TEMPORARY_SERVER):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PREFECT_HOME", str(home))
    server = temporary_server()
    try:
        server.ready()
        assert application_id(home / "prefect.db") == APPLICATION_ID  # started from the copy
        with httpx.Client(base_url=server.api, timeout=10) as client:  # and Prefect reads and writes it
            created = client.post("/flows/", json={"name": "sitrep-private-tricks"})
            assert created.status_code in (200, 201), created.text
            assert client.get(f"/flows/{created.json()['id']}").json()["name"] == "sitrep-private-tricks"
    finally:
        server.stop()
    assert server.log is not None and "Traceback" not in server.log.read_text()


def test_only_a_local_database_that_does_not_exist_yet_gets_the_copy(tmp_path):
    fresh = tmp_path / "fresh" / "prefect.db"
    assert seed_prefect_database(f"{SQLITE_URL}{fresh}") and application_id(fresh) == APPLICATION_ID
    assert [p.name for p in fresh.parent.iterdir()] == ["prefect.db"]  # no temporary file left behind
    theirs = tmp_path / "theirs.db"
    theirs.write_bytes(b"theirs")
    assert not seed_prefect_database(f"{SQLITE_URL}{theirs}") and theirs.read_bytes() == b"theirs"
    assert not seed_prefect_database("postgresql+asyncpg://db.internal/prefect")
    assert not seed_prefect_database(f"{SQLITE_URL}:memory:")
    assert not seed_prefect_database(None)
