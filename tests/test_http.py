from __future__ import annotations

import pytest

from tasks.errors import PermanentFetchError, TransientFetchError
from tasks.http import fetch, make_client, retry_after
from tasks.settings import FetchSettings

LOCAL = FetchSettings(allow_private_addresses=True, attempts=1)


def get(site, path, settings=LOCAL, kind="page"):
    with make_client(settings) as client:
        return fetch(client, site.url(path), settings, kind=kind)


def test_page_with_charset_and_redirect(site):
    r = get(site, "/f/redirect-to-seed")
    assert r.status == 200 and r.final_url.endswith("/a/seed") and r.charset == "utf-8"
    assert "Suriah" in r.body.decode()


@pytest.mark.parametrize(
    "path, error, message",
    [
        ("/gone", PermanentFetchError, "HTTP 404"),
        ("/f/500", TransientFetchError, "HTTP 500"),
        ("/f/429", TransientFetchError, "wait 120 s"),
        ("/f/redirect-loop", PermanentFetchError, "more than 5 redirects"),
        ("/f/binary", PermanentFetchError, "a PNG image"),
        ("/f/image", PermanentFetchError, "not an HTML page: content type image/gif"),
    ],
)
def test_failures_are_classified_with_a_reason(site, path, error, message):
    with pytest.raises(error, match=message):
        get(site, path)


def test_bodies_over_the_cap_are_refused(site):
    small = FetchSettings(allow_private_addresses=True, attempts=1, max_bytes=100_000)
    with pytest.raises(PermanentFetchError, match="too large"):
        get(site, "/f/huge", small)
    assert len(get(site, "/f/huge").body) > 300_000


def test_a_server_that_hangs_times_out(site):
    quick = FetchSettings(allow_private_addresses=True, attempts=1, read_timeout=0.5)
    with pytest.raises(TransientFetchError, match="timed out"):  # the route answers only after 3 s
        get(site, "/f/slow", quick)


def test_private_addresses_are_refused_by_default(site):
    with pytest.raises(PermanentFetchError, match="private or local address 127.0.0.1"):
        get(site, "/a/seed", FetchSettings(attempts=1))
    assert site.count("/a/seed") == 0


def test_transient_errors_are_retried(site):
    with pytest.raises(TransientFetchError):
        get(site, "/f/500", FetchSettings(allow_private_addresses=True, attempts=2))
    assert site.count("/f/500") == 2


def test_retry_after_forms():
    assert retry_after("120") == 120
    assert retry_after(None) is None and retry_after("soon") is None
    assert retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0


def test_a_long_retry_after_is_not_slept_and_two_throttled_urls_defer_the_host(site):
    from tasks.http import forget_hosts
    from tests.site import fixed

    site.routes["/f/429b"] = fixed(429, b"slow down", **{"Retry-After": "120"})
    settings = FetchSettings(allow_private_addresses=True, attempts=3)
    forget_hosts()
    try:
        with pytest.raises(TransientFetchError, match="wait 120 s"):
            get(site, "/f/429", settings)
        assert get(site, "/a/seed", settings).status == 200  # one throttled URL: the host goes on
        with pytest.raises(TransientFetchError, match="wait 120 s"):
            get(site, "/f/429b", settings)
        with pytest.raises(TransientFetchError, match="deferred: 127.0.0.1 asked us to wait"):
            get(site, "/a/seed", settings)
        assert site.count("/f/429") == 1 and site.count("/a/seed") == 1
    finally:
        forget_hosts()


def test_gzip_bombs_stop_at_the_cap(site):
    import gzip

    from tests.site import fixed

    site.routes["/f/bomb"] = fixed(200, gzip.compress(b"\0" * 50_000_000), "text/html", **{"Content-Encoding": "gzip"})
    site.routes["/f/gz"] = fixed(
        200, gzip.compress(b"<html><body><p>ok</p></body></html>"), "text/html", **{"Content-Encoding": "gzip"}
    )
    small = FetchSettings(allow_private_addresses=True, attempts=1, max_bytes=1_000_000)
    with pytest.raises(PermanentFetchError, match="too large: over 1 MB after decompression"):
        get(site, "/f/bomb", small)
    assert get(site, "/f/gz", small).body == b"<html><body><p>ok</p></body></html>"


def test_robots_txt_is_honoured_for_pages(site):
    from tasks.pages import fetch_page
    from tasks.records import Failure, FeedItem
    from tasks.robots import forget
    from tests.site import fixed

    site.routes["/robots.txt"] = fixed(200, b"User-agent: sitrep\nDisallow: /a/seed\n")
    forget()
    try:
        with make_client(LOCAL) as client:
            blocked = fetch_page(client, FeedItem("f", site.url("/a/seed"), "x"), LOCAL)
            allowed = fetch_page(client, FeedItem("f", site.url("/a/shelling"), "y"), LOCAL)
        assert isinstance(blocked, Failure) and blocked.permanent and "robots.txt" in blocked.error
        assert not isinstance(allowed, Failure)
        assert site.count("/a/seed") == 0 and site.count("/robots.txt") == 1
    finally:
        forget()


def refresh_stub(content: str):
    from tests.site import fixed

    head = f'<HEAD><title>Moved</title><META HTTP-EQUIV="Refresh" CONTENT="{content}"></HEAD>'
    return fixed(
        200, f"<!doctype html>\n<html>{head}<body><p>This story has moved.</p></body></html>".encode(), "text/html"
    )


def fetch_item(site, path, settings=LOCAL):
    from tasks.pages import fetch_page
    from tasks.records import FeedItem
    from tasks.robots import forget

    forget()  # robots.txt as the route says now, and no rules left cached for other tests
    try:
        with make_client(settings) as client:
            return fetch_page(client, FeedItem("f", site.url(path), "stub"), settings)
    finally:
        forget()


def test_a_quick_meta_refresh_is_followed_like_a_redirect(site):
    from tasks.extract import extract_article
    from tasks.records import Page

    site.routes["/m/stub"] = refresh_stub("0; URL='/f/redirect-to-seed'")  # then a 301 to /a/seed
    site.routes["/m/later"] = refresh_stub("30; url=/a/seed")
    site.routes["/m/self"] = refresh_stub("0;url=/m/self#top")
    page = fetch_item(site, "/m/stub")
    assert isinstance(page, Page) and page.final_url == site.url("/a/seed") and page.item.url == site.url("/m/stub")
    assert "Suriah" in extract_article(page).text
    for path in ("/m/later", "/m/self"):  # a slow refresh reloads or waits; one to the page itself is no move
        page = fetch_item(site, path)
        assert isinstance(page, Page) and page.final_url == site.url(path) and b"has moved" in page.body
    assert site.count("/a/seed") == 1 and site.count("/m/self") == 1


def test_a_meta_refresh_loop_stops_at_the_hop_limit(site):
    from tasks.records import Failure

    site.routes["/m/a"] = refresh_stub("0; url=/m/b")
    site.routes["/m/b"] = refresh_stub("1, url=/m/a")
    failure = fetch_item(site, "/m/a")
    assert isinstance(failure, Failure) and failure.permanent
    assert "more than 5 redirects (last: a meta refresh to" in failure.error
    assert site.count("/m/a") + site.count("/m/b") == 6  # as for HTTP redirects: the first GET and 5 hops


def test_a_meta_refresh_target_is_checked_like_a_redirect_hop(site, monkeypatch):
    import tasks.http
    from tasks.records import Failure
    from tests.site import fixed

    real_check = tasks.http.check_address
    # the local site stands in for a public one; every other address is checked for real
    monkeypatch.setattr(
        tasks.http,
        "check_address",
        lambda url, settings: None if url.startswith(site.base) else real_check(url, settings),
    )
    site.routes["/m/private"] = refresh_stub("0; url=http://10.1.2.3/story")
    failure = fetch_item(site, "/m/private", FetchSettings(attempts=1))
    assert isinstance(failure, Failure) and "private or local address 10.1.2.3" in failure.error
    site.routes["/m/stub"] = refresh_stub("0; url=/a/seed")
    site.routes["/robots.txt"] = fixed(200, b"User-agent: *\nDisallow: /a/seed\n")
    failure = fetch_item(site, "/m/stub")
    assert isinstance(failure, Failure) and "robots.txt" in failure.error and site.count("/a/seed") == 0


def test_a_meta_refresh_in_a_comment_or_noscript_is_not_followed():
    from tasks.pages import meta_refresh_target

    url = "https://news.example/a/1"
    old_ie = b'<head><!--[if lte IE 9]><meta http-equiv="refresh" content="1;url=/unsupported.html" /><![endif]-->'
    noscript = b'<head><noscript><meta http-equiv="refresh" content="0; url=/nojs"></noscript></head>'
    stub = b"<head><META HTTP-EQUIV='Refresh' CONTENT='0;URL=/a/2'></head>"
    assert meta_refresh_target(old_ie, url) is None and meta_refresh_target(noscript, url) is None
    assert meta_refresh_target(stub, url) == "https://news.example/a/2"


def test_a_redirect_into_a_path_robots_txt_disallows_is_not_followed(site):
    from tasks.records import Failure
    from tests.site import fixed

    site.routes["/robots.txt"] = fixed(200, b"User-agent: *\nDisallow: /private/\n")
    site.routes["/r/to-private"] = fixed(301, b"", Location="/private/seed")
    site.routes["/private/seed"] = site.routes["/a/seed"]
    failure = fetch_item(site, "/r/to-private")
    assert isinstance(failure, Failure) and failure.permanent and "robots.txt" in failure.error
    assert site.count("/private/seed") == 0 and site.count("/r/to-private") == 1
    site.routes["/r/to-seed"] = fixed(302, b"", Location="/a/seed")  # an allowed target is fetched as before
    page = fetch_item(site, "/r/to-seed")
    assert not isinstance(page, Failure) and page.final_url == site.url("/a/seed")
