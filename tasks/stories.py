"""Grouping reprints into stories: each new article joins the story of the first, most similar earlier
article whose text is near-identical (MinHash estimate >= SAME_STORY), else starts its own; an article
whose text is identical to an earlier one's points at that first copy. Pure: the warehouse finds the
candidates (warehouse/stories.py) and stores what this decides."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from tasks.fingerprint import NUM_PERM, SAME_STORY, band_keys, similarity

TOP_CANDIDATES = 3  # per new article: the earlier articles sharing the most band keys are compared


@dataclass(frozen=True)
class NewArticle:
    article_id: str
    signature: list[int]
    content_hash: str


@dataclass(frozen=True)
class Assignment:
    article_id: str
    story_id: str
    duplicate_of: str | None
    signature: list[int]
    band_keys: list[int]


def article_band_keys(article: NewArticle) -> list[int]:
    """The LSH band keys of an article's signature (none for a signature of the wrong length)."""
    return band_keys(article.signature) if len(article.signature) == NUM_PERM else []


def group_into_stories(
    new: list[NewArticle],
    stored: dict[str, list[str]],
    known: dict[str, tuple[str, list[int]]],
    first_copy: dict[str, str],
) -> list[Assignment]:
    """Stories for `new` (in the order they were fetched). `stored`: per new article, its top stored
    candidates; `known`: story and signature of each stored candidate; `first_copy`: content hash -> the
    first stored article with that text. Earlier new articles are candidates for later ones."""
    known = dict(known)
    first_copy = dict(first_copy)
    in_batch: dict[int, list[str]] = {}  # band key -> the latest few new articles having it
    assignments = []
    for article in new:
        keys = article_band_keys(article)
        shared = Counter(other for k in keys for other in in_batch.get(k, ()))
        candidates = stored.get(article.article_id, []) + [other for other, _ in shared.most_common(TOP_CANDIDATES)]
        # the first of the most similar candidates, if similar enough
        score, best = max(
            ((similarity(article.signature, known[other][1]), other) for other in candidates),
            key=lambda scored: scored[0],
            default=(0.0, None),
        )
        story = known[best][0] if best and score >= SAME_STORY else article.article_id
        duplicate_of = first_copy.setdefault(article.content_hash, article.article_id)
        known[article.article_id] = (story, article.signature)
        for k in keys:
            latest = in_batch.setdefault(k, [])
            latest.append(article.article_id)
            if len(latest) > TOP_CANDIDATES:
                del latest[0]
        assignments.append(
            Assignment(
                article.article_id,
                story,
                None if duplicate_of == article.article_id else duplicate_of,
                article.signature,
                keys,
            )
        )
    return assignments
