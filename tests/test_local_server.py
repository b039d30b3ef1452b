"""The Prefect servers sitrep starts: what a one-off command's flow runs are told about them."""

from __future__ import annotations

import subprocess

from prefect.settings import get_current_settings

from flows.local_server import LocalServer

API = "http://127.0.0.1:9/api"


def heartbeat_seconds() -> int | None:
    return get_current_settings().flows.heartbeat_frequency


def test_runs_on_a_temporary_server_send_no_heartbeats():
    """Nothing on a temporary server reads them, and the run's end waits for the heartbeat thread."""
    started = LocalServer(API, process=subprocess.Popen(["true"]))
    started.process.wait()
    assert heartbeat_seconds() is not None  # Prefect's default
    with started.run_settings():
        assert heartbeat_seconds() is None
    assert heartbeat_seconds() is not None


def test_runs_on_a_shared_server_keep_them():
    """A shared server (PREFECT_API_URL) may run the automation that marks runs without heartbeats crashed."""
    with LocalServer(API).run_settings():
        assert heartbeat_seconds() is not None
