"""Tests of the headline casualty figures: tasks.casualties.extract_casualties."""

from __future__ import annotations

from pathlib import Path

import pytest

from tasks.casualties import extract_casualties, pattern_files
from tasks.lexicon import languages
from tasks.records import Casualties

SEED = (Path(__file__).parent / "fixtures/seed.txt").read_text(encoding="utf-8")


def figures(text: str, language: str | None, title: str | None = None) -> tuple[int | None, int | None] | None:
    result = extract_casualties(text, language, title)
    return None if result is None else (result.killed, result.injured)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
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
        (
            "A Russian missile strike on Kharkiv killed seven people, including a 14-year-old girl, "
            "and wounded 23 others.",
            (7, 23),
        ),
        ("Up to 30 people were injured.", (None, 30)),
    ],
)
def test_english(text: str, expected: tuple[int | None, int | None]) -> None:
    assert figures(text, "en") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
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
        (
            "Sebanyak 5 orang tewas dan 12 lainnya luka-luka akibat ledakan bom pada Minggu (28/3/2021) "
            "pukul 10.30 WITA.",
            (5, 12),
        ),
        ("Dua orang tewas dan tiga lainnya luka berat.", (2, 3)),
        ("Belasan orang luka-luka.", (None, 11)),
    ],
)
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


@pytest.mark.parametrize(
    "text",
    [
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
    ],
)
def test_english_negatives(text: str) -> None:
    assert extract_casualties(text, "en") is None


@pytest.mark.parametrize(
    "text",
    [
        "Pasukan menembakkan 400 roket ke wilayah itu selama 24 jam.",
        "Tidak ada korban jiwa dalam insiden tersebut.",
        "Ahmad, berusia 25 tahun, tewas.",
        "Polisi menangkap 12 orang terduga teroris.",
        "Sebanyak 1,5 juta warga mengungsi.",
        "Ia ditembak mati oleh 3 orang tak dikenal.",
        "Serangan terjadi di 3 provinsi pada 2024.",
        "Mereka tewas pada pukul 10.30 WIB.",
    ],
)
def test_indonesian_negatives(text: str) -> None:
    assert extract_casualties(text, "id") is None


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
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
    ],
)
def test_other_languages(language: str, text: str, expected: tuple[int | None, int | None]) -> None:
    assert figures(text, language) == expected
    assert figures(text, None) == expected  # trying every table finds the same figures


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("fr", "Un homme âgé de 25 ans a été arrêté."),
        ("es", "El ejército desplegó 400 soldados en 3 provincias."),
        ("de", "Ein 25-jähriger Mann wurde festgenommen."),
        ("ru", "Учения продлились 24 часа."),
        ("tr", "Saldırıda 25 yaşındaki bir genç hayatını kaybetti."),
        ("ar", "أطلقت 400 صاروخ خلال 24 ساعة"),
    ],
)
def test_other_language_negatives(language: str, text: str) -> None:
    assert extract_casualties(text, language) is None


def test_a_figure_in_the_title_wins() -> None:
    result = extract_casualties(
        "The strike hit a market. Officials later said 3 people had died.", "en", title="Syria: 25 killed in airstrikes"
    )
    assert result == Casualties(25, None, "Syria: 25 killed in airstrikes")


def test_injured_comes_from_the_same_sentence_else_the_first_elsewhere() -> None:
    text = "Rescuers said 30 people were injured. Later, a strike killed 5 people."
    assert figures(text, "en") == (5, 30)
    assert figures("A strike killed 5 and injured 8. Another 40 were injured elsewhere.", "en") == (5, 8)
    assert figures(
        "Airstrikes hit Idlib. Rescuers said 30 people were injured.", "en", title="Syria: 25 killed in airstrikes"
    ) == (25, 30)


def test_injured_only() -> None:
    result = extract_casualties("No deaths were reported. At least 14 people were wounded.", "en")
    assert result == Casualties(None, 14, "At least 14 people were wounded.")


def test_the_first_figure_of_the_text_is_the_headline() -> None:
    text = (
        "Israeli strikes killed at least 40 Palestinians across Gaza on Tuesday, health officials said. "
        "The war began when militants attacked Israel, killing 1,200 people. "
        "Israel's offensive has since killed more than 40,000 Palestinians."
    )
    result = extract_casualties(text, "en")
    assert result is not None and result.killed == 40
    assert result.evidence == (
        "Israeli strikes killed at least 40 Palestinians across Gaza on Tuesday, health officials said."
    )


def test_evidence_is_the_sentence_and_at_most_about_300_characters() -> None:
    filler = "officials who spoke on condition of anonymity because they were not authorised to brief the media, "
    text = "Intro sentence. According to " + filler * 4 + "the shelling killed 31 people" + ", and more" * 30 + "."
    result = extract_casualties(text, "en")
    assert result is not None and result.killed == 31
    assert "killed 31 people" in result.evidence
    assert len(result.evidence) <= 300
    assert "Intro" not in result.evidence


@pytest.mark.parametrize("language", ["en", "EN", "en-GB", "en_US", "eng", "xx", None, ""])
def test_language_codes(language: str | None) -> None:
    # an unknown code ("xx") or none tries every table
    assert figures("Airstrikes killed 12 civilians.", language) == (12, None)


# ---------------------------------------------------------------------------------------------------------------
# The languages added with the data files: snippets written for these tests (not taken from any corpus)
# ---------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        # Persian: Persian and Arabic-Indic digits, Arabic-typed letters, number words, the verb last
        ("fa", "در این حمله دست کم ۱۲ نفر کشته و ۳۰ نفر زخمی شدند.", (12, 30)),
        ("fa", "پنج سرباز در انفجار بمب کنار جاده‌ای جان باختند.", (5, None)),
        ("fa", "حمله هوايي به روستا ده‌ها كشته برجاي گذاشت.", (20, None)),
        ("fa", "شمار کشته‌شدگان این حمله به ۲۵۰ نفر رسید.", (250, None)),
        ("fa", "نیروهای اشغالگر سه جوان فلسطینی را به شهادت رساندند.", (3, None)),
        ("fa", "این انفجار منجر به کشته شدن بیست و پنج نفر شد.", (25, None)),
        ("fa", "۴۰ نفر در درگیری‌های دیروز در شهر کشته شدند.", (40, None)),
        # Urdu
        ("ur", "دھماکے میں کم از کم 8 افراد جاں بحق اور 15 زخمی ہوگئے۔", (8, 15)),
        ("ur", "فائرنگ سے دو پولیس اہلکار شہید ہو گئے۔", (2, None)),
        ("ur", "سیکیورٹی فورسز نے آپریشن میں 6 دہشت گردوں کو ہلاک کر دیا۔", (6, None)),
        ("ur", "ہلاکتوں کی تعداد بڑھ کر 120 ہوگئی۔", (120, None)),
        ("ur", "حملے میں 20 سے زائد افراد زخمی ہوئے۔", (None, 20)),
        # Hindi: Devanagari digits too
        ("hi", "हमले में कम से कम 12 लोगों की मौत हो गई और 20 घायल हो गए।", (12, 20)),
        ("hi", "मुठभेड़ में तीन जवान शहीद हो गए।", (3, None)),
        ("hi", "सुरक्षाबलों ने 5 आतंकियों को मार गिराया।", (5, None)),
        ("hi", "मरने वालों की संख्या बढ़कर ४५ हो गई है।", (45, None)),
        # Hebrew: prefixed numbers ("ל-100", "ו-30")
        ("he", "בפיגוע נהרגו 12 בני אדם ו-30 נפצעו.", (12, 30)),
        ("he", "לפחות 5 חיילים נהרגו בתקיפה.", (5, None)),
        ("he", "מספר ההרוגים עלה ל-100.", (100, None)),
        ("he", "12 הרוגים ו-40 פצועים בפיצוץ", (12, 40)),
        # Japanese: counters, kanji and full-width numerals, no spaces
        ("ja", "爆発で少なくとも12人が死亡し、30人以上が負傷した。", (12, 30)),
        ("ja", "自爆テロで兵士3名が死亡", (3, None)),
        ("ja", "死者は二十三人に上った。", (23, None)),
        ("ja", "武装勢力が村人5人を殺害した。", (5, None)),
        ("ja", "空爆で数十人が死亡した。", (20, None)),
        ("ja", "テロで十数人が死亡", (11, None)),
        ("ja", "この戦争で1万2千人が死亡したとされる。", (12000, None)),
        ("ja", "死者１５人、負傷者４０人", (15, 40)),
        ("ja", "兵士2人と民間人3人が死亡した。", (5, None)),
        ("ja", "2人の子どもを含む10人が死亡した。", (10, None)),
        # Chinese
        ("zh", "爆炸造成至少12人死亡、30人受伤。", (12, 30)),
        ("zh", "空袭中3名士兵遇难。", (3, None)),
        ("zh", "死亡人数已升至59人。", (59, None)),
        ("zh", "以军打死两名巴勒斯坦青年。", (2, None)),
        ("zh", "袭击造成20余人丧生。", (20, None)),
        ("zh", "冲突已造成数百人死亡。", (200, None)),
        ("zh", "事故造成一百零五人死亡。", (105, None)),
        # Korean: the counter 명, native numbers, particles
        ("ko", "폭탄 테러로 최소 12명이 숨지고 30명이 다쳤다.", (12, 30)),
        ("ko", "민간인 3명이 사망했다.", (3, None)),
        ("ko", "사망자는 59명으로 늘었다.", (59, None)),
        ("ko", "공습으로 수십 명이 숨졌다.", (20, None)),
        ("ko", "군인 두 명이 숨졌다.", (2, None)),
        ("ko", "20여 명이 부상했다.", (None, 20)),
        # Polish and Ukrainian
        ("pl", "W ataku zginęło co najmniej 12 osób, a 30 zostało rannych.", (12, 30)),
        ("pl", "Trzech żołnierzy zginęło w zasadzce.", (3, None)),
        ("pl", "Liczba ofiar wzrosła do 1200.", (1200, None)),
        ("pl", "Kilkanaście osób zostało rannych.", (None, 11)),
        ("uk", "Внаслідок удару загинули щонайменше 12 людей, ще 30 поранені.", (12, 30)),
        ("uk", "Пʼятеро мирних жителів загинули.", (5, None)),
        ("uk", "Кількість загиблих зросла до 1 200.", (1200, None)),
        # deeper German, Arabic, Turkish, French, Indonesian: the verb after a few free words, more verbs
        ("de", "Bei dem Anschlag wurden mindestens 12 Menschen getötet und 30 verletzt.", (12, 30)),
        ("de", "Zwölf Soldaten sind bei dem Angriff in Helmand ums Leben gekommen.", (12, None)),
        ("de", "Insgesamt 40 Menschen wurden verletzt, zwei von ihnen getötet.", (None, 40)),
        ("ar", "استشهد 5 فلسطينيين وأصيب 12 آخرون في غارة.", (5, 12)),
        ("ar", "لقي 7 أشخاص مصرعهم في الهجوم.", (7, None)),
        ("ar", "أعدموا 6 أسرى في الساحة.", (6, None)),
        ("tr", "12 kişi saldırıda hayatını kaybetti.", (12, None)),
        ("fr", "L'armée affirme avoir tué 40 combattants.", (40, None)),
        ("fr", '15 rebelles et 3 personnes "du côté gouvernemental" ont été tués.', (18, None)),
        ("id", "Aparat menembak mati 2 anggota kelompok bersenjata.", (2, None)),
    ],
)
def test_more_languages(language: str, text: str, expected: tuple[int | None, int | None]) -> None:
    assert figures(text, language) == expected


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("fa", "در این درگیری هیچ کس کشته نشد."),
        ("fa", "ارتش ۴۰۰ موشک به سوی شهر شلیک کرد."),
        ("fa", "۱۵ نفر کشته و زخمی شدند."),  # killed-and-wounded: neither figure
        ("fa", "یک کودک شش ساله به بیمارستان منتقل شد."),
        ("fa", "او توسط یک تک‌تیرانداز کشته شد."),  # "by a sniper": the agent, not the dead
        ("ur", "پولیس نے 25 سالہ نوجوان کو گرفتار کر لیا۔"),
        ("ur", "دشمن نے 50 راکٹ فائر کیے۔"),
        ("hi", "एक 25 वर्षीय युवक को गिरफ्तार किया गया।"),
        ("hi", "2024 में 300 मिसाइलें दागी गईं।"),
        ("he", "בן 25 נעצר בחשד לרצח."),
        ("ja", "デモには約3万人が参加した。"),
        ("ja", "衝突で100人以上が死傷した。"),  # 死傷: killed or wounded
        ("ja", "2006年5月5日、27歳の兵士が帰国した。"),
        ("ja", "第3師団の兵士が派遣された。"),
        ("zh", "事件造成10人伤亡。"),
        ("zh", "约3万人参加了集会。"),
        ("ko", "시위에는 3만 명이 참가했다."),
        ("pl", "Nikt nie zginął."),
        ("pl", "Armia wystrzeliła 40 rakiet w ciągu 24 godzin."),
        ("uk", "Росія випустила 40 ракет за 24 години."),
        ("de", "Die Polizei nahm 12 Menschen fest."),
        ("tr", "Saldırıda 25 yaşındaki bir genç hayatını kaybetti."),
    ],
)
def test_more_language_negatives(language: str, text: str) -> None:
    assert extract_casualties(text, language) is None


def test_injured_figure_of_a_sentence_with_a_number_word_and_an_age() -> None:
    # the age after the noun stops the noun phrase: no figure rather than a wrong one
    assert figures("یک کودک ۱۲ ساله زخمی شد.", "fa") is None


def test_every_lexicon_language_has_casualty_patterns() -> None:
    assert {f.stem for f in pattern_files()} >= set(languages())


def test_malay_uses_the_indonesian_table() -> None:
    assert figures("Seramai 12 orang terbunuh.", "ms") == figures("Seramai 12 orang terbunuh.", "id") == (12, None)
