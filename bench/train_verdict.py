"""Train the `is_conflict` model (tasks/conflict_model.json) on the labelled development corpus, and print
cross-validated figures: precision, recall and false-positive rate, overall and by language.

    python bench/train_verdict.py             # cross-validate, then write the model
    python bench/train_verdict.py --cv-only   # cross-validate only
    python bench/train_verdict.py --misses    # ... and list the pages the cross-validation got wrong

Needs scikit-learn (`pip install -e '.[train]'`); the runtime reads only the JSON it writes.

The model blends two logistic regressions (tasks/conflict.py): one over the lexicon features, one over
TF-IDF of character n-grams of the title and lead. Folds are grouped by source document, so the
translations of one news story are never split between training and testing (otherwise a story's French
version would teach the model its German one). Each fold's threshold is chosen on its own training part
(an inner cross-validation), so the printed figures are what the model does on stories it has not seen.
Pages labelled `related` are left out.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
from collections import Counter, defaultdict
from contextlib import redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedGroupKFold
from sklearn.preprocessing import StandardScaler

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import conflict_corpus  # noqa: E402
from tasks.conflict import FEATURES, LEAD_CHARS, MODEL_PATH, NGRAM_SIZES, ngrams  # noqa: E402
from tasks.tagging import evidence  # noqa: E402

LEXICON_C = 0.1  # inverse L2 strength of the lexicon model: few pages, correlated features
NGRAM_C = 10.0  # ... of the n-gram model (TF-IDF rows are l2-normalised: small values)
NGRAM_MIN_DF = 3  # an n-gram must occur in this many training pages
NGRAM_MAX = 60_000  # the most frequent n-grams kept (the model file stays about 2 MB)
BLEND = 0.5  # the lexicon model's share of the log-odds
MIN_OFFSET_PAGES = 20  # a language's own n-gram offset needs this many non-conflict training pages
FOLDS, REPEATS = 5, 5


@dataclass
class Data:
    X: np.ndarray  # lexicon features
    grams: list[Counter[str]]  # n-gram counts
    y: np.ndarray
    groups: np.ndarray
    pages: list[dict]
    languages: list[str]  # as detected: what the runtime knows of a page's language


@dataclass
class Fitted:
    scaler: StandardScaler
    lexicon: LogisticRegression
    vectorizer: TfidfVectorizer
    ngram: LogisticRegression
    offsets: dict[str, float]  # per language: the n-gram log-odds of its typical non-conflict page
    default_offset: float  # ... of any language's

    def ngram_logit(self, data: Data, rows: np.ndarray) -> np.ndarray:
        return self.ngram.decision_function(self.vectorizer.transform([data.grams[i] for i in rows]))

    def logit(self, data: Data, rows: np.ndarray) -> np.ndarray:
        z_lex = self.lexicon.decision_function(self.scaler.transform(data.X[rows]))
        offsets = np.array([self.offsets.get(data.languages[i], self.default_offset) for i in rows])
        return BLEND * z_lex + (1 - BLEND) * (self.ngram_logit(data, rows) - offsets)


def dataset() -> Data:
    pages = [p for p in conflict_corpus.load() if p["label"] != "related" and p["text"]]
    X = np.array(
        [
            evidence(p["title"], p["text"], p["language"], language_sure=p["language_sure"], words=p["words"]).features
            for p in pages
        ]
    )
    grams = [ngrams(p["title"], p["text"]) for p in pages]
    y = np.array([p["label"] == "conflict" for p in pages], dtype=int)
    groups = np.array([p["document"] or p["id"] for p in pages])
    return Data(X, grams, y, groups, pages, [(p["language"] or "") if p["language_sure"] else "" for p in pages])


def expand(counts: Counter[str]) -> list[str]:
    return list(counts.elements())


def fit(data: Data, rows: np.ndarray) -> Fitted:
    y = data.y[rows]
    scaler = StandardScaler().fit(data.X[rows])
    lexicon = LogisticRegression(C=LEXICON_C, class_weight="balanced", max_iter=3000).fit(
        scaler.transform(data.X[rows]), y
    )
    vectorizer = TfidfVectorizer(analyzer=expand, sublinear_tf=True, min_df=NGRAM_MIN_DF, max_features=NGRAM_MAX)
    matrix = vectorizer.fit_transform([data.grams[i] for i in rows])
    ngram = LogisticRegression(C=NGRAM_C, class_weight="balanced", max_iter=3000).fit(matrix, y)
    fitted = Fitted(scaler, lexicon, vectorizer, ngram, {}, 0.0)
    # The n-gram model also learns which language a page is in, and a language with few conflict pages
    # in training would read as "not conflict" whatever it says: each language's n-gram log-odds are
    # measured from those of its typical (median) non-conflict page.
    negatives = rows[y == 0]
    z = fitted.ngram_logit(data, negatives)
    by_language: dict[str, list[float]] = defaultdict(list)
    for row, value in zip(negatives, z, strict=True):
        by_language[data.languages[row]].append(float(value))
    fitted.offsets = {lang: float(np.median(v)) for lang, v in by_language.items() if len(v) >= MIN_OFFSET_PAGES}
    fitted.default_offset = float(np.median(z))
    return fitted


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-z))


def out_of_fold(data: Data, rows: np.ndarray, seed: int) -> np.ndarray:
    """Probabilities for `rows`, each from a model that did not see its source document."""
    prob = np.zeros(len(rows))
    split = StratifiedGroupKFold(FOLDS, shuffle=True, random_state=seed)
    for train, test in split.split(rows, data.y[rows], data.groups[rows]):
        prob[test] = sigmoid(fit(data, rows[train]).logit(data, rows[test]))
    return prob


def best_threshold(prob: np.ndarray, y: np.ndarray) -> float:
    """The threshold with the best F1 (ties: the higher, fewer false positives)."""
    best, chosen = -1.0, 0.5
    for t in np.arange(0.20, 0.995, 0.01):
        said = prob >= t
        tp, fp, fn = int((said & (y == 1)).sum()), int((said & (y == 0)).sum()), int((~said & (y == 1)).sum())
        f1 = 2 * tp / max(2 * tp + fp + fn, 1)
        if f1 >= best:
            best, chosen = f1, float(t)
    return round(chosen, 2)


def nested_cv(data: Data, seed: int) -> np.ndarray:
    """Out-of-fold verdicts, each fold's threshold chosen inside its training part."""
    said = np.zeros(len(data.y), dtype=bool)
    everything = np.arange(len(data.y))
    for train, test in StratifiedGroupKFold(FOLDS, shuffle=True, random_state=seed).split(
        everything, data.y, data.groups
    ):
        threshold = best_threshold(out_of_fold(data, train, seed), data.y[train])
        said[test] = sigmoid(fit(data, train).logit(data, test)) >= threshold
    return said


def report(said: np.ndarray, data: Data, title: str) -> dict:
    cells: Counter[str] = Counter()
    by_lang: dict[str, Counter[str]] = defaultdict(Counter)
    for s, t, p in zip(said, data.y, data.pages, strict=True):
        cell = "tp" if t and s else "fp" if s else "fn" if t else "tn"
        cells[cell] += 1
        by_lang[p["lang"]][cell] += 1
    precision = cells["tp"] / max(cells["tp"] + cells["fp"], 1)
    recall = cells["tp"] / max(cells["tp"] + cells["fn"], 1)
    fpr = {k: round(v["fp"] / max(v["fp"] + v["tn"], 1), 3) for k, v in sorted(by_lang.items())}
    print(
        f"{title}: P {precision:.3f} R {recall:.3f} (tp {cells['tp']} fp {cells['fp']} fn {cells['fn']}); "
        f"worst false-positive rate {max(fpr.values()):.3f}"
    )
    print("  false-positive rate by language: " + " ".join(f"{k} {v:.3f}" for k, v in fpr.items()))
    return {"precision": round(precision, 3), "recall": round(recall, 3), "worst_fpr": max(fpr.values())}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cv-only", action="store_true", help="cross-validate, do not write the model")
    parser.add_argument("--misses", action="store_true", help="print the pages the cross-validation got wrong")
    parser.add_argument("--repeats", type=int, default=REPEATS, help="repetitions of the cross-validation")
    args = parser.parse_args()
    data = dataset()
    y = data.y
    print(
        f"{len(y)} pages ({int(y.sum())} conflict) in {len({p['lang'] for p in data.pages})} languages, "
        f"{len(set(data.groups))} source documents; {len(FEATURES)} lexicon features"
    )
    runs, wrong = [], Counter()
    for seed in range(args.repeats):
        said = nested_cv(data, seed)
        runs.append(report(said, data, f"cross-validation {seed + 1}/{args.repeats}"))
        for i in np.flatnonzero(said != (y == 1)):
            wrong[i] += 1
    mean = {k: round(float(np.mean([r[k] for r in runs])), 3) for k in runs[0]}
    print(f"mean over {args.repeats} repetitions of {FOLDS}-fold grouped cross-validation: {mean}")
    if args.misses:
        for i, n in sorted(wrong.items(), key=lambda kv: (data.pages[kv[0]]["lang"], kv[0])):
            p = data.pages[i]
            print(
                f"  {'fn' if y[i] else 'fp'} {n}/{args.repeats} {p['id']} [{p['lang']}] "
                f"{p['title'][:60]!r}: {p['why'][:80]}"
            )
    if args.cv_only:
        return
    everything = np.arange(len(y))
    threshold = float(np.median([best_threshold(out_of_fold(data, everything, s), y) for s in range(args.repeats)]))
    final = fit(data, everything)
    with redirect_stdout(io.StringIO()):
        fitted = report(sigmoid(final.logit(data, everything)) >= threshold, data, "")
    print(f"fitted on all pages (a training figure, not a test): {fitted}; threshold {threshold}")
    write_model(
        final,
        threshold,
        mean,
        f"{args.repeats}x{FOLDS}-fold grouped by source document, nested threshold",
        len(y),
        int(y.sum()),
    )


def write_model(final: Fitted, threshold: float, cross_validated: dict, how: str, pages: int, conflict: int) -> None:
    scale = final.scaler.scale_
    coef = final.lexicon.coef_[0]
    weights = coef / scale
    intercept = float(final.lexicon.intercept_[0] - np.sum(coef * final.scaler.mean_ / scale))
    print(
        "lexicon weights (per standard deviation): "
        + ", ".join(
            f"{name} {w:+.2f}" for name, w in sorted(zip(FEATURES, coef, strict=True), key=lambda kv: -abs(kv[1]))
        )
    )
    idf, ngram_coef = final.vectorizer.idf_, final.ngram.coef_[0]
    terms = {
        gram: [round(float(idf[j]), 5), round(float(ngram_coef[j]), 5)]
        for gram, j in sorted(final.vectorizer.vocabulary_.items())
    }
    model_json = (
        json.dumps(
            {
                "about": "is_conflict: a blend of two logistic regressions (tasks/conflict.py), written by "
                "bench/train_verdict.py. weights apply to the raw lexicon features (standardisation folded "
                "in); ngram_model.terms maps each character n-gram to [idf, weight].",
                "features": list(FEATURES),
                "weights": {name: round(float(w), 6) for name, w in zip(FEATURES, weights, strict=True)},
                "intercept": round(intercept, 6),
                "blend": BLEND,
                "threshold": threshold,
                "training": {
                    "pages": pages,
                    "conflict": conflict,
                    "lexicon_C": LEXICON_C,
                    "ngram_C": NGRAM_C,
                    "ngram_min_df": NGRAM_MIN_DF,
                    "lead_chars": LEAD_CHARS,
                    "ngram_sizes": [min(NGRAM_SIZES), max(NGRAM_SIZES)],
                    "cross_validation": how,
                    "cross_validated": cross_validated,
                },
                "ngram_model": {
                    "intercept": round(float(final.ngram.intercept_[0]), 6),
                    "language_offsets": {k: round(v, 6) for k, v in sorted(final.offsets.items())},
                    "default_offset": round(final.default_offset, 6),
                    "terms": terms,
                },
            },
            ensure_ascii=False,
            separators=(",", ":"),
        )
        + "\n"
    )
    # written beside, then swapped in: a worker or retag starting meanwhile reads the old file or the new one
    partial = MODEL_PATH.with_suffix(".json.partial")
    partial.write_text(model_json, encoding="utf-8")
    os.replace(partial, MODEL_PATH)
    print(f"wrote {MODEL_PATH} ({MODEL_PATH.stat().st_size / 1e6:.1f} MB, {len(terms)} n-grams)")


if __name__ == "__main__":
    main()
