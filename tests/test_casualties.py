"""Tests of the headline casualty figures: tasks.casualties.extract_casualties."""

from __future__ import annotations

from pathlib import Path

import pytest

from tasks.casualties import extract_casualties
from tasks.records import Casualties

SEED = (Path(__file__).parent / "fixtures/seed.txt").read_text(encoding="utf-8")


def figures(text: str, language: str | None, title: str | None = None) -> tuple[int | None, int | None] | None:
    result = extract_casualties(text, language, title)
    return None if result is None else (result.killed, result.injured)


@pytest.mark.parametrize(("text", "expected"), [
    ("at least 400 rebels killed", (400, None)),
    ("Airstrikes killed 12 civilians and wounded 30 others", (12, 30)),
    ("The death toll rose to 1,200", (1200, None)),
    ("dozens of people were killed", (24, None)),
    ("killing three soldiers", (3, None)),
    ("five people died and 14 were injured", (5, 14)),
    ("at least 25 people, including 10 children, have been killed", (25, None)),
    # more English shapes
    ("Two Israeli soldiers were killed in the attack.", (2, None)),
    ("Three gunmen killed 12 worshippers at a mosque.", (12, None)),
    ("12 soldiers and 3 civilians were killed.", (15, None)),
    ("The strike killed more than a dozen people.", (12, None)),
    ("Scores of people were killed.", (40, None)),
    ("Hundreds of thousands of people have died in the war.", (200000, None)),
    ("Thousands have been killed since the war began.", (2000, None)),
    ("The attack left 40 dead and 100 wounded.", (40, 100)),
    ("At least 9 U.S. service members were killed.", (9, None)),
    ("The death toll from Saturday's attack on the market climbed to 57, officials said.", (57, None)),
    ("One person died.", (1, None)),
    ("twenty-five people were killed", (25, None)),
    ("one hundred and twenty people were killed", (120, None)),
    ("In 2014, 2000 people were killed.", (2000, None)),
    ("The 1994 genocide killed 800,000 people.", (800000, None)),
    ("The blast, which occurred at 10:30, killed 4 and injured 11.", (4, 11)),
    ("Of the 30 people on board, 12 died.", (12, None)),
    ("Police said 400 rockets were fired and 3 people were killed.", (3, None)),
    ("Some 2 million people live in the city, where 30 were killed last week.", (30, None)),
    ("At least 25 people — including 10 children — were killed.", (25, None)),
    ("A Russian missile strike on Kharkiv killed seven people, including a 14-year-old girl, and wounded 23 others.",
     (7, 23)),
    ("Up to 30 people were injured.", (None, 30)),
])
def test_english(text: str, expected: tuple[int | None, int | None]) -> None:
    assert figures(text, "en") == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("menewaskan sedikitnya 400 pemberontak", (400, None)),
    ("setidaknya 25 orang, termasuk 10 anak-anak, telah tewas", (25, None)),
    ("puluhan orang tewas", (20, None)),
    ("sedikitnya 12 orang meninggal dunia dan 30 lainnya luka-luka", (12, 30)),
    ("korban tewas mencapai 1.200 orang", (1200, None)),
    ("dua orang tewas", (2, None)),
    # number words and vague quantities
    ("Seorang tentara tewas dalam baku tembak.", (1, None)),
    ("Serangan itu menewaskan dua puluh lima orang.", (25, None)),
    ("Sebanyak dua belas warga sipil tewas.", (12, None)),
    ("sebelas orang tewas", (11, None)),
    ("seratus dua puluh orang tewas", (120, None)),
    ("Belasan orang tewas.", (11, None)),
    ("Ratusan orang meninggal dunia.", (200, None)),
    ("Ribuan orang tewas dalam perang itu.", (2000, None)),
    # other shapes
    ("Ledakan tersebut menewaskan 3 orang dan melukai 15 lainnya.", (3, 15)),
    ("Jumlah korban tewas bertambah menjadi 1.250 orang.", (1250, None)),
    ("Korban meninggal dunia akibat gempa Cianjur bertambah menjadi 318 orang.", (318, None)),
    ("Kapolda mengatakan, 3 anggota polisi gugur dalam kontak tembak dengan KKB.", (3, None)),
    ("Dalam 24 jam terakhir, 12 warga Palestina tewas.", (12, None)),
    ("Pada 2023, sebanyak 1.200 orang tewas.", (1200, None)),
    ("Sedikitnya 7 orang tewas, termasuk 2 anak, dan 20 orang lainnya terluka.", (7, 20)),
    ("Sebanyak 5 orang tewas dan 12 lainnya luka-luka akibat ledakan bom pada Minggu (28/3/2021) pukul 10.30 WITA.",
     (5, 12)),
    ("Dua orang tewas dan tiga lainnya luka berat.", (2, 3)),
    ("Belasan orang luka-luka.", (None, 11)),
])
def test_indonesian(text: str, expected: tuple[int | None, int | None]) -> None:
    assert figures(text, "id") == expected


def test_seed_article_gives_the_lede_figure() -> None:
    result = extract_casualties(SEED, "id")
    assert result is not None
    assert result.killed == 400
    assert result.injured is None
    assert "menewaskan sedikitnya 400 pemberontak" in result.evidence
    assert result.evidence.startswith("Militer Suriah")
    assert len(result.evidence) <= 300


def test_seed_article_without_a_language_and_with_its_title() -> None:
    assert figures(SEED, None) == (400, None)
    assert figures(SEED, "id", title="Serangan Udara Suriah dan Rusia Tewaskan 400 Pemberontak") == (400, None)


def test_seed_article_figures_that_are_not_the_headline() -> None:
    # "24 jam" is a duration; "10 anak-anak" a sub-count; "200 milisi" are not casualties
    later = SEED.split("\n", 1)[1]
    assert figures(later, "id") == (25, None)
    assert figures(SEED.split("\n", 1)[0].replace("400 pemberontak", "para pemberontak"), "id") is None


@pytest.mark.parametrize("text", [
    "The army held exercises with 400 troops",
    "24 hours",
    "a 25-year-old man",
    "in 2024",
    "3 provinces",
    "A 25-year-old man was killed.",
    "In 2024 soldiers were killed.",
    "He was killed on 12 March.",
    "On 12 March soldiers were killed.",
    "No one was killed in the blast.",
    "Rebels threatened to kill 100 hostages.",
    "The death toll could rise to 1,000.",
    "12 percent of people were killed",
    "A $400 million deal killed the project.",
    "killed 12-year-old boy",
    "He said 5 people were arrested.",
    "The UN says more than 1.5 million people have fled.",
    "Raiders killed 12 cows.",
    "The attack was carried out by 3 gunmen over 24 hours in 3 provinces.",
    "",
])
def test_english_negatives(text: str) -> None:
    assert extract_casualties(text, "en") is None


@pytest.mark.parametrize("text", [
    "Pasukan menembakkan 400 roket ke wilayah itu selama 24 jam.",
    "Tidak ada korban jiwa dalam insiden tersebut.",
    "Ahmad, berusia 25 tahun, tewas.",
    "Polisi menangkap 12 orang terduga teroris.",
    "Sebanyak 1,5 juta warga mengungsi.",
    "Ia ditembak mati oleh 3 orang tak dikenal.",
    "Serangan terjadi di 3 provinsi pada 2024.",
    "Mereka tewas pada pukul 10.30 WIB.",
])
def test_indonesian_negatives(text: str) -> None:
    assert extract_casualties(text, "id") is None


@pytest.mark.parametrize(("language", "text", "expected"), [
    ("ms", "Seramai 12 orang terbunuh dan 30 lagi cedera dalam serangan itu.", (12, 30)),
    ("ms", "Sekurang-kurangnya 5 askar maut dalam serangan hendap.", (5, None)),
    ("ms", "Angka kematian meningkat kepada 1,200 orang.", (1200, None)),
    ("fr", "Au moins 12 personnes ont été tuées et 30 blessées.", (12, 30)),
    ("fr", "Le bilan s'élève à 1 200 morts.", (1200, None)),
    ("fr", "Des dizaines de civils ont été tués.", (20, None)),
    ("fr", "La frappe a tué trois soldats.", (3, None)),
    ("fr", "Une vingtaine de personnes sont mortes.", (20, None)),
    ("fr", "L'attaque a fait 25 morts, dont 10 enfants.", (25, None)),
    ("es", "Al menos 12 personas murieron y 30 resultaron heridas.", (12, 30)),
    ("es", "La cifra de muertos ascendió a 1.200.", (1200, None)),
    ("es", "Murieron 15 personas en el ataque.", (15, None)),
    ("es", "El ataque dejó 40 muertos y 100 heridos.", (40, 100)),
    ("es", "Treinta y cinco personas murieron.", (35, None)),
    ("pt", "Pelo menos 12 pessoas morreram e 30 ficaram feridas.", (12, 30)),
    ("pt", "O número de mortos subiu para 1.200.", (1200, None)),
    ("pt", "O ataque matou dezenas de civis.", (20, None)),
    ("it", "Almeno 12 persone sono state uccise e 30 sono rimaste ferite.", (12, 30)),
    ("it", "Il bilancio è salito a 1.200 morti.", (1200, None)),
    ("it", "Centinaia di persone sono morte.", (200, None)),
    ("de", "Mindestens 12 Menschen wurden getötet und 30 verletzt.", (12, 30)),
    ("de", "Die Zahl der Toten stieg auf 1.200.", (1200, None)),
    ("de", "Bei dem Angriff kamen zwei Kinder ums Leben.", (2, None)),
    ("de", "Dutzende Menschen starben.", (24, None)),
    ("ru", "По меньшей мере 12 человек погибли, 30 получили ранения.", (12, 30)),
    ("ru", "Число погибших возросло до 1 200.", (1200, None)),
    ("ru", "В результате удара погибли пять мирных жителей.", (5, None)),
    ("tr", "En az 12 kişi öldü, 30 kişi yaralandı.", (12, 30)),
    ("tr", "Ölü sayısı 1.200'e yükseldi.", (1200, None)),
    ("tr", "Saldırıda onlarca kişi hayatını kaybetti.", (20, None)),
    ("ar", "مقتل 12 شخصا وإصابة 30 آخرين في غارة جوية", (12, 30)),
    ("ar", "ارتفع عدد القتلى إلى ١٢٠٠", (1200, None)),
    ("ar", "سقط 15 قتيلا في الهجوم", (15, None)),
])
def test_other_languages(language: str, text: str, expected: tuple[int | None, int | None]) -> None:
    assert figures(text, language) == expected
    assert figures(text, None) == expected          # trying every table finds the same figures


@pytest.mark.parametrize(("language", "text"), [
    ("fr", "Un homme âgé de 25 ans a été arrêté."),
    ("es", "El ejército desplegó 400 soldados en 3 provincias."),
    ("de", "Ein 25-jähriger Mann wurde festgenommen."),
    ("ru", "Учения продлились 24 часа."),
    ("tr", "Saldırıda 25 yaşındaki bir genç hayatını kaybetti."),
    ("ar", "أطلقت 400 صاروخ خلال 24 ساعة"),
])
def test_other_language_negatives(language: str, text: str) -> None:
    assert extract_casualties(text, language) is None


def test_a_figure_in_the_title_wins() -> None:
    result = extract_casualties("The strike hit a market. Officials later said 3 people had died.", "en",
                                title="Syria: 25 killed in airstrikes")
    assert result == Casualties(25, None, "Syria: 25 killed in airstrikes")


def test_injured_comes_from_the_same_sentence_else_the_first_elsewhere() -> None:
    text = "Rescuers said 30 people were injured. Later, a strike killed 5 people."
    assert figures(text, "en") == (5, 30)
    assert figures("A strike killed 5 and injured 8. Another 40 were injured elsewhere.", "en") == (5, 8)
    assert figures("Airstrikes hit Idlib. Rescuers said 30 people were injured.", "en",
                   title="Syria: 25 killed in airstrikes") == (25, 30)


def test_injured_only() -> None:
    result = extract_casualties("No deaths were reported. At least 14 people were wounded.", "en")
    assert result == Casualties(None, 14, "At least 14 people were wounded.")


def test_the_first_figure_of_the_text_is_the_headline() -> None:
    text = ("Israeli strikes killed at least 40 Palestinians across Gaza on Tuesday, health officials said. "
            "The war began when militants attacked Israel, killing 1,200 people. "
            "Israel's offensive has since killed more than 40,000 Palestinians.")
    result = extract_casualties(text, "en")
    assert result is not None and result.killed == 40
    assert result.evidence == ("Israeli strikes killed at least 40 Palestinians across Gaza on Tuesday, "
                               "health officials said.")


def test_evidence_is_the_sentence_and_at_most_about_300_characters() -> None:
    filler = "officials who spoke on condition of anonymity because they were not authorised to brief the media, "
    text = "Intro sentence. According to " + filler * 4 + "the shelling killed 31 people" + ", and more" * 30 + "."
    result = extract_casualties(text, "en")
    assert result is not None and result.killed == 31
    assert "killed 31 people" in result.evidence
    assert len(result.evidence) <= 300
    assert "Intro" not in result.evidence


@pytest.mark.parametrize("language", ["en", "EN", "en-GB", "en_US", "zh", None, ""])
def test_language_codes(language: str | None) -> None:
    assert figures("Airstrikes killed 12 civilians.", language) == (12, None)
