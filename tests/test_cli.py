"""`sitrep ingest` as a user runs it: a new process, on a fresh PREFECT_HOME, with its own temporary
Prefect server (started at once, on a ready-made database) that is gone when the command ends, as are its
worker processes."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from flows.private_tricks import APPLICATION_ID, application_id

SITREP = str(Path(sys.executable).with_name("sitrep"))
SERVER = b"flows.local_server"  # the temporary Prefect server's process (python -m flows.local_server PORT)

pytestmark = pytest.mark.e2e


def processes_of(home: Path, what: bytes = b"") -> list[str]:
    """Processes still running for this PREFECT_HOME (`what` in their command line): the command, its
    Prefect server, its workers and their fork server."""
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
            environ = Path(f"/proc/{pid}/environ").read_bytes()
        except OSError:
            continue
        if what in cmdline and str(home).encode() in environ:
            found.append(pid)
    return found


def servers_using(home: Path) -> list[str]:
    return processes_of(home, SERVER)


def fresh_prefect_env(home: Path) -> dict[str, str]:
    """This environment with a new PREFECT_HOME and no Prefect server configured."""
    return {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API")} | {"PREFECT_HOME": str(home)}


def test_sitrep_ingest_on_a_fresh_prefect_home_then_again(site, write_feeds, tmp_path):
    feeds, db, home = write_feeds({"news": site.url("/feed.xml")}), tmp_path / "wh.duckdb", tmp_path / "prefect"
    env = fresh_prefect_env(home)

    def ingest() -> subprocess.CompletedProcess:
        return subprocess.run(
            [SITREP, "ingest", "--feeds", str(feeds), "--db", str(db)],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )

    first = ingest()
    assert first.returncode == 0, first.stderr[-3000:]
    assert "3 new articles stored" in first.stdout and "stage seconds: fetch" in first.stdout
    assert re.search(r"load [\d.]+ \(locations and events [\d.]+\)", first.stdout)
    assert application_id(home / "prefect.db") == APPLICATION_ID  # started from the ready-made database
    assert processes_of(home) == []

    second = ingest()
    assert second.returncode == 0, second.stderr[-3000:]
    assert "0 new articles stored" in second.stdout
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("select count(*) from articles").fetchone() == (3,)
        assert con.execute("select count(*) from runs").fetchone() == (2,)
    finally:
        con.close()
    assert processes_of(home) == []


def test_a_bad_feeds_file_fails_with_its_reason_and_leaves_no_server(tmp_path):
    feeds, home = tmp_path / "feeds.yaml", tmp_path / "prefect"
    feeds.write_text("feeds:\n  - name: a\n    url: not-a-url\n")
    env = fresh_prefect_env(home)
    r = subprocess.run(
        [SITREP, "ingest", "--feeds", str(feeds), "--db", str(tmp_path / "wh.duckdb")],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 2 and "field 'url'" in r.stderr
    deadline = time.monotonic() + 5  # the workers' fork server, if it had begun loading, stops soon after
    while processes_of(home) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert processes_of(home) == []


def test_the_temporary_server_and_workers_die_with_a_killed_sitrep(site, write_feeds, tmp_path):
    feeds, home = write_feeds({"slow": site.url("/f/slow")}), tmp_path / "prefect"
    env = fresh_prefect_env(home)
    run = subprocess.Popen(
        [SITREP, "ingest", "--feeds", str(feeds), "--db", str(tmp_path / "wh.duckdb")],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while not servers_using(home) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert servers_using(home), "no temporary server started"
    deadline = time.monotonic() + 30  # the CLI starts the workers' fork server while the Prefect server starts
    while len(set(processes_of(home)) - {str(run.pid), *servers_using(home)}) == 0 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert set(processes_of(home)) - {str(run.pid), *servers_using(home)}, "no fork server started"
    run.kill()  # kill -9: sitrep's exit handlers never run
    run.wait()
    deadline = time.monotonic() + 20
    while processes_of(home) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert processes_of(home) == []
