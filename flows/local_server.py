"""A Prefect server on this machine for `sitrep serve`: schedules need a server with its scheduler
running (Prefect's temporary in-process server does not run it), and the UI is where backfills start."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

from tasks.errors import SitrepError

STARTUP_SECONDS = 120


def _healthy(api: str) -> bool:
    try:
        return httpx.get(f"{api}/health", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


@contextlib.contextmanager
def prefect_server(port: int) -> Iterator[str]:
    """PREFECT_API_URL if set; else a server already listening on 127.0.0.1:port; else one started here
    (and stopped on exit). Sets PREFECT_API_URL for this process; call it before importing prefect."""
    if os.environ.get("PREFECT_API_URL"):
        yield os.environ["PREFECT_API_URL"]
        return
    api = f"http://127.0.0.1:{port}/api"
    if _healthy(api):
        os.environ["PREFECT_API_URL"] = api
        yield api
        return
    prefect = str(Path(sys.executable).with_name("prefect"))
    log_dir = Path(os.environ.get("PREFECT_HOME", Path.home() / ".prefect"))
    log_dir.mkdir(parents=True, exist_ok=True)
    with open(log_dir / "sitrep-server.log", "ab") as log:
        server = subprocess.Popen([prefect, "server", "start", "--host", "127.0.0.1", "--port", str(port)],
                                  stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while not _healthy(api):
            if server.poll() is not None or time.monotonic() > deadline:
                raise SitrepError(f"the Prefect server did not start on port {port} "
                                  f"(see {log_dir / 'sitrep-server.log'})")
            time.sleep(0.5)
        os.environ["PREFECT_API_URL"] = api
        print(f"Prefect server and UI: http://127.0.0.1:{port} (log: {log_dir / 'sitrep-server.log'})", flush=True)
        yield api
    finally:
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
