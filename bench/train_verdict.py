"""Train the `is_conflict` model (tasks/conflict_model.json) on the labelled development corpus, and print
cross-validated figures: precision, recall and false-positive rate, overall and by language.

    python bench/train_verdict.py            # cross-validate, then write the model
    python bench/train_verdict.py --cv-only  # cross-validate only

Needs scikit-learn (`pip install -e '.[train]'`); the runtime reads only the JSON it writes.

Folds are grouped by source document, so the translations of one news story are never split between
training and testing (otherwise a story's French version would teach the model its German one). Each
fold's threshold is chosen on its own training part (an inner cross-validation), so the printed figures
are what the model does on stories it has not seen. Pages labelled `related` are left out.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedGroupKFold
from sklearn.preprocessing import StandardScaler

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import conflict_corpus  # noqa: E402
from tasks.conflict import FEATURES, MODEL_PATH  # noqa: E402
from tasks.tagging import evidence  # noqa: E402

C = 0.3             # inverse L2 strength: small data, correlated features
FOLDS, REPEATS = 5, 5


def dataset() -> tuple[np.ndarray, np.ndarray, np.ndarray, list[dict]]:
    pages = [p for p in conflict_corpus.load() if p["label"] != "related" and p["text"]]
    X = np.array([evidence(p["title"], p["text"], p["language"], language_sure=p["language_sure"],
                           words=p["words"]).features for p in pages])
    y = np.array([p["label"] == "conflict" for p in pages], dtype=int)
    groups = np.array([p["document"] or p["id"] for p in pages])
    return X, y, groups, pages


def fit(X: np.ndarray, y: np.ndarray) -> tuple[StandardScaler, LogisticRegression]:
    scaler = StandardScaler().fit(X)
    model = LogisticRegression(C=C, class_weight="balanced", max_iter=2000).fit(scaler.transform(X), y)
    return scaler, model


def out_of_fold(X: np.ndarray, y: np.ndarray, groups: np.ndarray, seed: int) -> np.ndarray:
    prob = np.zeros(len(y))
    for train, test in StratifiedGroupKFold(FOLDS, shuffle=True, random_state=seed).split(X, y, groups):
        scaler, model = fit(X[train], y[train])
        prob[test] = model.predict_proba(scaler.transform(X[test]))[:, 1]
    return prob


def best_threshold(prob: np.ndarray, y: np.ndarray) -> float:
    """The threshold with the best F1 (ties: the higher, fewer false positives)."""
    best, chosen = -1.0, 0.5
    for t in np.arange(0.30, 0.995, 0.01):
        said = prob >= t
        tp, fp, fn = int((said & (y == 1)).sum()), int((said & (y == 0)).sum()), int((~said & (y == 1)).sum())
        f1 = 2 * tp / max(2 * tp + fp + fn, 1)
        if f1 >= best:
            best, chosen = f1, float(t)
    return round(chosen, 2)


def nested_cv(X: np.ndarray, y: np.ndarray, groups: np.ndarray, seed: int) -> np.ndarray:
    """Out-of-fold verdicts, each fold's threshold chosen inside its training part."""
    said = np.zeros(len(y), dtype=bool)
    for train, test in StratifiedGroupKFold(FOLDS, shuffle=True, random_state=seed).split(X, y, groups):
        inner = out_of_fold(X[train], y[train], groups[train], seed)
        threshold = best_threshold(inner, y[train])
        scaler, model = fit(X[train], y[train])
        said[test] = model.predict_proba(scaler.transform(X[test]))[:, 1] >= threshold
    return said


def report(said: np.ndarray, y: np.ndarray, pages: list[dict], title: str) -> dict:
    cells: Counter[str] = Counter()
    by_lang: dict[str, Counter[str]] = defaultdict(Counter)
    for s, t, p in zip(said, y, pages, strict=True):
        cell = "tp" if t and s else "fp" if s else "fn" if t else "tn"
        cells[cell] += 1
        by_lang[p["lang"]][cell] += 1
    precision = cells["tp"] / max(cells["tp"] + cells["fp"], 1)
    recall = cells["tp"] / max(cells["tp"] + cells["fn"], 1)
    fpr = {k: round(v["fp"] / max(v["fp"] + v["tn"], 1), 3) for k, v in sorted(by_lang.items())}
    print(f"{title}: P {precision:.3f} R {recall:.3f} (tp {cells['tp']} fp {cells['fp']} fn {cells['fn']}); "
          f"worst false-positive rate {max(fpr.values()):.3f}")
    print("  false-positive rate by language: " + " ".join(f"{k} {v:.3f}" for k, v in fpr.items()))
    return {"precision": round(precision, 3), "recall": round(recall, 3), "worst_fpr": max(fpr.values())}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cv-only", action="store_true", help="cross-validate, do not write the model")
    parser.add_argument("--misses", action="store_true", help="print the pages the cross-validation got wrong")
    args = parser.parse_args()
    X, y, groups, pages = dataset()
    print(f"{len(y)} pages ({int(y.sum())} conflict) in {len({p['lang'] for p in pages})} languages, "
          f"{len(set(groups))} source documents; {len(FEATURES)} features")
    runs, wrong = [], Counter()
    for seed in range(REPEATS):
        said = nested_cv(X, y, groups, seed)
        runs.append(report(said, y, pages, f"cross-validation {seed + 1}/{REPEATS}"))
        for i in np.flatnonzero(said != (y == 1)):
            wrong[i] += 1
    mean = {k: round(float(np.mean([r[k] for r in runs])), 3) for k in runs[0]}
    print(f"mean over {REPEATS} repetitions of {FOLDS}-fold grouped cross-validation: {mean}")
    if args.misses:
        for i, n in sorted(wrong.items(), key=lambda kv: (pages[kv[0]]["lang"], kv[0])):
            p = pages[i]
            print(f"  {'fn' if y[i] else 'fp'} {n}/{REPEATS} {p['id']} [{p['lang']}] {p['title'][:70]!r}: {p['why'][:90]}")
    threshold = float(np.median([best_threshold(out_of_fold(X, y, groups, s), y) for s in range(REPEATS)]))
    scaler, model = fit(X, y)
    weights = model.coef_[0] / scaler.scale_
    intercept = float(model.intercept_[0] - np.sum(model.coef_[0] * scaler.mean_ / scaler.scale_))
    report(model.predict_proba(scaler.transform(X))[:, 1] >= threshold, y, pages, "fitted on all (not a test)")
    print("weights (per standard deviation): " + ", ".join(
        f"{name} {w:+.2f}" for name, w in sorted(zip(FEATURES, model.coef_[0], strict=True), key=lambda kv: -abs(kv[1]))))
    if args.cv_only:
        return
    MODEL_PATH.write_text(json.dumps({
        "about": "Logistic regression for is_conflict over tasks/conflict.py FEATURES; written by "
                 "bench/train_verdict.py. weights apply to the raw features (standardisation folded in).",
        "features": list(FEATURES),
        "weights": {name: round(float(w), 6) for name, w in zip(FEATURES, weights, strict=True)},
        "intercept": round(intercept, 6),
        "threshold": threshold,
        "training": {"pages": int(len(y)), "conflict": int(y.sum()), "C": C,
                     "cross_validation": f"{REPEATS}x{FOLDS}-fold, grouped by source document, nested threshold",
                     "cross_validated": mean},
    }, indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {MODEL_PATH.relative_to(Path.cwd()) if MODEL_PATH.is_relative_to(Path.cwd()) else MODEL_PATH}")


if __name__ == "__main__":
    main()
