from __future__ import annotations

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
    body = RSS091.replace(b"</channel>", b"<item><title>Again</title><link>http://x/old?utm_source=a</link></item>"
                                       b"</channel>")
    assert len(parse_feed(body, FEED)) == 1


@pytest.mark.parametrize("body, reason", [
    (b"", "empty response"),
    (b"<!doctype html><html><body>Please log in</body></html>", "HTML page instead of RSS/Atom"),
    (b"just some text", "not a valid RSS/Atom feed"),
    (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><rss version="2.0">'
     b"<channel><title>&b;</title><item><link>http://x/1</link></item></channel></rss>", "declares XML entities"),
    (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss version="2.0">'
     b"<channel><title>&x;</title></channel></rss>", "refused"),
])
def test_non_feeds_give_a_plain_reason(body, reason):
    with pytest.raises(ValueError, match=reason):
        parse_feed(body, FEED)


def test_conditional_poll_gets_304_and_no_items(site):
    feed = FeedConfig(name="t", url=site.url("/feed.xml"))
    with make_client(LOCAL) as client:
        first = poll_feed(client, feed, None, LOCAL)
        assert first.status == 200 and len(first.items) == 4 and first.etag
        state = FeedState("t", feed.url, first.etag, first.last_modified, first.body_hash,
                          last_full_at=datetime.now(UTC))
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


@pytest.mark.parametrize("path, reason", [
    ("/f/500", "HTTP 500"),
    ("/bad/not-xml.xml", "HTML page instead"),
    ("/bad/truncated.xml", "feed"),
    ("/f/image", "not a feed: content type image/gif"),
])
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
        stale = FeedState("t", feed.url, first.etag, first.last_modified,
                          last_full_at=datetime.now(UTC) - timedelta(hours=25))
        assert poll_feed(client, feed, fresh, LOCAL).status == 304
        assert poll_feed(client, feed, stale, LOCAL).status == 200
    assert "if-none-match" not in site.headers_seen["/feed.xml"][-1]
