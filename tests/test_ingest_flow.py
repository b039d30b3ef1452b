"""The ingest flow through the real Prefect engine, against the local news site."""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import UTC, datetime

import duckdb
import pytest

from flows.ingest import ingest

pytestmark = pytest.mark.usefixtures("prefect_harness")


def query(db, sql):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_ingest_stores_tags_and_records_failures_then_reruns_with_nothing_new(site, write_feeds, db):
    feeds = write_feeds(
        {
            "news": site.url("/feed.xml"),
            "atom": {"url": site.url("/atom.xml"), "country": "XX"},
            "broken": site.url("/f/500"),
            "notxml": site.url("/bad/not-xml.xml"),
        }
    )
    summary = ingest(feeds_file=str(feeds), db=str(db))
    assert summary.loaded and summary.new == 3
    assert summary.feeds["atom"].already_stored == 1 and summary.feeds["news"].failed == 1

    rows = dict(query(db, "select url, language from articles"))
    assert rows[site.url("/a/seed")] == "id" and rows[site.url("/a/shelling")] == "en"
    assert site.url("/a/harbour?utm_source=rss&utm_medium=feed") in rows  # stored as the feed listed it
    seed_url = site.url("/a/seed")
    seed_id, published = query(db, f"select article_id, published_at from articles where url = '{seed_url}'")[0]
    assert published.astimezone(UTC) == datetime(2024, 12, 2, 1, 0, tzinfo=UTC)
    tags = {c for (c,) in query(db, f"select category from article_tags where article_id = '{seed_id}'")}
    assert {"air_or_missile_strike", "armed_clash", "killing_or_casualties"} <= tags
    assert query(db, f"select killed from article_casualties where article_id = '{seed_id}'") == [(400,)]
    regions = query(db, f"select distinct admin1_code from article_locations where article_id = '{seed_id}'")
    assert {"SY-ID", "SY-HM", "SY-HL"} <= {r for (r,) in regions}
    events = "select country_code, killed_median, articles, article_ids from conflict_events"
    assert [e[:3] for e in query(db, events) if seed_id in e[3]] == [("SY", 400, 1)]
    verdicts = dict(query(db, "select a.url, c.is_conflict from articles a join article_conflict c using (article_id)"))
    assert verdicts[site.url("/a/seed")] and verdicts[site.url("/a/shelling")]
    assert not verdicts[site.url("/a/harbour?utm_source=rss&utm_medium=feed")]
    failures = {(stage, url.removeprefix(site.base)) for stage, url in query(db, "select stage, url from failures")}
    assert failures == {("feed", "/f/500"), ("feed", "/bad/not-xml.xml"), ("fetch", "/gone")}
    assert query(db, "select count(*) from runs")[0][0] == 1

    site.reset()
    again = ingest(feeds_file=str(feeds), db=str(db))
    assert again.new == 0
    assert site.count("/feed.xml", 304) == 1
    assert sum(site.count(p) for p in ("/a/seed", "/a/shelling", "/a/harbour", "/gone")) == 0
    assert query(db, "select count(*) from articles")[0][0] == 3


def test_pages_download_while_a_slow_feed_is_still_being_polled(site, write_feeds, db):
    from tests.site import rss

    answered: list[bool] = []

    def slow_feed(site_, headers):
        # answers once the first feed's article has been fetched (or after 20 s, if it never is)
        deadline = time.monotonic() + 20
        while site_.count("/a/seed") == 0 and time.monotonic() < deadline:
            time.sleep(0.05)
        answered.append(site_.count("/a/seed") > 0)
        return 200, {"Content-Type": "application/rss+xml"}, rss(site_.base, [("/a/seed", "again", None)])

    site.routes["/slow.xml"] = slow_feed
    summary = ingest(
        feeds_file=str(write_feeds({"news": site.url("/feed.xml"), "slow": site.url("/slow.xml")})), db=str(db)
    )
    assert answered == [True]
    # the article both feeds list belongs to the first in the file, whichever answered first
    assert summary.feeds["news"].new == 3 and summary.feeds["slow"].already_stored == 1
    assert site.count("/a/seed") == 1


def test_a_locked_warehouse_loses_nothing(site, write_feeds, db, monkeypatch):
    monkeypatch.setattr("warehouse.store.LOAD_WAIT_SECONDS", 0.5)
    monkeypatch.setattr("warehouse.store.START_WAIT_SECONDS", 0.5)
    ingest(feeds_file=str(write_feeds({"atom": site.url("/atom.xml")})), db=str(db))
    feeds = write_feeds({"news": site.url("/feed.xml")})
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb,time; c=duckdb.connect({str(db)!r}, "
            "read_only=True); print('held', flush=True); time.sleep(120)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        locked = ingest(feeds_file=str(feeds), db=str(db))
        assert not locked.loaded and "locked" in locked.message and locked.new == 2
    finally:
        holder.kill()
        holder.wait()
    site.reset()
    ingest(feeds_file=str(feeds), db=str(db))
    assert sum(site.count(p) for p in ("/a/seed", "/a/shelling")) == 0  # spooled articles are not fetched again
    assert query(db, "select count(*), count(distinct url) from articles")[0] == (3, 3)


def test_retag_replaces_tags_of_stale_articles_without_fetching(site, write_feeds, db, monkeypatch):
    from flows.retag import retag

    ingest(feeds_file=str(write_feeds({"atom": site.url("/atom.xml")})), db=str(db))
    con = duckdb.connect(str(db))
    con.execute("update article_conflict set lexicon_version = 'old', is_conflict = false")
    con.execute("update article_tags set lexicon_version = 'old'")
    con.execute("insert into article_tags select article_id, 'protest', 'stale term', 1, 1, 'old' from articles")
    con.close()
    site.reset()
    assert retag(db=str(db)) == 1
    assert retag(db=str(db)) == 0  # nothing stale any more
    assert sum(site.requests.values()) == 0
    stale = "select count(*) from article_tags where term = 'stale term' or lexicon_version = 'old'"
    assert query(db, stale)[0][0] == 0
    assert query(db, "select is_conflict from article_conflict")[0][0] is True
    assert retag(db=str(db), all_articles=True) == 1


def test_a_huge_feed_gives_each_run_its_newest_pages_and_cannot_hold_back_a_small_one(site, write_feeds, db):
    from tests.site import PAGES, fixed, rss

    big = [
        (f"/big/{k}", f"Harbour festival day {k}", f"Mon, {1 + k % 28:02d} Dec 2025 10:00:00 GMT") for k in range(12)
    ]
    site.routes["/big.xml"] = fixed(200, rss(site.base, big), **{"Content-Type": "application/rss+xml"})
    for path, _, _ in big:  # twelve pages, each its own canonical URL (the fixture names one for all)
        site.routes[path] = fixed(
            200, PAGES["harbour"].replace(b"http://news.example/harbour-festival", site.url(path).encode()), "text/html"
        )
    feeds = write_feeds({"big": site.url("/big.xml"), "news": site.url("/feed.xml")}, extra_fetch="max_new_per_feed: 5")
    first = ingest(feeds_file=str(feeds), db=str(db))
    assert first.feeds["big"].new == 5 and first.feeds["big"].deferred == 7
    assert first.feeds["news"].new == 3  # the small feed's pages, in the same run
    newest = {site.url(f"/big/{k}") for k in (11, 10, 9, 8, 7)}
    assert {u for (u,) in query(db, "select url from articles where url like '%/big/%'")} == newest
    second = ingest(feeds_file=str(feeds), db=str(db))  # the rest come with the next runs, none twice
    third = ingest(feeds_file=str(feeds), db=str(db))
    assert (second.feeds["big"].new, third.feeds["big"].new, third.feeds["big"].deferred) == (5, 2, 0)
    assert query(db, "select count(*), count(distinct url) from articles where url like '%/big/%'")[0] == (12, 12)


def test_a_story_reached_by_a_second_address_is_stored_once_with_the_address_as_an_alias(site, write_feeds, db):
    from tests.site import PAGES, fixed, rss

    feeds = write_feeds({"news": site.url("/feed.xml")})
    ingest(feeds_file=str(feeds), db=str(db))
    shelling = PAGES["shelling"].decode()

    def with_canonical(path: str, html: str = shelling) -> bytes:
        return html.replace("</head>", f'<link rel="canonical" href="{site.url(path)}"></head>').encode()

    site.routes["/old/seed"] = fixed(301, b"", Location="/a/seed")  # an old address of a stored article
    site.routes["/amp/shelling"] = fixed(200, with_canonical("/a/shelling"), "text/html")  # an AMP copy
    other = shelling.replace("Shelling kills 12", "Shelling kills 30 in a second town")
    site.routes["/amp/other"] = fixed(200, with_canonical("/a/shelling", other), "text/html")  # a wrong canonical
    site.routes["/amp/first"] = fixed(200, with_canonical("/a/first", PAGES["seed"].decode()), "text/html")
    site.routes["/a/first"] = site.routes["/a/seed"]
    moved = [
        ("/old/seed", "Serangan udara", None),
        ("/amp/shelling", "Shelling kills 12", None),
        ("/amp/other", "Shelling kills 30 in a second town", None),
        ("/amp/first", "Serangan udara", None),
    ]
    site.routes["/moved.xml"] = fixed(200, rss(site.base, moved), "application/rss+xml")
    feeds = write_feeds({"news": site.url("/feed.xml"), "moved": site.url("/moved.xml")})
    ingest(feeds_file=str(feeds), db=str(db))
    # stored: the page whose canonical URL is wrong (another title and text), and the AMP page seen first
    assert {u for (u,) in query(db, "select url from articles where feed_name = 'moved'")} == {
        site.url("/amp/other"),
        site.url("/amp/first"),
    }
    aliases = dict(query(db, "select url, via from article_aliases"))
    assert aliases[site.url("/old/seed")] == "redirect" and aliases[site.url("/amp/shelling")] == "canonical"
    assert aliases[site.url("/a/first")] == "canonical"  # the AMP page seen first names its canonical page
    assert query(
        db,
        f"""select a.url from article_aliases l join articles a using (article_id)
                         where l.url = '{site.url("/old/seed")}'""",
    ) == [(site.url("/a/seed"),)]
    assert site.url("/amp/other") not in aliases
    assert query(
        db, f"select count(*) from articles where url like '%/old/%' or url = '{site.url('/amp/shelling')}'"
    ) == [(0,)]
    # a feed that now lists the canonical page: it is the stored AMP article, not fetched again
    site.routes["/moved.xml"] = fixed(
        200, rss(site.base, [*moved, ("/a/first", "Serangan udara", None)]), "application/rss+xml"
    )
    again = ingest(feeds_file=str(feeds), db=str(db))
    assert again.feeds["moved"].new == 0 and again.feeds["moved"].already_stored == 5 and site.count("/a/first") == 0
    assert site.count("/old/seed") == 1 and site.count("/amp/shelling") == 1
