"""Prefect servers on this machine.

- `prefect_server` for `sitrep serve`: schedules need a server with its scheduler running (Prefect's
  temporary server does not run it), and the UI is where backfills start: `prefect server start`.
- `temporary_server` for one-off commands (`sitrep ingest`, `backfill`, `retag`): the server Prefect itself
  would start on the first API call (its app, `create_app(ephemeral=True)`, under uvicorn), but started at
  once, so that its start-up overlaps with sitrep's own start-up and worker warm-up instead of preceding
  them, and configured through Prefect's documented settings for a server that outlives no command.

Prefect reads its settings (the environment, the active profile) once, when it is imported, and a server
must be chosen before that: the server process reads them for sitrep (`python -m flows.local_server`).
On a new PREFECT_HOME it starts from a ready-made database (flows/private_tricks.py).
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import importlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import httpx

from flows.private_tricks import seed_prefect_database
from tasks.errors import SitrepError

STARTUP_SECONDS = 120
# set while a one-off command runs on its own temporary server: no other run shares that server, so
# loads need not take the server-wide writer limit (flows/pipeline.py)
TEMPORARY_SERVER = "SITREP_TEMPORARY_PREFECT_SERVER"
# Prefect's settings for the temporary server, beyond what its ephemeral mode leaves out (the UI, the
# scheduler and the other services a long-lived server runs): no registering of Prefect's block types
# (sitrep uses none; a second of every start-up), nor the hash of every installed block type that
# decides whether to register them (another 0.3-1 s), and no automations nor streaming of events and
# logs to a UI (CPU taken from extraction).
TEMPORARY_SERVER_SETTINGS = {
    "PREFECT_SERVER_UI_ENABLED": "false",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_SERVER_REGISTER_BLOCKS_ON_START": "false",
    "PREFECT_SERVER_MEMOIZE_BLOCK_AUTO_REGISTRATION": "false",
    "PREFECT_SERVER_SERVICES_TRIGGERS_ENABLED": "false",
    "PREFECT_SERVER_EVENTS_STREAM_OUT_ENABLED": "false",
    "PREFECT_SERVER_LOGS_STREAM_OUT_ENABLED": "false",
}
LOG_NAME = "sitrep-temporary-server.log"
PR_SET_PDEATHSIG = 1  # prctl option (linux/prctl.h)
# PREFECT_API_URL and PREFECT_HOME as Prefect reads them, printed as one line of JSON
SETTINGS_PROBE = (
    "import json; from prefect.settings import get_current_settings as s; "
    "print(json.dumps({'api': s().api.url, 'home': str(s().home)}))"
)


def _healthy(api: str) -> bool:
    try:
        return httpx.get(f"{api}/health", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


@contextlib.contextmanager
def prefect_server(port: int) -> Iterator[str]:
    """PREFECT_API_URL if set (the environment, the active profile); else a server already listening on
    127.0.0.1:port; else one started here (and stopped on exit). Sets PREFECT_API_URL for this process;
    call it before importing prefect."""
    configured, home = (
        (os.environ.get("PREFECT_API_URL"), None) if os.environ.get("PREFECT_API_URL") else prefect_settings()
    )
    if configured:
        yield configured
        return
    api = f"http://127.0.0.1:{port}/api"
    if _healthy(api):
        os.environ["PREFECT_API_URL"] = api
        yield api
        return
    prefect = str(Path(sys.executable).with_name("prefect"))
    assert home is not None
    home.mkdir(parents=True, exist_ok=True)
    with open(home / "sitrep-server.log", "ab") as log:
        server = subprocess.Popen(
            [prefect, "server", "start", "--host", "127.0.0.1", "--port", str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        LocalServer(api, server, home / "sitrep-server.log").ready()
        os.environ["PREFECT_API_URL"] = api
        print(f"Prefect server and UI: http://127.0.0.1:{port} (log: {home / 'sitrep-server.log'})", flush=True)
        yield api
    finally:
        _stop(server)


@dataclass
class LocalServer:
    """A Prefect API server: a shared one (no process), or one sitrep started; `ready()` waits until it
    answers."""

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
                    raise SitrepError(
                        f"the Prefect server at {self.api} did not start (log: {self.log}):\n{_tail(self.log)}"
                    )
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


def _tail(log: Path | None) -> str:
    return log.read_text(errors="replace")[-1500:] if log and log.exists() else ""


def temporary_server() -> LocalServer:
    """The server this process's flow runs report to: PREFECT_API_URL if set, in the environment or the
    active Prefect profile (a shared server); else a temporary server, started now in the background for
    this process, which stops when the process exits (after Prefect's own exit handlers, registered later
    and so run earlier, have sent the last logs and events), or dies with it.

    Call it before importing prefect: it sets PREFECT_API_URL. It returns once the server process has read
    Prefect's settings (0.8 s); the server starts meanwhile."""
    if api := os.environ.get("PREFECT_API_URL"):
        return LocalServer(api)
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "flows.local_server", str(port), str(os.getpid())],
        env={**os.environ, **TEMPORARY_SERVER_SETTINGS},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    assert process.stdout is not None and process.stderr is not None
    answer = _answer(process.stdout)
    process.stdout.close()
    if answer is None:
        _stop(process)
        error = process.stderr.read().decode(errors="replace")[-1500:]
        process.stderr.close()
        raise SitrepError(f"the Prefect server did not start:\n{error}")
    process.stderr.close()
    if "log" not in answer:  # a server set in Prefect's settings (a profile): the server process has exited
        process.wait()
        os.environ["PREFECT_API_URL"] = answer["api"]  # the same URL, where flows/pipeline.py looks for it
        return LocalServer(answer["api"])
    os.environ["PREFECT_API_URL"] = answer["api"]
    os.environ[TEMPORARY_SERVER] = "1"
    server = LocalServer(answer["api"], process, Path(answer["log"]))
    atexit.register(server.stop)
    return server


def _answer(stdout: IO[bytes]) -> dict | None:
    """The server process's first line of JSON (see serve_temporary); None if it ended without one."""
    for line in stdout:
        with contextlib.suppress(ValueError):
            answer = json.loads(line)
            if isinstance(answer, dict) and "api" in answer:
                return answer
    return None


def serve_temporary(port: int, parent: int) -> None:
    """The temporary server's process, started by process `parent`, with which it dies. It answers first,
    on one line of JSON: {"api": url} for a server set in Prefect's settings (and then exits), else
    {"api": url, "log": path}, and then serves Prefect's API on 127.0.0.1:port in ephemeral mode, as the
    server Prefect starts for itself does, logging to PREFECT_HOME/sitrep-temporary-server.log."""
    _die_with_parent()
    if os.getppid() != parent:  # it died before that
        return
    from prefect.settings import get_current_settings

    settings = get_current_settings()
    if settings.api.url:
        print(json.dumps({"api": settings.api.url}), flush=True)
        return
    home = Path(settings.home)
    home.mkdir(parents=True, exist_ok=True)
    log = home / LOG_NAME
    print(json.dumps({"api": f"http://127.0.0.1:{port}/api", "log": str(log)}), flush=True)
    fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    os.close(fd)
    database = settings.server.database.connection_url
    seed_prefect_database(database.get_secret_value() if database else None)  # on a new PREFECT_HOME
    import uvicorn
    from prefect.server.api.server import create_app

    uvicorn.run(create_app(ephemeral=True, final=True), host="127.0.0.1", port=port, log_level="error", lifespan="on")


def prefect_settings() -> tuple[str | None, Path]:
    """(PREFECT_API_URL, PREFECT_HOME) as Prefect reads them (the environment, the active profile),
    without importing Prefect here (see the module docstring)."""
    probe = subprocess.run([sys.executable, "-c", SETTINGS_PROBE], capture_output=True, text=True, check=False)
    if probe.returncode != 0:
        raise SitrepError(f"cannot read Prefect's settings:\n{probe.stderr[-1500:]}")
    answer = json.loads(probe.stdout.strip().splitlines()[-1])
    return answer["api"], Path(answer["home"])


def configured_api_url() -> str | None:
    """PREFECT_API_URL from the environment or the active Prefect profile (`prefect config set ...`)."""
    return os.environ.get("PREFECT_API_URL") or prefect_settings()[0]


def _die_with_parent() -> None:
    """In the server process, on Linux: get SIGTERM when sitrep dies, even by kill -9 (when its atexit
    handler cannot stop the server)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        pass


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


if __name__ == "__main__":
    serve_temporary(int(sys.argv[1]), int(sys.argv[2]))
