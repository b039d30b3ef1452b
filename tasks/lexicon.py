"""Conflict lexicons: versioned YAML data per language, compiled into Aho-Corasick automata.

A lexicon file `tasks/lexicon/<lang>.yaml` maps the fixed categories to {term: weight}, the context
groups (`CONTEXT_GROUPS`: what an article is about when it is not conflict) to {term: weight}, and lists
`actors` (organised armed actors: armies, troops, rebels, militants, armed groups, security forces).
Optional `prefixes`/`suffixes` are combined with every term (Arabic and Hebrew clitics). A term ending
in `*` matches any word starting with it. See README "Tagging".
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import ahocorasick
import yaml

# libyaml's safe loader when PyYAML was built with it: the 20 lexicons load in 0.26 s instead of 1.3 s,
# once per worker process
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

LEXICON_DIR = Path(__file__).parent / "lexicon"

CATEGORIES = (
    "armed_clash",
    "air_or_missile_strike",
    "shelling_or_artillery",
    "bombing_or_explosion",
    "terrorism",
    "military_operation",
    "protest",
    "riot_or_violent_unrest",
    "repression_or_crackdown",
    "coup_or_martial_law",
    "killing_or_casualties",
    "hostage_or_abduction",
    "displacement_or_refugees",
    "ceasefire_or_peace_process",
    "military_exercise_or_deployment",
    "arms_or_sanctions",
)
CONTEXT_GROUPS = (
    "sport",
    "metaphor_or_business",
    "disaster_or_accident",
    "crime",
    "entertainment",
    "courts_or_policing",
    "history_or_biography",
    "diplomacy_or_politics",
    "defence_policy",
    "ordnance_or_hoax",
)
# what an Entry is: a conflict category's term, a context group's term, or an armed actor
CATEGORY, CONTEXT, ACTOR = "category", "context", "actor"
# scripts written without spaces between words: terms match anywhere, not on word boundaries
UNSPACED_LANGUAGES = frozenset({"zh", "ja"})


@dataclass(frozen=True)
class Entry:
    """What a matched surface form means."""

    language: str
    group: str  # a category, a context group, or "actor"
    kind: str  # CATEGORY, CONTEXT or ACTOR
    term: str  # the term as written in the lexicon (what article_tags.term stores)
    weight: float
    prefix: bool  # matches the start of a longer word (`*` terms)
    unspaced: bool  # no word-boundary check (Chinese, Japanese)

    @property
    def negative(self) -> bool:
        """True for context (non-conflict) evidence."""
        return self.kind == CONTEXT


def normalise(text: str) -> str:
    """NFKC, then case folding."""
    return unicodedata.normalize("NFKC", text).casefold()


def matching_form(text: str) -> str:
    """The form both texts and terms are matched in: `normalise`, and one spelling of yeh and kaf (Persian
    and Urdu are written with the Persian yeh and keheh or, in many sites, the Arabic ones). str.replace:
    a hundred times faster than str.translate here."""
    return normalise(text).replace("\u06cc", "\u064a").replace("\u06a9", "\u0643")


def languages() -> tuple[str, ...]:
    return tuple(sorted(p.stem for p in LEXICON_DIR.glob("*.yaml")))


@cache
def load_entries(language: str) -> list[tuple[str, Entry]]:
    """(surface form, entry) pairs of one language's lexicon, affixes applied."""
    path = LEXICON_DIR / f"{language}.yaml"
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    unknown = set(data.get("categories") or {}) - set(CATEGORIES)
    unknown |= set(data.get("context") or {}) - set(CONTEXT_GROUPS)
    if unknown:
        raise ValueError(f"{path.name}: unknown categories or context groups {sorted(unknown)}")
    prefixes = data.get("prefixes") or [""]
    suffixes = data.get("suffixes") or [""]
    unspaced = language in UNSPACED_LANGUAGES
    pairs: list[tuple[str, Entry]] = []
    sections = [(cat, terms, CATEGORY) for cat, terms in (data.get("categories") or {}).items()]
    sections += [(grp, terms, CONTEXT) for grp, terms in (data.get("context") or {}).items()]
    sections.append(("actor", data.get("actors") or {}, ACTOR))
    for group, terms, kind in sections:
        for raw_term, weight in (terms or {}).items():
            term = matching_form(str(raw_term)).strip()
            prefix = term.endswith("*")
            stem = term.rstrip("*").strip()
            if not stem:
                continue
            entry = Entry(language, group, kind, str(raw_term).strip(), float(weight), prefix, unspaced)
            for p in prefixes:
                for s in suffixes if not prefix else [""]:
                    pairs.append((matching_form(p) + stem + matching_form(s), entry))
    return pairs


class Matcher:
    """An automaton over one or more lexicons; finds longest non-overlapping whole-word matches."""

    def __init__(self, pairs: list[tuple[str, Entry]]):
        self._automaton = ahocorasick.Automaton()
        forms: dict[str, list[Entry]] = {}
        for form, entry in pairs:
            forms.setdefault(form, []).append(entry)
        for form, entries in forms.items():
            self._automaton.add_word(form, (len(form), tuple(entries)))
        self._empty = not forms
        if forms:
            self._automaton.make_automaton()

    def find(self, text: str) -> list[tuple[int, int, Entry]]:
        """(start, end, entry) for each accepted match in `matching_form` text, longest match first."""
        if self._empty or not text:
            return []
        candidates = []
        for end_index, (length, entries) in self._automaton.iter(text):
            start, end = end_index - length + 1, end_index + 1
            for entry in entries:
                if self._bounded(text, start, end, entry):
                    candidates.append((start, end, entry))
        candidates.sort(key=lambda m: (m[0], -(m[1] - m[0])))
        accepted, taken_until = [], -1
        for start, end, entry in candidates:
            if start >= taken_until:
                accepted.append((start, end, entry))
                taken_until = end
            elif accepted and (start, end) == accepted[-1][:2]:
                accepted.append((start, end, entry))  # the same form under several meanings
        return accepted

    @staticmethod
    def _bounded(text: str, start: int, end: int, entry: Entry) -> bool:
        if entry.unspaced:
            return True
        if start > 0 and _is_word_char(text[start - 1]):
            return False
        return entry.prefix or end >= len(text) or not _is_word_char(text[end])


def _is_word_char(char: str) -> bool:
    # letters, digits and combining marks (Devanagari and Arabic vowel signs are marks, not letters)
    return char.isalnum() or unicodedata.category(char) in ("Mn", "Mc")


def has_lexicon(language: str | None) -> bool:
    return bool(language) and (LEXICON_DIR / f"{language}.yaml").exists()


@cache
def matcher_for(language: str | None) -> Matcher:
    """The matcher of one language's lexicon; None, or a language without a lexicon, gets all of them."""
    if has_lexicon(language):
        return Matcher(load_entries(language))
    return Matcher([pair for lang in languages() for pair in load_entries(lang)])
