"""The `is_conflict` verdict: is the article mainly about organised political violence?

Lexicon matches are the evidence; the verdict weighs *where* they are and *what surrounds them*:
conflict terms in the title and the lead count apart from those in the tail, an organised armed actor
(army, troops, rebels, militants, security forces) in the same sentence as a violent act counts apart
from either alone, and each class of counter-evidence (crime and courts, history and biography,
diplomacy and politics, defence policy, old ordnance and hoaxes, disasters, sport, business,
entertainment) has its own weight. A logistic regression over these features gives one log-odds.

A second logistic regression reads the words themselves: TF-IDF of the character n-grams (2 to 5
characters, within words) of the title and the text's first `LEAD_CHARS` characters, and of the title
apart, which catches how each language's press writes about war beyond the lexicons' terms, and what
it writes about instead.
The n-gram model also learns which language a page is in, so its log-odds are measured from those of
the language's typical non-conflict page (an offset per language, learnt with it). The two log-odds are
blended; `is_conflict` is the blend's probability at or above the threshold.
Measured on real news, each alone is wrong far more often than the blend (bench/train_verdict.py).

The weights are data (`conflict_model.json`, written by `bench/train_verdict.py` from the labelled
development corpus, with cross-validated figures recorded in it); `FEATURES` names the lexicon model's
inputs in order. Documented in the README ("Tagging").
"""

from __future__ import annotations

import json
import math
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from tasks.lexicon import ACTOR, CONTEXT, CONTEXT_GROUPS, Entry, matching_form

MODEL_PATH = Path(__file__).parent / "conflict_model.json"

# Categories that are organised political violence by themselves. The others (protest, displacement,
# ceasefire talks, exercises and deployments, arms and sanctions) support a conflict reading but do not
# make one alone: a peaceful march or an arms deal is not a war.
CORE_CATEGORIES = frozenset(
    {
        "armed_clash",
        "air_or_missile_strike",
        "shelling_or_artillery",
        "bombing_or_explosion",
        "terrorism",
        "military_operation",
        "riot_or_violent_unrest",
        "repression_or_crackdown",
        "coup_or_martial_law",
        "killing_or_casualties",
        "hostage_or_abduction",
    }
)
# The toll of violence (deaths, kidnappings) also follows disease, accidents and crime.
TOLL_CATEGORIES = frozenset({"killing_or_casualties", "hostage_or_abduction"})
# talks about an ongoing war are conflict news; talks in general are diplomacy
PEACE_CATEGORY = "ceasefire_or_peace_process"
HITS_CAP = 3  # a term counts at most three times: repetition is not extra evidence
TITLE_FACTOR = 2.0  # a term in the title counts this many times its weight, on top of the body
MIN_WORDS = 50  # densities count a shorter text as this long (a brief is not a 5-word article)
LEAD_SENTENCES = 3  # the lead: the text's first sentences, where news states what happened
LEAD_CHARS = 400  # the n-gram model reads the title and this much of the text
NGRAM_SIZES = range(2, 6)

# sentence ends: . ! ? followed by a space, and the full stops of CJK, Arabic, Urdu and Devanagari
_SENTENCE_END = re.compile(r"[.!?](?=\s)|[。！？؟۔।\n]")

FEATURES = (
    "title_violence",  # weight of core-category terms in the title
    "lead_violence",  # ... in the lead
    "violence_density",  # ... in the whole text, per 100 words
    "title_support",  # protest, displacement, exercises, arms: title
    "lead_support",  # ... lead
    "title_peace",  # ceasefire and peace talks: title
    "lead_peace",  # ... lead
    "violent_categories",  # distinct core categories (not tolls) with a term of weight >= 2
    "toll_only",  # 1 when the only core categories are deaths and kidnappings
    "actor_violence_title",  # an armed actor and a strong violent term in the title
    "actor_violence_lead",  # lead sentences with an armed actor and a strong violent term
    "actor_violence_share",  # share of all sentences with both
    *(f"context_{group}" for group in CONTEXT_GROUPS),  # each counter-evidence class: title and lead
    "context_tail",  # all counter-evidence in the rest, per 100 words
    "log_words",
)


@dataclass(frozen=True)
class Match:
    """One lexicon match: what it means and where it is (title, or the text's sentence number)."""

    entry: Entry
    in_title: bool
    sentence: int  # sentence number in the text; -1 in the title


def locate(title_matches: Iterable[Entry], text_matches: Iterable[tuple[int, Entry]], text: str) -> list[Match]:
    """Matches with their places: `text_matches` are (offset in `text`, entry)."""
    ends = [m.end() for m in _SENTENCE_END.finditer(text)]
    found = [Match(entry, True, -1) for entry in title_matches]
    found += [Match(entry, False, bisect_right(ends, offset)) for offset, entry in text_matches]
    return found


def sentences_in(text: str) -> int:
    return len(_SENTENCE_END.findall(text.rstrip())) + 1


def features(matches: list[Match], sentences: int, words: int) -> list[float]:
    """The verdict's inputs, in `FEATURES` order (see there)."""
    per100 = 100.0 / max(words, MIN_WORDS)
    hits: dict[tuple[Entry, str], int] = {}
    for m in matches:
        where = "title" if m.in_title else "lead" if m.sentence < LEAD_SENTENCES else "tail"
        hits[(m.entry, where)] = hits.get((m.entry, where), 0) + 1
    sums: dict[str, float] = {}
    violent: set[str] = set()
    tolls: set[str] = set()
    for (entry, where), n in hits.items():
        evidence = entry.weight * min(n, 1 if where == "title" else HITS_CAP)
        if entry.kind == CONTEXT:
            key = f"context_{entry.group}" if where != "tail" else "context_tail"
        elif entry.kind == ACTOR:
            continue
        elif entry.group in CORE_CATEGORIES:
            key = f"{where}_violence"
            (tolls if entry.group in TOLL_CATEGORIES else violent).add(entry.group)
        elif entry.group == PEACE_CATEGORY:
            key = f"{where}_peace"
        else:
            key = f"{where}_support"
        sums[key] = sums.get(key, 0.0) + evidence
    sums["violence_density"] = sums.get("lead_violence", 0.0) + sums.get("tail_violence", 0.0)
    for key in ("context_tail", "violence_density"):
        sums[key] = sums.get(key, 0.0) * per100
    strong_violence = {g for (e, _), _n in hits.items() if e.weight >= 2 and (g := e.group) in violent}
    title_pair, lead_pairs, all_pairs = _actor_violence(matches)
    values = {key: math.log1p(value) for key, value in sums.items()}
    values.update(
        violent_categories=float(len(strong_violence)),
        toll_only=float(bool(tolls) and not violent),
        actor_violence_title=float(title_pair),
        actor_violence_lead=float(min(lead_pairs, HITS_CAP)),
        actor_violence_share=all_pairs / max(sentences, 1),
        log_words=math.log10(max(words, 10)),
    )
    return [values.get(name, 0.0) for name in FEATURES]


def _actor_violence(matches: list[Match]) -> tuple[bool, int, int]:
    """(title has both, lead sentences with both, sentences with both): an armed actor and a strong
    (weight >= 2) core-category term in the same sentence."""
    actors: set[int] = set()
    violence: set[int] = set()
    for m in matches:
        if m.entry.kind == ACTOR:
            actors.add(m.sentence)
        elif m.entry.kind != CONTEXT and m.entry.group in CORE_CATEGORIES and m.entry.weight >= 2:
            violence.add(m.sentence)
    both = actors & violence
    return -1 in both, sum(1 for s in both if 0 <= s < LEAD_SENTENCES), sum(1 for s in both if s >= 0)


def ngrams(title: str | None, text: str) -> Counter[str]:
    """Character n-grams (NGRAM_SIZES) of each word, padded with a space on both sides, of the title and
    the text's first LEAD_CHARS characters, in the lexicons' matching form (case-folded); and the
    title's again, marked with "^"."""
    padded = [f" {word} " for word in matching_form(f"{title or ''}\n{text[:LEAD_CHARS]}").split()]
    # one list, counted in C: a third of the time of updating a Counter word by word
    grams = [word[i : i + n] for word in padded for n in NGRAM_SIZES for i in range(len(word) - n + 1)]
    # the title's n-grams once more, marked: what the headline says weighs apart from the lead
    heads = [f" {word} " for word in matching_form(title or "").split()]
    grams += ["^" + word[i : i + n] for word in heads for n in NGRAM_SIZES for i in range(len(word) - n + 1)]
    return Counter(grams)


@dataclass(frozen=True)
class Model:
    """The lexicon model (weights on the raw `FEATURES`, scaling folded in), the n-gram model (per n-gram
    its inverse document frequency and weight), and how their log-odds are blended."""

    weights: tuple[float, ...]
    intercept: float
    ngram_terms: dict[str, tuple[float, float]]
    ngram_intercept: float
    language_offsets: dict[str, float]
    default_offset: float
    blend: float  # the lexicon model's share of the log-odds; the n-gram model has the rest
    threshold: float  # is_conflict when the probability is at least this

    def lexicon_logit(self, values: list[float]) -> float:
        return self.intercept + sum(w * v for w, v in zip(self.weights, values, strict=True))

    def ngram_logit(self, counts: Counter[str]) -> float:
        """TF-IDF (sublinear tf, l2-normalised over the known n-grams) dotted with the weights."""
        dot = norm = 0.0
        known_gram = self.ngram_terms.get
        for gram, n in counts.items():
            known = known_gram(gram)
            if known:
                value = known[0] if n == 1 else (1.0 + math.log(n)) * known[0]
                dot += value * known[1]
                norm += value * value
        return self.ngram_intercept + (dot / math.sqrt(norm) if norm else 0.0)

    def probability(self, values: list[float], counts: Counter[str], language: str | None) -> float:
        offset = self.language_offsets.get(language or "", self.default_offset)
        z = self.blend * self.lexicon_logit(values) + (1.0 - self.blend) * (self.ngram_logit(counts) - offset)
        return 1.0 / (1.0 + math.exp(-max(min(z, 40.0), -40.0)))


@cache
def model() -> Model:
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    if tuple(data["features"]) != FEATURES:
        raise ValueError(f"{MODEL_PATH.name} was trained on other features: retrain with bench/train_verdict.py")
    ngram = data["ngram_model"]
    return Model(
        tuple(float(data["weights"][name]) for name in FEATURES),
        float(data["intercept"]),
        {gram: (idf, weight) for gram, (idf, weight) in ngram["terms"].items()},
        float(ngram["intercept"]),
        dict(ngram["language_offsets"]),
        float(ngram["default_offset"]),
        float(data["blend"]),
        float(data["threshold"]),
    )


def decide(values: list[float], counts: Counter[str], language: str | None) -> tuple[bool, float]:
    """(is_conflict, probability) of an article in `language` (ISO 639-1; None when unknown)."""
    p = model().probability(values, counts, language)
    return p >= model().threshold, p
