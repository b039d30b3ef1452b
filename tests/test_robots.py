"""robots.txt per RFC 9309: the parser on the RFC's and Google's reference-parser cases, and on the wire."""

from __future__ import annotations

import threading

import pytest

from tasks.errors import PermanentFetchError, TransientFetchError
from tasks.http import make_client
from tasks.robots import MAX_ROBOTS_BYTES, check_robots, forget, parse_robots
from tasks.settings import FetchSettings
from tests.site import fixed

LOCAL = FetchSettings(allow_private_addresses=True, attempts=1)
SITE = "http://example.com"


def allowed(robots: str | bytes, path: str) -> bool:
    body = robots.encode() if isinstance(robots, str) else robots
    return parse_robots(body).allows(SITE + path)


# (robots.txt, path, allowed?): RFC 9309 2.2.2 and 5.2, and Google's robots.txt reference parser's tests
# (google/robotstxt robots_test.cc); the first six were among the cases urllib.robotparser got wrong.
CASES = [
    # the longest match wins, whatever the order of the lines (robotparser: the first match)
    ("User-agent: *\nDisallow: /\nAllow: /news\n", "/news/1", True),
    ("User-agent: *\nAllow: /folder\nDisallow: /folder/\n", "/folder/page", False),
    # a tie between Allow and Disallow: Allow wins (robotparser: the first line)
    ("User-agent: *\nDisallow: /page\nAllow: /page\n", "/page", True),
    # `*` matches any sequence, `$` anchors the end (robotparser: literal characters)
    ("User-agent: *\nDisallow: /*.php$\n", "/index.php", False),
    ("User-agent: *\nDisallow: /fish*.php\n", "/fishheads/catfish.php?parameters", False),
    ("User-agent: *\nDisallow: /\nAllow: /$\n", "/", True),
    ("User-agent: *\nDisallow: /*.php$\n", "/index.php?q=1", True),
    ("User-agent: *\nDisallow: /*.php$\n", "/index.phpx", True),
    ("User-agent: *\nDisallow: /\nAllow: /$\n", "/page.html", False),
    ("User-agent: *\nAllow: /page\nDisallow: /*.html\n", "/page.html", False),  # the longer pattern wins
    ("User-agent: *\nDisallow: /path/\nAllow: /path/*.html\n", "/path/a.html", True),
    # paths are case-sensitive
    ("User-agent: *\nDisallow: /fish\n", "/Fish.asp", True),
    # percent-encoding: UTF-8 in the file matches its encoded form in the URL and the other way round
    ("User-agent: *\nDisallow: /foo/bar/ツ\n", "/foo/bar/%E3%83%84", False),
    ("User-agent: *\nDisallow: /foo/bar/%E3%83%84\n", "/foo/bar/ツ", False),
    ("User-agent: *\nDisallow: /foo/bar/baz\n", "/foo/bar/%62%61%7A", False),
    # the agent token matched case-insensitively; a group for another agent does not apply
    ("User-agent: SITREP\nDisallow: /\n", "/a", False),
    ("uSeR-aGeNt: SitRep\nDisallow: /\n", "/a", False),
    ("User-agent: sitrepbot\nDisallow: /\n", "/a", True),
    ("User-agent: other\nDisallow: /\n", "/a", True),
    # our own group replaces the `*` group entirely; without one, the `*` group applies
    ("User-agent: *\nDisallow: /x\n\nUser-agent: sitrep\nDisallow: /y\n", "/x", True),
    ("User-agent: *\nDisallow: /x\n\nUser-agent: sitrep\nDisallow: /y\n", "/y", False),
    ("User-agent: other\nDisallow: /\n\nUser-agent: *\nDisallow: /x\n", "/x", False),
    # a group may name several agents; two groups for one agent are merged
    ("User-agent: other\nUser-agent: sitrep\nDisallow: /x\n", "/x", False),
    (
        "User-agent: sitrep\nDisallow: /a\n\nUser-agent: other\nDisallow: /\n\nUser-agent: sitrep\nDisallow: /b\n",
        "/a",
        False,
    ),
    (
        "User-agent: sitrep\nDisallow: /a\n\nUser-agent: other\nDisallow: /\n\nUser-agent: sitrep\nDisallow: /b\n",
        "/b",
        False,
    ),
    (
        "User-agent: sitrep\nDisallow: /a\n\nUser-agent: other\nDisallow: /\n\nUser-agent: sitrep\nDisallow: /b\n",
        "/c",
        True,
    ),
    # an empty Disallow allows; comments, blank lines and unknown lines are skipped; CRLF and CR endings
    ("User-agent: *\nDisallow:\n", "/a", True),
    ("# hello\nUser-agent: * # all\nFoo: bar\n\nDisallow: /x # no\n", "/x", False),
    ("User-agent: *\r\nDisallow: /x\r\n", "/x", False),
    ("User-agent: *\rDisallow: /x\r", "/x", False),
    # robots.txt itself is always allowed
    ("User-agent: *\nDisallow: /\n", "/robots.txt", True),
]


@pytest.mark.parametrize("robots, path, expected", CASES)
def test_rfc_9309_and_reference_parser_cases(robots, path, expected):
    assert allowed(robots, path) is expected


def test_a_utf8_bom_at_the_start_is_ignored():
    body = b"\xef\xbb\xbfUser-agent: *\nDisallow: /x\n"
    assert not allowed(body, "/x") and allowed(body, "/y")


def test_rules_beyond_500_kib_are_not_applied():
    filler = b"# " + b"x" * 98 + b"\n"  # 100-byte comment lines
    head = b"User-agent: *\nDisallow: /early\n" + filler * (MAX_ROBOTS_BYTES // len(filler))
    assert len(head) <= MAX_ROBOTS_BYTES
    body = head + b"Disallow: /late\n" + filler * 200
    assert not allowed(body, "/early") and allowed(body, "/late")
    # a line cut by the limit is dropped, not read as a shorter rule ("Allow: /n" of "Allow: /news")
    cut = b"User-agent: *\nDisallow: /\n" + b"#" * (MAX_ROBOTS_BYTES - 35) + b"\nAllow: /news/today\n"
    assert len(cut) > MAX_ROBOTS_BYTES and not allowed(cut, "/n")


def test_sitemap_lines():
    rules = parse_robots(b"\xef\xbb\xbfSitemap: http://a.test/s.xml\nUser-agent: *\nsitemap:http://b.test/x.xml\n")
    assert rules.sitemaps == ["http://a.test/s.xml", "http://b.test/x.xml"]


# On the wire: check_robots against the local site.


@pytest.fixture
def robots_site(site):
    forget()
    yield site
    forget()


def check(site, path: str, settings: FetchSettings = LOCAL) -> bool:
    with make_client(settings) as client:
        try:
            check_robots(client, site.url(path), settings)
        except PermanentFetchError:
            return False
    return True


def test_rules_served_by_the_site_are_honoured(robots_site):
    robots_site.routes["/robots.txt"] = fixed(
        200, b"\xef\xbb\xbfUser-agent: *\nDisallow: /\n\nUser-agent: SitRep\nDisallow: /a/\nAllow: /a/*.html$\n"
    )
    assert check(robots_site, "/b/1")  # our group, not the `*` one
    assert not check(robots_site, "/a/1")
    assert check(robots_site, "/a/1.html") and not check(robots_site, "/a/1.html?x=1")


def test_a_missing_robots_txt_allows_everything(robots_site):
    robots_site.routes["/robots.txt"] = fixed(404, b"no")
    assert check(robots_site, "/a/seed")


def test_an_unreachable_robots_txt_skips_the_host_for_the_run(robots_site):
    robots_site.routes["/robots.txt"] = fixed(500, b"error")
    with make_client(LOCAL) as client:
        for path in ("/a/seed", "/a/shelling"):
            with pytest.raises(TransientFetchError, match="could not be read.*HTTP 500.*skipped this run"):
                check_robots(client, robots_site.url(path), LOCAL)
    assert robots_site.count("/robots.txt") == 1  # remembered for the run, not asked again per page


def test_robots_txt_is_fetched_once_per_host_across_many_checks(robots_site):
    robots_site.routes["/robots.txt"] = fixed(200, b"User-agent: *\nDisallow: /private\n")
    outcomes: list[bool] = []
    with make_client(LOCAL) as client:

        def worker(k: int) -> None:
            for path in (f"/public/{k}", f"/private/{k}"):
                try:
                    check_robots(client, robots_site.url(path), LOCAL)
                    outcomes.append(True)
                except PermanentFetchError:
                    outcomes.append(False)

        threads = [threading.Thread(target=worker, args=(k,)) for k in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert sorted(outcomes) == [False] * 8 + [True] * 8
    assert robots_site.count("/robots.txt") == 1
    forget()  # a new run reads it again
    assert check(robots_site, "/public/x") and robots_site.count("/robots.txt") == 2


LARGE = b"User-agent: *\nDisallow: /early\n" + (b"#" * 99 + b"\n") * (MAX_ROBOTS_BYTES // 100) + b"Disallow: /late\n"


def test_a_robots_txt_over_500_kib_is_read_up_to_500_kib(robots_site):
    robots_site.routes["/robots.txt"] = fixed(200, LARGE)
    assert not check(robots_site, "/early") and check(robots_site, "/late")
    assert robots_site.count("/robots.txt") == 1


def test_a_host_s_rules_are_read_once_until_forgotten(robots_site):
    robots_site.routes["/robots.txt"] = fixed(404, b"no")
    assert check(robots_site, "/a") and check(robots_site, "/b")
    robots_site.routes["/robots.txt"] = fixed(200, b"User-agent: *\nDisallow: /a\n")
    assert check(robots_site, "/a")  # the rules read first still hold
    assert robots_site.count("/robots.txt") == 1
    forget()  # a new run: the host's rules are read again
    assert not check(robots_site, "/a") and robots_site.count("/robots.txt") == 2
