from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from tasks.extract import extract_article, parse_page_date, word_count
from tasks.records import Article, Failure, FeedItem, Page
from tests.site import PAGES

SEED_LINES = [line for line in (Path(__file__).parent / "fixtures/seed.txt").read_text().splitlines() if line]


def page(name: str, *, charset: str | None = "utf-8", body: bytes | None = None, **item) -> Page:
    fields = {"feed_name": "f", "url": f"http://news.example/{name}", "article_id": name, **item}
    return Page(
        FeedItem(**fields),
        f"http://news.example/{name}",
        200,
        PAGES[name] if body is None else body,
        charset,
        datetime.now(UTC),
    )


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
        "Feed title",
        published,
        "feed",
        "Desk",
    )
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
    head = (
        '<meta property="og:title" content="Harbour festival: record crowds">'
        '<meta property="article:published_time" content="2024-12-02T08:00:00+07:00">'
        '<meta name="author" content="Jane Doe">'
    )
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
    fetched_long_ago = Page(
        FeedItem("f", "http://news.example/harbour", "harbour"),
        "http://news.example/harbour",
        200,
        body,
        "utf-8",
        datetime(2024, 11, 1, tzinfo=UTC),
    )
    assert extract_article(fetched_long_ago).published_at is None


# 0x80 €, 0x8A Š, 0x93/0x94 “ ”, 0x97 —, 0x9A š: windows-1254 (and -1252) characters that ISO-8859-9 (and -1)
# would read as invisible C1 controls; 0xD0/0xF0 (Ğ, ğ) are Turkish letters in both
TURKISH = "Bilet 5 \u20ac, \u201cOrhan \u0160a\u0161\u2014\u011f\u00fcl\u201d dedi"


def labelled(label: str, text: str, codec: str, *, header: bool) -> Page:
    body = PAGES["harbour"].decode().replace('<meta charset="utf-8">', f'<meta charset="{label}">')
    body = body.replace("More than forty", f"{text}. More than forty").encode(codec)
    return page("harbour", charset=label if header else None, body=body)


def test_charset_labels_are_read_as_browsers_read_them():
    for header in (True, False):  # the label in the Content-Type header, or only in the page's <meta>
        article = extract_article(labelled("ISO-8859-9", TURKISH, "cp1254", header=header))
        assert TURKISH in article.text, header
        quotes = "the \u201cbest\u201d festival \u2026 so far"
        article = extract_article(labelled("latin1", quotes, "cp1252", header=header))
        assert quotes in article.text, header


def test_an_unknown_charset_label_falls_back_to_utf8_or_detection():
    cafe = "quarante-deux caf\u00e9s"
    for codec in ("utf-8", "latin-1"):
        article = extract_article(labelled("x-no-such-charset", cafe, codec, header=True))
        assert cafe in article.text and "\ufffd" not in article.text, codec


def test_charset_labels_map_through_the_whatwg_table():
    from tasks.extract import _whatwg_codec

    names = {
        label: _whatwg_codec(label, from_meta=False).name
        for label in ("ISO-8859-9", " latin1 ", "ascii", "iso-8859-1", "gb2312", "euc-kr", "utf8")
    }
    assert names == {
        "ISO-8859-9": "cp1254",
        " latin1 ": "cp1252",
        "ascii": "cp1252",
        "iso-8859-1": "cp1252",
        "gb2312": "gbk",
        "euc-kr": "cp949",
        "utf8": "utf-8",
    }
    assert _whatwg_codec("x-no-such-charset", from_meta=False) is None
    assert _whatwg_codec("iso-2022-kr", from_meta=False) is None  # WHATWG's "replacement": not decodable
    assert _whatwg_codec("utf-16", from_meta=True).name == "utf-8"  # a <meta> cannot truly say UTF-16
