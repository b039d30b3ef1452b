"""Tag an article with lexicon terms in its own language and decide whether it is about conflict."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from tasks.casualties import extract_casualties
from tasks.conflict import HITS_CAP, TITLE_FACTOR, Match, decide, features, locate, ngrams, sentences_in
from tasks.lexicon import CATEGORY, CONTEXT, matcher_for, matching_form
from tasks.records import Tag, Tagging
from tasks.version import tagger_version


@dataclass(frozen=True)
class Evidence:
    """What the lexicons found in one article, and the verdict's inputs."""

    matches: list[Match]
    features: list[float]
    score: float  # net weighted evidence: conflict terms minus context terms


def evidence(
    title: str | None, text: str, language: str | None, *, language_sure: bool = True, words: int | None = None
) -> Evidence:
    """Match the lexicon of `language` (all lexicons when the language is unknown or unsure)."""
    matcher = matcher_for(language if language_sure else None)
    body = matching_form(text)
    matches = locate(
        (entry for _, _, entry in matcher.find(matching_form(title or ""))),
        ((start, entry) for start, _, entry in matcher.find(body)),
        body,
    )
    words = words if words is not None else len(text.split())
    return Evidence(matches, features(matches, sentences_in(body), words), _net_score(matches))


def tag_article(
    title: str | None, text: str, language: str | None, *, language_sure: bool = True, words: int | None = None
) -> Tagging:
    """Tag, decide is_conflict, and read the headline casualty figures of conflict articles."""
    found = evidence(title, text, language, language_sure=language_sure, words=words)
    tags: Counter[tuple[str, str]] = Counter()
    weights: dict[tuple[str, str], float] = {}
    for m in found.matches:
        if m.entry.kind == CATEGORY:
            key = (m.entry.group, m.entry.term)
            tags[key] += 1
            weights[key] = m.entry.weight
    if tags:
        is_conflict, probability = decide(found.features, ngrams(title, text), language if language_sure else None)
    else:  # not one conflict term in the article's language: not conflict, and the model is not consulted
        is_conflict, probability = False, 0.0
    # casualty figures only for conflict articles: the toll of a flood or an outbreak is not a war's
    casualties = extract_casualties(text, language, title) if is_conflict else None
    return Tagging(
        tags=tuple(Tag(cat, term, hits, weights[(cat, term)]) for (cat, term), hits in sorted(tags.items())),
        is_conflict=is_conflict,
        score=found.score,
        probability=probability,
        lexicon_version=tagger_version(),
        casualties=casualties,
    )


def _net_score(matches: list[Match]) -> float:
    """Σ weight × min(hits, 3) over conflict terms, plus 2 × weight for a term in the title, minus the
    same sum over context terms."""
    body: Counter = Counter(m.entry for m in matches if not m.in_title)
    head = {m.entry for m in matches if m.in_title}
    score = 0.0
    for entry in body.keys() | head:
        if entry.kind not in (CATEGORY, CONTEXT):
            continue
        value = entry.weight * (min(body[entry], HITS_CAP) + TITLE_FACTOR * (entry in head))
        score += value if entry.kind == CATEGORY else -value
    return round(score, 2)
