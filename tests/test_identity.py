"""Article identity: the other addresses a page goes by, and which fetched pages are a stored article."""

from __future__ import annotations

from tasks.identity import CANONICAL, REDIRECT, Fetched, Known, other_addresses, resolve
from tasks.urls import article_id

LINK = "https://news.example/story?id=7&utm_source=rss"


def fetched(
    url: str,
    final: str | None = None,
    canonical: str | None = None,
    title: str = "Strikes hit Idlib",
    text_hash: str = "h1",
) -> Fetched:
    aid = article_id(url)
    return Fetched(aid, url, title, text_hash, other_addresses(aid, final, canonical))


def test_other_addresses_leave_out_the_link_itself_and_a_site_root():
    assert other_addresses(article_id(LINK), "https://NEWS.example/story?id=7", None) == ()  # the link, normalised
    moved = other_addresses(article_id(LINK), "https://news.example/2026/story-7", "https://news.example/")
    assert [(a.url, a.via) for a in moved] == [("https://news.example/2026/story-7", REDIRECT)]
    both = other_addresses(article_id(LINK), "https://news.example/amp/7", "https://news.example/2026/story-7")
    assert [a.via for a in both] == [REDIRECT, CANONICAL]
    assert both[1].alias_id == article_id("https://news.example/2026/story-7")
    amp = other_addresses(article_id(LINK), "https://amp.news.example/7", "https://www.news.example/2026/story-7")
    assert [a.via for a in amp] == [REDIRECT, CANONICAL]
    reprint = other_addresses(article_id(LINK), LINK, "https://wire.example/2026/story-7")  # another outlet's
    assert reprint == ()


def test_a_page_redirecting_to_a_stored_article_is_that_article():
    stored = Known(article_id("https://news.example/a/1"), "Anything", "other")
    old = fetched("https://news.example/old/1", final="https://news.example/a/1", title="Old title")
    merged, own = resolve([old], {stored.article_id: stored}, {})
    assert merged[old.article_id].article_id == stored.article_id and merged[old.article_id].via == REDIRECT
    assert own == []


def test_a_canonical_url_joins_pages_only_with_the_same_title_or_text():
    stored = Known(article_id("https://news.example/a/1"), "Strikes  hit IDLIB", "other")
    amp = fetched("https://news.example/amp/1", canonical="https://news.example/a/1")
    section = fetched(
        "https://news.example/amp/2", canonical="https://news.example/a/1", title="Markets rally", text_hash="h2"
    )
    merged, own = resolve([amp, section], {stored.article_id: stored}, {})
    assert set(merged) == {amp.article_id} and merged[amp.article_id].via == CANONICAL
    assert own == []  # the canonical address is an article already: no alias row claims it


def test_the_first_page_of_a_load_claims_its_addresses_and_later_ones_become_aliases():
    amp = fetched("https://news.example/amp/1", canonical="https://news.example/a/1")
    page = fetched("https://news.example/a/1")
    twin = fetched("https://other.example/x", final="https://news.example/amp/1", text_hash="h9", title="x")
    merged, own = resolve([amp, page, twin], {}, {})
    assert {k: v.article_id for k, v in merged.items()} == {
        page.article_id: amp.article_id,
        twin.article_id: amp.article_id,
    }
    assert [(a.alias_id, a.article_id, a.via) for a in own] == [(page.article_id, amp.article_id, CANONICAL)]


def test_a_stored_alias_points_a_page_at_its_article_and_loading_again_changes_nothing():
    from tasks.identity import Alias

    stored = Known(article_id("https://news.example/amp/1"), "Strikes hit Idlib", "h1")
    alias = Alias(article_id("https://news.example/a/1"), stored.article_id, "https://news.example/a/1", CANONICAL)
    page = fetched("https://news.example/a/1")
    merged, own = resolve([page], {stored.article_id: stored}, {alias.alias_id: alias})
    assert merged[page.article_id].article_id == stored.article_id and own == []
    assert resolve([page], {stored.article_id: stored}, {alias.alias_id: alias}) == (merged, own)
