"""The main event's place among weighed mentions, and one Location row per place (see tasks.locations)."""

from __future__ import annotations

import math
from collections import defaultdict

from tasks.places.geonames import COUNTRY, REGION, TOWN, Gazetteer
from tasks.places.weighing import Mention
from tasks.records import Location

MIN_PRIMARY_WEIGHT = 1.5  # a town or region is primary (before its country) with this much weight
PLAIN_WEIGHT = 1.0  # a mention this weighty is plain: neither who spoke, nor a landmark, nor the desk's dateline
REGION_KM = 250  # a first-level region whose seat is this near a region without ISO code is part of it


def rows(gaz: Gazetteer, mentions: list[Mention], original: str, folded: str, home: set[str]) -> tuple[Location, ...]:
    """One row per place, the primary marked (see `_primary`), sorted: the primary first, then by precision."""
    by_place: dict[int, list[Mention]] = defaultdict(list)
    for m in sorted(mentions, key=lambda m: m.start):
        by_place[m.place].append(m)
    weight = {p: max(m.weight for m in ms) + 0.6 * math.log(len(ms)) for p, ms in by_place.items()}
    plain = {p for p, ms in by_place.items() if any(m.weight >= PLAIN_WEIGHT for m in ms)}
    primary = _primary(gaz, weight, plain, {p: ms[0].start for p, ms in by_place.items()}, len(folded), home)
    same_length = len(original) == len(folded)
    out = []
    for p, ms in by_place.items():
        first = ms[0]
        place = gaz.place(p)
        written = (original if same_length else folded)[first.start : first.end]
        out.append(
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
    return tuple(sorted(out, key=lambda r: (not r.is_primary, r.precision, -r.hits, r.place)))


def _primary(
    gaz: Gazetteer, weight: dict[int, float], plain: set[int], first: dict[int, int], length: int, home: set[str]
) -> int:
    """The primary place (-1 if none): the country with the most weight (on a tie the feed's or language's,
    then the one named first: `first` holds where each place is first named), and in it the place chosen as
    the module docstring of tasks.locations says (`plain`: the places named at least once plainly, neither
    who spoke, nor a landmark, nor the desk's dateline)."""
    by_country: dict[str, float] = defaultdict(float)
    named_at: dict[str, int] = {}  # where the text first names a country's place (ties go to the first)
    for p, w in weight.items():
        by_country[gaz.country[p]] += w
        named_at[gaz.country[p]] = min(named_at.get(gaz.country[p], length), first[p])
    if not by_country:
        return -1
    country = max(by_country, key=lambda c: (by_country[c], c in home, -named_at[c]))
    # the most precise place of the country with weight enough: a town, else a region (but a town before a
    # region without an ISO code: the Gaza Strip, Darfur), else the country
    best = {
        precision: max(
            (p for p in weight if gaz.country[p] == country and gaz.precision[p] == precision),
            key=lambda p: (weight[p], -first[p], gaz.population[p]),
            default=-1,
        )
        for precision in (TOWN, REGION, COUNTRY)
    }
    town, region = best[TOWN], _region(gaz, weight, country)
    if town >= 0 and weight[town] >= MIN_PRIMARY_WEIGHT:
        if region >= 0 and gaz.admin1[region] and gaz.admin1[town] != gaz.admin1[region]:
            # the region if it weighs more (or as much, named first): Serangan di Kharkiv, ... di Kyiv
            ahead = (weight[region], -first[region]) > (weight[town], -first[town])
            return region if ahead else town
        return town
    if region >= 0:
        return town if town >= 0 and not gaz.admin1[region] else region
    # else the town (else the region) with the most weight of those named plainly, else the country
    for precision in (TOWN, REGION):
        named = [p for p in weight if p in plain and gaz.country[p] == country and gaz.precision[p] == precision]
        if named:
            return max(named, key=lambda p: (weight[p], -first[p], gaz.population[p]))
    return next((best[p] for p in (COUNTRY, TOWN, REGION) if best[p] >= 0), -1)


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
