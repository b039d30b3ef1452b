"""Where an article's events happened: every place it names, resolved to GeoNames, and the main event's.

`find_locations` matches the towns, regions and countries of tasks.places.geonames in the title and text
(one pass, the longest name winning its position, with the boundary rules of tasks.places; in Japanese,
also katakana spellings the data lacks, by their sound: tasks.places.katakana), then:

1. resolves each name to one place. A name shared by several places (Tripoli LY and LB; Lyman UA and US)
   goes to the one whose country the article names (or the feed's country, or that of a region or big
   town it names), then to the most populous. A town of fewer than STANDALONE_POPULATION people, a name
   that is also a word or a first name, and a name shared by places of several countries count only where
   their country is so attested: a small town's name is too often something else.
2. reads a town named like its region and written beside the word for region (Idlib province, provinsi
   Idlib, محافظة إدلب, Донецкая область) as the region.
3. chooses the main event's place (`is_primary`): each mention weighs by where it is (title, lead), by a
   violent act (the conflict lexicon's core categories) in its sentence, by repetition; a mention that
   says who spoke ("Moscow said", "Tehran warned") or a town given as a landmark ("30 km north of
   Kherson", "au nord de Ouagadougou") weighs next to nothing, and a dateline of the article's own
   country ("Jakarta - ...": the desk) gets no lead weight. The country with the most weight is the
   event's; in it, the town with the most weight if one has MIN_PRIMARY_WEIGHT (a mention in the title or
   lead, beside a violent act, or three), unless a first-level region elsewhere weighs more (a region of
   the headline before a town named in passing); else such a region (one with an ISO code before a region
   without one it lies in: North Gaza before the Gaza Strip), else the town (or region) with the most
   weight that is named plainly (not who spoke, a landmark or the desk's dateline), else the country
   itself. Ties go to the place named first (then the more populous). One row is primary.

After a Hebrew or Arabic clitic (בעזה, وبغداد) a name of four letters or fewer is not a small town's (הבניין, the
building, holds ניין, Nayn IL). A name written in hiragana
is a town's only before the word for town (さいたま市; なります, becomes, is not Narimasu).

A headline written in title case ("67 Warga Gaza Tewas") does not make a name after a capitalised word a
person's.

This module finds and resolves the mentions; tasks.places.cues holds the words and patterns read around a
name (region, town, who spoke, landmark, dateline), tasks.places.weighing weighs the mentions and
tasks.places.primary chooses the primary place and makes the rows.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable

from tasks.places import base_language, bounded_matches, capitals, longest_first, loose, prepare
from tasks.places.cues import (
    CJK_REGION_SUFFIXES,
    CJK_TOWN_SUFFIXES,
    REGION_WORDS,
    SENTENCE_END,
    TOWN_WORDS,
    beside,
)
from tasks.places.geonames import BLOCKED, COUNTRY, REGION, TOWN, Gazetteer, gazetteer, span
from tasks.places.katakana import sound_alike
from tasks.places.primary import rows
from tasks.places.weighing import Mention, read_position, weigh
from tasks.records import Location

STANDALONE_POPULATION = 100_000  # a town this big counts without its country named
DOMINANT = 5  # beside the word for town, a name goes to its town that is this many times as big as the others
# languages written in one country mainly: an article in one attests that country (weakly, as the feed's does)
LANGUAGE_COUNTRY = {
    "tr": "TR",
    "uk": "UA",
    "pl": "PL",
    "ja": "JP",
    "ko": "KR",
    "he": "IL",
    "id": "ID",
    "ms": "MY",
    "it": "IT",
    "fa": "IR",
    "hi": "IN",
    "ur": "PK",
}

NO_CLITICS = {"fa", "ur"}  # Arabic-script languages that do not write و ف ب ل onto a name (tasks.places)
SHORT_NAME = 4  # letters
_CLITIC_SCRIPTS = re.compile(r"[\u0590-\u05ff\u0600-\u06ff]")  # Hebrew and Arabic letters
_HIRAGANA = re.compile(r"[\u3041-\u309f]+")
_LONG_WORD = re.compile(r"\b[^\W\d_]{4,}")


def find_locations(
    title: str | None, text: str | None, language: str | None, feed_country: str | None = None
) -> tuple[Location, ...]:
    """The places `title` and `text` name, one per place with its hits, the main event's marked primary
    (see the module docstring). `language`: ISO 639-1 ("pt-BR" reads as "pt"); None matches every name."""
    full = f"{title or ''}\n{text or ''}"
    if not full.strip():
        return ()
    gaz = gazetteer()
    lang = base_language(language)
    prepared = prepare(full)
    folded = loose(prepared.folded)
    mentions, named = _mentions(gaz, prepared.original, prepared.folded, folded, lang)
    if lang == "ja":  # foreign towns in katakana spellings the gazetteer lacks (tasks.places.katakana)
        taken = [(m.start, m.end) for m in mentions + named]
        countries = {gaz.country[m.places[0]] for m in named}
        for start, end, town in sound_alike(gaz, folded, taken, countries):
            mentions.append(Mention(start, end, [town], frozenset(), 0, town_word=True))
    if not mentions and not named:
        return ()
    ends = [m.end() for m in SENTENCE_END.finditer(prepared.folded)]
    for m in mentions:
        m.sentence = bisect_right(ends, m.start)
    attested = Counter(gaz.country[m.places[0]] for m in named)
    for country in (feed_country, LANGUAGE_COUNTRY.get(lang or "")):
        if country:
            attested[country.upper()] += 1  # the feed's country, the country of the article's language
    for m in mentions:
        m.town_word = m.town_word or beside(folded, m.start, m.end, TOWN_WORDS, CJK_TOWN_SUFFIXES)
    _resolve(gaz, mentions, attested)
    _as_regions(gaz, mentions, folded)
    kept = [m for m in mentions if m.place >= 0] + named
    for m in named:
        m.sentence = bisect_right(ends, m.start)
        m.place = m.places[0]
    weigh(kept, folded, full, lang)
    home = {c.upper() for c in (feed_country, LANGUAGE_COUNTRY.get(lang or "")) if c}
    for m in mentions:
        if m.place >= 0 and m.sentence > 0:
            read_position(gaz, m, prepared.folded, home)
    return rows(gaz, kept, prepared.original, prepared.folded, home)


def _mentions(
    gaz: Gazetteer, original: str, folded: str, loose_folded: str, lang: str | None
) -> tuple[list[Mention], list[Mention]]:
    """(town and region mentions, country mentions), the longest name winning each position."""
    found: list[tuple[int, int, Mention]] = []
    capital = capitals(original, folded)
    headline = _headlines(capital, folded)
    for start, end, value in bounded_matches(gaz.automaton, loose_folded, span, lang not in NO_CLITICS):
        places: list[int] = []
        needs: set[int] = set()
        demonym = False
        for indices, langs, needs_context, is_demonym in gaz.meaning(value):
            if lang is None or langs is None or lang in langs:
                places.extend(indices)
                demonym |= is_demonym
                if needs_context:
                    needs.update(indices)
        if _HIRAGANA.fullmatch(folded, start, end) and not folded.startswith(CJK_TOWN_SUFFIXES, end):
            continue  # a name in hiragana is a town's only as one (さいたま市): なります (becomes) is not Narimasu
        before = loose_folded[start - 1] if start else " "
        if end - start <= SHORT_NAME and before.isalpha() and _CLITIC_SCRIPTS.match(before):
            # after a clitic (וברפיח, بغزة), a short name is not a small town's (הבניין, the building, is
            # not ה + ב + ניין, Nayn IL)
            places = [i for i in places if gaz.precision[i] != TOWN or gaz.population[i] >= STANDALONE_POPULATION]
        if not places:
            continue
        char = folded[start]
        if char != char.upper() and not capital(start):
            continue  # a place's name is written with a capital letter in scripts that have them
        countries = [i for i in places if gaz.precision[i] in (BLOCKED, COUNTRY)]
        if countries:  # a country's name (or a blocker) before a town's (Lebanon, not Lebanon PA)
            found.append((start, end, Mention(start, end, countries[:1], frozenset(), 0, demonym=demonym)))
            continue
        if _person(
            capital,
            folded,
            start,
            end,
            bool(needs) or all(gaz.population[i] < STANDALONE_POPULATION and gaz.precision[i] == TOWN for i in places),
            headline,
        ):
            continue  # Vladimir Putin, Xi Jinping, Nancy Pelosi
        if len(places) > 1:  # Aleppo the town, not the region named after it
            named = set(places)
            places = [i for i in places if gaz.precision[i] != REGION or gaz.seat[i] not in named]
        found.append((start, end, Mention(start, end, places, frozenset(needs), 0)))
    towns: list[Mention] = []
    countries_found: list[Mention] = []
    for _, _, mention in longest_first(found):
        precision = gaz.precision[mention.places[0]]
        if precision == COUNTRY:
            countries_found.append(mention)
        elif precision != BLOCKED:
            towns.append(mention)
    return towns, countries_found


def _person(
    capital: Callable[[int], bool], folded: str, start: int, end: int, small: bool, headline: Callable[[int], bool]
) -> bool:
    """Whether a name is part of a person's: after a capitalised word that does not start a sentence (Xi
    Jinping, Ali Khamenei; not in a headline whose words are all capitalised: 67 Warga Gaza Tewas), or, for a
    first name or a small town's (`small`), before one (Vladimir Putin, Nancy Pelosi)."""
    if start >= 2 and folded[start - 1] == " " and folded[start - 2].isalpha() and not headline(start):
        word_start = start - 2
        while word_start > 0 and folded[word_start - 1].isalpha():
            word_start -= 1
        before = folded[max(0, word_start - 2) : word_start]
        if (
            folded[word_start] != folded[word_start].upper()
            and capital(word_start)
            and word_start > 0
            and not before.strip(" ") == ""
            and before.strip()[-1:] not in '.!?:"«“('
        ):
            return True
    if not small:
        return False
    rest = folded[end : end + 2]
    if len(rest) < 2 or rest[0] != " " or rest[1] == rest[1].upper():
        return False
    return capital(end + 1)


def _headlines(capital: Callable[[int], bool], folded: str) -> Callable[[int], bool]:
    """A function telling whether an offset is in a line written in title case (most of its words of four
    letters or more capitalised, as headlines are in English and Indonesian), read once per line."""
    lines: dict[int, bool] = {}

    def headline(start: int) -> bool:
        line = folded.rfind("\n", 0, start) + 1
        if line not in lines:
            end = folded.find("\n", start)
            words = [m.start() for m in _LONG_WORD.finditer(folded, line, len(folded) if end < 0 else end)]
            lines[line] = len(words) >= 3 and sum(map(capital, words)) >= 0.8 * len(words)
        return lines[line]

    return headline


def _resolve(gaz: Gazetteer, mentions: list[Mention], attested: Counter[str]) -> None:
    """Each mention's place: first those that need no context, whose countries then attest the others."""
    evidence = Counter(attested)
    regions: set[str] = set()
    for m in mentions:  # pass 1: what stands alone: a region or a big town, the only one of its name
        places = _candidates(gaz, m)
        if m.context:
            continue
        if len({gaz.country[i] for i in places}) == 1:
            best = max(places, key=lambda i: _score(gaz, i, evidence, regions))
            if _notable(gaz, best) or gaz.country[best] in evidence or m.town_word or _names_region(gaz, best):
                m.place = best
        else:  # Colorado the state, not the towns of Brazil
            notable = [i for i in places if _notable(gaz, i)]
            if len(notable) == 1:
                m.place = notable[0]
    evidence.update(gaz.country[m.place] for m in mentions if m.place >= 0)
    regions = {gaz.admin1[m.place] for m in mentions if m.place >= 0 and gaz.admin1[m.place]}
    for m in mentions:  # pass 2: with the countries and regions found
        places = [i for i in _candidates(gaz, m) if i not in m.context or gaz.country[i] in evidence or m.town_word]
        if not places:
            m.place = -1
            continue
        best = max(places, key=lambda i: _score(gaz, i, evidence, regions))
        if gaz.country[best] in evidence or m.place >= 0 or (m.town_word and _dominant(gaz, best, places)):
            m.place = best


def _candidates(gaz: Gazetteer, m: Mention) -> list[int]:
    """The places a mention may be: beside the word for town, only towns; else a region without ISO code
    before a town of its name (Gaza is the Strip, kota Gaza and Gaza City the town)."""
    if m.town_word:
        towns = [i for i in m.places if gaz.precision[i] == TOWN]
        return towns or m.places
    regions = [i for i in m.places if gaz.precision[i] == REGION and not gaz.admin1[i]]
    return regions or m.places


def _dominant(gaz: Gazetteer, town: int, places: list[int]) -> bool:
    """Whether a town is the only one of `places` or DOMINANT times as populous as each other (the town of
    Ramadi, not a Yemeni village of that name)."""
    return all(gaz.population[town] > DOMINANT * gaz.population[i] for i in places if i != town)


def _notable(gaz: Gazetteer, index: int) -> bool:
    return gaz.precision[index] == REGION or gaz.population[index] >= STANDALONE_POPULATION


def _names_region(gaz: Gazetteer, town: int) -> bool:
    """Whether a town is its region's seat, named like it (Hakkari, Idlib): a name that stands alone."""
    region = gaz.index.get(gaz.admin1[town], -1)
    return region >= 0 and gaz.seat[region] == town


def _score(gaz: Gazetteer, index: int, evidence: Counter[str], regions: set[str]) -> float:
    score = math.log10(gaz.population[index] + 10)
    if gaz.country[index] in evidence:
        score += 4.0 + min(evidence[gaz.country[index]], 10) * 0.3
    if gaz.admin1[index] and gaz.admin1[index] in regions:
        score += 2.0
    return score


def _as_regions(gaz: Gazetteer, mentions: list[Mention], folded: str) -> None:
    """A town named like its region, beside the word for region, is the region."""
    for m in mentions:
        if m.place < 0 or gaz.precision[m.place] != TOWN:
            continue
        region = gaz.index.get(gaz.admin1[m.place])
        if region is None or gaz.seat[region] != m.place:
            continue
        if beside(folded, m.start, m.end, REGION_WORDS, CJK_REGION_SUFFIXES):
            m.place = region
