"""Precision and recall of the tagger's is_conflict: on the snippets in tests/data/tagging/ (per language
and category), on long-form articles in bench/data/longform/ when present, and on the 181 real English
pages of the development corpus labelled in bench/data/dev_conflict_labels.json (when the corpus is
at ../shared/corpus/extraction-benchmark).  Usage: python bench/tagging_eval.py [--misses]"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import yaml

from tasks.tagging import tag_article

ROOT = Path(__file__).resolve().parent.parent
EVAL_DIR = ROOT / "tests/data/tagging"
LONGFORM_DIR = ROOT / "bench/data/longform"
DEV_CORPUS = ROOT.parent / "shared/corpus/extraction-benchmark/ground-truth.json"
DEV_LABELS = ROOT / "bench/data/dev_conflict_labels.json"


def prf(tp: int, fp: int, fn: int) -> tuple[float, float]:
    return (tp / (tp + fp) if tp + fp else 1.0), (tp / (tp + fn) if tp + fn else 1.0)


def main() -> None:
    show_misses = "--misses" in sys.argv
    print("snippets (tests/data/tagging)")
    evaluate_sets(sorted(EVAL_DIR.glob("*.yaml")), show_misses, categories=True)
    if LONGFORM_DIR.is_dir():
        print("\nlong-form articles (bench/data/longform)")
        evaluate_sets(sorted(LONGFORM_DIR.glob("*.yaml")), show_misses, categories=False)
    if DEV_CORPUS.exists() and DEV_LABELS.exists():
        evaluate_dev(show_misses)


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
    print(f"\ndevelopment corpus, real English pages: n {sum(c.values())}, {c['tp'] + c['fn']} conflict; "
          f"precision {p:.2f} recall {r:.2f} (tp {c['tp']} fp {c['fp']} fn {c['fn']})")


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
