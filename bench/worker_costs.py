"""Where a worker's CPU goes, page by page: each step of tasks/process.py over the 181-page development
corpus, in milliseconds of CPU per page, beside the library call it replaces where sitrep has its own.

    python bench/worker_costs.py [--rounds 1]

Runs in this process, after loading what the workers' fork server loads. The items are undated, as in
bench/ingest_bench.py and the acceptance checks' feeds, so every page asks htmldate for its date.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime

import trafilatura
from datasketch import MinHash
from ingest_bench import load_pages  # bench/, this script's folder, is first on sys.path

from tasks import extract
from tasks.fingerprint import NUM_PERM, SCHEME, SHINGLE, signature
from tasks.html import parse_html
from tasks.language import detect_language
from tasks.lexicon import normalise
from tasks.places import find_places
from tasks.process import process_page
from tasks.records import Failure, FeedItem, Page
from tasks.tagging import tag_article
from tasks.text import words
from tasks.workers import load_common


def ms_per_item(step: Callable[[object], object], items: list, rounds: int) -> float:
    started = time.process_time()
    for _ in range(rounds):
        for item in items:
            step(item)
    return (time.process_time() - started) / (rounds * len(items)) * 1000


def datasketch_signature(text: str) -> list[int]:
    """What signature() replaces: datasketch's update_batch over the same shingles."""
    w = words(normalise(text))
    m = MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME)
    m.update_batch([" ".join(w[i : i + SHINGLE]).encode() for i in range(max(1, len(w) - SHINGLE + 1))])
    return [int(v) for v in m.hashvalues]


def rows(figures: Iterable[tuple[str, float]], whole: float) -> None:
    for name, ms in figures:
        print(f"  {name:48} {ms:6.2f} ms  {ms / whole:6.1%}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--rounds", type=int, default=1, help="passes over the pages (htmldate's caches make later passes cheaper)"
    )
    args = parser.parse_args()
    load_common()
    now = datetime.now(UTC)
    pages = [
        Page(FeedItem("bench", f"http://news.test/{k}", k), f"http://news.test/{k}", 200, body, None, now)
        for k, body in load_pages().items()
    ]
    for page in pages[:10]:  # first-use costs (a language's casualty tables, caches) out of the figures
        process_page(page)
    whole = ms_per_item(process_page, pages, args.rounds)
    texts = [p.body.decode(p.charset or "utf-8", "replace") for p in pages]
    trees = [parse_html(t) for t in texts]
    articles = [a for a in (extract.extract_article(p) for p in pages) if not isinstance(a, Failure)]
    bodies = [f"{a.title or ''}\n{a.text}" for a in articles]
    print(f"process_page: {whole:.2f} ms of CPU per page over {len(pages)} pages ({args.rounds} rounds)")
    rows(
        [
            ("parse (tasks/html.py parse_html)", ms_per_item(parse_html, texts, args.rounds)),
            (
                "text (trafilatura.bare_extraction, fast)",
                ms_per_item(
                    lambda t: trafilatura.bare_extraction(t, with_metadata=False, include_comments=False, fast=True),
                    trees,
                    args.rounds,
                ),
            ),
            (
                "page metadata, htmldate for the date",
                ms_per_item(lambda t: extract.page_meta(t, "http://news.test/a", dated=False), trees, args.rounds),
            ),
            ("language (py3langid)", ms_per_item(lambda a: detect_language(a), bodies, args.rounds)),
            (
                "fingerprint (tasks/fingerprint.py signature)",
                ms_per_item(signature, [a.text for a in articles], args.rounds),
            ),
            (
                "  datasketch update_batch, which it replaces",
                ms_per_item(datasketch_signature, [a.text for a in articles], args.rounds),
            ),
            ("places (gazetteer)", ms_per_item(lambda b: find_places(b), bodies, args.rounds)),
            (
                "tags, verdict, casualties",
                ms_per_item(
                    lambda a: tag_article(a.title, a.text, a.language, language_sure=True, words=a.word_count),
                    articles,
                    args.rounds,
                ),
            ),
        ],
        whole,
    )


if __name__ == "__main__":
    main()
