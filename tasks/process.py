"""The CPU-bound work on one page (extract, then tag), run in worker processes."""

from __future__ import annotations

import time

from tasks.extract import extract_article
from tasks.fingerprint import signature
from tasks.identity import other_addresses
from tasks.language import SURE
from tasks.locations import find_locations
from tasks.places import find_places
from tasks.records import Failure, Location, Page, Processed, Retagged, StoredArticle, Tagging
from tasks.tagging import tag_article


def process_page(page: Page) -> Processed:
    """Extract and tag one page; every problem comes back as a Failure, never as an exception."""
    started = time.process_time()
    article = extract_article(page)
    if isinstance(article, Failure):
        return Processed(failure=article, extract_seconds=time.process_time() - started)
    fingerprint = tuple(signature(article.text))
    places = tuple(find_places(f"{article.title or ''}\n{article.text}", article.language))
    addresses = other_addresses(article.article_id, article.final_url, article.canonical_url)
    extracted = time.process_time()
    try:
        tagging = tag_article(
            article.title,
            article.text,
            article.language,
            language_sure=article.language_confidence >= SURE,
            words=article.word_count,
        )
        tagged = time.process_time()
        locations = _locate(article.title, article.text, article.language, article.country, tagging)
    except Exception as e:  # noqa: BLE001 - a tagging or locating bug must not lose the article
        return Processed(
            article=article,
            signature=fingerprint,
            places=places,
            addresses=addresses,
            failure=Failure(
                "tag",
                article.url,
                f"tagging failed: {type(e).__name__}: {e}"[:300],
                article.feed_name,
                article_id=article.article_id,
            ),
        )
    return Processed(
        article=article,
        tagging=tagging,
        signature=fingerprint,
        places=places,
        addresses=addresses,
        locations=locations,
        extract_seconds=extracted - started,
        tag_seconds=tagged - extracted,
        locate_seconds=time.process_time() - tagged,
    )


def retag_article(article: StoredArticle) -> Retagged:
    """Tag and locate a stored article again, from its stored text, with the current tagger and gazetteer."""
    sure = (article.language_confidence or 0.0) >= SURE
    tagging = tag_article(article.title, article.text, article.language, language_sure=sure, words=article.word_count)
    locations = _locate(article.title, article.text, article.language, article.country, tagging)
    return Retagged(article.article_id, tagging, locations)


def _locate(
    title: str | None, text: str, language: str | None, country: str | None, tagging: Tagging
) -> tuple[Location, ...]:
    """The places a conflict article names (events are counted from conflict articles; resolving every
    article's towns would double tagging's share of the worker's CPU, and article_places already gives
    every article's countries)."""
    if not tagging.is_conflict:
        return ()
    return find_locations(title, text, language, feed_country=country)
