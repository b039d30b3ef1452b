"""The rule that decides `is_conflict` from tagging evidence; documented in the README ("Tagging")."""

from __future__ import annotations

from dataclasses import dataclass

# Categories that are organised political violence by themselves. The others (protest, displacement,
# ceasefire talks, exercises and deployments, arms and sanctions) support a conflict reading but do not
# make one alone: a peaceful march or an arms deal is not a war.
CORE_CATEGORIES = frozenset({
    "armed_clash", "air_or_missile_strike", "shelling_or_artillery", "bombing_or_explosion", "terrorism",
    "military_operation", "riot_or_violent_unrest", "repression_or_crackdown", "coup_or_martial_law",
    "killing_or_casualties", "hostage_or_abduction",
})
# The toll of violence (deaths, kidnappings) also follows disease, accidents and crime: these categories
# make a conflict reading only with another core category beside them (one with a term of weight >= 2:
# "arrested" or "army" alone is not violence), or with strong evidence.
TOLL_CATEGORIES = frozenset({"killing_or_casualties", "hostage_or_abduction"})
TOLL_ONLY_MIN_SCORE = 14.0
HITS_CAP = 3            # a term counts at most three times: repetition is not extra evidence
TITLE_FACTOR = 2.0      # a term in the title counts this many times its weight, on top of the body
MIN_SCORE = 10.0        # net evidence needed
MIN_DENSITY = 0.6       # net evidence per 100 words needed ("mainly about", not "mentions")


@dataclass(frozen=True)
class Evidence:
    """Weighted matches of one article, split by kind."""

    positive: float             # conflict terms, capped and title-weighted
    negative: float             # context terms (sport, business, disaster, crime, entertainment)
    core_categories: frozenset[str]
    strong_categories: frozenset[str]   # categories with at least one term of weight >= 2
    words: int


def decide(e: Evidence) -> tuple[bool, float]:
    """(is_conflict, score). score = positive - negative evidence; see the constants above."""
    score = e.positive - e.negative
    density = 100.0 * score / max(e.words, 100)
    violence = (e.core_categories & e.strong_categories) - TOLL_CATEGORIES
    enough = score >= (MIN_SCORE if violence else TOLL_ONLY_MIN_SCORE)
    conflict = bool(e.core_categories) and enough and density >= MIN_DENSITY
    return conflict, round(score, 2)
