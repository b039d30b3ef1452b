from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tasks.lexicon import CATEGORIES, CONTEXT_GROUPS, LEXICON_DIR, Matcher, languages, load_entries, normalise
from tasks.tagging import evidence, tag_article

SEED = (Path(__file__).parent / "fixtures/seed.txt").read_text()
EVAL_DIR = Path(__file__).parent / "data/tagging"


def test_seed_is_tagged_as_conflict():
    tagging = tag_article("Serangan udara Suriah dan Rusia tewaskan 400 pemberontak", SEED, "id")
    categories = {t.category for t in tagging.tags}
    assert {"air_or_missile_strike", "armed_clash", "killing_or_casualties"} <= categories
    assert tagging.is_conflict and tagging.score > 0


def test_every_lexicon_is_well_formed():
    assert {"en", "id"} <= set(languages())
    for lang in languages():
        data = yaml.safe_load((LEXICON_DIR / f"{lang}.yaml").read_text())
        assert data["language"] == lang
        assert set(data["categories"]) == set(CATEGORIES), lang
        assert set(data["context"]) <= set(CONTEXT_GROUPS), lang
        for group in [*data["categories"].values(), *data["context"].values()]:
            assert all(w in (1, 2, 3) for w in group.values()), lang
        assert load_entries(lang)


def test_matching_respects_word_boundaries_and_prefers_the_longest_term():
    from tasks.lexicon import Entry

    e = lambda term, group="armed_clash", prefix=False: Entry("xx", group, "category", term, 1.0, prefix, False)  # noqa: E731
    m = Matcher(
        [
            ("war", e("war")),
            ("serangan", e("serangan")),
            ("serangan udara", e("serangan udara")),
            ("обстрел", e("обстрел*", prefix=True)),
        ]
    )
    found = [entry.term for _, _, entry in m.find(normalise("Warsaw awards; SERANGAN UDARA and serangan; обстрелами"))]
    assert found == ["serangan udara", "serangan", "обстрел*"]


def test_language_selects_the_lexicon():
    # German "war" means "was": an English lexicon must not read it as war
    text = "Die Stimmung war gut, das Konzert war ausverkauft und das Publikum war begeistert."
    assert tag_article("Konzert", text, "de").tags == ()


def test_an_unsure_language_matches_the_lexicon_of_the_most_likely_language_with_one():
    # Malay, detected unsure (Indonesian is close): "ditembak" is an Indonesian term, not a Malay one
    text = "Seorang lelaki ditembak mati oleh polis di London semalam, kata jurucakap polis kepada pemberita."
    found = evidence("Lelaki ditembak di London", text, "ms", language_sure=False)
    assert found.language == "ms"
    assert found.matches and {m.entry.language for m in found.matches} == {"ms"}


def test_an_unsure_language_without_a_likely_lexicon_matches_every_lexicon():
    # Swahili has no lexicon: every lexicon applies, and the verdict is told no language
    text = "Watu watatu wameuawa katika air strike ya jana usiku mjini Mombasa, polisi wamesema."
    found = evidence(None, text, "sw", language_sure=False)
    assert found.language is None
    assert "en" in {m.entry.language for m in found.matches}


def evaluation_sets():
    return sorted(EVAL_DIR.glob("*.yaml"))


@pytest.mark.parametrize("path", evaluation_sets(), ids=lambda p: p.stem)
def test_evaluation_snippets(path):
    """Each language's snippets: at most one in eight (or two) may disagree on is_conflict or miss a category.
    These snippets were written with the lexicons: a regression test, not a quality figure. The verdict
    model is chosen on real news (bench/train_verdict.py), and a few borderline snippets (a hostage deal
    with a truce extended, sanctions after a strike) fall just under its threshold."""
    data = yaml.safe_load(path.read_text())
    misses = []
    for s in data["snippets"]:
        tagging = tag_article(s.get("title"), s["text"], data["language"])
        got = {t.category for t in tagging.tags}
        if tagging.is_conflict != s["is_conflict"] or not set(s.get("categories") or []) <= got:
            misses.append(
                f"{s.get('title')!r}: is_conflict {tagging.is_conflict} (score {tagging.score}), "
                f"missing {sorted(set(s.get('categories') or []) - got)}"
            )
    assert len(misses) <= max(2, len(data["snippets"]) / 8), "\n".join(misses)


@pytest.mark.parametrize(
    ("language", "text", "category"),
    [
        # Naxal and Maoist insurgency, as Hindi news names it
        ("hi", "बस्तर में नक्सली हमले में तीन जवान घायल हुए।", "armed_clash"),
        ("hi", "माओवादियों ने सड़क पर बारूदी सुरंग विस्फोट किया।", "bombing_or_explosion"),
        # a peace plan for an ongoing war, in the cases Polish news uses
        ("pl", "Delegacje omówiły plan pokojowy dla regionu.", "ceasefire_or_peace_process"),
        ("pl", "Rozmowy dotyczyły planu pokojowego i porozumień pokojowych.", "ceasefire_or_peace_process"),
        # Urdu peace talks, and ceasefire written without a space
        ("ur", "دونوں ملکوں کے درمیان امن بات چیت شروع ہو گئی۔", "ceasefire_or_peace_process"),
        ("ur", "سیزفائر کا اعلان کر دیا گیا۔", "ceasefire_or_peace_process"),
        # Persian written without the zero-width non-joiner
        ("fa", "پلیس دو مظنون بمبگذاری را بازداشت کرد.", "bombing_or_explosion"),
        ("fa", "آتشبس از امروز برقرار شد.", "ceasefire_or_peace_process"),
    ],
)
def test_lexicons_know_general_conflict_vocabulary(language, text, category):
    assert category in {t.category for t in tag_article(None, text, language).tags}


@pytest.mark.parametrize(
    ("language", "text", "group"),
    [
        # prison disorder is policing news, not unrest
        ("fr", "Trois agents pénitentiaires ont été blessés par des détenus.", "courts_or_policing"),
        ("fr", "Une émeute en prison a éclaté dans la nuit.", "courts_or_policing"),
        ("fr", "Le détenu est incarcéré dans un établissement pénitentiaire.", "courts_or_policing"),
        # disarmament and nuclear talks between states are diplomacy
        ("fr", "Les pourparlers sur le désarmement reprennent à Genève.", "diplomacy_or_politics"),
        ("fr", "Le ministre s'est exprimé devant l'Assemblée générale des Nations unies.", "diplomacy_or_politics"),
        ("ar", "دعا الوزير إلى نزع السلاح النووي في شبه الجزيرة.", "diplomacy_or_politics"),
        # nuclear arsenals and tests are defence policy; past wars are history
        ("fr", "Le pays a mené plusieurs essais nucléaires et renforce son arsenal nucléaire.", "defence_policy"),
        ("fr", "Il avait combattu pendant la guerre d'Algérie.", "history_or_biography"),
    ],
)
def test_lexicons_know_general_counter_evidence(language, text, group):
    assert group in {m.entry.group for m in evidence(None, text, language).matches}


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("fr", "Le désarmement des milices reste au cœur de l'accord de paix."),
        ("ar", "تتواصل المفاوضات حول نزع سلاح الفصائل."),
    ],
)
def test_disarming_armed_groups_stays_peace_process_evidence(language, text):
    found = {(m.entry.group, m.entry.weight) for m in evidence(None, text, language).matches}
    assert ("ceasefire_or_peace_process", 3.0) in found
