from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from tasks.extract import extract_article, parse_page_date, word_count
from tasks.records import Article, Failure, FeedItem, Page
from tests.site import PAGES

SEED_LINES = [line for line in (Path(__file__).parent / "fixtures/seed.txt").read_text().splitlines() if line]


def page(name: str, *, charset: str | None = "utf-8", body: bytes | None = None, **item) -> Page:
    fields = {"feed_name": "f", "url": f"http://news.example/{name}", "article_id": name, **item}
    return Page(FeedItem(**fields), f"http://news.example/{name}", 200,
                PAGES[name] if body is None else body, charset, datetime.now(UTC))


def test_seed_keeps_every_paragraph_and_is_indonesian():
    article = extract_article(page("seed"))
    assert isinstance(article, Article)
    text = " ".join(article.text.split())
    assert [line for line in SEED_LINES if " ".join(line.split()) not in text] == []
    assert "Beranda" not in article.text and "Hak cipta" not in article.text
    assert article.language == "id" and article.title.startswith("Serangan udara")
    assert article.word_count > 400


def test_feed_fields_win_over_the_page():
    published = datetime(2024, 12, 2, 1, 0, tzinfo=UTC)
    article = extract_article(page("harbour", title="Feed title", published_at=published, authors="Desk"))
    assert (article.title, article.published_at, article.published_source, article.authors) == (
        "Feed title", published, "feed", "Desk")
    assert article.canonical_url == "http://news.example/harbour-festival"
    assert article.site_name == "Coastal Times"


def test_wrong_charset_header_is_not_mojibake():
    latin = PAGES["harbour"].decode().replace("forty", "quarante-deux caf\u00e9s, forty").encode("latin-1")
    article = extract_article(page("harbour", charset="utf-8", body=latin))
    assert "caf\u00e9s" in article.text and "\ufffd" not in article.text


def test_pages_without_article_text_are_failures():
    result = extract_article(page("harbour", body=b"<html><body><nav>Home</nav></body></html>"))
    assert isinstance(result, Failure) and "only 1 word of text" in result.error
    result = extract_article(page("harbour", body=b"<html><body></body></html>"))
    assert isinstance(result, Failure) and result.stage == "extract" and result.permanent
    assert "no article text" in result.error


def test_page_dates_and_word_counts():
    assert parse_page_date("2024-12-02T08:00:00+0700") == datetime(2024, 12, 2, 1, 0, tzinfo=UTC)
    assert parse_page_date("2024-12-02") == datetime(2024, 12, 2, tzinfo=UTC)
    assert parse_page_date("yesterday") is None
    assert word_count("Serangan udara, 400 pemberontak.") == 4
    assert word_count("空袭造成") == 4


def test_an_undated_untitled_item_takes_date_title_and_author_from_the_page():
    head = ('<meta property="og:title" content="Harbour festival: record crowds">'
            '<meta property="article:published_time" content="2024-12-02T08:00:00+07:00">'
            '<meta name="author" content="Jane Doe">')
    body = PAGES["harbour"].replace(b"<title>", head.encode() + b"<title>", 1)
    article = extract_article(page("harbour", body=body))
    assert (article.title, article.authors) == ("Harbour festival: record crowds", "Jane Doe")
    assert (article.published_at, article.published_source) == (datetime(2024, 12, 2, 1, 0, tzinfo=UTC), "page")
    assert article.canonical_url == "http://news.example/harbour-festival" and article.site_name == "Coastal Times"
    bare = extract_article(page("harbour"))  # no date anywhere, a <title> only
    assert (bare.title, bare.published_at, bare.authors) == ("Harbour festival draws record crowds", None, None)


DATED_HEAD = b'<meta property="article:published_time" content="2024-12-02T08:00:00+07:00"><title>'


def test_a_feed_date_that_cannot_be_right_gives_way_to_the_page_date():
    body = PAGES["harbour"].replace(b"<title>", DATED_HEAD, 1)
    for impossible in (datetime(2100, 1, 1, tzinfo=UTC), datetime(1970, 1, 1, tzinfo=UTC)):
        article = extract_article(page("harbour", body=body, published_at=impossible))
        assert (article.published_at, article.published_source) == (datetime(2024, 12, 2, 1, 0, tzinfo=UTC), "page")


def test_a_page_date_that_cannot_be_right_is_not_used(monkeypatch):
    import tasks.extract
    for impossible in ("2100-01-01T00:00:00+0000", "1970-01-01T00:00:00+0000"):
        monkeypatch.setattr(tasks.extract, "_page_date", lambda tree, url, value=impossible: value)
        article = extract_article(page("harbour"))
        assert (article.published_at, article.published_source) == (None, None)
    # "the future" is counted from when the page was fetched: htmldate only knows today
    body = PAGES["harbour"].replace(b"<title>", DATED_HEAD, 1)
    fetched_long_ago = Page(FeedItem("f", "http://news.example/harbour", "harbour"), "http://news.example/harbour",
                            200, body, "utf-8", datetime(2024, 11, 1, tzinfo=UTC))
    assert extract_article(fetched_long_ago).published_at is None
