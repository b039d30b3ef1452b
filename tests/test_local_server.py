"""The Prefect servers sitrep starts: which server a command uses, what its temporary server runs, and what
a one-off command's flow runs are told about it."""

from __future__ import annotations

import os
import subprocess

import httpx
from prefect.settings import get_current_settings

from flows.local_server import TEMPORARY_SERVER, LocalServer, configured_api_url, temporary_server

API = "http://127.0.0.1:9/api"
TEAM = "http://prefect.internal:4200/api"


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


def use_profiles(tmp_path, monkeypatch, active: str) -> None:
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    monkeypatch.delenv("PREFECT_PROFILE", raising=False)
    monkeypatch.delenv(TEMPORARY_SERVER, raising=False)
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path / "prefect"))
    profiles = tmp_path / "profiles.toml"
    profiles.write_text(f'active = "{active}"\n[profiles.team]\nPREFECT_API_URL = "{TEAM}"\n[profiles.local]\n')
    monkeypatch.setenv("PREFECT_PROFILES_PATH", str(profiles))


def test_a_server_set_in_the_active_profile_is_used_not_a_temporary_one(tmp_path, monkeypatch):
    use_profiles(tmp_path, monkeypatch, active="team")
    assert configured_api_url() == TEAM
    server = temporary_server()
    assert (server.api, server.process) == (TEAM, None)
    assert os.environ["PREFECT_API_URL"] == TEAM and TEMPORARY_SERVER not in os.environ  # a shared server
    monkeypatch.delenv("PREFECT_API_URL")
    monkeypatch.setenv("PREFECT_PROFILE", "local")
    assert configured_api_url() is None
    monkeypatch.setenv("PREFECT_API_URL", "http://127.0.0.1:4200/api")
    assert configured_api_url() == "http://127.0.0.1:4200/api"


def test_the_temporary_server_serves_the_api_only_and_stops(tmp_path, monkeypatch):
    use_profiles(tmp_path, monkeypatch, active="local")
    server = temporary_server()
    try:
        server.ready()
        with httpx.Client(base_url=server.api, timeout=10) as client:
            assert client.get("/health").json() is True
            # Prefect's block types are not registered on a temporary server (sitrep uses none)
            assert client.post("/block_types/filter", json={}).json() == []
        assert server.log == tmp_path / "prefect" / "sitrep-temporary-server.log" and server.log.exists()
        assert (tmp_path / "prefect" / "prefect.db").exists()  # Prefect's own database, in PREFECT_HOME
    finally:
        server.stop()
    assert server.process is not None and server.process.poll() is not None
