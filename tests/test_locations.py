"""Where an article's events happened (tasks/locations, data: tasks/places/locations.tsv, location_names.tsv)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tasks.locations import Location, find_locations
from tasks.places import loose, normalise
from tasks.places.geonames import NAMES_FILE, PLACES_FILE, gazetteer

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "tests" / "fixtures" / "seed.txt"


def primary(rows: tuple[Location, ...]) -> Location:
    """The row the acceptance check reads: primary rows by precision, then most hits."""
    return sorted((r for r in rows if r.is_primary), key=lambda r: (r.precision, -r.hits))[0]


def admin1s(rows: tuple[Location, ...]) -> set[str | None]:
    return {r.admin1_code for r in rows}


def test_seed_names_idlib_hama_and_aleppo_in_syria():
    rows = find_locations("Serangan udara Suriah dan Rusia", SEED.read_text(encoding="utf-8"), "id")
    syrian = [r for r in rows if r.country_code == "SY"]
    assert {"SY-ID", "SY-HM", "SY-HL"} <= {r.admin1_code for r in syrian}
    aleppo = next(r for r in syrian if r.admin1_code == "SY-HL")
    assert (aleppo.geonameid, aleppo.place, aleppo.precision, aleppo.hits) == (170063, "Aleppo", 1, 3)
    assert abs(aleppo.latitude - 36.2) < 0.1 and abs(aleppo.longitude - 37.16) < 0.1
    # "provinsi Idlib" is the province, "Idlib" alone the town
    assert {(r.precision, r.geonameid) for r in syrian if r.admin1_code == "SY-ID"} == {(1, 169389), (2, None)}
    assert primary(rows).country_code == "SY"
    assert sum(r.is_primary for r in rows) == 1
    country = next(r for r in rows if r.precision == 3 and r.country_code == "SY")
    assert (country.name, country.place, country.admin1_code, country.geonameid) == ("Suriah", "Syria", None, None)


def test_one_row_per_place_with_its_hits():
    rows = find_locations(
        None, "Strikes hit Kharkiv. Kharkiv's mayor said Kharkiv had no power. Ukraine condemned it.", "en"
    )
    kharkiv = [r for r in rows if r.place == "Kharkiv"]
    assert len(kharkiv) == 1 and kharkiv[0].hits == 3 and kharkiv[0].admin1_code == "UA-63"
    assert find_locations("", "", "en") == () and find_locations(None, "Nothing to see here.", "en") == ()


def test_the_capital_that_speaks_is_not_the_event():
    rows = find_locations(
        "Drones strike Belgorod",
        "Moscow said on Monday that Ukrainian drones struck Belgorod overnight, killing two people. "
        "Officials in Moscow said air defences were working.",
        "en",
    )
    assert {r.place for r in rows} >= {"Moscow", "Belgorod"}
    assert primary(rows).place == "Belgorod" and primary(rows).admin1_code == "RU-BEL"
    assert not next(r for r in rows if r.place == "Moscow").is_primary


def test_the_town_of_the_event_before_its_country_and_region():
    rows = find_locations(
        "Israeli strike kills five in Khan Younis",
        "An Israeli air strike on a house in Khan Younis, in the southern Gaza Strip, killed five "
        "people, Gaza's civil defence said.",
        "en",
    )
    assert primary(rows).geonameid == 281124 and primary(rows).admin1_code == "PS-KYS"
    strip = next(r for r in rows if r.precision == 2)
    assert (strip.place, strip.country_code, strip.admin1_code) == ("Gaza", "PS", None)  # the Strip: no ISO code


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("id", "Para pemberontak menyerang pos militer. Lima orang tewas."),  # para: plural; lima: five
        ("en", "Split the bill. Reading it took an hour."),  # Split HR, Reading GB: words
        ("fr", "Le Centre et le Nord du pays ont voté."),  # regions of Burkina Faso
        ("en", "Xi Jinping met Vladimir Putin."),  # not Jinping CN, not Vladimir RU
        ("ur", "فوجی اہلکاروں نے کہا"),  # فوجی military, not Fuji
    ],
)
def test_common_words_and_people_are_not_places(language, text):
    assert find_locations(None, text, language) == ()


def test_a_small_town_needs_its_country():
    assert find_locations(None, "Lyman scored twice in the second half.", "en") == ()
    rows = find_locations(None, "Russian forces shelled Lyman, in Donetsk region, Ukraine said.", "en")
    assert primary(rows).place == "Lyman" and primary(rows).admin1_code == "UA-14"
    rows = find_locations(None, "Russian forces shelled Lyman overnight.", "en", feed_country="UA")
    assert primary(rows).admin1_code == "UA-14"


def test_a_shared_name_goes_to_the_country_the_article_names():
    lebanon = find_locations(None, "Clashes erupted in Tripoli, in Lebanon's north, on Sunday.", "en")
    libya = find_locations(None, "Clashes erupted in Tripoli on Sunday as rival Libyan militias fought.", "en")
    assert primary(lebanon).country_code == "LB" and primary(libya).admin1_code == "LY-TB"
    aurora = find_locations(None, "A gunman opened fire in Aurora, Colorado, killing two.", "en")
    assert primary(aurora).admin1_code == "US-CO" and primary(aurora).geonameid == 5412347
    assert find_locations(None, "Aurora said she would come.", "en") == ()  # a first name


@pytest.mark.parametrize(
    ("language", "text", "geonameid", "admin1"),
    [
        ("ar", "غارة إسرائيلية على خان يونس في جنوب قطاع غزة أسفرت عن مقتل خمسة أشخاص", 281124, "PS-KYS"),
        ("ar", "وقصفت الطائرات مدينة حلب", 170063, "SY-HL"),  # و clitic
        ("fa", "انفجار در شهر رمادی عراق", 98717, "IQ-AN"),  # without the article
        ("ru", "Российские войска нанесли удар по Харькову, погибли три человека.", 706483, "UA-63"),
        ("uk", "Унаслідок обстрілу в Херсоні загинули двоє людей.", 706448, "UA-65"),
        ("pl", "Rosyjski atak na Charków: zginęły trzy osoby.", 706483, "UA-63"),
        ("zh", "叙利亚政府军空袭阿勒颇，造成多人死亡。", 170063, "SY-HL"),
        ("ja", "イランの首都テヘランで爆発があった。", 112931, "IR-23"),
        ("he", "פיצוץ בחיפה הלילה", 294801, "IL-HA"),
        ("hi", "कीव में धमाका हुआ", 703448, "UA-30"),
        ("tr", "Şemdinli'de çatışma çıktı, Türkiye", 301209, "TR-30"),
        ("ko", "우크라이나 하르키우에서 폭발이 일어났다", 706483, "UA-63"),
    ],
)
def test_names_in_many_scripts(language, text, geonameid, admin1):
    rows = find_locations(None, text, language)
    assert (primary(rows).geonameid, primary(rows).admin1_code) == (geonameid, admin1)


def test_the_word_for_region_makes_a_town_its_region():
    rows = find_locations(None, "Serangan di provinsi Idlib menewaskan 10 orang.", "id")
    assert [(r.admin1_code, r.precision, r.geonameid) for r in rows] == [("SY-ID", 2, None)]
    rows = find_locations(None, "Удар по Донецкой области", "ru")
    assert primary(rows).admin1_code == "UA-14"


def test_regions_without_a_town_of_their_name():
    rows = find_locations(None, "Fighting continued in Tigray and in the Amhara region of Ethiopia.", "en")
    assert {"ET-TI", "ET-AM"} <= admin1s(rows)
    rows = find_locations(None, "Attacks in North Kivu killed 12 people, the Democratic Republic of Congo said.", "en")
    assert primary(rows).admin1_code == "CD-NK" and primary(rows).precision == 2


def test_data_files_are_well_formed_and_credit_geonames():
    for path in (PLACES_FILE, NAMES_FILE):
        head = path.read_text(encoding="utf-8")[:1000]
        assert "GeoNames" in head and "CC BY 4.0" in head
    assert PLACES_FILE.stat().st_size + NAMES_FILE.stat().st_size < 15_000_000
    gaz = gazetteer()
    assert len(gaz.keys) > 30_000 and len(gaz.automaton) > 100_000
    towns = [i for i, p in enumerate(gaz.precision) if p == 1]
    with_region = sum(1 for i in towns if gaz.admin1[i])
    assert with_region / len(towns) > 0.95  # ISO 3166-2 known for nearly every town
    for i in towns[:2000]:
        assert gaz.admin1[i] == "" or gaz.admin1[i].startswith(gaz.country[i] + "-")
    for line in NAMES_FILE.read_text(encoding="utf-8").splitlines()[2:2000]:
        name = line.split("\t")[0]
        assert name == loose(normalise(name))


def test_import_is_cheap():
    code = "import sys, tasks.locations; print('ahocorasick' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False"]  # the data and automaton load on first use


def test_a_town_given_as_a_landmark_is_not_the_event():
    rows = find_locations(
        "Ten killed in an ambush in Burkina Faso",
        "Gunmen killed ten people in an ambush at Pensa, 100 km north of Ouagadougou, on Monday. "
        "The convoy was heading to Kaya, where the wounded were treated.",
        "en",
    )
    assert primary(rows).place == "Kaya" and primary(rows).admin1_code == "BF-05"
    rows = find_locations(None, "Des tirs ont visé un convoi à 125 kilomètres de Ouagadougou.", "fr")
    assert primary(rows).precision == 1  # the only town stays the primary row
    rows = find_locations(None, "Взрыв прогремел в 30 км к северу от Харькова, в Украине.", "ru")
    assert primary(rows).precision == 3 and primary(rows).country_code == "UA"


def test_a_dateline_at_home_is_the_desk_not_the_event():
    rows = find_locations(
        "Serangan Israel di Lebanon",
        "Jakarta - Serangan drone Israel menewaskan dua orang di Nabatieh, Lebanon selatan.\nBerita lain.",
        "id",
    )
    assert primary(rows).country_code == "LB"
    assert not next(r for r in rows if r.place == "Jakarta").is_primary


def test_a_headline_in_title_case_names_places_after_capitalised_words():
    rows = find_locations("67 Warga Gaza Tewas Saat Menunggu Bantuan", "Sedikitnya 67 orang tewas.", "id")
    assert [(r.place, r.country_code) for r in rows] == [("Gaza", "PS")]
    assert find_locations(None, "Presiden Xi Jinping tiba.", "id") == ()  # no headline: still a person


def test_a_region_of_the_headline_before_a_town_elsewhere():
    rows = find_locations(
        "شمالی غزہ میں اسرائیلی حملہ، 20 فلسطینی شہید",
        "شمالی غزہ میں اسرائیلی فضائی حملے میں کم از کم 20 فلسطینی شہید ہو گئے۔ ادھر جنین میں بھی اسرائیلی حملوں کا"
        " سلسلہ جاری ہیں۔",
        "ur",
    )
    assert (primary(rows).admin1_code, primary(rows).precision) == ("PS-NGZ", 2)
    rows = find_locations(None, "Rockets hit Northern Israel on Sunday, wounding three.", "en")
    assert primary(rows).admin1_code == "IL-Z"


def test_a_first_level_region_before_the_unofficial_region_it_lies_in():
    rows = find_locations(
        "Gaza: dozens killed waiting for aid",
        "Dozens were killed in the Gaza Strip on Sunday. The deadliest strike hit North Gaza, where "
        "people had gathered near an aid convoy. Gaza health officials counted the dead.",
        "en",
    )
    assert primary(rows).admin1_code == "PS-NGZ"


def test_towns_get_their_iso_region_where_geonames_names_it_otherwise():
    gaz = gazetteer()
    for geonameid, admin1 in [
        (2377450, "MR-13"),  # Nouakchott: no admin1 in GeoNames, its neighbours'
        (264371, "GR-I"),  # Athens, Attica
        (343300, "ER-MA"),  # Asmara
        (96205, "IQ-SU"),  # Halabja: a governorate ISO 3166-2 has not (yet)
    ]:
        assert gaz.admin1[gaz.index[str(geonameid)]] == admin1


def test_urdu_words_that_fold_like_a_town_are_not_it():
    # لوہے (of iron) folds to لوهي, a name of Luohe (CN); پرلے (utmost) to Perly's
    assert find_locations(None, "لوہے کی سلاخ سے مارا گیا", "ur") == ()
    assert find_locations(None, "یہ کام پرلے درجے کا ہے", "ur") == ()
    # مارے (killed) reads as ماري, Mary TM; مسئلہ (problem) as مسيله, M'Sila DZ; ہوائی (air) as Hawaii
    assert find_locations(None, "ہوائی حملے میں دس افراد مارے گئے، یہ بڑا مسئلہ ہے", "ur") == ()
    # Urdu writes no Arabic clitic onto a name: باہر (outside) is not ب + اہر, Ahar IR
    assert find_locations(None, "لوگ گھروں سے باہر نکل آئے", "ur") == ()
    assert [r.place for r in find_locations(None, "وبغداد", "ar")] == ["Baghdad"]  # Arabic does


def test_a_place_in_the_east_of_a_town_is_in_that_town_not_beside_it():
    title = "Shelling kills five"
    text = (
        "KYIV - Russian shelling in the east of Kharkiv killed five people on Monday. The strike hit homes in Kharkiv."
    )
    assert [loc.place for loc in find_locations(title, text, "en") if loc.is_primary] == ["Kharkiv"]


def test_a_town_named_plainly_is_more_precise_than_its_country():
    title = "Guinea: protest turns deadly"
    lead = "Three people were killed in Guinea on Tuesday as police fired on protesters. Guinea's opposition marched."
    town = f"{lead} It began in the morning. Crowds filled the streets of Conakry for hours."
    rows = find_locations(title, town, "en")
    assert [(r.place, r.admin1_code) for r in rows if r.is_primary] == [("Conakry", "GN-C")]
    # but not a town that only says who spoke, however often
    spoke = f"{lead} It began in the morning. Conakry said the march was banned. Conakry said it again."
    assert [r.place for r in find_locations(title, spoke, "en") if r.is_primary] == ["Guinea"]
    # nor the desk's dateline at home, with a statement from there
    text = "Jakarta - Polisi menangkap tiga tersangka teror. Indonesia memperketat keamanan. Jakarta menyatakan siaga."
    rows = find_locations("Polisi tangkap tersangka teror", text, "id")
    assert [r.place for r in rows if r.is_primary] == ["Indonesia"]


def test_a_japanese_katakana_spelling_the_data_lacks_is_found_by_its_sound():
    # GeoNames writes Nalchik ナルチク; outlets also write ナリチク
    title = "ロシア南部で武装勢力が警察署を襲撃"
    text = "ロシア南部の都市ナリチクで13日、武装勢力が警察署を襲撃し、12人が死亡した。"
    rows = find_locations(title, text, "ja")
    assert [(r.name, r.place, r.admin1_code) for r in rows if r.is_primary] == [("ナリチク", "Nalchik", "RU-KB")]
    # only where the text introduces a place (not a loanword or a person's name) ...
    assert "Nalchik" not in {r.place for r in find_locations(title, "ロシアのナリチク氏が語った。", "ja")}
    assert "Nalchik" not in {r.place for r in find_locations(title, "ロシア軍の司令部ナリチクが語った。", "ja")}
    # ... of a country it names
    assert "Nalchik" not in {r.place for r in find_locations(None, "都市ナリチクで12人が死亡した。", "ja")}


def test_towns_of_unknown_population_where_wars_are():
    # GeoNames gives no population for most towns of Syria, Yemen and Afghanistan: Ain Issa has none
    rows = find_locations("کنترل شهر «عین عیسی» به ارتش سوریه", "شهر عین عیسی در شمال سوریه است.", "fa")
    assert [(r.place, r.admin1_code) for r in rows if r.is_primary] == [("‘Ayn ‘Īsá", "SY-RA")]
    # beside the word for town, a name goes to its far bigger town (Ramadi IQ, not a Yemeni village)
    rows = find_locations(None, "سربازان به بیمارستانی در شهر رمادی حمله کردند.", "fa")
    assert [(r.place, r.country_code) for r in rows] == [("Ramadi", "IQ")]


def test_only_where_wars_are_are_towns_of_unknown_population_added():
    # Xinjiang's 北京路 (Beijing Road) has no population either: it must not hide 北京
    rows = find_locations(None, "中国警方称，北京路附近发生袭击。", "zh")
    assert [r.place for r in rows if r.is_primary] == ["Beijing"]


def test_the_word_for_town_does_not_reach_across_punctuation():
    text = "Les eaux ont monté à l'ouest de la ville. Carine Mbala, une habitante, a témoigné."
    assert "Mbala" not in {r.place for r in find_locations(None, text, "fr")}  # a person, not Mbala ZM
    # ... nor across punctuation after the word between them
    text = "Les eaux ont envahi la ville Carine, Mbala est sous les eaux."
    assert "Mbala" not in {r.place for r in find_locations(None, text, "fr")}
    assert [r.place for r in find_locations(None, "Les eaux ont envahi la ville de Mbala.", "fr")] == ["Mbala"]
    text = "City, Salı günü Sinsheim'daki maçta iki gol attı."  # Manchester City, on Tuesday
    assert "Salé" not in {r.place for r in find_locations(None, text, "tr")}


def test_arabic_words_that_are_also_town_names_need_the_town_named_as_one():
    # الخبر (the news: Khobar SA), الجديد (the new: Al Jadīd LY), خمس (five: Al Khums LY), بشار (Bashar: Béchar DZ),
    # المدينة (the city: Medina SA)
    assert find_locations(None, "قالت الصحيفة إن الخبر الجديد أثار اهتمام خمس دول في المدينة", "ar") == ()
    assert find_locations(None, "التقى بشار الأسد بالوفد", "ar") == ()
    # ... but not the town itself: عالية (high) beside the word for town, in Lebanon, is Aley
    rows = find_locations(None, "قتل ثلاثة أشخاص في قصف على مدينة عالية في لبنان", "ar")
    assert ("Aley", "LB-JL") in {(r.place, r.admin1_code) for r in rows}


def test_a_hebrew_name_without_its_geresh_is_another_word():
    # ג'ובה is Juba, רוצ'ה Rocha (UY); without the geresh, גובה is height, רוצה wants
    assert find_locations(None, "גובה המגדל עשרה מטרים", "he") == ()
    assert find_locations(None, "הוא רוצה לחזור הביתה", "he") == ()
    assert "Juba" in {r.place for r in find_locations(None, "הקרבות בג'ובה, בירת דרום סודן", "he")}


def test_a_generated_case_form_that_is_another_word_is_not_the_town():
    # Polish ludzie (people) is how Łudź, a GeoNames name of Łódź, would decline
    assert find_locations(None, "Ludzie wyszli na ulice.", "pl") == ()
    rows = find_locations(None, "Ludzie protestowali w mieście Łódź.", "pl")
    assert [(r.place, r.hits) for r in rows] == [("Łódź", 1)]


def test_after_a_clitic_a_short_name_is_no_small_town():
    # הבניין (the building) is not ה + ב + ניין (Nayn IL), nor ג'נין (Jenin) ג' + נין
    for text in ("הבניין קרס", "הלחימה בג'נין נמשכת", "הלחימה בג’נין נמשכת"):  # a geresh typed as ’ too
        assert "Nayn" not in {r.place for r in find_locations(None, text, "he")}
    assert [r.place for r in find_locations(None, "הלחימה בעזה נמשכת", "he")] == ["Gaza"]  # but a region, a city


def test_a_name_in_hiragana_is_a_town_only_as_one():
    assert find_locations(None, "明日は雨になります。", "ja") == ()  # なります (becomes) is not Narimasu
    assert [r.place for r in find_locations(None, "さいたま市で火災があった。", "ja")] == ["Saitama"]


def test_a_persian_or_urdu_demonym_says_who_acted_not_where():
    # an article that names no place but its actors' country: بھارتی (Indian)
    rows = find_locations("بھارتی فوج کی کارروائی", "بھارتی فوج نے دس باغیوں کو ہلاک کر دیا۔", "ur")
    assert [(r.place, r.precision) for r in rows if r.is_primary] == [("India", 3)]
    # beside a country's name, the demonym of the attacker does not move the event: an Israeli embassy in Jordan
    title = "اردن میں اسرائیلی سفارت خانے پر حملہ"
    text = "اردن میں ایک حملہ آور نے اسرائیلی سفارت خانے کو نشانہ بنایا۔ اسرائیلی عملہ محفوظ ہے۔"
    assert [r.place for r in find_locations(title, text, "ur") if r.is_primary] == ["Jordan"]
