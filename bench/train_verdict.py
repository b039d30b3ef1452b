"""Train the `is_conflict` model (tasks/conflict_model.json) on the labelled development corpus, and print
cross-validated figures: precision, recall and false-positive rate, overall and by language.

    python bench/train_verdict.py             # cross-validate, then write the model
    python bench/train_verdict.py --cv-only   # cross-validate only
    python bench/train_verdict.py --misses    # ... and list the pages the cross-validation got wrong

Needs scikit-learn (`pip install -e '.[train]'`); the runtime reads only the JSON it writes.

The model blends two logistic regressions (tasks/conflict.py): one over the lexicon features, one over
TF-IDF of character n-grams of the title and lead. Folds are grouped by source document, so the
translations of one news story are never split between training and testing (otherwise a story's French
version would teach the model its German one). Each fold's blend of the two models (one of `BLENDS`) and
threshold are chosen on its own training part (an inner cross-validation), so the printed figures are what
the model does on stories it has not seen. The written model takes the blend most often chosen over the
repetitions on all pages, and the median of the thresholds chosen with it.
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
from scipy.sparse import csr_matrix
from sklearn.feature_extraction import DictVectorizer
from sklearn.feature_extraction.text import TfidfTransformer
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
BLENDS = (0.4, 0.5, 0.6)  # the lexicon model's share of the log-odds: candidates, chosen on out-of-fold pages
THRESHOLD_SMOOTHING = 3  # the threshold is chosen on F1 averaged over this many 0.01 steps either side
MIN_OFFSET_PAGES = 20  # a language's own n-gram offset needs this many non-conflict training pages
FOLDS, REPEATS = 5, 5


@dataclass
class Data:
    X: np.ndarray  # lexicon features
    grams: csr_matrix  # n-gram counts: a row per page, a column per n-gram of `vocabulary`
    vocabulary: list[str]  # every n-gram of the corpus, sorted
    y: np.ndarray
    groups: np.ndarray
    pages: list[dict]
    languages: list[str]  # what the runtime tells the verdict of a page's language (Evidence.language)


@dataclass
class Fitted:
    scaler: StandardScaler
    lexicon: LogisticRegression
    columns: np.ndarray  # the n-grams kept (indices into Data.vocabulary)
    tfidf: TfidfTransformer
    ngram: LogisticRegression
    offsets: dict[str, float]  # per language: the n-gram log-odds of its typical non-conflict page
    default_offset: float  # ... of any language's

    def ngram_logit(self, data: Data, rows: np.ndarray) -> np.ndarray:
        return self.ngram.decision_function(self.tfidf.transform(data.grams[rows][:, self.columns]))

    def logits(self, data: Data, rows: np.ndarray) -> np.ndarray:
        """A row per page: the lexicon model's log-odds, and the n-gram model's from its language's offset."""
        z_lex = self.lexicon.decision_function(self.scaler.transform(data.X[rows]))
        offsets = np.array([self.offsets.get(data.languages[i], self.default_offset) for i in rows])
        return np.column_stack([z_lex, self.ngram_logit(data, rows) - offsets])


def blended(logits: np.ndarray, blend: float) -> np.ndarray:
    """The probability of the blend: `blend` of the lexicon model's log-odds, the rest the n-gram model's."""
    return sigmoid(blend * logits[:, 0] + (1 - blend) * logits[:, 1])


def dataset() -> Data:
    pages = [p for p in conflict_corpus.load() if p["label"] != "related" and p["text"]]
    found = [
        evidence(p["title"], p["text"], p["language"], language_sure=p["language_sure"], words=p["words"])
        for p in pages
    ]
    X = np.array([f.features for f in found])
    counts = DictVectorizer(sort=True)
    grams = counts.fit_transform([ngrams(p["title"], p["text"]) for p in pages]).tocsr()
    y = np.array([p["label"] == "conflict" for p in pages], dtype=int)
    groups = np.array([p["document"] or p["id"] for p in pages])
    return Data(
        X,
        grams,
        list(counts.feature_names_),
        y,
        groups,
        pages,
        [f.language or "" for f in found],
    )


def keep_columns(counts: csr_matrix) -> np.ndarray:
    """The n-grams in at least NGRAM_MIN_DF pages, the NGRAM_MAX most frequent of them (as
    TfidfVectorizer's min_df and max_features choose them, on a matrix counted once for all folds)."""
    pages_with = np.asarray((counts > 0).sum(axis=0)).ravel()
    occurrences = np.asarray(counts.sum(axis=0)).ravel()
    frequent = np.flatnonzero(pages_with >= NGRAM_MIN_DF)
    return np.sort(frequent[(-occurrences[frequent]).argsort()[:NGRAM_MAX]])


def fit(data: Data, rows: np.ndarray) -> Fitted:
    y = data.y[rows]
    scaler = StandardScaler().fit(data.X[rows])
    lexicon = LogisticRegression(C=LEXICON_C, class_weight="balanced", max_iter=3000).fit(
        scaler.transform(data.X[rows]), y
    )
    counts = data.grams[rows]
    columns = keep_columns(counts)
    tfidf = TfidfTransformer(sublinear_tf=True).fit(counts[:, columns])
    ngram = LogisticRegression(C=NGRAM_C, class_weight="balanced", max_iter=3000).fit(
        tfidf.transform(counts[:, columns]), y
    )
    fitted = Fitted(scaler, lexicon, columns, tfidf, ngram, {}, 0.0)
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
    """The two log-odds (`Fitted.logits`) of `rows`, each from a model that did not see its source document."""
    logits = np.zeros((len(rows), 2))
    split = StratifiedGroupKFold(FOLDS, shuffle=True, random_state=seed)
    for train, test in split.split(rows, data.y[rows], data.groups[rows]):
        logits[test] = fit(data, rows[train]).logits(data, rows[test])
    return logits


def best_threshold(prob: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """(F1, threshold): the threshold whose neighbourhood (THRESHOLD_SMOOTHING steps either side) has the
    best mean F1, a choice that varies less between folds than the single best F1 (ties: the higher
    threshold, fewer false positives)."""
    thresholds = np.arange(0.20, 0.995, 0.01)
    f1 = np.zeros(len(thresholds))
    for k, t in enumerate(thresholds):
        said = prob >= t
        tp, fp, fn = int((said & (y == 1)).sum()), int((said & (y == 0)).sum()), int((~said & (y == 1)).sum())
        f1[k] = 2 * tp / max(2 * tp + fp + fn, 1)
    width = 2 * THRESHOLD_SMOOTHING + 1
    smoothed = np.convolve(f1, np.ones(width) / width, mode="same")
    k = len(smoothed) - 1 - int(np.argmax(smoothed[::-1]))
    return float(smoothed[k]), round(float(thresholds[k]), 2)


def best_blend(logits: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """(blend, threshold) with the best F1 on out-of-fold log-odds; ties go to the blend listed first."""
    scored = [(best_threshold(blended(logits, b), y), b) for b in BLENDS]
    (_, threshold), blend = max(scored, key=lambda s: s[0][0])
    return blend, threshold


def nested_cv(data: Data, seed: int) -> np.ndarray:
    """Out-of-fold verdicts, each fold's blend and threshold chosen inside its training part."""
    said = np.zeros(len(data.y), dtype=bool)
    everything = np.arange(len(data.y))
    for train, test in StratifiedGroupKFold(FOLDS, shuffle=True, random_state=seed).split(
        everything, data.y, data.groups
    ):
        blend, threshold = best_blend(out_of_fold(data, train, seed), data.y[train])
        said[test] = blended(fit(data, train).logits(data, test), blend) >= threshold
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
    choices = [best_blend(out_of_fold(data, everything, s), y) for s in range(args.repeats)]
    blend = Counter(b for b, _ in choices).most_common(1)[0][0]
    threshold = float(np.median([t for b, t in choices if b == blend]))
    final = fit(data, everything)
    with redirect_stdout(io.StringIO()):
        fitted = report(blended(final.logits(data, everything), blend) >= threshold, data, "")
    print(f"fitted on all pages (a training figure, not a test): {fitted}; blend {blend}, threshold {threshold}")
    write_model(
        final,
        data.vocabulary,
        blend,
        threshold,
        mean,
        f"{args.repeats}x{FOLDS}-fold grouped by source document, nested blend and threshold",
        len(y),
        int(y.sum()),
    )


def write_model(
    final: Fitted,
    vocabulary: list[str],
    blend: float,
    threshold: float,
    cross_validated: dict,
    how: str,
    pages: int,
    conflict: int,
) -> None:
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
    idf, ngram_coef = final.tfidf.idf_, final.ngram.coef_[0]
    terms = {
        vocabulary[column]: [round(float(idf[j]), 5), round(float(ngram_coef[j]), 5)]
        for j, column in enumerate(final.columns)
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
                "blend": blend,
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
