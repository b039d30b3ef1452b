"""End to end as users deploy: a real Prefect server on loopback (SQLite), the process work pool,
`prefect deploy --all` from prefect.yaml, a worker, and a backfill triggered through the API the UI uses."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import httpx
import pytest

from tests import archive_site
from tests.site import Site

ROOT = Path(__file__).resolve().parent.parent
PREFECT = str(Path(sys.executable).with_name("prefect"))


@pytest.fixture(scope="module")
def prefect_server(tmp_path_factory):
    """A real `prefect server start` on a free loopback port, with its own PREFECT_HOME."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    home = tmp_path_factory.mktemp("prefect-home")
    env = {
        **os.environ,
        "PREFECT_HOME": str(home),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_API_URL": f"http://127.0.0.1:{port}/api",
        "PREFECT_LOGGING_LEVEL": "WARNING",
    }
    env.pop("PREFECT_PROFILES_PATH", None)
    log = open(home / "server.log", "w")  # noqa: SIM115 - closed below
    server = subprocess.Popen(
        [PREFECT, "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        else:
            pytest.fail("prefect server did not start: " + (home / "server.log").read_text()[-2000:])
        yield env
    finally:
        server.terminate()
        server.wait(30)
        log.close()


def prefect(env, *args: str, timeout: int = 180) -> str:
    r = subprocess.run([PREFECT, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    assert r.returncode == 0, f"prefect {' '.join(args)} failed:\n{r.stdout[-3000:]}\n{r.stderr[-3000:]}"
    return r.stdout


pytestmark = pytest.mark.e2e


def test_deploy_from_prefect_yaml_and_backfill_through_the_api(prefect_server, tmp_path):
    env = prefect_server
    prefect(env, "work-pool", "create", "sitrep-pool", "--type", "process")
    prefect(env, "--no-prompt", "deploy", "--all")

    api = env["PREFECT_API_URL"]
    found = {
        name: httpx.get(f"{api}/deployments/name/{name}", timeout=10).json()["parameter_openapi_schema"]
        for name in ("ingest/ingest", "backfill/backfill", "retag/retag", "maintenance/maintenance")
    }
    props = found["backfill/backfill"]["properties"]
    for name in ("since", "until"):  # a date picker, or empty for the 30 days up to the day of the run
        assert {"type": "string", "format": "date"} in props[name]["anyOf"] and props[name]["default"] is None
    assert props["feeds"]["type"] == "array" and "enum" in props["feeds"]["items"]  # a multi-select
    assert props["sources"]["items"]["enum"] == ["feed", "sitemap", "urls"]
    assert all(props[name].get("description") for name in ("since", "until", "feeds", "sources", "urls"))
    assert set(found["ingest/ingest"]["properties"]) == {"feeds_file", "db"}

    site = Site()
    archive_site.install(site)
    db = tmp_path / "wh.duckdb"
    feeds = tmp_path / "feeds.yaml"
    feeds.write_text(
        f"fetch:\n  allow_private_addresses: true\nfeeds:\n  - name: archive\n    url: {site.url('/news/feed.xml')}\n"
    )
    worker = subprocess.Popen(
        [PREFECT, "worker", "start", "--pool", "sitrep-pool", "--name", "e2e"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        out = prefect(
            env,
            "deployment",
            "run",
            "backfill/backfill",
            "--param",
            "since=2025-12-01",
            "--param",
            "until=2025-12-31",
            "--param",
            f"feeds_file={feeds}",
            "--param",
            f"db={db}",
        )
        run_id = next(line.split()[-1] for line in out.splitlines() if "UUID" in line)
        state = wait_for(env, run_id)
    finally:
        stop(worker)
        site.close()
    assert state == "COMPLETED", f"backfill run ended {state}"
    con = duckdb.connect(str(db), read_only=True)
    urls = {u for (u,) in con.execute("select url from articles").fetchall()}
    con.close()
    december = {
        site.url(f"/news/a{k}")
        for k in range(archive_site.COUNT)
        if datetime(2025, 12, 1, tzinfo=UTC) <= archive_site.published(k) < datetime(2026, 1, 1, tzinfo=UTC)
    }
    assert urls == december


def stop(worker: subprocess.Popen) -> None:
    """Stop the worker as a service manager would: SIGTERM, then SIGKILL for its whole process group."""
    worker.terminate()
    try:
        worker.wait(60)
    except subprocess.TimeoutExpired:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(10)


def wait_for(env, run_id: str, timeout: float = 300) -> str:
    deadline = time.monotonic() + timeout
    state = "?"
    while time.monotonic() < deadline:
        r = httpx.get(f"{env['PREFECT_API_URL']}/flow_runs/{run_id}", timeout=10)
        state = r.json()["state"]["type"]
        if state in ("COMPLETED", "FAILED", "CRASHED", "CANCELLED"):
            return state
        time.sleep(2)
    return f"not finished after {timeout} s (last {state})"
