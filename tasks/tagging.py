"""Tag an article with lexicon terms in its own language and decide whether it is about conflict."""

from __future__ import annotations

from collections import Counter

from tasks.casualties import extract_casualties
from tasks.conflict import CORE_CATEGORIES, HITS_CAP, TITLE_FACTOR, Evidence, decide
from tasks.lexicon import Entry, lexicon_version, matcher_for, normalise
from tasks.records import Tag, Tagging


def tag_article(title: str | None, text: str, language: str | None, *, language_sure: bool = True,
                words: int | None = None) -> Tagging:
    """Match the lexicon of `language` (all lexicons when the language is unknown or unsure), decide
    is_conflict, and read the headline casualty figures of conflict articles."""
    matcher = matcher_for(language if language_sure else None)
    body_hits: Counter[Entry] = Counter(entry for _, _, entry in matcher.find(normalise(text)))
    title_hits: Counter[Entry] = Counter(entry for _, _, entry in matcher.find(normalise(title or "")))
    positive = negative = 0.0
    tags: dict[tuple[str, str], int] = {}
    weights: dict[tuple[str, str], float] = {}
    for entry in body_hits.keys() | title_hits.keys():
        body, head = body_hits[entry], title_hits[entry]
        evidence = entry.weight * (min(body, HITS_CAP) + TITLE_FACTOR * min(head, 1))
        if entry.negative:
            negative += evidence
            continue
        positive += evidence
        key = (entry.group, entry.term)
        tags[key] = tags.get(key, 0) + body + head
        weights[key] = entry.weight
    categories = frozenset(category for category, _ in tags)
    strong = frozenset(category for (category, _), weight in weights.items() if weight >= 2)
    is_conflict, score = decide(Evidence(
        positive=positive, negative=negative, core_categories=categories & CORE_CATEGORIES,
        strong_categories=strong, words=words if words is not None else len(text.split())))
    # casualty figures only for conflict articles: the toll of a flood or an outbreak is not a war's
    casualties = extract_casualties(text, language, title) if is_conflict else None
    return Tagging(
        tags=tuple(Tag(cat, term, hits, weights[(cat, term)]) for (cat, term), hits in sorted(tags.items())),
        is_conflict=is_conflict, score=score, lexicon_version=lexicon_version(), casualties=casualties)
