"""Foreign towns that a Japanese text writes in katakana the gazetteer does not hold, found by their sound.

Japanese writes a foreign town's name as it sounds, and outlets spell it differently: GeoNames knows
Nalchik as ナルチク and Vitebsk as ヴィーツェプスク (from Belarusian), the news writes ナリチク and
ヴィテブスク. Both sides are reduced to a consonant skeleton (the katakana romanised by jaconv, the town's
GeoNames name as written in Latin letters): vowels dropped, a consonant repeated (across vowels too) made
one, and the sounds katakana does not tell apart made one (l and r; v, w and b; f and p; h, which katakana
mostly drops or writes for kh). Katakana also writes every other loanword (キャプテン, ストレス) and people's
names, so a run counts only where a Japanese text introduces a place with it: right after the word for
city, capital, a compass part (北部, 南東部: the north, the south-east of) or a region (州, 県, 地区), or right
before 市, 町, 村; and only as a town of a country the article names, with a skeleton of four consonants or
more, one town of those countries having it. The towns' skeletons are computed on a process's first
Japanese article (0.2 s).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from functools import cache

import jaconv

from tasks.places.geonames import TOWN, Gazetteer

MIN_CONSONANTS = 4  # shorter skeletons are shared by too many words and towns

RUN = re.compile(r"[\u30a1-\u30fa\u30fc]{3,}")  # katakana with the long-vowel mark, split at ・
CUE_BEFORE = re.compile(r"(?:都市|首都|州都|市|町|村|[東西南北]{1,2}部|中部|州|県|地区|近郊|郊外)\Z")
CUE_REACH = 3  # characters: the longest cue (北東部)
CUE_AFTER = ("市", "町", "村")

_LATIN_DIGRAPHS = tuple(
    pair.split(">") for pair in "tch>c sch>s kh>h zh>j sh>s ch>c ts>c tz>c cz>c ph>f ck>k th>t x>ks q>k".split()
)
_KANA_DIGRAPHS = (("xtsu", ""), ("x", ""), ("sh", "s"), ("ch", "c"), ("ts", "c"))
_SAME = str.maketrans("lvwfh", "rbbp ")
_VOWELS = re.compile(r"[aeiouy ]")
_DOUBLE = re.compile(r"(.)\1+")
_KANA_GLIDE = re.compile(r"(?<=[kgnmrbph])y")  # キャ kya is k + a


def skeleton(romanised: str) -> str:
    """The consonant skeleton of a name in Latin letters (see the module docstring): Nalchik -> nrck."""
    letters = "".join(c for c in unicodedata.normalize("NFKD", romanised.lower()) if c.isascii() and c.isalpha())
    for written, sound in _LATIN_DIGRAPHS:
        letters = letters.replace(written, sound)
    return _classes(letters)


def kana_skeleton(kana: str) -> str:
    """The consonant skeleton of a katakana name: ナリチク (narichiku) -> nrck."""
    letters = re.sub(r"[^a-z]", "", jaconv.kata2alphabet(kana))
    for written, sound in _KANA_DIGRAPHS:
        letters = letters.replace(written, sound)
    return _classes(_KANA_GLIDE.sub("", letters))


def _classes(letters: str) -> str:
    return _DOUBLE.sub(r"\1", _VOWELS.sub("", letters.translate(_SAME)))


@cache
def _towns_by_skeleton(gaz: Gazetteer) -> dict[str, tuple[int, ...]]:
    towns: dict[str, list[int]] = defaultdict(list)
    for index, name in enumerate(gaz.names):
        if gaz.precision[index] == TOWN and len(key := skeleton(name)) >= MIN_CONSONANTS:
            towns[key].append(index)
    return {key: tuple(indices) for key, indices in towns.items()}


def sound_alike(
    gaz: Gazetteer, folded: str, taken: Iterable[tuple[int, int]], countries: set[str]
) -> Iterator[tuple[int, int, int]]:
    """(start, end, town index) of each katakana run of `folded` introduced as a place (see the module
    docstring) that no name found already covers and whose skeleton one town of `countries` has."""
    if not countries:
        return
    covered = sorted(taken)
    for run in RUN.finditer(folded):
        start, end = run.span()
        if any(s < end and start < e for s, e in covered):
            continue
        if not (CUE_BEFORE.search(folded, max(0, start - CUE_REACH), start) or folded[end : end + 1] in CUE_AFTER):
            continue
        towns = [i for i in _towns_by_skeleton(gaz).get(kana_skeleton(run.group()), ()) if gaz.country[i] in countries]
        if len(towns) == 1:
            yield start, end, towns[0]
