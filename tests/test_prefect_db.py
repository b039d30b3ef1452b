"""The ready-made Prefect database is copied only where Prefect would create a new one itself."""

from __future__ import annotations

from flows import prefect_db
from flows.prefect_db import TEMPLATE, known_revisions, revision, seed


def test_the_template_is_a_revision_the_installed_prefect_knows():
    assert revision(TEMPLATE) in known_revisions()
    assert len(known_revisions()) > 100


def test_a_fresh_home_gets_a_copy_and_an_existing_database_is_left_alone(tmp_path, monkeypatch):
    for name in prefect_db.URL_SETTINGS:
        monkeypatch.delenv(name, raising=False)
    assert seed(tmp_path) and revision(tmp_path / "prefect.db") == revision(TEMPLATE)
    (tmp_path / "prefect.db").write_bytes(b"theirs")
    assert not seed(tmp_path) and (tmp_path / "prefect.db").read_bytes() == b"theirs"
    assert [p.name for p in tmp_path.iterdir()] == ["prefect.db"]  # no temporary file left behind


def test_no_copy_when_the_database_lives_elsewhere_or_the_template_is_unknown(tmp_path, monkeypatch):
    for name in prefect_db.URL_SETTINGS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PREFECT_API_DATABASE_CONNECTION_URL", "postgresql+asyncpg://db/prefect")
    assert not seed(tmp_path / "a")
    monkeypatch.delenv("PREFECT_API_DATABASE_CONNECTION_URL")

    home = tmp_path / "b"
    home.mkdir()
    (home / "profiles.toml").write_text('[profiles.local]\nPREFECT_API_DATABASE_CONNECTION_URL = "sqlite+aiosqlite:///x.db"\n')
    monkeypatch.setenv("PREFECT_PROFILES_PATH", str(home / "profiles.toml"))
    assert not seed(home)
    monkeypatch.delenv("PREFECT_PROFILES_PATH")

    monkeypatch.setattr(prefect_db, "known_revisions", lambda: {"0000older"})  # an older Prefect
    assert not seed(tmp_path / "c") and not (tmp_path / "c" / "prefect.db").exists()


def test_a_server_set_in_the_active_profile_is_used_not_a_temporary_one(tmp_path, monkeypatch):
    from flows.local_server import configured_api_url
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    monkeypatch.delenv("PREFECT_PROFILE", raising=False)
    profiles = tmp_path / "profiles.toml"
    profiles.write_text('active = "team"\n[profiles.team]\nPREFECT_API_URL = "http://prefect.internal:4200/api"\n'
                        '[profiles.local]\n')
    monkeypatch.setenv("PREFECT_PROFILES_PATH", str(profiles))
    assert configured_api_url() == "http://prefect.internal:4200/api"
    monkeypatch.setenv("PREFECT_PROFILE", "local")
    assert configured_api_url() is None
    monkeypatch.setenv("PREFECT_API_URL", "http://127.0.0.1:4200/api")
    assert configured_api_url() == "http://127.0.0.1:4200/api"
