"""Prefect servers on this machine.

- `prefect_server` for `sitrep serve`: schedules need a server with its scheduler running (Prefect's
  temporary server does not run it), and the UI is where backfills start.
- `temporary_server` for one-off commands (`sitrep ingest`, `backfill`, `retag`): the same temporary
  server Prefect would start on the first API call, but started at once, so that its 10-20 s of start-up
  (imports, database migrations) overlap with sitrep's own start-up and worker warm-up instead of
  preceding them.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import importlib
import os
import signal
import socket
import subprocess
import sys
import time
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

from flows.prefect_db import prefect_home, seed
from tasks.errors import SitrepError

STARTUP_SECONDS = 120
# set while a one-off command runs on its own temporary server: no other run shares that server, so
# loads need not take the server-wide writer limit (flows/pipeline.py)
TEMPORARY_SERVER = "SITREP_TEMPORARY_PREFECT_SERVER"
PR_SET_PDEATHSIG = 1  # prctl option (linux/prctl.h)


def _healthy(api: str) -> bool:
    try:
        return httpx.get(f"{api}/health", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


@contextlib.contextmanager
def prefect_server(port: int) -> Iterator[str]:
    """PREFECT_API_URL if set; else a server already listening on 127.0.0.1:port; else one started here
    (and stopped on exit). Sets PREFECT_API_URL for this process; call it before importing prefect."""
    if configured := configured_api_url():
        yield configured
        return
    api = f"http://127.0.0.1:{port}/api"
    if _healthy(api):
        os.environ["PREFECT_API_URL"] = api
        yield api
        return
    prefect = str(Path(sys.executable).with_name("prefect"))
    log_dir = prefect_home()
    log_dir.mkdir(parents=True, exist_ok=True)
    seed()
    with open(log_dir / "sitrep-server.log", "ab") as log:
        server = subprocess.Popen([prefect, "server", "start", "--host", "127.0.0.1", "--port", str(port)],
                                  stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        LocalServer(api, server, log_dir / "sitrep-server.log").ready()
        os.environ["PREFECT_API_URL"] = api
        print(f"Prefect server and UI: http://127.0.0.1:{port} (log: {log_dir / 'sitrep-server.log'})", flush=True)
        yield api
    finally:
        _stop(server)


@dataclass
class LocalServer:
    """A Prefect API server started by sitrep; `ready()` waits until it answers."""

    api: str
    process: subprocess.Popen | None = None
    log: Path | None = None

    def ready(self) -> None:
        if self.process is None:
            return
        _import_the_run_engine()
        deadline = time.monotonic() + STARTUP_SECONDS
        with httpx.Client(timeout=2) as client:  # one client: a new one per poll costs an SSL context each
            while True:
                with contextlib.suppress(httpx.HTTPError):
                    if client.get(f"{self.api}/health").status_code == 200:
                        return
                if self.process.poll() is not None or time.monotonic() > deadline:
                    tail = self.log.read_text(errors="replace")[-1500:] if self.log and self.log.exists() else ""
                    raise SitrepError(f"the Prefect server at {self.api} did not start (log: {self.log}):\n{tail}")
                time.sleep(0.1)

    def stop(self) -> None:
        if self.process is not None:
            _stop(self.process)

    def run_settings(self) -> contextlib.AbstractContextManager:
        """Prefect settings for the flow runs of a one-off command. On a server sitrep started: no flow-run
        heartbeats. They feed the automation that marks crashed runs, which this server neither runs nor
        outlives, and at the end of every run Prefect's engine waits for its heartbeat thread, which
        looks up once a second (0.88 s of a 2,172-article run's last second, measured)."""
        if self.process is None:
            return contextlib.nullcontext()
        from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings
        return temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None})


# what Prefect imports only when a process's first flow run starts, and pyarrow's dataset module, which
# the first spooled batch imports: 0.28-0.32 s, taken while the server starts instead of inside the run
RUN_ENGINE_MODULES = ("prefect.flow_engine", "prefect.task_engine", "fastapi.encoders", "pyarrow.dataset")


def _import_the_run_engine() -> None:
    for module in RUN_ENGINE_MODULES:
        with contextlib.suppress(ImportError):
            importlib.import_module(module)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def temporary_server() -> LocalServer:
    """PREFECT_API_URL if set, in the environment or the active profile (a shared server); else Prefect's
    temporary server, started now in the background, for this process: it stops when the process exits.

    Call it before importing prefect: it sets PREFECT_API_URL. The server stops at exit, after Prefect's
    own exit handlers (registered later, so run earlier) have sent the last logs and events."""
    if api := configured_api_url():
        return LocalServer(api)
    port = _free_port()
    api = f"http://127.0.0.1:{port}/api"
    home = prefect_home()
    home.mkdir(parents=True, exist_ok=True)
    seed()  # on a fresh PREFECT_HOME, a migrated database: the server starts in ~6 s instead of ~15 s
    log_path = home / "sitrep-temporary-server.log"
    # what prefect.server.api.server.SubprocessASGIServer runs, minus what a one-off run has no use for:
    # the UI, registering Prefect's block types (sitrep uses none; a second of every start-up), the hash
    # of every installed block type that decides whether to register them (another 0.3-1 s), and the
    # services for automations and for streaming events and logs to a UI (CPU taken from extraction)
    env = {**os.environ, "PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1",
           "PREFECT__SERVER_FINAL": "1", "PREFECT_API_BLOCKS_REGISTER_ON_START": "0",
           "PREFECT_MEMOIZE_BLOCK_AUTO_REGISTRATION": "0",
           "PREFECT_SERVER_SERVICES_TRIGGERS_ENABLED": "0", "PREFECT_SERVER_EVENTS_STREAM_OUT_ENABLED": "0",
           "PREFECT_SERVER_LOGS_STREAM_OUT_ENABLED": "0"}
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--factory", "prefect.server.api.server:create_app",
             "--host", "127.0.0.1", "--port", str(port), "--log-level", "error", "--lifespan", "on"],
            env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            preexec_fn=_die_with_parent if sys.platform == "linux" else None)  # noqa: PLW1509 - no threads yet
    os.environ["PREFECT_API_URL"] = api
    os.environ[TEMPORARY_SERVER] = "1"
    server = LocalServer(api, process, log_path)
    atexit.register(server.stop)
    return server


def configured_api_url() -> str | None:
    """PREFECT_API_URL from the environment or the active Prefect profile (`prefect config set ...`)."""
    if os.environ.get("PREFECT_API_URL"):
        return os.environ["PREFECT_API_URL"]
    profiles = Path(os.environ.get("PREFECT_PROFILES_PATH") or prefect_home() / "profiles.toml").expanduser()
    try:
        data = tomllib.loads(profiles.read_text())
    except (OSError, tomllib.TOMLDecodeError):
        return None
    active = os.environ.get("PREFECT_PROFILE") or data.get("active", "ephemeral")
    return data.get("profiles", {}).get(active, {}).get("PREFECT_API_URL") or None


def _die_with_parent() -> None:
    """In the server process, on Linux: get SIGTERM when sitrep dies, even by kill -9 (when its atexit
    handler cannot stop the server)."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        pass


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
