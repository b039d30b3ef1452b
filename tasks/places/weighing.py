"""How much each mention of a place counts towards its being the main event's (see tasks.locations)."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from tasks.places.cues import DATELINE_AFTER, DATELINE_BEFORE, LANDMARK, SAID, SENTENCE_END
from tasks.places.geonames import TOWN, Gazetteer

TITLE_WEIGHT, LEAD_WEIGHTS = 3.0, (2.0, 1.0)  # a mention in the title, in the text's first two sentences
VIOLENCE_WEIGHT = 1.5  # ... in a sentence with a violent act
ATTRIBUTION_WEIGHT = 0.1  # a mention that says who spoke
DATELINE_WEIGHT = 0.9  # a dateline at home (the desk): as a mention outside the lead, but not a plain one


@dataclass
class Mention:
    start: int
    end: int
    places: list[int]  # candidate place indices
    context: frozenset[int]  # those that count only where their country is attested
    sentence: int  # 0: the title; then the text's sentences
    town_word: bool = False  # written beside the word for town
    demonym: bool = False  # a country's demonym (Persian and Urdu ايراني, Iranian): who acted, not where
    weight: float = 0.0
    place: int = -1  # the place it was resolved to


def weigh(mentions: list[Mention], folded: str, full: str, lang: str | None) -> None:
    """Each mention's weight: by where it is (title, lead), by a violent act in its sentence; next to nothing
    for one that says who spoke (Moscow said) or who acted (a demonym: Persian and Urdu اسرائيلي, Israeli)."""
    violent = violent_sentences(full, lang)
    for m in mentions:
        weight = 1.0
        if m.sentence == 0:
            weight += TITLE_WEIGHT
        elif m.sentence <= len(LEAD_WEIGHTS):
            weight += LEAD_WEIGHTS[m.sentence - 1]
        if m.sentence in violent:
            weight += VIOLENCE_WEIGHT
        following = folded[m.end : m.end + 30].split()[:3]
        if m.demonym or any(w.strip(".,;:") in SAID for w in following) or folded[m.end : m.end + 2] in SAID:
            weight = ATTRIBUTION_WEIGHT
        m.weight = weight


def read_position(gaz: Gazetteer, m: Mention, folded: str, home: set[str]) -> None:
    """A town written as a landmark (30 km north of Kherson) weighs as one that says who spoke; a town of
    the article's own country (`home`: the feed's, the language's) in a dateline, the desk's (Jakarta - ...),
    a little less than a mention outside the lead (it does not stand in for its country). (A dateline abroad
    is mostly the story's: SANAA, KOMPAS.com - ...)"""
    before = folded[max(0, m.start - 40) : m.start]
    if gaz.precision[m.place] == TOWN and LANDMARK.search(before):
        m.weight = min(m.weight, ATTRIBUTION_WEIGHT)
        return
    line = folded.rfind("\n", 0, m.start) + 1
    if (
        gaz.country[m.place] in home
        and line > 0
        and folded.count("\n", 0, line) <= 3
        and DATELINE_BEFORE.match(folded, line, m.start)
        and (after := DATELINE_AFTER.match(folded, m.end, m.end + 50))
        and ". " not in after.group()
    ):
        m.weight = min(m.weight, DATELINE_WEIGHT)


def violent_sentences(full: str, lang: str | None) -> set[int]:
    """The sentences (0: the title) with a violent act of the conflict lexicon (core categories)."""
    from tasks.conflict import CORE_CATEGORIES
    from tasks.lexicon import CATEGORY, matcher_for, matching_form

    body = matching_form(full)
    ends = [m.end() for m in SENTENCE_END.finditer(body)]
    return {
        bisect_right(ends, start)
        for start, _, entry in matcher_for(lang).find(body)
        if entry.kind == CATEGORY and entry.group in CORE_CATEGORIES
    }
