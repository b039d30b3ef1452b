"""Measure tasks.locations on the labelled conflict pages (../shared/corpus/conflict-dev/places.json).

Usage:  python bench/places_eval.py [--misses dev|held-out|all] [--half dev|held-out]

Prints, as the acceptance check `places-dev` counts them, the primary location's country right, its
first-level region (ISO 3166-2) right where the label has one, and its town within 25 km where the label is
a town with coordinates ("town row": the same, counting only primary rows that are towns, since a country's
row stands at its capital); overall, by language, and for the two halves of the corpus (pages split by the
source document, so that translations of one story fall in one half: heuristics were decided looking at
the "dev" half only, "held-out" is reported). Then how many of the labelled places (primary and others)
the rows hold, the CPU time of find_locations per page (all 1,612 pages, data loaded), and the data's load
time and memory (in a fresh process).

The texts are extracted as sitrep extracts them (bench/conflict_corpus.py, cached in bench/.cache/).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import conflict_corpus  # noqa: E402
from tasks.locations import Location, find_locations  # noqa: E402

GOALS = {"country": 0.95, "admin1": 0.80, "town": 0.70, "town row": 0.0}
LOAD_PROBE = """
import gc, json, resource, sys, time
sys.path.insert(0, {root!r})
def rss():
    return int(open('/proc/self/statm').read().split()[1]) * 4096 / 1e6
import tasks.locations
from tasks.places import geonames
gc.collect()
before, started = rss(), time.process_time()
gaz = geonames.gazetteer()
loaded = time.process_time() - started
gc.collect()
print(json.dumps({{"seconds": loaded, "mb": rss() - before, "names": len(gaz.automaton), "places": len(gaz.keys),
                  "nodes": gaz.automaton.get_stats()["nodes_count"]}}))
"""


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(h))


def half(page: dict) -> str:
    document = page.get("document") or page["id"]
    return "dev" if int(hashlib.sha1(document.encode()).hexdigest(), 16) % 2 == 0 else "held-out"


def primary_of(rows: tuple[Location, ...]) -> Location | None:
    """The row the acceptance check reads: primary rows by precision, then most hits."""
    primaries = sorted((r for r in rows if r.is_primary), key=lambda r: (r.precision, -r.hits))
    return primaries[0] if primaries else None


def checks(want: dict, have: Location | None) -> dict[str, bool]:
    out = {"country": have is not None and have.country_code == want["country"]}
    if want.get("admin1"):
        out["admin1"] = have is not None and have.admin1_code == want["admin1"]
    if want.get("precision") == 1 and want.get("latitude") is not None:
        out["town"] = (
            have is not None
            and have.latitude is not None
            and have.longitude is not None
            and km((have.latitude, have.longitude), (want["latitude"], want["longitude"])) <= 25
        )
        # the same, counting only a primary row that is a town (a country's row stands at its capital)
        out["town row"] = out["town"] and have is not None and have.precision == 1
    return out


def found(label: dict, rows: tuple[Location, ...]) -> bool:
    """Whether a labelled place (primary or other) is among the rows: same town (25 km), region or country."""
    for r in rows:
        if r.country_code != label["country"]:
            continue
        if label["precision"] == 3:
            return True
        if label.get("admin1") and r.admin1_code == label["admin1"] and (label["precision"] == 2 or r.precision == 2):
            return True
        if (
            label["precision"] == 1
            and label.get("latitude") is not None
            and r.latitude is not None
            and r.precision == 1
            and km((r.latitude, r.longitude), (label["latitude"], label["longitude"])) <= 25
        ):
            return True
    return False


def rate(scores: dict[str, list[int]]) -> str:
    return ", ".join(f"{k} {h}/{t} ({h / t:.2f})" if t else f"{k} -" for k, (h, t) in scores.items())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--misses", choices=["dev", "held-out", "all"], help="print the wrong pages of a half")
    args = parser.parse_args()
    pages = {p["id"]: p for p in conflict_corpus.load()}
    labels = [p for p in json.loads((conflict_corpus.CORPUS / "places.json").read_text()) if p.get("primary")]
    find_locations("warm-up", "Aleppo", "en")

    overall = {k: [0, 0] for k in GOALS}
    halves: dict[str, dict[str, list[int]]] = defaultdict(lambda: {k: [0, 0] for k in GOALS})
    languages: dict[str, dict[str, list[int]]] = defaultdict(lambda: {k: [0, 0] for k in GOALS})
    recall = [0, 0]
    misses = []
    for label in labels:
        page = pages[label["id"]]
        rows = find_locations(page["title"], page["text"] or "", page["language"])
        have = primary_of(rows)
        result = checks(label["primary"], have)
        for key, ok in result.items():
            for table in (overall, halves[half(page)], languages[page["language"] or "?"]):
                table[key][0] += ok
                table[key][1] += 1
        for other in [label["primary"], *label["others"]]:
            recall[0] += found(other, rows)
            recall[1] += 1
        if not all(ok for key, ok in result.items() if key != "town row") and args.misses in (half(page), "all"):
            want = label["primary"]
            got = f"{have.place} {have.country_code} {have.admin1_code} p{have.precision}" if have else None
            others = "; ".join(
                f"{r.name}>{r.place} {r.country_code} {r.admin1_code} p{r.precision} x{r.hits}" for r in rows[:8]
            )
            misses.append(
                f"{label['id']} [{page['language']}]: want {want['name']} {want['country']} "
                f"{want.get('admin1')} p{want['precision']}; got {got}\n    rows: {others}"
            )

    print(f"primary, all {len(labels)} pages: {rate(overall)}")
    for name in ("dev", "held-out"):
        print(f"  {name:9} {sum(1 for p in labels if half(pages[p['id']]) == name):3} pages: {rate(halves[name])}")
    for language in sorted(languages):
        print(f"  {language}: {rate(languages[language])}")
    print(
        f"labelled places (primary and up to five others) among the rows: {recall[0]}/{recall[1]} "
        f"({recall[0] / recall[1]:.2f})"
    )

    texts = [(p["title"], p["text"]) for p in pages.values() if p["text"]]
    langs = [p["language"] for p in pages.values() if p["text"]]
    started = time.process_time()
    for (title, text), language in zip(texts, langs, strict=True):
        find_locations(title, text, language)
    cpu = (time.process_time() - started) / len(texts)
    print(
        f"find_locations: {cpu * 1000:.2f} ms CPU per page ({len(texts)} pages, "
        f"{sum(len(t) for _, t in texts) / len(texts):.0f} characters on average)"
    )
    probe = subprocess.run(
        [sys.executable, "-c", LOAD_PROBE.format(root=str(ROOT))], capture_output=True, text=True, check=True
    )
    load = json.loads(probe.stdout)
    sizes = sum(f.stat().st_size for f in (ROOT / "tasks/places").glob("location*.tsv")) / 1e6
    print(
        f"data: {sizes:.1f} MB on disk, {load['places']} places, {load['names']} names ({load['nodes']} automaton "
        f"nodes); loads in {load['seconds']:.2f} s CPU, {load['mb']:.0f} MB resident"
    )
    if misses:
        print("\n".join(misses))


if __name__ == "__main__":
    main()
