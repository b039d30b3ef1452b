"""Tag an article with lexicon terms in its own language and decide whether it is about conflict."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from tasks.casualties import extract_casualties
from tasks.conflict import HITS_CAP, TITLE_FACTOR, Match, decide, features, locate, ngrams, sentences_in
from tasks.language import likely_languages
from tasks.lexicon import CATEGORY, CONTEXT, has_lexicon, matcher_for, matching_form
from tasks.records import Tag, Tagging
from tasks.version import tagger_version


@dataclass(frozen=True)
class Evidence:
    """What the lexicons found in one article, and the verdict's inputs."""

    matches: list[Match]
    features: list[float]
    score: float  # net weighted evidence: conflict terms minus context terms
    language: str | None  # told to the verdict: the detected language, or the lexicon's when that was unsure


def evidence(
    title: str | None, text: str, language: str | None, *, language_sure: bool = True, words: int | None = None
) -> Evidence:
    """Match the lexicon of `language` or, when it is unsure, of the most likely language that has a
    lexicon (all lexicons when the language is unknown, or none of the likely ones has a lexicon)."""
    if not language_sure:
        language = lexicon_language(title, text)
    matcher = matcher_for(language)
    body = matching_form(text)
    matches = locate(
        (entry for _, _, entry in matcher.find(matching_form(title or ""))),
        ((start, entry) for start, _, entry in matcher.find(body)),
        body,
    )
    words = words if words is not None else len(text.split())
    return Evidence(matches, features(matches, sentences_in(body), words), _net_score(matches), language)


def lexicon_language(title: str | None, text: str) -> str | None:
    """The lexicon for a text whose detected language is unsure: its most likely language that has one.
    Only the first: close languages (Malay and Indonesian) share many words, and the other's strong terms
    made translated crime stories read as conflict (cross-validated by bench/train_verdict.py: matching
    every likely lexicon, or every lexicon, gave more false positives at the same recall)."""
    # the same text as extraction detected the language in (tasks/extract.py)
    return next((lang for lang in likely_languages(f"{title or ''}\n{text}") if has_lexicon(lang)), None)


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
        is_conflict, probability = decide(found.features, ngrams(title, text), found.language)
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
