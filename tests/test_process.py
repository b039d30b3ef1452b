"""One page's processing in a worker: extract, tag, locate."""

from __future__ import annotations

from datetime import UTC, datetime

from tasks.process import process_page
from tasks.records import FeedItem, Page
from tests.site import PAGES


def page(name: str) -> Page:
    url = f"http://news.test/a/{name}"
    return Page(FeedItem("f", url, name), url, 200, PAGES[name], "utf-8", datetime(2024, 12, 2, tzinfo=UTC))


def test_a_conflict_article_is_located_and_another_is_not():
    seed = process_page(page("seed"))
    assert seed.tagging is not None and seed.tagging.is_conflict
    regions = {loc.admin1_code for loc in seed.locations if loc.country_code == "SY"}
    assert {"SY-ID", "SY-HM", "SY-HL"} <= regions
    assert sum(loc.is_primary for loc in seed.locations) == 1
    harbour = process_page(page("harbour"))
    assert harbour.tagging is not None and not harbour.tagging.is_conflict
    assert harbour.locations == ()
