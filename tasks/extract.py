"""Turn a fetched page into a clean Article with trafilatura; an empty extraction is a Failure, not an error."""

from __future__ import annotations

import codecs
import hashlib
import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, cast
from urllib.parse import urljoin

import trafilatura
import webencodings
from htmldate import find_date
from lxml.html import HtmlElement

from tasks.html import parse_html
from tasks.language import detect_language
from tasks.records import Article, Failure, Page
from tasks.settings import plausible_published
from tasks.text import word_count

if TYPE_CHECKING:
    from trafilatura.settings import Document

log = logging.getLogger(__name__)
logging.getLogger("trafilatura").setLevel(logging.ERROR)  # its per-page warnings are failure rows here

MIN_WORDS = 20
DATE_FORMAT = "%Y-%m-%dT%H:%M:%S%z"


def extract_article(page: Page) -> Article | Failure:
    """Extract text and metadata; the feed's title, authors and date win over the page's.

    The page is parsed once. trafilatura's metadata pass (title, author, date, site name, categories,
    tags, licence) costs 11-13 ms a page, more than half as much as the text extraction, and most of
    it finds what a feed item already has. sitrep reads the canonical URL, site name, author (and
    title, when the feed has none) from the page's <head>, and asks htmldate, trafilatura's date
    finder, for a date only when the feed gave none: the same dates as the full pass on the
    development corpus (181/181), in 2-3 ms on a page it has not seen before.
    """
    item = page.item
    # A date that cannot be right (2100, the Unix epoch; tasks.settings) counts as none, from any source.
    feed_date = plausible_published(item.published_at, page.fetched_at)
    try:
        tree = parse_html(_decoded(page))  # trafilatura.load_html
        # fast=True skips trafilatura's fallback extractors: on the 181-page development corpus it scores
        # token F1 0.961 against 0.959 without, for less CPU (python bench/extraction_modes.py).
        # Given a tree, trafilatura works on a copy: `tree` stays whole for the metadata below.
        doc: Document | None = None
        meta: PageMeta | None = None
        if tree is not None:
            # cast: with as_dict left False, bare_extraction returns a Document (or None), never its dict
            doc = cast(
                "Document | None",
                trafilatura.bare_extraction(
                    tree, url=page.final_url, with_metadata=False, include_comments=False, fast=True
                ),
            )
            meta = page_meta(tree, page.final_url, dated=feed_date is not None)
    except Exception as e:  # noqa: BLE001 - trafilatura/lxml can raise anything on hostile markup
        return Failure(
            "extract",
            item.url,
            f"extraction crashed: {type(e).__name__}: {e}"[:300],
            item.feed_name,
            article_id=item.article_id,
        )
    text = (doc.text or "").strip() if doc is not None else ""
    words = word_count(text)
    if words < MIN_WORDS or meta is None:  # (no tree: no meta, and no text either)
        what = "no article text found" if not text else f"only {words} word{'s'[: words != 1]} of text found"
        return Failure(
            "extract",
            item.url,
            f"{what} (not an article page, or its text is loaded by script)",
            item.feed_name,
            permanent=True,
            article_id=item.article_id,
        )
    title = item.title or meta.title
    published_at, source = feed_date, "feed" if feed_date else None
    if published_at is None and (page_date := plausible_published(parse_page_date(meta.date), page.fetched_at)):
        published_at, source = page_date, "page"
    language = detect_language(f"{title or ''}\n{text}", hint=item.language)
    return Article(
        article_id=item.article_id,
        url=item.url,
        canonical_url=meta.url or page.final_url,
        feed_name=item.feed_name,
        title=title,
        authors=item.authors or meta.author,
        published_at=published_at,
        published_source=source,
        fetched_at=page.fetched_at,
        language=language.language,
        language_confidence=round(language.confidence, 3),
        text=text,
        word_count=words,
        site_name=meta.sitename,
        country=item.country,
        discovered_via=item.discovered_via,
        content_hash=content_hash(text),
        final_url=page.final_url,
    )


@dataclass(frozen=True)
class PageMeta:
    """What sitrep takes from a page besides its text."""

    url: str | None = None  # canonical URL
    sitename: str | None = None
    author: str | None = None
    title: str | None = None
    date: str | None = None  # as trafilatura formats it (DATE_FORMAT)


def page_meta(tree: HtmlElement, url: str, *, dated: bool) -> PageMeta:
    """Canonical URL, site name, author and title from the page's <head>; the publication date from
    htmldate unless the feed already dated the item (`dated`)."""

    def first(*paths: str) -> str | None:
        for path in paths:
            for value in tree.xpath(path):
                if value := " ".join(str(value).split()):
                    return value
        return None

    canonical = first('//head/link[@rel="canonical"]/@href', '//head/meta[@property="og:url"]/@content')
    canonical = urljoin(url, canonical) if canonical else None
    sitename = first('//head/meta[@property="og:site_name"]/@content', '//head/meta[@name="application-name"]/@content')
    author = first('//head/meta[@name="author"]/@content', '//head/meta[@property="article:author"]/@content')
    if author and (" " not in author or author.startswith(("http://", "https://"))):
        author = None  # a handle or a profile link, not a name (trafilatura's rule too)
    title = first('//head/meta[@property="og:title"]/@content', "//head/title//text()", "//h1//text()")
    date = None if dated else _page_date(tree, canonical or url)
    return PageMeta(
        url=canonical, sitename=sitename.lstrip("@") if sitename else None, author=author, title=title, date=date
    )


def _page_date(tree: HtmlElement, url: str) -> str | None:
    """htmldate's publication date, or None: a date finder tripping on odd markup must not lose the text.
    The URL matters: htmldate reads dates in URLs first (and finds other dates without it)."""
    try:
        return find_date(tree, url=url, original_date=True, outputformat=DATE_FORMAT)
    except Exception as e:  # noqa: BLE001
        log.debug("no page date for %s: %s", url, e)
        return None


def _decoded(page: Page) -> str | bytes:
    """Text decoded with the server's charset when it is known and fits; else, for a page whose bytes are
    not UTF-8, with the charset its <meta> names in the first 1024 bytes; otherwise the bytes, which
    trafilatura decodes as UTF-8 or by detection (so a wrong label is not mojibake). Labels are read as
    browsers read them (_whatwg_codec): a page labelled ISO-8859-9 is decoded as windows-1254."""
    if page.charset and (text := _decoded_as(page.body, _whatwg_codec(page.charset, from_meta=False))):
        return text
    label = _meta_charset(page.body)
    if label and not _is_utf8(page.body) and (text := _decoded_as(page.body, _whatwg_codec(label, from_meta=True))):
        return text
    return page.body


def _decoded_as(body: bytes, codec: codecs.CodecInfo | None) -> str | None:
    if codec is None:
        return None
    try:
        return codec.decode(body)[0]
    except UnicodeDecodeError:
        return None


def _is_utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


# <meta charset="..."> and <meta http-equiv="Content-Type" content="text/html; charset=...">, in the first
# 1024 bytes as the WHATWG prescan reads them (a page whose label comes later is left to detection)
_META_CHARSET = re.compile(rb"""<meta\s[^>]*?charset\s*=\s*["']?\s*([^\s"';/>]+)""", re.IGNORECASE)


def _meta_charset(body: bytes) -> str | None:
    found = _META_CHARSET.search(body[:1024])
    return found.group(1).decode("ascii", "replace") if found else None


def _whatwg_codec(label: str, *, from_meta: bool) -> codecs.CodecInfo | None:
    """The Python codec for a charset label as the WHATWG Encoding Standard maps it (browsers' reading:
    ISO-8859-9 is windows-1254, latin1 and ascii are windows-1252, gb2312 is gbk, euc-kr is windows-949),
    or None for an unknown label or one a browser would not decode with: "replacement" (ISO-2022-KR and
    the like), and UTF-16 named in a <meta> (bytes that were UTF-16 could not have said so in ASCII)."""
    encoding = webencodings.lookup(label)
    if encoding is None or encoding.name == "replacement":
        return None
    if from_meta and encoding.name in ("utf-16le", "utf-16be"):
        return webencodings.UTF8.codec_info  # the Encoding Standard's rule for a <meta> that says UTF-16
    return encoding.codec_info


def parse_page_date(value: str | None) -> datetime | None:
    """trafilatura's date string as an aware datetime; a date without time or zone is taken as UTC."""
    if not value:
        return None
    try:
        parsed = datetime.strptime(value, DATE_FORMAT)
    except ValueError:
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def content_hash(text: str) -> str:
    """SHA-1 of the case-folded text with whitespace collapsed: identical texts share it."""
    return hashlib.sha1(" ".join(text.casefold().split()).encode("utf-8")).hexdigest()
