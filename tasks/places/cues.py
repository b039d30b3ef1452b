"""The words and patterns around a place's name that say how to read it: region, town, who spoke, landmark, dateline."""

from __future__ import annotations

import re

from tasks.places import loose, normalise

# sentence ends: . ! ? before a space, the full stops of CJK, Arabic, Urdu and Devanagari, line ends
SENTENCE_END = re.compile(r"[.!?](?=\s)|[。！？؟۔।\n]")


def words(text: str) -> frozenset[str]:
    """Words as texts are matched: normalised, in the loose form."""
    return frozenset(loose(normalise(word)) for word in text.split())


# the word for a region, right before or after a town's name, makes it its region
REGION_WORDS = words("""
province provinces provincial governorate region oblast district prefecture provinsi kabupaten wilayah
provincia región region regione estado provinz gebiet bezirk regierungsbezirk prowincja prowincji obwód obwodzie
obwodu obwodem ili vilayeti bolgesi область области областью областей провинция провинции провинцию
губернаторство мухафаза محافظة ولاية اقليم منطقه استان صوبه صوبے ضلع מחוז प्रांत प्रदेश राज्य ज़िला जिला
""")
CJK_REGION_SUFFIXES = ("省", "州", "県", "地区", "주", "도")

# the word for town right before (or, in Turkish, Chinese, Japanese and Korean, after) a name makes it a
# town's that needs no more context (در شهر رمادي, la ville de Kidal, kota Rafah)
TOWN_WORDS = words("""
city town village ville villes localité commune ciudad pueblo localidad città cidade stadt ort dorf kota desa
kampung kenti şehri ilçesi köyü город города городе городом село посёлок поселок місто міста місті селище
miasto mieście miasta wieś مدينة بلدة قرية شهر شهرستان روستای شہر قصبے گاؤں העיר הכפר शहर कस्बे गांव
""")
CJK_TOWN_SUFFIXES = ("市", "城", "镇", "鎮", "村", "町", "시")

# a verb of saying right after a place's name: the name stands for who spoke (Moscow said, Тегеран заявил)
SAID = words("""
said says say told announced accused warned denied claimed stated insisted confirmed urged responded condemned
declared added vowed rejected blamed dit déclaré affirmé affirme déclare annoncé accuse dénonce estime assure
sagte sagt erklärte erklärt teilte warnte beschuldigte dijo afirmó declaró anunció acusó aseguró detto
dichiarato disse afirmou declarou anunciou mengatakan menyatakan kata mengumumkan menuduh menegaskan berkata
açıkladı dedi belirtti bildirdi заявил заявила заявили заявляет сообщил сообщили заявив заявила повідомив
повідомили oświadczył poinformował powiedział zapowiedział oznajmił قال قالت اعلن اعلنت صرح اكد اكدت گفت
اعلام کہا אמר אמרה הודיע कहा बताया 表示 称 说 宣布 発表 表明 밝혔다 말했다
""")


# a distance or a direction from a town right before its name, on one line: the town is a landmark, not where it
# happened (but "in the east of Kharkiv" is in Kharkiv)
# (à 125 km de Ouagadougou, au nord de Kaboul, 30 km north of Kherson, к северу от Харькова, km dari Jakarta)
_COMPASS = "north|south|east|west|northeast|northwest|southeast|southwest|north-east|north-west|south-east|south-west"
LANDMARK = re.compile(
    r"(?:\b(?:km|kms|kilomet\w*|kilomèt\w*|kilómet\w*|quilômet\w*|chilomet\w*|miles?|км|километр\w*|кілометр\w*)"
    r"[^\S\n]+(?:from|of|de|du|d'|d’|di|da|dal|von|vom|dari|от|від|od)"
    rf"|(?<!the )\b(?:{_COMPASS})(?:ern)?[^\S\n]+of"
    r"|\b(?:au|à l'|à l’|a l'|al|ao|a)[^\S\n]*(?:nord|sud|est|ouest|norte|sur|sul|este|oeste|leste|nord-est|nord-ouest"
    r"|sud-est|sud-ouest|noreste|noroeste|sureste|suroeste)[^\S\n]+(?:de|du|d'|d’|di|do|da|del)"
    r"|\b(?:nördlich|südlich|östlich|westlich|nordöstlich|nordwestlich|südöstlich|südwestlich)[^\S\n]+(?:von|vom)"
    r"|\b(?:к|на)[^\S\n]+(?:северу|югу|востоку|западу|северо-востоку|северо-западу|юго-востоку|юго-западу|північ|південь"
    r"|схід|захід|північний схід|північний захід|південний схід|південний захід)[^\S\n]+(?:от|від)"
    r"|\bna[^\S\n]+(?:północ|południe|wschód|zachód|północny wschód|północny zachód|południowy wschód"
    r"|południowy zachód)"
    r"[^\S\n]+od"
    r"|\bsebelah[^\S\n]+(?:utara|selatan|timur|barat|barat laut|barat daya|timur laut|tenggara)"
    r"(?:[^\S\n]+(?:dari|kota))?"
    r"|کیلومتری(?:[^\S\n]+(?:شمال|جنوب|شرق|غرب)(?:[^\S\n]*(?:شرقی|غربی))?)?|(?:كم|كيلومترا|كيلومترات)[^\S\n]+(?:من|عن)"
    r")[^\S\n]*$"
)
# a dateline: a line that starts with the desk's town, maybe after or before the outlet's name, then a dash
# (Liputan6.com, Teheran - ..., GAZA, KOMPAS.com - ..., KYIV (Reuters) — ...): where the report was written
DATELINE_BEFORE = re.compile(r"(?:[^\n,]{1,30},\s*)?$")
DATELINE_AFTER = re.compile(r"(?:[^\S\n]*[,(/][^\n]{0,40}?[^\S\n]*|[^\S\n]+)[-–—]")


_QUOTES = "\"'«»()"


def beside(folded: str, start: int, end: int, vocabulary: frozenset[str], suffixes: tuple[str, ...]) -> bool:
    """Whether one of `vocabulary` is right before or after a name (or one of `suffixes` right after it), not
    across a punctuation mark (not "City, Salı": Manchester City, Tuesday)."""
    before = []
    for word in reversed(folded[max(0, start - 24) : start].split()[-2:]):  # the nearer word first
        if word.strip(_QUOTES)[-1:] in ".,;:!?":
            break
        before.append(word.strip(_QUOTES))
    after = folded[end : end + 24].split()[:1]
    found = set(before) | {w.strip(_QUOTES + ".,;:") for w in after}
    return bool(found & vocabulary) or folded[end : end + 2].startswith(suffixes)
