"""Precision and recall of the tagger on the evaluation snippets in tests/data/tagging/, per language
(is_conflict) and per category.  Usage: python bench/tagging_eval.py [--misses]"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import yaml

from tasks.tagging import tag_article

EVAL_DIR = Path(__file__).resolve().parent.parent / "tests/data/tagging"


def prf(tp: int, fp: int, fn: int) -> tuple[float, float]:
    return (tp / (tp + fp) if tp + fp else 1.0), (tp / (tp + fn) if tp + fn else 1.0)


def main() -> None:
    show_misses = "--misses" in sys.argv
    total: Counter[str] = Counter()
    per_category: dict[str, Counter[str]] = {}
    print(f"{'lang':5} {'n':>4} {'precision':>9} {'recall':>7} {'errors':>6}")
    for path in sorted(EVAL_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text())
        c: Counter[str] = Counter()
        for s in data["snippets"]:
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
    print("\ncategory recall (expected categories found)")
    for cat, pc in sorted(per_category.items()):
        if pc["tp"] + pc["fn"]:
            print(f"  {cat:34} {pc['tp'] / (pc['tp'] + pc['fn']):.2f} of {pc['tp'] + pc['fn']}")


if __name__ == "__main__":
    main()
