"""Backfills: discovery from feed archives and sitemaps, the date window, idempotence, parameters."""

from __future__ import annotations

from datetime import UTC, date, datetime

import duckdb
import pytest

from tasks.discovery import archive_items, parse_date, sitemap_items, url_items
from tasks.errors import ConfigError
from tasks.http import make_client
from tasks.settings import FeedConfig, FetchSettings
from tests import archive_site

LOCAL = FetchSettings(allow_private_addresses=True)
DEC = (datetime(2025, 12, 1, tzinfo=UTC), datetime(2026, 1, 1, tzinfo=UTC))


def in_december(k: int) -> bool:
    return DEC[0] <= archive_site.published(k) < DEC[1]


@pytest.fixture
def archive(site):
    archive_site.install(site)
    return site


def test_feed_archive_pages_until_entries_are_older_than_since(archive):
    feed = FeedConfig(name="archive", url=archive.url("/news/feed.xml"))
    with make_client(LOCAL) as client:
        items, failures = archive_items(client, feed, LOCAL, DEC[0])
    assert failures == []
    oldest_in_window = max(k for k in range(archive_site.COUNT) if in_december(k))
    assert {i.url.rsplit("/a", 1)[1] for i in items} >= {str(k) for k in range(oldest_in_window + 1)}
    assert all(i.discovered_via == "feed-archive" for i in items)
    # ten entries a page: it read up to the page holding the window's oldest entry, and one more
    assert archive.count("/news/feed.xml") == oldest_in_window // 10 + 2 < archive_site.COUNT // 10


def test_sitemap_index_is_followed_and_filtered_by_date(archive):
    feed = FeedConfig(name="archive", url=archive.url("/news/feed.xml"))
    with make_client(LOCAL) as client:
        items, failures = sitemap_items(client, feed, LOCAL, *DEC)
    assert failures == []
    assert sorted(int(i.url.rsplit("/a", 1)[1]) for i in items) == [
        k for k in range(archive_site.COUNT) if in_december(k)
    ]
    assert all(i.published_at and DEC[0] <= i.published_at < DEC[1] for i in items)
    assert archive.count("/sitemap-2025-10.xml") == 0  # its lastmod is before the window


def test_pasted_urls_and_dates():
    items, failures = url_items(["http://x/1", "http://x/1?utm_source=a", "", "# note", "ftp://x/2"], "pasted")
    assert [i.url for i in items] == ["http://x/1"] and [f.url for f in failures] == ["ftp://x/2"]
    assert parse_date("2025-12-03") == datetime(2025, 12, 3, tzinfo=UTC)
    assert parse_date("2025-12-03T10:00:00Z") == datetime(2025, 12, 3, 10, tzinfo=UTC)
    assert parse_date("soon") is None


@pytest.mark.usefixtures("prefect_harness")
def test_a_month_backfill_loads_that_month_exactly_and_a_rerun_loads_nothing(archive, write_feeds, db):
    from flows.backfill import run_backfill as backfill

    feeds = write_feeds({"archive": archive.url("/news/feed.xml")})
    first = backfill(
        since=date(2025, 12, 1),
        until=date(2025, 12, 31),
        feeds=["archive"],
        sources=["feed", "sitemap"],
        feeds_file=str(feeds),
        db=str(db),
    )
    con = duckdb.connect(str(db), read_only=True)
    stored = con.execute("select url, published_at, discovered_via from articles").fetchall()
    runs = con.execute("select flow, articles_new from runs").fetchall()
    con.close()
    expected = {archive.url(f"/news/a{k}") for k in range(archive_site.COUNT) if in_december(k)}
    assert {u for u, _, _ in stored} == expected and first.new == len(expected)
    assert {via for _, _, via in stored} <= {"feed-archive", "sitemap"}
    assert runs == [("backfill", len(expected))]

    archive.reset()
    again = backfill(
        since=date(2025, 12, 1),
        until=date(2025, 12, 31),
        feeds=["archive"],
        sources=["feed", "sitemap"],
        feeds_file=str(feeds),
        db=str(db),
    )
    assert again.new == 0 and again.already_stored >= len(expected)
    assert sum(n for key, n in archive.requests.items() if key.startswith("/news/a")) == 0


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"since": date(2025, 12, 2), "until": date(2025, 12, 1)}, "is before since"),
        ({"feeds": ["nope"]}, "feeds not in the feeds file: nope"),
        ({"sources": ["urls"]}, "needs URLs"),
        ({"sources": []}, "at least one source"),
    ],
)
def test_parameters_are_checked_with_a_clear_message(write_feeds, kwargs, message):
    from flows.backfill import validate
    from tasks.settings import load_settings

    settings = load_settings(write_feeds({"archive": "http://127.0.0.1/feed.xml"}))
    args = {
        "since": date(2025, 12, 1),
        "until": date(2025, 12, 31),
        "feeds": [],
        "sources": ["feed"],
        "urls": "",
        "urls_file": "",
        **kwargs,
    }
    with pytest.raises(ConfigError, match=message):
        validate(settings, **args)


def test_a_backfill_without_dates_loads_the_30_days_up_to_the_day_it_runs(archive, write_feeds, db):
    import json

    from flows.backfill import run_backfill as backfill

    feeds = write_feeds({"archive": archive.url("/news/feed.xml")})
    backfill(feeds=["archive"], sources=["feed"], feeds_file=str(feeds), db=str(db))
    con = duckdb.connect(str(db), read_only=True)
    (parameters,) = con.execute("select parameters from runs where flow = 'backfill'").fetchone()
    con.close()
    today = datetime.now(UTC).date()
    window = json.loads(parameters)
    assert (window["since"], window["until"]) == (str(date.fromordinal(today.toordinal() - 30)), str(today))
