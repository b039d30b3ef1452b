"""Where an article's events happened: every place it names, resolved to GeoNames, and the main event's.

`find_locations` matches the towns, regions and countries of tasks.places.geonames in the title and text
(one pass, the longest name winning its position, with the boundary rules of tasks.places), then:

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
   without one it lies in: North Gaza before the Gaza Strip), else the country itself. Ties go to the
   place named first (then the more populous). One row is primary.

A headline written in title case ("67 Warga Gaza Tewas") does not make a name after a capitalised word a
person's.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from tasks.places import base_language, bounded_matches, capitals, longest_first, loose, normalise, prepare
from tasks.places.geonames import BLOCKED, COUNTRY, REGION, TOWN, Gazetteer, gazetteer, span
from tasks.records import Location

STANDALONE_POPULATION = 100_000  # a town this big counts without its country named
TITLE_WEIGHT, LEAD_WEIGHTS = 3.0, (2.0, 1.0)  # a mention in the title, in the text's first two sentences
VIOLENCE_WEIGHT = 1.5  # ... in a sentence with a violent act
ATTRIBUTION_WEIGHT = 0.1  # a mention that says who spoke
MIN_PRIMARY_WEIGHT = 1.5  # a town or region is primary (before its country) with this much weight
REGION_KM = 250  # a first-level region whose seat is this near a region without ISO code is part of it
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

# sentence ends: . ! ? before a space, the full stops of CJK, Arabic, Urdu and Devanagari, line ends
_SENTENCE_END = re.compile(r"[.!?](?=\s)|[。！？؟۔।\n]")


def _words(text: str) -> frozenset[str]:
    """Words as texts are matched: normalised, in the loose form."""
    return frozenset(loose(normalise(word)) for word in text.split())


# the word for a region, right before or after a town's name, makes it its region
_REGION_WORDS = _words("""
province provinces provincial governorate region oblast district prefecture provinsi kabupaten wilayah
provincia región region regione estado provinz gebiet bezirk regierungsbezirk prowincja prowincji obwód obwodzie
obwodu obwodem ili vilayeti bolgesi область области областью областей провинция провинции провинцию
губернаторство мухафаза محافظة ولاية اقليم منطقه استان صوبه صوبے ضلع מחוז प्रांत प्रदेश राज्य ज़िला जिला
""")
_CJK_REGION_SUFFIXES = ("省", "州", "県", "地区", "주", "도")

# the word for town right before (or, in Turkish, Chinese, Japanese and Korean, after) a name makes it a
# town's that needs no more context (در شهر رمادي, la ville de Kidal, kota Rafah)
_TOWN_WORDS = _words("""
city town village ville villes localité commune ciudad pueblo localidad città cidade stadt ort dorf kota desa
kampung kenti şehri ilçesi köyü город города городе городом село посёлок поселок місто міста місті селище
miasto mieście miasta wieś مدينة بلدة قرية شهر شهرستان روستای شہر قصبے گاؤں העיר הכפר शहर कस्बे गांव
""")
_CJK_TOWN_SUFFIXES = ("市", "城", "镇", "鎮", "村", "町", "시")

# a verb of saying right after a place's name: the name stands for who spoke (Moscow said, Тегеран заявил)
_SAID = _words("""
said says say told announced accused warned denied claimed stated insisted confirmed urged responded condemned
declared added vowed rejected blamed dit déclaré affirmé affirme déclare annoncé accuse dénonce estime assure
sagte sagt erklärte erklärt teilte warnte beschuldigte dijo afirmó declaró anunció acusó aseguró detto
dichiarato disse afirmou declarou anunciou mengatakan menyatakan kata mengumumkan menuduh menegaskan berkata
açıkladı dedi belirtti bildirdi заявил заявила заявили заявляет сообщил сообщили заявив заявила повідомив
повідомили oświadczył poinformował powiedział zapowiedział oznajmił قال قالت اعلن اعلنت صرح اكد اكدت گفت
اعلام کہا אמר אמרה הודיע कहा बताया 表示 称 说 宣布 発表 表明 밝혔다 말했다
""")


_LONG_WORD = re.compile(r"\b[^\W\d_]{4,}")

# a distance or a direction from a town right before its name: the town is a landmark, not where it happened
# (à 125 km de Ouagadougou, au nord de Kaboul, 30 km north of Kherson, к северу от Харькова, km dari Jakarta)
_COMPASS = "north|south|east|west|northeast|northwest|southeast|southwest|north-east|north-west|south-east|south-west"
_LANDMARK = re.compile(
    r"(?:\b(?:km|kms|kilomet\w*|kilomèt\w*|kilómet\w*|quilômet\w*|chilomet\w*|miles?|км|километр\w*|кілометр\w*)"
    r"\s+(?:from|of|de|du|d'|d’|di|da|dal|von|vom|dari|от|від|od)"
    rf"|\b(?:{_COMPASS})(?:ern)?\s+of"
    r"|\b(?:au|à l'|à l’|a l'|al|ao|a)\s*(?:nord|sud|est|ouest|norte|sur|sul|este|oeste|leste|nord-est|nord-ouest"
    r"|sud-est|sud-ouest|noreste|noroeste|sureste|suroeste)\s+(?:de|du|d'|d’|di|do|da|del)"
    r"|\b(?:nördlich|südlich|östlich|westlich|nordöstlich|nordwestlich|südöstlich|südwestlich)\s+(?:von|vom)"
    r"|\b(?:к|на)\s+(?:северу|югу|востоку|западу|северо-востоку|северо-западу|юго-востоку|юго-западу|північ|південь"
    r"|схід|захід|північний схід|північний захід|південний схід|південний захід)\s+(?:от|від)"
    r"|\bna\s+(?:północ|południe|wschód|zachód|północny wschód|północny zachód|południowy wschód|południowy zachód)"
    r"\s+od"
    r"|\bsebelah\s+(?:utara|selatan|timur|barat|barat laut|barat daya|timur laut|tenggara)(?:\s+(?:dari|kota))?"
    r"|کیلومتری(?:\s+(?:شمال|جنوب|شرق|غرب)(?:\s*(?:شرقی|غربی))?)?|(?:كم|كيلومترا|كيلومترات)\s+(?:من|عن)"
    r")\s*$"
)
# a dateline: a line that starts with the desk's town, maybe after or before the outlet's name, then a dash
# (Liputan6.com, Teheran - ..., GAZA, KOMPAS.com - ..., KYIV (Reuters) — ...): where the report was written
_DATELINE_BEFORE = re.compile(r"(?:[^\n,]{1,30},\s*)?$")
_DATELINE_AFTER = re.compile(r"(?:\s*[,(/][^\n]{0,40}?\s*|\s+)[-–—]")


@dataclass
class _Mention:
    start: int
    end: int
    places: list[int]  # candidate place indices
    context: frozenset[int]  # those that count only where their country is attested
    sentence: int  # 0: the title; then the text's sentences
    town_word: bool = False  # written beside the word for town
    weight: float = 0.0
    place: int = -1  # the place it was resolved to


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
    if not mentions and not named:
        return ()
    ends = [m.end() for m in _SENTENCE_END.finditer(prepared.folded)]
    for m in mentions:
        m.sentence = bisect_right(ends, m.start)
    attested = Counter(gaz.country[m.places[0]] for m in named)
    for country in (feed_country, LANGUAGE_COUNTRY.get(lang or "")):
        if country:
            attested[country.upper()] += 1  # the feed's country, the country of the article's language
    for m in mentions:
        m.town_word = _beside(folded, m.start, m.end, _TOWN_WORDS, _CJK_TOWN_SUFFIXES)
    _resolve(gaz, mentions, attested)
    _as_regions(gaz, mentions, folded)
    kept = [m for m in mentions if m.place >= 0] + named
    for m in named:
        m.sentence = bisect_right(ends, m.start)
        m.place = m.places[0]
    _weigh(kept, folded, full, lang)
    home = {c.upper() for c in (feed_country, LANGUAGE_COUNTRY.get(lang or "")) if c}
    for m in mentions:
        if m.place >= 0 and m.sentence > 0:
            _read_position(gaz, m, prepared.folded, home)
    return _rows(gaz, kept, prepared.original, prepared.folded, home)


def _mentions(
    gaz: Gazetteer, original: str, folded: str, loose_folded: str, lang: str | None
) -> tuple[list[_Mention], list[_Mention]]:
    """(town and region mentions, country mentions), the longest name winning each position."""
    found: list[tuple[int, int, _Mention]] = []
    capital = capitals(original, folded)
    headline = _headlines(capital, folded)
    for start, end, value in bounded_matches(gaz.automaton, loose_folded, span):
        places: list[int] = []
        needs: set[int] = set()
        for indices, langs, needs_context in gaz.meaning(value):
            if lang is None or langs is None or lang in langs:
                places.extend(indices)
                if needs_context:
                    needs.update(indices)
        if not places:
            continue
        char = folded[start]
        if char != char.upper() and not capital(start):
            continue  # a place's name is written with a capital letter in scripts that have them
        countries = [i for i in places if gaz.precision[i] in (BLOCKED, COUNTRY)]
        if countries:  # a country's name (or a blocker) before a town's (Lebanon, not Lebanon PA)
            found.append((start, end, _Mention(start, end, countries[:1], frozenset(), 0)))
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
        found.append((start, end, _Mention(start, end, places, frozenset(needs), 0)))
    towns: list[_Mention] = []
    countries_found: list[_Mention] = []
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


def _beside(folded: str, start: int, end: int, words: frozenset[str], suffixes: tuple[str, ...]) -> bool:
    """Whether one of `words` is right before or after a name (or one of `suffixes` right after it)."""
    before = folded[max(0, start - 24) : start].split()[-2:]
    after = folded[end : end + 24].split()[:1]
    found = {w.strip(".,;:()\"'«»") for w in before + after}
    return bool(found & words) or folded[end : end + 2].startswith(suffixes)


def _resolve(gaz: Gazetteer, mentions: list[_Mention], attested: Counter[str]) -> None:
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
        if gaz.country[best] in evidence or m.place >= 0 or (m.town_word and len(places) == 1):
            m.place = best


def _candidates(gaz: Gazetteer, m: _Mention) -> list[int]:
    """The places a mention may be: beside the word for town, only towns; else a region without ISO code
    before a town of its name (Gaza is the Strip, kota Gaza and Gaza City the town)."""
    if m.town_word:
        towns = [i for i in m.places if gaz.precision[i] == TOWN]
        return towns or m.places
    regions = [i for i in m.places if gaz.precision[i] == REGION and not gaz.admin1[i]]
    return regions or m.places


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


def _as_regions(gaz: Gazetteer, mentions: list[_Mention], folded: str) -> None:
    """A town named like its region, beside the word for region, is the region."""
    for m in mentions:
        if m.place < 0 or gaz.precision[m.place] != TOWN:
            continue
        region = gaz.index.get(gaz.admin1[m.place])
        if region is None or gaz.seat[region] != m.place:
            continue
        if _beside(folded, m.start, m.end, _REGION_WORDS, _CJK_REGION_SUFFIXES):
            m.place = region


def _weigh(mentions: list[_Mention], folded: str, full: str, lang: str | None) -> None:
    violent = _violent_sentences(full, lang)
    for m in mentions:
        weight = 1.0
        if m.sentence == 0:
            weight += TITLE_WEIGHT
        elif m.sentence <= len(LEAD_WEIGHTS):
            weight += LEAD_WEIGHTS[m.sentence - 1]
        if m.sentence in violent:
            weight += VIOLENCE_WEIGHT
        following = folded[m.end : m.end + 30].split()[:3]
        if any(w.strip(".,;:") in _SAID for w in following) or folded[m.end : m.end + 2] in _SAID:
            weight = ATTRIBUTION_WEIGHT
        m.weight = weight


def _read_position(gaz: Gazetteer, m: _Mention, folded: str, home: set[str]) -> None:
    """A town written as a landmark (30 km north of Kherson) weighs as one that says who spoke; a town of
    the article's own country (`home`: the feed's, the language's) in a dateline, the desk's (Jakarta - ...),
    as a mention outside the lead. (A dateline abroad is mostly the story's: SANAA, KOMPAS.com - ...)"""
    before = folded[max(0, m.start - 40) : m.start]
    if gaz.precision[m.place] == TOWN and _LANDMARK.search(before):
        m.weight = min(m.weight, ATTRIBUTION_WEIGHT)
        return
    line = folded.rfind("\n", 0, m.start) + 1
    if (
        gaz.country[m.place] in home
        and line > 0
        and folded.count("\n", 0, line) <= 3
        and _DATELINE_BEFORE.match(folded, line, m.start)
        and (after := _DATELINE_AFTER.match(folded, m.end, m.end + 50))
        and ". " not in after.group()
    ):
        m.weight = min(m.weight, 1.0)


def _violent_sentences(full: str, lang: str | None) -> set[int]:
    """The sentences (0: the title) with a violent act of the conflict lexicon (core categories)."""
    from tasks.conflict import CORE_CATEGORIES
    from tasks.lexicon import CATEGORY, matcher_for, matching_form

    body = matching_form(full)
    ends = [m.end() for m in _SENTENCE_END.finditer(body)]
    return {
        bisect_right(ends, start)
        for start, _, entry in matcher_for(lang).find(body)
        if entry.kind == CATEGORY and entry.group in CORE_CATEGORIES
    }


def _region(gaz: Gazetteer, weight: dict[int, float], country: str) -> int:
    """The region of `country` with the most weight, if it has MIN_PRIMARY_WEIGHT; but a first-level region
    with that weight before a region without an ISO code it lies in (North Gaza before the Gaza Strip)."""
    regions = [
        p
        for p in weight
        if gaz.country[p] == country and gaz.precision[p] == REGION and weight[p] >= MIN_PRIMARY_WEIGHT
    ]
    if not regions:
        return -1
    best = max(regions, key=lambda p: (weight[p], gaz.population[p], -p))
    if gaz.admin1[best]:
        return best
    inside = [p for p in regions if gaz.admin1[p] and _km(gaz, p, best) <= REGION_KM]
    return max(inside, key=lambda p: (weight[p], gaz.population[p], -p)) if inside else best


def _km(gaz: Gazetteer, a: int, b: int) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (gaz.latitude[a], gaz.longitude[a], gaz.latitude[b], gaz.longitude[b]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(h))  # nan (not <= anything) where a place has no coordinates


def _rows(gaz: Gazetteer, mentions: list[_Mention], original: str, folded: str, home: set[str]) -> tuple[Location, ...]:
    """One row per place; the primary: the country with the most weight (on a tie the feed's or language's,
    then the one named first), and in it the place chosen as the module docstring says."""
    by_place: dict[int, list[_Mention]] = defaultdict(list)
    for m in sorted(mentions, key=lambda m: m.start):
        by_place[m.place].append(m)
    weight = {p: max(m.weight for m in ms) + 0.6 * math.log(len(ms)) for p, ms in by_place.items()}
    by_country: dict[str, float] = defaultdict(float)
    named_at: dict[str, int] = {}  # where the text first names a country's place (ties go to the first)
    for p, w in weight.items():
        by_country[gaz.country[p]] += w
        named_at[gaz.country[p]] = min(named_at.get(gaz.country[p], len(folded)), by_place[p][0].start)
    primary = -1
    if by_country:
        country = max(by_country, key=lambda c: (by_country[c], c in home, -named_at[c]))
        # the most precise place of the country with weight enough: a town, else a region (but a town before a
        # region without an ISO code: the Gaza Strip, Darfur), else the country
        best = {
            precision: max(
                (p for p in weight if gaz.country[p] == country and gaz.precision[p] == precision),
                key=lambda p: (weight[p], -by_place[p][0].start, gaz.population[p]),
                default=-1,
            )
            for precision in (TOWN, REGION, COUNTRY)
        }
        town, region = best[TOWN], _region(gaz, weight, country)
        if town >= 0 and weight[town] >= MIN_PRIMARY_WEIGHT:
            primary = town
            if region >= 0 and gaz.admin1[region] and gaz.admin1[town] != gaz.admin1[region]:
                # the region if it weighs more (or as much, named first): Serangan di Kharkiv, ... di Kyiv
                ahead = (weight[region], -by_place[region][0].start) > (weight[town], -by_place[town][0].start)
                primary = region if ahead else town
        elif region >= 0:
            primary = town if town >= 0 and not gaz.admin1[region] else region
        else:
            primary = next((best[p] for p in (COUNTRY, TOWN, REGION) if best[p] >= 0), -1)
    same_length = len(original) == len(folded)
    rows = []
    for p, ms in by_place.items():
        first = ms[0]
        place = gaz.place(p)
        written = (original if same_length else folded)[first.start : first.end]
        rows.append(
            Location(
                written,
                place.name,
                place.geonameid,
                place.country,
                place.admin1 if place.precision != COUNTRY else None,
                place.latitude,
                place.longitude,
                place.precision,
                len(ms),
                p == primary,
            )
        )
    return tuple(sorted(rows, key=lambda r: (not r.is_primary, r.precision, -r.hits, r.place)))
