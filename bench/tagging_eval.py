"""Precision and recall of the tagger's is_conflict, and its headline tolls.

Real news, the figures that count (when the corpora are beside the checkout, in ../shared/corpus/):
- conflict-dev: 1,612 labelled pages in 20 languages: precision, recall and false-positive rate by
  language, and the headline number killed on the pages that state one. The verdict model was trained
  on these pages, so these are training figures: the cross-validated ones come from
  bench/train_verdict.py;
- extraction-benchmark: 181 real English pages labelled in bench/data/dev_conflict_labels.json.
The team's own text, regression tests only (written alongside the lexicons, they say nothing of
quality): the snippets in tests/data/tagging/ and the long-form articles in bench/data/longform/.

Usage: python bench/tagging_eval.py [--misses]"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import conflict_corpus  # noqa: E402
from tasks.language import SURE  # noqa: E402
from tasks.tagging import tag_article  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
EVAL_DIR = ROOT / "tests/data/tagging"
LONGFORM_DIR = ROOT / "bench/data/longform"
DEV_CORPUS = ROOT.parent / "shared/corpus/extraction-benchmark/ground-truth.json"
DEV_LABELS = ROOT / "bench/data/dev_conflict_labels.json"


def prf(tp: int, fp: int, fn: int) -> tuple[float, float]:
    return (tp / (tp + fp) if tp + fp else 1.0), (tp / (tp + fn) if tp + fn else 1.0)


def main() -> None:
    show_misses = "--misses" in sys.argv
    if conflict_corpus.CORPUS.is_dir():
        evaluate_conflict_dev(show_misses)
    if DEV_CORPUS.exists() and DEV_LABELS.exists():
        evaluate_dev(show_misses)
    print("\nsnippets (tests/data/tagging): regression tests, not a quality figure")
    evaluate_sets(sorted(EVAL_DIR.glob("*.yaml")), show_misses, categories=True)
    if LONGFORM_DIR.is_dir():
        print("\nlong-form articles (bench/data/longform): regression tests, not a quality figure")
        evaluate_sets(sorted(LONGFORM_DIR.glob("*.yaml")), show_misses, categories=False)


def evaluate_conflict_dev(show_misses: bool) -> None:
    """is_conflict and the headline number killed on the labelled conflict development corpus."""
    cells: dict[str, Counter[str]] = {}
    tolls: dict[str, Counter[str]] = {}
    misses = []
    for page in conflict_corpus.load():
        if not page["text"]:
            continue
        t = tag_article(
            page["title"], page["text"], page["language"], language_sure=page["language_sure"], words=page["words"]
        )
        lang = page["lang"]
        if page["label"] == "conflict" and page["killed"] is not None:
            killed = t.casualties.killed if t.casualties else None
            tolls.setdefault(lang, Counter())["right" if killed == page["killed"] else "wrong"] += 1
            if killed != page["killed"]:
                misses.append(f"   toll {page['id']} [{lang}]: got {killed}, labelled {page['killed']}")
        if page["label"] == "related":
            continue
        want, got = page["label"] == "conflict", t.is_conflict
        cells.setdefault(lang, Counter())["tp" if want and got else "fp" if got else "fn" if want else "tn"] += 1
        if want != got:
            misses.append(
                f"   {'fn' if want else 'fp'} {page['id']} [{lang}] p {t.probability:.2f} "
                f"{page['title'][:60]!r}: {page['why'][:80]}"
            )
    total: Counter[str] = sum(cells.values(), Counter())
    p, r = prf(total["tp"], total["fp"], total["fn"])
    print(
        f"conflict-dev (real news, training data of the verdict model): n {sum(total.values())}, "
        f"{total['tp'] + total['fn']} conflict; precision {p:.2f} recall {r:.2f} "
        f"(tp {total['tp']} fp {total['fp']} fn {total['fn']})"
    )
    print(f"{'lang':5} {'n':>4} {'conflict':>8} {'recall':>7} {'fp rate':>7} {'tolls right':>11}")
    for lang, c in sorted(cells.items()):
        k = tolls.get(lang, Counter())
        recall = f"{c['tp'] / (c['tp'] + c['fn']):.2f}" if c["tp"] + c["fn"] else "-"
        right = f"{k['right']}/{k['right'] + k['wrong']}" if k else "-"
        print(
            f"{lang:5} {sum(c.values()):4} {c['tp'] + c['fn']:8} {recall:>7} "
            f"{c['fp'] / max(c['fp'] + c['tn'], 1):7.3f} {right:>11}"
        )
    right = sum(k["right"] for k in tolls.values())
    print(f"headline killed right: {right}/{sum(sum(k.values()) for k in tolls.values())}")
    tagging_share()
    if show_misses:
        print("\n".join(sorted(misses)))


def tagging_share() -> None:
    """CPU of tagging, the verdict and the tolls, against a worker's whole CPU per page (process_page:
    extraction, language, places, fingerprint and tagging) on the same pages."""
    from tasks.process import process_page
    from tasks.workers import load_common

    load_common()
    pages = conflict_corpus.fetched_pages()
    for page in pages[:20]:  # first-use costs (each language's lexicon and casualty tables) out of the figures
        process_page(page)
    started = time.process_time()
    done = [process_page(page) for page in pages]
    whole = time.process_time() - started
    articles = [d.article for d in done if d.article is not None]
    started = time.process_time()
    for a in articles:
        tag_article(a.title, a.text, a.language, language_sure=a.language_confidence >= SURE, words=a.word_count)
    tagging = time.process_time() - started
    print(
        f"CPU per page: worker {1000 * whole / len(pages):.1f} ms, of which tags, verdict and tolls "
        f"{1000 * tagging / len(pages):.2f} ms ({tagging / whole:.1%})"
    )


def evaluate_dev(show_misses: bool) -> None:
    import json

    pages = json.loads(DEV_CORPUS.read_text())
    labels = json.loads(DEV_LABELS.read_text())["labels"]
    c: Counter[str] = Counter()
    for key, page in pages.items():
        t = tag_article(None, page["articleBody"], "en")
        want, got = labels[key]["is_conflict"], t.is_conflict
        c["tp" if want and got else "fp" if got else "fn" if want else "tn"] += 1
        if show_misses and want != got:
            print(f"   miss dev {key[:10]}: want {want} got {got} score {t.score}: {labels[key]['note']}")
    p, r = prf(c["tp"], c["fp"], c["fn"])
    print(
        f"\nextraction-benchmark, real English pages: n {sum(c.values())}, {c['tp'] + c['fn']} conflict; "
        f"precision {p:.2f} recall {r:.2f} (tp {c['tp']} fp {c['fp']} fn {c['fn']})"
    )


def evaluate_sets(paths: list[Path], show_misses: bool, *, categories: bool) -> None:
    total: Counter[str] = Counter()
    per_category: dict[str, Counter[str]] = {}
    print(f"{'lang':5} {'n':>4} {'precision':>9} {'recall':>7} {'errors':>6}")
    for path in paths:
        data = yaml.safe_load(path.read_text())
        c: Counter[str] = Counter()
        for s in data.get("snippets") or data["articles"]:
            t = tag_article(s.get("title"), s["text"], data["language"])
            want, got = bool(s["is_conflict"]), t.is_conflict
            c["tp" if want and got else "fp" if got else "fn" if want else "tn"] += 1
            cats = {x.category for x in t.tags}
            for cat in set(s.get("categories") or []) | (cats if want else set()):
                pc = per_category.setdefault(cat, Counter())
                expected = cat in (s.get("categories") or [])
                pc["tp" if expected and cat in cats else "fn" if expected else "extra"] += 1
            if show_misses and want != got:
                print(f"   miss {data['language']}: want {want} got {got} score {t.score}: {s.get('title')}")
        p, r = prf(c["tp"], c["fp"], c["fn"])
        print(f"{data['language']:5} {sum(c.values()):4} {p:9.2f} {r:7.2f} {c['fp'] + c['fn']:6}")
        total.update(c)
    p, r = prf(total["tp"], total["fp"], total["fn"])
    print(f"{'all':5} {sum(total.values()):4} {p:9.2f} {r:7.2f} {total['fp'] + total['fn']:6}")
    if not categories:
        return
    print("category recall (expected categories found)")
    for cat, pc in sorted(per_category.items()):
        if pc["tp"] + pc["fn"]:
            print(f"  {cat:34} {pc['tp'] / (pc['tp'] + pc['fn']):.2f} of {pc['tp'] + pc['fn']}")


if __name__ == "__main__":
    main()
