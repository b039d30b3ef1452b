from __future__ import annotations

import pytest

from tasks.errors import ConfigError
from tasks.settings import db_path, feeds_path, load_settings


def test_valid_file_with_defaults(tmp_path):
    path = tmp_path / "feeds.yaml"
    path.write_text(
        "feeds:\n  - name: antara-world\n    url: https://example.org/rss\n    language: id\n    country: ID\n"
    )
    settings = load_settings(path)
    assert settings.fetch.allow_private_addresses is False
    assert settings.feeds[0].language == "id" and settings.feeds[0].country == "ID"


@pytest.mark.parametrize(
    "entry, expected",
    [
        ("  - name: a\n    url: ftp://x/rss\n", "feeds[0] (a) field 'url'"),
        ("  - name: a\n    url: https://x/rss\n    language: Indonesian\n", "feeds[0] (a) field 'language'"),
        ("  - name: a\n    url: https://x/rss\n    country: id\n", "feeds[0] (a) field 'country'"),
        ("  - name: a\n    url: https://x/rss\n    langauge: id\n", "field 'langauge': unknown key"),
        ("  - url: https://x/rss\n", "feeds[0] field 'name'"),
        ("  - name: a\n    url: https://x/a\n  - name: a\n    url: https://x/b\n", "feeds[1].name: 'a' is used"),
    ],
)
def test_errors_name_the_entry_and_field(tmp_path, entry, expected):
    path = tmp_path / "feeds.yaml"
    path.write_text("feeds:\n" + entry)
    with pytest.raises(ConfigError) as e:
        load_settings(path)
    assert expected in str(e.value)
    assert str(path) in str(e.value)


def test_unknown_fetch_key_and_missing_file(tmp_path):
    path = tmp_path / "feeds.yaml"
    path.write_text("fetch:\n  allow_private: true\nfeeds: []\n")
    with pytest.raises(ConfigError, match="fetch.allow_private: unknown key"):
        load_settings(path)
    with pytest.raises(ConfigError, match="does not exist"):
        load_settings(tmp_path / "nope.yaml")


def test_default_paths_follow_the_environment(monkeypatch):
    monkeypatch.delenv("SITREP_FEEDS", raising=False)
    monkeypatch.delenv("SITREP_DB", raising=False)
    assert str(feeds_path()) == "feeds.yaml" and str(db_path()) == "data/sitrep.duckdb"
    monkeypatch.setenv("SITREP_FEEDS", "/etc/f.yaml")
    monkeypatch.setenv("SITREP_DB", "/srv/w.duckdb")
    assert str(feeds_path()) == "/etc/f.yaml" and str(db_path()) == "/srv/w.duckdb"
    assert str(db_path("x.duckdb")) == "x.duckdb"


def test_the_shipped_feeds_file_is_valid():
    from pathlib import Path

    settings = load_settings(Path(__file__).parent.parent / "feeds.yaml")
    assert 15 <= len(settings.feeds) <= 30
    assert any(f.language == "id" for f in settings.feeds)
    assert len({f.language for f in settings.feeds}) >= 5


def test_publication_dates_that_cannot_be_right():
    from datetime import UTC, datetime, timedelta

    from tasks.settings import plausible_published

    now = datetime(2026, 1, 1, tzinfo=UTC)
    assert plausible_published(None, now) is None
    assert plausible_published(datetime(1989, 12, 31, 23, 59, tzinfo=UTC), now) is None
    assert plausible_published(datetime(1970, 1, 1, tzinfo=UTC), now) is None
    assert plausible_published(datetime(1990, 1, 1, tzinfo=UTC), now) == datetime(1990, 1, 1, tzinfo=UTC)
    assert plausible_published(now + timedelta(hours=23), now) == now + timedelta(hours=23)  # time zones, skew
    assert plausible_published(now + timedelta(hours=25), now) is None
    assert plausible_published(datetime(2100, 1, 1), now) is None  # naive dates are taken as UTC
    assert plausible_published(datetime(2020, 1, 1), now) == datetime(2020, 1, 1, tzinfo=UTC)
