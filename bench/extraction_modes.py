"""Token F1 and CPU time of trafilatura settings on the 181-page development corpus.
Usage: python bench/extraction_modes.py"""

from __future__ import annotations

import collections
import gzip
import json
import re
import time
from pathlib import Path

import trafilatura

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "extraction-benchmark"
DATES = {"original_date": True, "outputformat": "%Y-%m-%dT%H:%M:%S%z"}
MODES = {  # each: how the page's text is extracted; sitrep parses the page once and takes its metadata
    # from the feed and the page's <head> (tasks/extract.py), so its mode runs without metadata
    "sitrep (fast, no comments, no metadata)": dict(with_metadata=False, include_comments=False, fast=True),
    "fast, no comments, favor_precision": dict(
        with_metadata=False, include_comments=False, fast=True, favor_precision=True
    ),
    "fast, comments kept apart, no metadata": dict(with_metadata=False, fast=True),
    "fast, no comments, metadata, dated": dict(
        with_metadata=True, include_comments=False, fast=True, date_extraction_params=DATES
    ),
    "with fallbacks (no comments, dated)": dict(
        with_metadata=True, include_comments=False, date_extraction_params=DATES
    ),
    "trafilatura defaults + metadata": dict(with_metadata=True),
}
TOKEN = re.compile(r"\w+")


def f1(pred: str, gold: str) -> float:
    p, g = collections.Counter(TOKEN.findall(pred.lower())), collections.Counter(TOKEN.findall(gold.lower()))
    common = sum((p & g).values())
    if not common:
        return 0.0
    precision, recall = common / sum(p.values()), common / sum(g.values())
    return 2 * precision * recall / (precision + recall)


def main() -> None:
    truth = json.loads((CORPUS / "ground-truth.json").read_text())
    pages = {k: gzip.decompress((CORPUS / "html" / f"{k}.html.gz").read_bytes()) for k in truth}
    for name, options in MODES.items():
        started, scores = time.process_time(), []
        for key, page in truth.items():
            doc = trafilatura.bare_extraction(pages[key], url=page["url"], **options)
            scores.append(f1((doc.text if doc else "") or "", page["articleBody"]))
        cpu = time.process_time() - started
        print(f"{name:42} F1 {sum(scores) / len(scores):.4f}  CPU {cpu:.1f} s ({1000 * cpu / len(truth):.0f} ms/page)")


if __name__ == "__main__":
    main()
