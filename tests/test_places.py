"""Countries, cities and regions recognised in article text (tasks/places, data: tasks/places/gazetteer.tsv)."""

from __future__ import annotations

import subprocess
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from tasks.places import GAZETTEER, find_places, load_gazetteer, normalise

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "tests" / "fixtures" / "seed.txt"


def countries(text: str, language: str | None = None) -> Counter[str]:
    totals: Counter[str] = Counter()
    for country, _, hits in find_places(text, language):
        totals[country] += hits
    return totals


def test_indonesian_seed_counts_syria_first_with_its_cities():
    rows = find_places(SEED.read_text(encoding="utf-8"), "id")
    totals = Counter()
    for country, _, hits in rows:
        totals[country] += hits
    assert totals.most_common(1)[0][0] == "SY"
    assert {"RU", "IR", "IQ", "TR", "PS", "LB"} <= set(totals)
    places = {(country, place) for country, place, _ in rows}
    assert {
        ("SY", "suriah"),
        ("SY", "aleppo"),
        ("SY", "idlib"),
        ("SY", "hama"),
        ("RU", "rusia"),
        ("TR", "turki"),
        ("IQ", "irak"),
        ("PS", "gaza"),
        ("LB", "lebanon"),
    } <= places
    hits = {(country, place): n for country, place, n in rows}
    assert hits[("SY", "aleppo")] == 3 and hits[("SY", "suriah")] > hits[("RU", "rusia")]
    assert "US" not in totals  # "AS" (Amerika Serikat) is too ambiguous to list


def test_rows_are_one_per_country_and_place_most_hits_first():
    rows = find_places("Suriah, Suriah dan Rusia. Aleppo di Suriah.", "id")
    assert rows == [("SY", "suriah", 3), ("RU", "rusia", 1), ("SY", "aleppo", 1)]
    assert find_places("") == [] and find_places("Nothing to see here.") == []


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("fr", "La guerre en Syrie continue."),
        ("ru", "Война в Сирии продолжается."),
        ("ru", "Сирия и Сирию."),
        ("ar", "الحرب في سوريا مستمرة."),
        ("de", "Der Krieg in Syrien geht weiter."),
        ("es", "La guerra en Siria continúa."),
        ("it", "La guerra in Siria continua."),
        ("zh", "叙利亚内战仍在继续。"),
        ("tr", "Suriye'de savaş sürüyor."),
        ("ja", "シリア内戦は続いている。"),
        ("ko", "시리아에서 내전이 계속되고 있다."),
        ("he", "המלחמה בסוריה נמשכת."),
        ("fa", "جنگ در سوریه ادامه دارد."),
        ("hi", "सीरिया में युद्ध जारी है।"),
        ("uk", "Війна в Сирії триває."),
        ("pl", "Wojna w Syrii trwa."),
    ],
)
def test_syria_in_many_languages(language, text):
    assert set(countries(text, language)) == {"SY"}
    assert set(countries(text)) == {"SY"}  # and without a language


def test_longest_name_wins():
    assert [(c, p) for c, p, _ in find_places("Papua New Guinea holds an election.", "en")] == [
        ("PG", "papua new guinea")
    ]
    assert [(c, p) for c, p, _ in find_places("Serangan di Jalur Gaza.", "id")] == [("PS", "jalur gaza")]
    assert set(countries("Guinea-Bissau and Equatorial Guinea", "en")) == {"GW", "GQ"}


def test_whole_words_only():
    assert find_places("Chadwick said so.", "en") == []
    assert find_places("Irani-style, Syrians", "en") == [("SY", "syrians", 1)]


def test_ambiguous_names_are_left_out():
    assert "GE" not in countries("Georgia's governor signed the bill.", "en")
    assert countries("Georgia's governor signed the bill.", "en") == Counter()  # neither the state nor GE
    assert countries("Michael Jordan and Chad Smith", "en") == Counter()
    assert countries("Vladimir Putin spoke.", "en") == Counter()  # not the city of Vladimir
    assert set(countries("Tbilisi and Georgien", "de")) == {"GE"}


def test_russian_ukrainian_and_polish_case_forms():
    assert countries("Удары по Украине и в Сирии; Сирию поддерживает Россия; из Северной Кореи", "ru") == Counter(
        {"UA": 1, "SY": 2, "RU": 1, "KP": 1}
    )
    assert set(countries("у Харкові та Києві, в Ізраїлі", "uk")) == {"UA", "IL"}
    assert set(countries("w Syrii, w Iranie, na Ukrainie, w Strefie Gazy", "pl")) == {"SY", "IR", "UA", "PS"}
    assert set(countries("Russlands Krieg, Syriens Regierung, die Vereinigten Staaten", "de")) == {"RU", "SY", "US"}
    assert countries("поставки газа", "ru") == Counter()  # газа (gas) is Газа only with a capital


def test_arabic_clitics_and_hebrew_prefixes():
    assert countries("وسوريا وبسوريا ولسوريا", "ar") == Counter({"SY": 3})
    assert countries("للعراق", "ar") == Counter({"IQ": 1})
    assert countries("فوزا كبيرا", "ar") == Counter()  # not ك + Beira
    assert countries("בעזה ובלבנון מסוריה", "he") == Counter({"PS": 1, "LB": 1, "SY": 1})


def test_cjk_substrings_and_guards():
    assert set(countries("以色列空袭加沙，俄罗斯与乌克兰", "zh")) == {"IL", "PS", "RU", "UA"}
    assert countries("印度洋；哈马斯领导人；马里兰州", "zh") == Counter()
    assert countries("タイトル、ネクタイ", "ja") == Counter()  # not タイ (Thailand)
    assert countries("タイ政府", "ja") == Counter({"TH": 1})
    assert countries("인도적 지원", "ko") == Counter()  # humanitarian, not India
    assert countries("인도에서 러시아군이", "ko") == Counter({"IN": 1, "RU": 1})


def test_common_words_need_a_capital_or_the_right_language():
    assert countries("a turkey sandwich and fine china", "en") == Counter()
    assert countries("Turkey and China", "en") == Counter({"TR": 1, "CN": 1})
    assert countries("Lima orang tewas.", "id") == Counter()  # lima: five
    assert countries("Protests in Lima.", "en") == Counter({"PE": 1})
    assert countries("mali politika", "tr") == Counter()  # mali: financial
    assert countries("guinea pig", "en") == Counter()


def test_language_codes_are_read_loosely():
    assert countries("Lima orang tewas.", "id-ID") == Counter()
    assert countries("A Síria e o Irã", "pt-BR") == Counter({"SY": 1, "IR": 1})


def test_gazetteer_file_is_well_formed():
    assert GAZETTEER.stat().st_size < 3_000_000
    table = load_gazetteer()
    assert len(table) > 50_000
    kinds = Counter()
    for name, rows in table.items():
        assert name == normalise(name) == unicodedata.normalize("NFKC", name).strip()
        assert len({r.country for r in rows}) == len(rows)
        for row in rows:
            kinds[row.kind] += 1
            assert row.country == "-" or (len(row.country) == 2 and row.country.isupper())
            assert row.languages is None or row.languages
    assert set(kinds) == {"country", "city", "region"}
    assert {r.country for r in table["kashmir"]} == {"IN", "PK"}


def test_import_is_cheap():
    code = "import sys, tasks.places; print('ahocorasick' in sys.modules, len(tasks.places.__dict__) > 0)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True"]  # the automaton (and ahocorasick) load on first use
