"""Headline death tolls on real news: tasks.casualties.extract_casualties against the conflict-dev labels.

Scores, over the development corpus (../shared/corpus/conflict-dev, read through bench/conflict_corpus.py):
  * hits: conflict pages whose label states a headline `killed`, right when the figure is exactly that number;
  * false figures: a killed figure read on a conflict page whose label states none, and on a `none` page
    (sitrep only reads tolls for conflict articles, but a figure on a page stating no toll is wrong either way);
  * speed: the mean milliseconds per call over the conflict pages.

    PYTHONPATH=. python bench/casualty_eval.py            # figures per language
    PYTHONPATH=. python bench/casualty_eval.py --misses   # ... and every wrong page (id, got, want, title)
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.conflict_corpus import load  # noqa: E402
from tasks.casualties import extract_casualties  # noqa: E402


def _killed(page: dict) -> tuple[int | None, float]:
    """The killed figure read on a page and the seconds the call took."""
    start = time.perf_counter()
    result = extract_casualties(page["text"] or "", page["language"], page["title"])
    return (result.killed if result else None), time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="print every wrong page")
    args = parser.parse_args()
    pages = load()
    for page in pages[:40]:  # compile the tables before timing anything
        _killed(page)

    hits: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    false_conflict: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    false_none: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    misses: list[str] = []
    conflict_seconds: list[float] = []
    for page in pages:
        if page["label"] == "related":
            continue
        got, seconds = _killed(page)
        want = page["killed"]
        title = (page["title"] or "")[:90]
        if page["label"] == "conflict":
            conflict_seconds.append(seconds)
            cell = hits if want is not None else false_conflict
        else:
            cell = false_none
        counts = cell[page["lang"]]
        counts[1] += 1
        if cell is hits:
            counts[0] += got == want
            if got != want:
                misses.append(f"miss   {page['id']} [{page['lang']}] got {got}, want {want}: {title}")
        elif got is not None:
            counts[0] += 1
            kind = "false " if cell is false_conflict else "none  "
            misses.append(f"{kind} {page['id']} [{page['lang']}] got {got}, want None: {title}")

    def total(table: dict[str, list[int]]) -> tuple[int, int]:
        return sum(v[0] for v in table.values()), sum(v[1] for v in table.values())

    def by_lang(table: dict[str, list[int]]) -> str:
        return ", ".join(f"{k} {h}/{n}" for k, (h, n) in sorted(table.items()))

    h, n = total(hits)
    print(f"headline killed right: {h}/{n}   ({by_lang(hits)})")
    f, m = total(false_conflict)
    print(
        f"false figures on conflict pages stating no toll: {f}/{m}   "
        f"({by_lang({k: v for k, v in false_conflict.items() if v[0]})})"
    )
    f, m = total(false_none)
    print(f"false figures on none pages: {f}/{m}   ({by_lang({k: v for k, v in false_none.items() if v[0]})})")
    mean = 1000 * sum(conflict_seconds) / max(1, len(conflict_seconds))
    print(
        f"speed: {mean:.2f} ms per call (mean over {len(conflict_seconds)} conflict pages), "
        f"max {1000 * max(conflict_seconds, default=0):.1f} ms"
    )
    if args.misses:
        print("\n".join(sorted(misses)))


if __name__ == "__main__":
    main()
