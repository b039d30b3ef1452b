from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from tasks.feeds import parse_feed, poll_feed
from tasks.http import make_client
from tasks.records import FeedState
from tasks.settings import FeedConfig, FetchSettings

FEED = FeedConfig(name="t", url="http://127.0.0.1/feed.xml", language="en", country="GB")
LOCAL = FetchSettings(allow_private_addresses=True)

RSS1 = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
 xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="http://x/"><title>t</title><link>http://x/</link><description>d</description></channel>
<item rdf:about="http://x/1"><title>One</title><link>http://x/1</link><dc:date>2024-12-02T08:00:00+07:00</dc:date>
<dc:creator>Ana</dc:creator></item>
</rdf:RDF>"""
RSS091 = b"""<?xml version="1.0"?><rss version="0.91"><channel><title>t</title><link>http://x/</link>
<description>d</description><item><title>Old</title><link>http://x/old</link></item></channel></rss>"""
ATOM_RELATIVE = b"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom" xml:base="http://x/news/">
<title>t</title><id>urn:t</id><updated>2024-01-01T00:00:00Z</updated>
<entry><title>Rel</title><link href="story-1"/><id>urn:1</id><updated>2024-12-03T10:30:00-05:00</updated></entry>
</feed>"""


def test_rss1_dates_keep_the_instant_and_authors():
    (item,) = parse_feed(RSS1, FEED)
    assert item.url == "http://x/1" and item.authors == "Ana"
    assert item.published_at == datetime(2024, 12, 2, 1, 0, tzinfo=UTC)
    assert item.language == "en" and item.country == "GB"


def test_rss091_and_relative_atom_links():
    assert [i.url for i in parse_feed(RSS091, FEED)] == ["http://x/old"]
    (item,) = parse_feed(ATOM_RELATIVE, FEED)
    assert item.url == "http://x/news/story-1"
    assert item.published_at == datetime(2024, 12, 3, 15, 30, tzinfo=UTC)


def test_duplicate_entries_are_listed_once():
    body = RSS091.replace(
        b"</channel>", b"<item><title>Again</title><link>http://x/old?utm_source=a</link></item></channel>"
    )
    assert len(parse_feed(body, FEED)) == 1


@pytest.mark.parametrize(
    "body, reason",
    [
        (b"", "empty response"),
        (b"<!doctype html><html><body>Please log in</body></html>", "HTML page instead of RSS/Atom"),
        (b"just some text", "not a valid RSS/Atom feed"),
        (
            b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><rss version="2.0">'
            b"<channel><title>&b;</title><item><link>http://x/1</link></item></channel></rss>",
            "declares XML entities",
        ),
        (
            b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss version="2.0">'
            b"<channel><title>&x;</title></channel></rss>",
            "refused",
        ),
    ],
)
def test_non_feeds_give_a_plain_reason(body, reason):
    with pytest.raises(ValueError, match=reason):
        parse_feed(body, FEED)


def test_conditional_poll_gets_304_and_no_items(site):
    feed = FeedConfig(name="t", url=site.url("/feed.xml"))
    with make_client(LOCAL) as client:
        first = poll_feed(client, feed, None, LOCAL)
        assert first.status == 200 and len(first.items) == 4 and first.etag
        state = FeedState(
            "t", feed.url, first.etag, first.last_modified, first.body_hash, last_full_at=datetime.now(UTC)
        )
        second = poll_feed(client, feed, state, LOCAL)
    assert second.status == 304 and second.not_modified and second.items == ()
    assert site.headers_seen["/feed.xml"][-1]["if-none-match"] == first.etag


def test_unchanged_body_without_validators_is_no_work(site):
    feed = FeedConfig(name="t", url=site.url("/plain.xml"))
    with make_client(LOCAL) as client:
        first = poll_feed(client, feed, None, LOCAL)
        second = poll_feed(client, feed, FeedState("t", feed.url, body_hash=first.body_hash), LOCAL)
    assert first.items and not first.not_modified
    assert second.not_modified and second.items == ()


@pytest.mark.parametrize(
    "path, reason",
    [
        ("/f/500", "HTTP 500"),
        ("/bad/not-xml.xml", "HTML page instead"),
        ("/bad/truncated.xml", "feed"),
        ("/f/image", "not a feed: content type image/gif"),
    ],
)
def test_bad_feeds_are_failures_not_exceptions(site, path, reason):
    feed = FeedConfig(name="t", url=site.url(path))
    with make_client(LOCAL) as client:
        poll = poll_feed(client, feed, None, LOCAL)
    assert poll.failure is not None and poll.failure.stage == "feed"
    assert reason in poll.failure.error and poll.items == ()


def test_failing_feeds_rest_longer_but_are_never_dropped():
    from datetime import timedelta

    from tasks.feeds import backoff, due

    assert backoff(0) == timedelta(0)
    assert backoff(1) == timedelta(minutes=5) and backoff(2) == timedelta(minutes=10)
    assert backoff(50) == timedelta(hours=6)
    now = datetime(2026, 1, 1, tzinfo=UTC)
    resting = FeedState("t", FEED.url, consecutive_failures=3, next_poll_at=now + timedelta(minutes=1))
    assert not due(resting, FEED, now) and due(resting, FEED, now + timedelta(minutes=2))
    moved = FeedConfig(name="t", url="http://127.0.0.1/new.xml")
    assert due(resting, moved, now)  # a new URL in the feeds file is tried at once


def test_a_full_get_now_and_then_catches_false_304s(site):
    from datetime import timedelta

    feed = FeedConfig(name="t", url=site.url("/feed.xml"))
    with make_client(LOCAL) as client:
        first = poll_feed(client, feed, None, LOCAL)
        fresh = FeedState("t", feed.url, first.etag, first.last_modified, last_full_at=datetime.now(UTC))
        stale = FeedState(
            "t", feed.url, first.etag, first.last_modified, last_full_at=datetime.now(UTC) - timedelta(hours=25)
        )
        assert poll_feed(client, feed, fresh, LOCAL).status == 304
        assert poll_feed(client, feed, stale, LOCAL).status == 200
    assert "if-none-match" not in site.headers_seen["/feed.xml"][-1]


JSON_FEED_11 = b"""{
  "version": "https://jsonfeed.org/version/1.1",
  "title": "Fixture JSON news", "home_page_url": "http://x/", "language": "fr",
  "authors": [{"name": "Feed desk"}],
  "items": [
    {"id": "1", "url": "http://x/a/1", "title": " One ", "date_published": "2024-12-02T08:00:00+07:00",
     "authors": [{"name": "Ana"}, {"url": "http://x/bo"}, {"name": "Bo"}], "language": "de"},
    {"id": "2", "url": "stories/2?utm_source=json", "title": "Relative", "date_published": "2024-12-03t10:30:00.5z"},
    {"id": "3", "external_url": "https://elsewhere.example/3", "content_text": "a link post"},
    {"id": "4", "content_text": "a status update without any link"},
    {"id": "5", "url": "mailto:desk@x", "title": "not a page"},
    {"id": "6", "url": "http://x/a/1#comments", "title": "One again"},
    "not an item"
  ]
}"""
JSON_FEED_10 = b"""\n  {"version": "https://jsonfeed.org/version/1", "title": "t",
  "items": [{"id": "a", "url": "http://x/old", "title": "Old", "date_published": "2017-05-17T08:02:12-07:00",
             "date_modified": "2018-01-01T00:00:00Z", "author": {"name": "Cy"}},
            {"id": "b", "url": "http://x/modified", "date_modified": "2018-01-01T00:00:00Z"}]}"""


def test_json_feed_11_items_like_rss_items():
    items = parse_feed(JSON_FEED_11, FEED, base_url="http://x/feed.json", content_type="application/feed+json")
    assert [i.url for i in items] == [
        "http://x/a/1",
        "http://x/stories/2?utm_source=json",
        "https://elsewhere.example/3",
    ]
    one, relative, linked = items
    assert (one.title, one.authors, one.published_at) == ("One", "Ana; Bo", datetime(2024, 12, 2, 1, 0, tzinfo=UTC))
    assert one.language == "en" and one.country == "GB"  # from the feeds file, as for RSS and Atom
    assert relative.published_at == datetime(2024, 12, 3, 10, 30, 0, 500000, tzinfo=UTC)
    assert (linked.title, linked.authors, linked.published_at) == (None, None, None)


def test_json_feed_10_is_recognised_by_its_body_alone():
    old, modified = parse_feed(JSON_FEED_10, FEED, content_type="text/plain")
    assert (old.url, old.title, old.authors) == ("http://x/old", "Old", "Cy")
    assert old.published_at == datetime(2017, 5, 17, 15, 2, 12, tzinfo=UTC)
    assert modified.published_at == datetime(2018, 1, 1, tzinfo=UTC)  # date_modified, as RSS/Atom's updated


@pytest.mark.parametrize(
    "body, reason",
    [
        (b'{"version": "https://jsonfeed.org/version/1.1", "items": [', "not a JSON Feed: invalid JSON"),
        (b"[]", "not a JSON Feed: the document is a JSON list, not an object"),
        (b'{"title": "t", "items": []}', "not a JSON Feed: missing version"),
        (b'{"version": "1.1", "items": []}', "not a JSON Feed: version '1.1' is not https://jsonfeed.org/version/1"),
        (b'{"version": 1, "items": []}', "not a JSON Feed: version '1' is not"),
        (b'{"version": "https://jsonfeed.org/version/1"}', "not a JSON Feed: missing items"),
        (
            b'{"version": "https://jsonfeed.org/version/1", "items": {"url": "http://x/1"}}',
            "not a JSON Feed: items is a JSON object, not a list",
        ),
        (b'{"version": "https://jsonfeed.org/version/1", "items": [], "title": "\xff"}', "not UTF-8"),
    ],
)
def test_broken_json_feeds_give_a_plain_reason(body, reason):
    with pytest.raises(ValueError, match=re.escape(reason)):
        parse_feed(body, FEED, content_type="application/json")


def test_a_json_content_type_does_not_hide_an_html_page_or_an_xml_feed():
    with pytest.raises(ValueError, match="HTML page instead"):
        parse_feed(b"<!doctype html><html><body>Error</body></html>", FEED, content_type="application/json")
    assert [i.url for i in parse_feed(RSS091, FEED, content_type="application/json")] == ["http://x/old"]


def test_dates_that_cannot_be_right_are_not_used():
    body = RSS091.replace(
        b"</channel>",
        b"".join(
            b"<item><title>%s</title><link>http://x/%s</link><pubDate>%s</pubDate></item>" % (n, n, d)
            for n, d in [
                (b"future", b"Fri, 01 Jan 2100 00:00:00 GMT"),
                (b"epoch", b"Thu, 01 Jan 1970 00:00:00 GMT"),
                (b"fine", b"Mon, 02 Dec 2024 08:00:00 +0700"),
            ]
        )
        + b"</channel>",
    )
    items = parse_feed(body, FEED)
    dates = {i.url.rsplit("/", 1)[1]: i.published_at for i in items}
    assert dates == {"old": None, "future": None, "epoch": None, "fine": datetime(2024, 12, 2, 1, 0, tzinfo=UTC)}
    dropped = {i.url.rsplit("/", 1)[1]: i.dropped_date.year for i in items if i.dropped_date}
    assert dropped == {"future": 2100, "epoch": 1970}  # kept aside, so the run's summary can say so
    json_feed = (
        b'{"version": "https://jsonfeed.org/version/1.1", "items": ['
        b'{"url": "http://x/j1", "date_published": "2100-01-01T00:00:00Z"},'
        b'{"url": "http://x/j2", "date_published": "1970-01-01T00:00:00Z"}]}'
    )
    assert [i.published_at for i in parse_feed(json_feed, FEED)] == [None, None]


def test_json_feeds_are_polled_and_broken_ones_are_failures(site):
    body = JSON_FEED_11.replace(b'"url": "http://x/a/1"', b'"url": "/a/shelling"')
    site.routes["/feed.json"] = lambda s, h: (200, {"Content-Type": "application/feed+json"}, body)
    site.routes["/bad.json"] = lambda s, h: (200, {"Content-Type": "application/json"}, b'{"items": []}')
    with make_client(LOCAL) as client:
        poll = poll_feed(client, FeedConfig(name="j", url=site.url("/feed.json")), None, LOCAL)
        bad = poll_feed(client, FeedConfig(name="b", url=site.url("/bad.json")), None, LOCAL)
    assert poll.failure is None and poll.items[0].url == site.url("/a/shelling")
    assert poll.items[1].url == site.url("/stories/2?utm_source=json")  # resolved against the feed's address
    assert "application/feed+json" in site.headers_seen["/feed.json"][-1]["accept"]
    assert bad.failure is not None and bad.failure.stage == "feed" and bad.items == ()
    assert bad.failure.error == "not a JSON Feed: missing version"


def test_fair_share_takes_each_feeds_newest_in_turns():
    from datetime import UTC, datetime

    from tasks.feeds import fair_share
    from tasks.records import FeedItem

    def item(feed: str, host: str, day: int | None) -> FeedItem:
        url = f"https://{host}/{feed}/{day}"
        return FeedItem(feed, url, url, published_at=datetime(2026, 1, day, tzinfo=UTC) if day else None)

    big = [item("big", "big.example", d) for d in (1, 5, 3, None, 4, 2)]
    small = [item("small", "small.example", d) for d in (7, 6)]
    now, later = fair_share(big + small, per_feed=4)
    assert [(i.feed_name, i.published_at.day if i.published_at else None) for i in now] == [
        ("big", 5),
        ("small", 7),
        ("big", 4),
        ("small", 6),
        ("big", 3),
        ("big", 2),
    ]
    assert sorted((i.published_at.day if i.published_at else 0) for i in later) == [0, 1]


def test_feed_state_keeps_validators_when_pages_must_be_retried_and_a_failing_feed_rests():
    from tasks.feeds import backoff, state_after_poll
    from tasks.records import Failure, FeedPoll, FeedState

    now = datetime(2026, 12, 6, tzinfo=UTC)
    prev = FeedState("f", "http://x/rss", etag='"old"', consecutive_failures=2)
    poll = FeedPoll("f", "http://x/rss", now, 200, etag='"new"')
    assert state_after_poll(poll, prev, keep_validators=False).etag == '"new"'
    assert state_after_poll(poll, prev, keep_validators=True).etag == '"old"'
    fine = state_after_poll(poll, prev, keep_validators=False)
    assert fine.consecutive_failures == 0 and fine.next_poll_at is None and fine.last_success_at == now
    failed = FeedPoll("f", "http://x/rss", now, 500, failure=Failure("feed", "http://x/rss", "HTTP 500"))
    state = state_after_poll(failed, prev, keep_validators=False)
    assert state.consecutive_failures == 3 and state.etag == '"old"' and state.last_error == "HTTP 500"
    assert state.next_poll_at == now + backoff(3) and state.last_success_at is None
