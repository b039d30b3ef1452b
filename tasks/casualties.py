"""Find the headline casualty figures of a news article: how many were killed (and injured), and where it says so.

The headline rule
-----------------
* A *figure* is a number tied, inside one clause, to a killing or death word (killed, dead, died, death toll,
  tewas, menewaskan, meninggal, korban jiwa ...) or to an injury word (wounded, injured, luka-luka, cedera ...).
  Three shapes are recognised, each from a per-language table (`_LANGUAGES`):
    - trigger before the number: "killed at least 12", "menewaskan sedikitnya 400", "murieron 12 personas";
    - number before the trigger: "400 rebels killed", "dua orang tewas", "12 Tote", the number followed by an
      optional noun phrase naming people ("12 Palestinian civilians"), auxiliaries ("have been") and a
      sub-count aside (", including 10 children,");
    - a toll: "the death toll rose to 1,200", "korban tewas mencapai 1.200 orang", "le bilan s'élève à 1 200".
  Coordinated groups before one trigger are added up: "12 soldiers and 3 civilians were killed" -> 15.
* Killed: the figure in the title when the title states one, else the first killed figure of the text (the lede
  states the headline toll; later figures are usually partial or older counts). The evidence is that sentence.
* Injured: the injured figure of that same sentence, else the first injured figure of the title, else of the
  text, else None. With no killed figure at all, the first injured figure is returned with killed=None.
* None when the article states no figure.

What is never a figure (conservative: a wrong number is worse than None)
* numbers not tied to a casualty word in the same clause ("400 troops", "3 provinces", "24 jam");
* sub-counts: a number after "including", "among them", "termasuk", "dont" ... or before "of them";
* years (a bare 1900-2099 counts only when a people noun follows and no preposition precedes it), times, dates,
  ages ("a 25-year-old", "aged 25", "berusia 25 tahun"), percentages, money, ranges ("12-15"), and counts of
  things ("400 rockets", "24 hours"): a unit or thing word right after the number rejects it;
* hypotheticals and negations before a trigger ("threatened to kill 100", "could kill", "no one was killed");
* "a"/"an" alone ("a soldier was killed") is not read as 1, but "one", "seorang", "un", "bir" ... are.

Numbers: digits with '.', ',' or thin-space thousands separators are read the same in every language (a
casualty count is never a decimal: "1.200" and "1,200" are both 1200; French and Russian also allow "1 200"),
decimals only before a multiplier ("1.5 million", "1,5 juta"); Arabic-Indic digits are read too. Number words
are read up to the millions ("twenty-five", "dua puluh lima", "dua belas", "seratus", "treinta y cinco").
Vague quantities follow one convention:
    a dozen 12, dozens 24, scores 40, tens (puluhan, dizaines, decenas, dezenas, decine, десятки, onlarca,
    عشرات) 20, belasan (teens) 11, hundreds 200, thousands 2000, tens of thousands 20000,
    hundreds of thousands 200000; French "une dizaine/vingtaine/centaine de" 10/20/100.

Languages: en and id in depth; ms (sharing the Indonesian table: the written languages overlap), fr, es, pt, it,
de, ru, tr, ar. `language` picks the table ("en-GB" -> en); None or an unknown code tries all of them.

Speed: a language's patterns are compiled once per process, on its first use (~0.1 s; never per call). Each call
first finds the trigger words with an Aho-Corasick automaton and runs the three regexes (trigger-number,
number-trigger, toll) only on the stretches of text around them: a few milliseconds for a 1500-word article.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

import ahocorasick

from tasks.records import Casualties

__all__ = ["extract_casualties"]

_WS = r"[^\S\n]+"          # whitespace inside a line: figures never span line breaks
_WS0 = r"[^\S\n]*"
_EVIDENCE_MAX = 300
_MAX_FIGURE = 10_000_000
_YEAR = re.compile(r"(?:19|20)\d\d")
# Arabic-Indic and Eastern Arabic-Indic digits and separators, mapped one character to one (offsets stay valid)
_DIGIT_TABLE = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٬٫", "01234567890123456789,.")
_CURRENCY = r"[$€£¥₹₺₽]|(?<!\w)(?:US\$|USD|EUR|IDR|Rp\.?|RM|Rs\.?)"
_CLITICS = "وفبل"           # Arabic one-letter prefixes a trigger may carry ("ومقتل")
_REACH_BEFORE, _REACH_AFTER = 400, 300   # how far from a trigger word its number may be (characters)


def _nums(spec: str) -> dict[str, int]:
    """'one 1 two 2' -> {'one': 1, 'two': 2}."""
    words = spec.split()
    return {words[i]: int(words[i + 1]) for i in range(0, len(words), 2)}


# ---------------------------------------------------------------------------------------------------------------
# Language tables. Every string field is a `|`-separated list of phrases (regex fragments allowed; a space matches
# any in-line whitespace, an apostrophe matches ' and ’). Fields:
#   units/scales/starts/joiners: number words (scales: x10 puluh, p10 belas, x100 hundred, big thousand/million;
#     starts: scale words that can open a number, like "seratus"); phrases: vague quantities; multipliers: after
#     digits ("2 ribu"); quant: "at least"-like words between a trigger and the number;
#   kill_pre/inj_pre: triggers before the number; kill_post/inj_post: after it; kill_toll/inj_toll: toll nouns;
#   link: words between a toll noun and its number; toll_verbs: verbs that end a longer toll phrase;
#   persons: people nouns; aux: words between the noun phrase and a trigger; stop: function words (never part of
#   a noun phrase); conj: "and"; det: what makes a trigger active ("killed the ...", only with object_check);
#   subcount: "including"; units_after: words that make a number a non-casualty count; before: words that do
#   (ages, "no"); modal: words that make a following trigger hypothetical or negated;
#   mods: how many modifier words a noun phrase may have before and after its people noun.
# ---------------------------------------------------------------------------------------------------------------

_EN: dict[str, Any] = {
    "units": _nums("one 1 two 2 three 3 four 4 five 5 six 6 seven 7 eight 8 nine 9 ten 10 eleven 11 twelve 12 "
                   "thirteen 13 fourteen 14 fifteen 15 sixteen 16 seventeen 17 eighteen 18 nineteen 19 twenty 20 "
                   "thirty 30 forty 40 fifty 50 sixty 60 seventy 70 eighty 80 ninety 90"),
    "scales": {"hundred": ("x100", 100), "thousand": ("big", 1000), "million": ("big", 10**6)},
    "joiners": "and",
    "phrases": {"tens of thousands(?: of)?": 20000, "hundreds of thousands(?: of)?": 200000,
                "dozens(?: of)?": 24, "scores(?: of)?": 40, "hundreds(?: of)?": 200, "thousands(?: of)?": 2000,
                "half a dozen": 6, "(?:a|one) dozen": 12, "a hundred": 100, "a thousand": 1000},
    "multipliers": {"thousand": 1000, "million": 10**6},
    "quant": "at least|at least another|another|a further|an additional|additional|more than|over|well over|"
             "nearly|almost|about|around|roughly|approximately|some|an estimated|estimated|as many as|up to|"
             "upwards of|close to|a total of|fewer than|less than|no fewer than|no less than|just over|"
             "just under|at most|a reported|reportedly",
    "kill_pre": "killed|killing|kills|kill|slaughtered|slaughtering|massacred|massacring|executed|executing|"
                "murdered|murdering|claimed the lives of|claiming the lives of|claims the lives of|"
                "took the lives of|taking the lives of|deaths of|death of|killing of|killings of|murder of|"
                "murders of|massacre of|shot dead|shooting dead|gunned down|gunning down",
    "inj_pre": "wounded|wounding|wounds|injured|injuring|injures|injure|hurt|hurting|maimed|maiming",
    "kill_post": "killed|dead|died|die|dies|deaths|perished|slain|murdered|massacred|executed|lost their lives|"
                 "lost his life|lost her life|shot dead|gunned down|beheaded|burned to death|burnt to death|"
                 "stabbed to death|beaten to death|hacked to death|fatalities",
    "inj_post": "wounded|injured|hurt|injuries",
    "kill_toll": "death toll|casualty toll|fatality toll|toll|number of dead|number of deaths|"
                 "number of fatalities|number of people killed|number of those killed|number of people who died|"
                 "number of victims|tally of dead|body count",
    "inj_toll": "number of injured|number of wounded|number of injuries|number of people injured|"
                "number of people wounded|injury toll",
    "link": "of|at|to|is|was|has|had|have|now|already|stood|stands|stand|risen|been|put|reached|reaches|hit|"
            "hits|rose|rises|rising|climbed|climbs|climbing|jumped|jumps|increased|increases|soared|soars|"
            "surged|surges|mounted|passed|surpassed|exceeded|topped|tops|grew|grows|numbered|numbers|totalled|"
            "totaled|totals|reaching|bringing|further|again|estimated|officially|currently|so far|since",
    "toll_verbs": "rose|risen|rises|rising|climbed|climbs|climbing|jumped|jumps|increased|increases|soared|"
                  "surged|reached|reaches|reaching|hit|hits|stood|stands|surpassed|exceeded|topped|passed|"
                  "numbered|totalled|totaled|is|was|grew|mounted",
    "persons": "people|persons|person|civilians?|soldiers?|troops|servicemen|servicemembers|service members|"
               "members|fighters?|militants?|rebels?|insurgents?|jihadists?|gunmen|gunman|terrorists?|"
               "combatants?|militiamen|militia members|paramilitaries|policemen|policeman|police officers?|"
               "police|officers?|personnel|guards?|guardsmen|peacekeepers?|children|child|kids|babies|infants|"
               "boys?|girls?|teenagers?|minors|students?|pupils|schoolchildren|women|woman|men|man|workers?|"
               "journalists?|reporters?|medics|paramedics|doctors?|nurses|volunteers|worshippers|pilgrims|"
               "protesters|protestors|demonstrators|villagers|residents|farmers|miners|fishermen|passengers|"
               "migrants|refugees|hostages|prisoners|detainees|inmates|attackers|assailants|suspects|victims|"
               "others|more|individuals|family members|relatives|inhabitants|locals|citizens|nationals|staff|"
               "employees|crew members|crew|sailors|pilots|marines|commanders|officials|leaders|militia|"
               "security forces|recruits|cadets|conscripts|elderly|adults|youths|mourners|shoppers|"
               "bystanders|pedestrians|Palestinians|Israelis|Ukrainians|Russians|Syrians|Iraqis|Afghans|"
               "Lebanese|Sudanese|Yemenis|Somalis|Rohingya|Kurds|Americans",
    "aux": "were|was|are|is|have|has|had|been|being|be|got|reportedly|also|all|now|later|confirmed|reported|"
           "believed|feared|thought|said|known|to|since|subsequently|allegedly|already|initially|officially|"
           "apparently|presumed|each|both|so far|in total|altogether",
    "stop": "the|a|an|of|in|on|at|by|for|from|with|without|into|onto|near|during|after|before|since|over|under|"
            "between|among|across|against|through|and|or|but|nor|that|which|who|whom|whose|where|when|while|as|"
            "than|this|these|those|there|their|his|her|its|our|your|my|it|they|he|she|we|you|not|no|to|if|per|"
            "each|every|any|some|about|around|including|like|via|what|how|why|following|amid|because|last|"
            "next|ago",
    "conj": "and",
    "det": "the|a|an|his|her|their|its|our|my|your|them|him|us|me|it|this|these|those|several|many|some",
    "subcount": "including|among them|among whom|of them|of whom|most of them|many of them|mostly|mainly|"
                "such as|among those|amongst them",
    "units_after": "hours?|hrs?|minutes?|mins?|seconds?|days?|nights?|weeks?|months?|years?|decades?|centuries|"
                   "yrs|km|kms|kilometers?|kilometres?|miles?|meters?|metres?|feet|foot|ft|mm|cm|kg|kilograms?|"
                   "tons?|tonnes?|percent|per cent|pct|%|dollars?|euros?|pounds?|rupees?|shekels?|yuan|"
                   "am|pm|a\\.m\\.|p\\.m\\.|o'clock|GMT|UTC|january|february|march|april|may|june|july|august|"
                   "september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec|"
                   "provinces?|districts?|regions?|states?|countries|cities|towns?|villages?|"
                   "neighbou?rhoods?|rockets?|missiles?|drones?|shells?|bombs?|mortars?|rounds|projectiles?|"
                   "tanks?|vehicles?|trucks?|aircraft|planes?|jets?|helicopters?|ships?|boats?|buildings?|"
                   "houses?|homes?|schools?|hospitals?|mosques?|churches?|targets?|sites?|positions?|times|"
                   "points?|goals?|votes?|seats?|cases?|degrees?|storeys?|floors?|acres?|hectares?|"
                   "square|mph|knots|of them|of whom|times as many|animals|cattle|cows|sheep|goats|camels|"
                   "livestock|dogs|birds|chickens|horses|donkeys|fish|jobs|projects|bills|deals|flights",
    "before": "aged|age|ages|age of|no|none of the|none of|number|No\\.|nr|route|highway|flight|room|page|"
              "chapter|article|resolution|level|category|gate|platform|phase|grade|size|top",
    "modal": "could|would|will|may|might|can|cannot|should|not|never|did not|didn't|does not|doesn't|won't|"
             "wouldn't|couldn't|threatening to|threatened to|threatens to|vowed to|vowing to|plans to|"
             "planned to|planning to|tried to|trying to|attempted to|attempting to|sought to|seeking to|"
             "wants to|wanted to|intended to|aims to|aimed to|plot to|plotted to",
    "mods": (2, 0),
    "object_check": True,
    "proper_plurals": True,
}

# Indonesian and Malay share one table (their news registers overlap; Malay-only words are harmless in Indonesian)
_ID: dict[str, Any] = {
    "units": _nums("satu 1 seorang 1 dua 2 tiga 3 empat 4 lima 5 enam 6 tujuh 7 delapan 8 lapan 8 sembilan 9 "
                   "sepuluh 10 sebelas 11"),
    "scales": {"puluh": ("x10", 10), "belas": ("p10", 10), "ratus": ("x100", 100), "seratus": ("x100", 100),
               "ribu": ("big", 1000), "seribu": ("big", 1000), "juta": ("big", 10**6),
               "sejuta": ("big", 10**6)},
    "starts": "seratus|seribu|sejuta",
    "phrases": {"puluhan ribu": 20000, "ratusan ribu": 200000, "puluhan": 20, "belasan": 11, "ratusan": 200,
                "ribuan": 2000, "lusinan": 24, "selusin": 12, "berpuluh-puluh": 20, "beratus-ratus": 200,
                "beribu-ribu": 2000},
    "multipliers": {"ribu": 1000, "juta": 10**6},
    "quant": "sedikitnya|setidaknya|setidak-tidaknya|sedikit-dikitnya|paling sedikit|paling tidak|"
             "sekurang-kurangnya|sekurangnya|sekitar|kurang lebih|lebih kurang|kira-kira|hampir|lebih dari|"
             "lebih daripada|sebanyak|mencapai|hingga|sampai|total|tak kurang dari|tidak kurang dari|"
             "tidak kurang daripada|seramai|kurang dari|diperkirakan|ditaksir|minimal|lagi|lainnya",
    "kill_pre": "menewaskan|tewaskan|membunuh|bunuh|membantai|bantai|merenggut nyawa|merenggut|tewasnya|"
                "meninggalnya|terbunuhnya|kematian|pembunuhan|pembantaian|mengorbankan|menyebabkan kematian|"
                "mengakibatkan kematian|meragut nyawa|meragut|mengorbankan nyawa",
    "inj_pre": "melukai|lukai|mencederai|menciderai|mencederakan|melukakan",
    "kill_post": "tewas|meninggal dunia|meninggal|terbunuh|gugur|mati|maut|terkorban|korban jiwa|korban tewas|"
                 "korban meninggal(?: dunia)?|kehilangan nyawa|kehilangan jiwa|dibunuh|dibantai|ditembak mati|"
                 "dieksekusi|terbakar hidup-hidup|jiwa melayang",
    "inj_post": "luka-luka|luka berat|luka ringan|luka parah|terluka|luka|cedera parah|cedera|tercedera|"
                "korban luka(?:-luka)?",
    "kill_toll": "jumlah korban tewas|jumlah korban jiwa|jumlah korban meninggal(?: dunia)?|"
                 "jumlah orang yang tewas|jumlah yang tewas|jumlah kematian|angka kematian|korban tewas|"
                 "korban jiwa|korban meninggal(?: dunia)?|korban yang tewas|korban yang meninggal(?: dunia)?|"
                 "korban maut|angka korban jiwa|bilangan kematian|jumlah terkorban",
    "inj_toll": "jumlah korban luka(?:-luka)?|korban luka(?:-luka)?|korban cedera|jumlah korban cedera|"
                "korban yang terluka|jumlah yang cedera",
    "link": "mencapai|menjadi|bertambah|naik|meningkat|melonjak|sebanyak|sudah|telah|kini|saat ini|adalah|"
            "sebesar|tercatat|berjumlah|ada|yakni|yaitu|sementara|kepada|seramai|sejauh ini",
    "toll_verbs": "mencapai|menjadi|bertambah|naik|meningkat|melonjak|tercatat|berjumlah|sebanyak|adalah|"
                  "kepada",
    "persons": "orang|jiwa|warga(?: sipil)?|penduduk|masyarakat|rakyat|sipil|awam|tentara|prajurit|serdadu|"
               "askar|tentera|militer|polisi|anggota(?: polisi| TNI| militer| keluarga| keselamatan)?|personel|"
               "pemberontak|militan|milisi|pejuang|gerilyawan|teroris|jihadis|pasukan|anak-anak|anak|"
               "kanak-kanak|bayi|balita|remaja|pelajar|siswa|murid|mahasiswa|santri|perempuan|wanita|lelaki|"
               "laki-laki|pria|ibu|jurnalis|wartawan|petugas|pekerja|buruh|relawan|sukarelawan|dokter|perawat|"
               "tenaga medis|paramedis|penumpang|pengungsi|pelarian|demonstran|pengunjuk rasa|pendemo|peserta|"
               "jemaah|jamaah|nelayan|petani|penambang|tahanan|sandera|tebusan|narapidana|napi|korban|mangsa|"
               "lainnya|lain|lagi|pengawal|penjaga|aparat|pelaku|penyerang|WNI|WNA|keluarga|orang awam",
    "aux": "telah|sudah|dilaporkan|dikabarkan|diberitakan|diketahui|dipastikan|dikonfirmasi|disebut|diduga|"
           "diyakini|diperkirakan|dikhawatirkan|juga|pun|semuanya|seluruhnya|ikut|turut|yang|akhirnya|kini|"
           "langsung|mengalami|menjadi|dinyatakan|ditemukan|sempat|lagi|disahkan|dipercayai",
    "stop": "yang|di|ke|dari|pada|dalam|untuk|dengan|oleh|dan|atau|tetapi|namun|serta|bahwa|ini|itu|tersebut|"
            "selama|sejak|setelah|sebelum|saat|ketika|antara|terhadap|tanpa|per|para|sang|si|akan|tidak|tak|"
            "bukan|belum|karena|sehingga|bagi|seperti|termasuk|hingga|sampai|sekitar|atas|bawah|kepada|"
            "daripada|jika|bila|kalau|agar|supaya|ada|adalah|ialah|merupakan|lalu|kemudian|sementara|mereka|"
            "kami|kita|dia|ia|beliau|tahun|bulan|hari|pukul",
    "conj": "dan|serta",
    "det": "para|sang|mereka|dia|ia",
    "subcount": "termasuk|di antaranya|diantaranya|antara lain|antaranya|di antara mereka|sebagian besar|"
                "kebanyakan|mayoritas",
    "units_after": "jam|menit|detik|hari|malam|minggu|pekan|bulan|tahun|abad|dekade|km|kilometer|meter|mil|"
                   "persen|%|rupiah|dolar|ringgit|euro|miliar|triliun|pukul|WIB|WITA|WIT|Januari|Februari|"
                   "Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|November|Desember|Januari|Februari|"
                   "Mac|Jun|Julai|Ogos|Disember|provinsi|wilayah|kabupaten|kota|desa|kampung|negara|negeri|"
                   "daerah|roket|rudal|peluru|misil|drone|bom|granat|tank|kendaraan|truk|pesawat|helikopter|"
                   "kapal|gedung|bangunan|rumah|sekolah|masjid|gereja|kali|poin|ton|unit|buah|lokasi|titik|"
                   "di antaranya|diantaranya|dari mereka|kasus|ekor|sapi|kambing|domba|ternak|hewan|"
                   "ayam|kerbau|unta",
    "before": "berusia|berumur|usia|umur|tahun|nomor|no\\.|tidak ada|tak ada|tiada|tanpa|pukul",
    "modal": "akan|bisa|dapat|mampu|berpotensi|mengancam|mengancam akan|berniat|tidak|tak|belum|bukan|"
             "hendak|ingin|mau|berencana|tidak akan|boleh|mungkin",
    "mods": (1, 2),
}

_FR: dict[str, Any] = {
    "units": _nums("un 1 une 1 deux 2 trois 3 quatre 4 cinq 5 six 6 sept 7 huit 8 neuf 9 dix 10 onze 11 "
                   "douze 12 treize 13 quatorze 14 quinze 15 seize 16 vingt 20 trente 30 quarante 40 "
                   "cinquante 50 soixante 60"),
    "scales": {"cent": ("x100", 100), "cents": ("x100", 100), "mille": ("big", 1000),
               "million": ("big", 10**6), "millions": ("big", 10**6)},
    "starts": "cent|mille",
    "joiners": "et",
    "phrases": {"des dizaines de milliers(?: de)?": 20000, "dizaines de milliers(?: de)?": 20000,
                "des centaines de milliers(?: de)?": 200000, "(?:des )?dizaines(?: de)?": 20,
                "une dizaine(?: de)?": 10, "une douzaine(?: de)?": 12, "(?:des )?douzaines(?: de)?": 24,
                "une vingtaine(?: de)?": 20, "une trentaine(?: de)?": 30, "une quarantaine(?: de)?": 40,
                "une cinquantaine(?: de)?": 50, "une soixantaine(?: de)?": 60, "une centaine(?: de)?": 100,
                "(?:des )?centaines(?: de)?": 200, "un millier(?: de)?": 1000, "(?:des )?milliers(?: de)?": 2000},
    "multipliers": {"mille": 1000, "millions?": 10**6},
    "quant": "au moins|d'au moins|plus de|près de|environ|quelque|presque|au total|jusqu'à|pas moins de|"
             "un total de|encore|autour de|moins de|quelque|au minimum",
    "kill_pre": "a tué|ont tué|avait tué|avaient tué|aurait tué|auraient tué|tuant|a coûté la vie à|"
                "ont coûté la vie à|coûtant la vie à|coûté la vie à|la mort de|mort de|morts de|décès de",
    "inj_pre": "a blessé|ont blessé|avait blessé|blessant",
    "kill_post": "tués|tuées|tué|tuée|morts|mortes|mort|morte|ont péri|a péri|ont trouvé la mort|"
                 "a trouvé la mort|ont perdu la vie|a perdu la vie|décès|décédés|décédées|ont succombé|"
                 "a succombé|assassinés|assassinées|exécutés|abattus",
    "inj_post": "blessés|blessées|blessé|blessée|grièvement blessés|légèrement blessés",
    "kill_toll": "bilan humain|bilan des morts|bilan des victimes|bilan|nombre de morts|nombre de tués|"
                 "nombre des morts|nombre de victimes|nombre de décès|nombre des victimes",
    "inj_toll": "nombre de blessés|nombre des blessés|bilan des blessés",
    "link": "s'élève à|s'établit à|s'est alourdi à|est passé à|passe à|est monté à|monte à|grimpe à|"
            "a grimpé à|atteint|a atteint|est de|était de|de|à|provisoire|officiel|s'élevait à|fait état de|"
            "se monte à|est désormais de|désormais|s'alourdit à|est porté à|porté à|d'",
    "toll_verbs": "s'élève à|s'établit à|s'est alourdi à|s'alourdit à|est passé à|passe à|grimpe à|"
                  "a grimpé à|atteint|a atteint|est de|s'élevait à|est monté à|est porté à",
    "persons": "personnes|personne|civils|civil|soldats|soldat|militaires|militaire|combattants|rebelles|"
               "insurgés|militants|miliciens|jihadistes|djihadistes|terroristes|policiers|gendarmes|agents|"
               "membres|enfants|enfant|femmes|femme|hommes|homme|bébés|adolescents|jeunes|élèves|étudiants|"
               "journalistes|secouristes|médecins|humanitaires|travailleurs|ouvriers|manifestants|"
               "villageois|habitants|passagers|migrants|réfugiés|otages|détenus|prisonniers|fidèles|autres|"
               "assaillants|casques bleus|Palestiniens|Israéliens|Ukrainiens|Russes|Syriens",
    "aux": "ont|été|sont|a|est|avaient|avait|auraient|aurait|seraient|serait|étaient|était|également|aussi|"
           "tous|toutes|déjà|retrouvés|retrouvées|probablement|ainsi|au total",
    "stop": "le|la|les|l'|un|une|des|du|de|d'|au|aux|à|en|dans|sur|sous|par|pour|avec|sans|entre|chez|vers|"
            "depuis|pendant|après|avant|et|ou|mais|qui|que|qu'|dont|où|ce|cette|ces|leur|leurs|son|sa|ses|il|"
            "elle|ils|elles|ne|pas|plus|selon|lors|contre|parmi",
    "conj": "et",
    "det": "",
    "subcount": "dont|parmi lesquels|parmi lesquelles|parmi eux|notamment|y compris|en majorité|"
                "pour la plupart|pour l'essentiel",
    "units_after": "heures?|h|minutes?|min|jours?|semaines?|mois|ans|années?|km|kilomètres?|mètres?|%|"
                   "pour cent|pourcent|euros?|dollars?|janvier|février|mars|avril|mai|juin|juillet|août|"
                   "septembre|octobre|novembre|décembre|provinces?|villes?|villages?|régions?|pays|"
                   "roquettes?|missiles?|drones?|obus|bombes?|chars?|véhicules?|bâtiments?|maisons?|fois|"
                   "points?|tonnes?|d'entre eux|d'entre elles|animaux|vaches|moutons|chèvres|têtes",
    "before": "âgé de|âgée de|âgés de|âgées de|n°|numéro|aucun|aucune",
    "modal": "pourrait|pourraient|pourra|menace de|menacé de|menaçant de|risque de|risquent de|ne|n'|sans",
    "mods": (1, 2),
    "proper_plurals": True,
    "spaced_thousands": True,
}

_ES: dict[str, Any] = {
    "units": _nums("uno 1 una 1 un 1 dos 2 tres 3 cuatro 4 cinco 5 seis 6 siete 7 ocho 8 nueve 9 diez 10 "
                   "once 11 doce 12 trece 13 catorce 14 quince 15 dieciséis 16 diecisiete 17 dieciocho 18 "
                   "diecinueve 19 veinte 20 veintiuno 21 veintiún 21 veintidós 22 veintitrés 23 veinticuatro 24 "
                   "veinticinco 25 veintiséis 26 veintisiete 27 veintiocho 28 veintinueve 29 treinta 30 "
                   "cuarenta 40 cincuenta 50 sesenta 60 setenta 70 ochenta 80 noventa 90 doscientos 200 "
                   "doscientas 200 trescientos 300 trescientas 300 cuatrocientos 400 quinientos 500 "
                   "seiscientos 600 setecientos 700 ochocientos 800 novecientos 900"),
    "scales": {"cien": ("x100", 100), "ciento": ("x100", 100), "mil": ("big", 1000),
               "millón": ("big", 10**6), "millones": ("big", 10**6)},
    "starts": "cien|ciento|mil",
    "joiners": "y",
    "phrases": {"decenas de miles(?: de)?": 20000, "cientos de miles(?: de)?": 200000, "decenas(?: de)?": 20,
                "una decena(?: de)?": 10, "una docena(?: de)?": 12, "docenas(?: de)?": 24,
                "(?:cientos|centenares)(?: de)?": 200, "(?:miles|millares)(?: de)?": 2000,
                "una veintena(?: de)?": 20, "una treintena(?: de)?": 30, "un centenar(?: de)?": 100,
                "un millar(?: de)?": 1000},
    "multipliers": {"mil": 1000, "millón|millones": 10**6},
    "quant": "al menos|por lo menos|como mínimo|más de|cerca de|casi|alrededor de|unos|unas|aproximadamente|"
             "hasta|otros|otras|un total de|poco más de|menos de|mínimo|un mínimo de",
    "kill_pre": "mató a|mataron a|matando a|mató|mataron|matando|asesinó a|asesinaron a|acabó con la vida de|"
                "acabaron con la vida de|costó la vida a|causó la muerte de|causaron la muerte de|muerte de|"
                "muertes de|murieron|fallecieron|han muerto|han fallecido|perdieron la vida|"
                "han perdido la vida",
    "inj_pre": "hirió a|hirieron a|hiriendo a|hirió|hirieron|hiriendo|resultaron heridos|resultaron heridas|"
               "resultaron lesionados|resultaron lesionadas|quedaron heridos|quedaron heridas",
    "kill_post": "muertos|muertas|muerto|muerta|murieron|han muerto|fallecieron|fallecidos|fallecidas|"
                 "han fallecido|perdieron la vida|han perdido la vida|asesinados|asesinadas|víctimas mortales|"
                 "murió|falleció|perdió la vida|ejecutados",
    "inj_post": "heridos|heridas|herido|herida|resultaron heridos|resultaron heridas|lesionados|lesionadas|"
                "resultaron lesionados|resultaron lesionadas",
    "kill_toll": "cifra de muertos|cifra de fallecidos|cifra de víctimas mortales|número de muertos|"
                 "número de fallecidos|número de víctimas mortales|balance de muertos|balance de víctimas|"
                 "saldo de muertos|balance|saldo mortal|cifra de víctimas|número de víctimas",
    "inj_toll": "número de heridos|cifra de heridos",
    "link": "ascendió a|asciende a|se elevó a|se eleva a|aumentó a|subió a|llegó a|alcanzó|alcanza|es de|"
            "fue de|de|a|hasta|ya|provisional|ha ascendido a|se situó en|se sitúa en|quedó en|ha subido a",
    "toll_verbs": "ascendió a|asciende a|se elevó a|se eleva a|aumentó a|subió a|llegó a|alcanzó|alcanza|"
                  "es de|fue de|ha ascendido a|se situó en|se sitúa en|ha subido a",
    "persons": "personas|persona|civiles|civil|soldados|soldado|militares|militar|combatientes|rebeldes|"
               "insurgentes|milicianos|yihadistas|terroristas|policías|policía|agentes|guardias|miembros|"
               "niños|niñas|menores|mujeres|mujer|hombres|hombre|bebés|jóvenes|estudiantes|periodistas|"
               "médicos|trabajadores|cooperantes|manifestantes|aldeanos|habitantes|residentes|pasajeros|"
               "migrantes|refugiados|rehenes|presos|prisioneros|reclusos|fieles|otros|otras|más|uniformados|"
               "efectivos|palestinos|israelíes|ucranianos|rusos|sirios|iraquíes|afganos|sudaneses|libaneses",
    "aux": "han|sido|fueron|fue|habían|había|habrían|habría|están|estaban|son|resultaron|quedaron|también|"
           "todos|todas|ya",
    "stop": "el|la|los|las|un|una|unos|unas|de|del|al|a|en|por|para|con|sin|entre|sobre|tras|desde|durante|"
            "hacia|hasta|según|y|e|o|u|pero|que|quien|quienes|cuyo|donde|cuando|este|esta|estos|estas|ese|"
            "esa|esos|esas|su|sus|se|no|como|contra|ante|bajo|mientras",
    "conj": "y|e",
    "det": "",
    "subcount": "entre ellos|entre ellas|entre los que|entre las que|incluidos|incluidas|incluyendo|"
                "de los cuales|de las cuales|la mayoría|en su mayoría",
    "units_after": "horas?|minutos?|días?|semanas?|meses|mes|años?|km|kilómetros?|metros?|%|por ciento|"
                   "dólares?|euros?|pesos?|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|"
                   "setiembre|octubre|noviembre|diciembre|provincias?|ciudades?|pueblos?|aldeas?|regiones?|"
                   "países|cohetes?|misiles?|drones?|bombas?|proyectiles?|tanques?|vehículos?|edificios?|"
                   "casas?|viviendas?|veces|puntos?|toneladas?|de ellos|de ellas|animales|vacas|reses|"
                   "cabezas|ovejas",
    "before": "edad de|n\\.º|número|ningún|ninguna|ninguno",
    "modal": "podría|podrían|puede|pueden|amenazó con|amenaza con|amenazaron con|no",
    "mods": (1, 2),
}

_PT: dict[str, Any] = {
    "units": _nums("um 1 uma 1 dois 2 duas 2 três 3 quatro 4 cinco 5 seis 6 sete 7 oito 8 nove 9 dez 10 "
                   "onze 11 doze 12 treze 13 catorze 14 quatorze 14 quinze 15 dezesseis 16 dezasseis 16 "
                   "dezessete 17 dezassete 17 dezoito 18 dezenove 19 dezanove 19 vinte 20 trinta 30 "
                   "quarenta 40 cinquenta 50 sessenta 60 setenta 70 oitenta 80 noventa 90 duzentos 200 "
                   "duzentas 200 trezentos 300 trezentas 300 quatrocentos 400 quinhentos 500 seiscentos 600 "
                   "setecentos 700 oitocentos 800 novecentos 900"),
    "scales": {"cem": ("x100", 100), "cento": ("x100", 100), "mil": ("big", 1000),
               "milhão": ("big", 10**6), "milhões": ("big", 10**6)},
    "starts": "cem|cento|mil",
    "joiners": "e",
    "phrases": {"dezenas de milhares(?: de)?": 20000, "centenas de milhares(?: de)?": 200000,
                "dezenas(?: de)?": 20, "uma dezena(?: de)?": 10, "uma dúzia(?: de)?": 12,
                "dúzias(?: de)?": 24, "centenas(?: de)?": 200, "milhares(?: de)?": 2000,
                "uma centena(?: de)?": 100, "um milhar(?: de)?": 1000},
    "multipliers": {"mil": 1000, "milhão|milhões": 10**6},
    "quant": "pelo menos|no mínimo|ao menos|mais de|cerca de|quase|aproximadamente|perto de|até|outros|"
             "outras|um total de|em torno de|por volta de|menos de",
    "kill_pre": "matou|mataram|matando|assassinou|assassinaram|causou a morte de|causaram a morte de|"
                "morte de|mortes de|morreram|perderam a vida|custou a vida de|custou a vida a|vitimou|"
                "vitimando|vitimaram",
    "inj_pre": "feriu|feriram|ferindo|ficaram feridos|ficaram feridas",
    "kill_post": "mortos|mortas|morto|morta|morreram|morreu|mortes|perderam a vida|perdeu a vida|"
                 "assassinados|assassinadas|vítimas fatais|vítimas mortais|óbitos|faleceram|falecidos",
    "inj_post": "feridos|feridas|ferido|ferida|ficaram feridos|ficaram feridas",
    "kill_toll": "número de mortos|número de mortes|número de vítimas|número de óbitos|balanço de mortos|"
                 "balanço de vítimas|balanço|total de mortos|contagem de mortos",
    "inj_toll": "número de feridos|total de feridos",
    "link": "subiu para|aumentou para|chegou a|atingiu|passou para|é de|era de|foi de|de|para|em|já|"
            "provisório|sobe para|ascende a|elevou-se para",
    "toll_verbs": "subiu para|aumentou para|chegou a|atingiu|passou para|é de|foi de|sobe para|ascende a|"
                  "elevou-se para",
    "persons": "pessoas|pessoa|civis|civil|soldados|soldado|militares|militar|combatentes|rebeldes|"
               "insurgentes|milicianos|jihadistas|terroristas|policiais|polícias|agentes|membros|crianças|"
               "criança|menores|mulheres|mulher|homens|homem|bebês|bebés|jovens|estudantes|jornalistas|"
               "médicos|trabalhadores|manifestantes|moradores|habitantes|residentes|passageiros|migrantes|"
               "refugiados|reféns|presos|prisioneiros|detentos|fiéis|outros|outras|mais|palestinos|"
               "israelenses|israelitas|ucranianos|russos|sírios",
    "aux": "foram|foi|ficaram|estão|estavam|são|tinham|haviam|também|todos|todas|já|teriam",
    "stop": "o|a|os|as|um|uma|uns|umas|de|do|da|dos|das|em|no|na|nos|nas|ao|aos|à|às|por|pelo|pela|pelos|"
            "pelas|para|com|sem|entre|sobre|após|desde|durante|até|segundo|e|ou|mas|que|quem|onde|quando|"
            "este|esta|estes|estas|esse|essa|seu|sua|seus|suas|se|não|como|contra",
    "conj": "e",
    "det": "",
    "subcount": "entre eles|entre elas|incluindo|inclusive|dos quais|das quais|a maioria|na maioria",
    "units_after": "horas?|minutos?|dias?|semanas?|meses|mês|anos?|km|quilômetros?|quilómetros?|metros?|%|"
                   "por cento|dólares?|euros?|reais|real|janeiro|fevereiro|março|abril|maio|junho|julho|"
                   "agosto|setembro|outubro|novembro|dezembro|províncias?|cidades?|aldeias?|regiões?|países|"
                   "foguetes?|mísseis|míssil|drones?|bombas?|projéteis|tanques?|veículos?|edifícios?|"
                   "prédios?|casas?|vezes|pontos?|toneladas?|deles|delas",
    "before": "idade de|nenhum|nenhuma|n\\.º|número",
    "modal": "pode|podem|poderia|poderiam|ameaçou|ameaça|ameaçaram|não",
    "mods": (1, 2),
}

_IT: dict[str, Any] = {
    "units": _nums("uno 1 una 1 un 1 due 2 tre 3 quattro 4 cinque 5 sei 6 sette 7 otto 8 nove 9 dieci 10 "
                   "undici 11 dodici 12 tredici 13 quattordici 14 quindici 15 sedici 16 diciassette 17 "
                   "diciotto 18 diciannove 19 venti 20 trenta 30 quaranta 40 cinquanta 50 sessanta 60 "
                   "settanta 70 ottanta 80 novanta 90"),
    "scales": {"cento": ("x100", 100), "mille": ("big", 1000), "mila": ("big", 1000),
               "milione": ("big", 10**6), "milioni": ("big", 10**6)},
    "starts": "cento|mille",
    "phrases": {"decine di migliaia(?: di)?": 20000, "centinaia di migliaia(?: di)?": 200000,
                "decine(?: di)?": 20, "una decina(?: di)?": 10, "una dozzina(?: di)?": 12,
                "dozzine(?: di)?": 24, "una ventina(?: di)?": 20, "una trentina(?: di)?": 30,
                "un centinaio(?: di)?": 100, "centinaia(?: di)?": 200, "un migliaio(?: di)?": 1000,
                "migliaia(?: di)?": 2000},
    "multipliers": {"mila|mille": 1000, "milione|milioni": 10**6},
    "quant": "almeno|oltre|più di|circa|quasi|ben|fino a|altri|altre|un totale di|intorno a|meno di|"
             "non meno di|complessivamente",
    "kill_pre": "ha ucciso|hanno ucciso|aveva ucciso|uccidendo|la morte di|morte di|sono morti|sono morte|"
                "hanno perso la vita|causando la morte di|ha causato la morte di",
    "inj_pre": "ha ferito|hanno ferito|ferendo|sono rimasti feriti|sono rimaste ferite|sono state ferite|"
               "sono stati feriti",
    "kill_post": "morti|morte|morto|morta|uccisi|uccise|ucciso|uccisa|hanno perso la vita|ha perso la vita|"
                 "deceduti|decedute|giustiziati",
    "inj_post": "feriti|ferite|ferito|ferita|rimasti feriti|rimaste ferite",
    "kill_toll": "bilancio delle vittime|bilancio dei morti|bilancio|numero dei morti|numero delle vittime|"
                 "numero dei decessi|conta dei morti",
    "inj_toll": "numero dei feriti|bilancio dei feriti",
    "link": "è salito a|è di|sale a|salito a|ha raggiunto|raggiunge|è arrivato a|arriva a|di|a|provvisorio|"
            "è ora di|si è aggravato a|si aggrava a|ammonta a|è pari a|è",
    "toll_verbs": "è salito a|sale a|salito a|ha raggiunto|raggiunge|è arrivato a|arriva a|è di|"
                  "si è aggravato a|ammonta a|è pari a",
    "persons": "persone|persona|civili|civile|soldati|soldato|militari|militare|combattenti|ribelli|insorti|"
               "miliziani|jihadisti|terroristi|poliziotti|agenti|carabinieri|membri|bambini|bambine|minori|"
               "donne|donna|uomini|uomo|neonati|giovani|studenti|giornalisti|medici|operatori|lavoratori|"
               "manifestanti|abitanti|residenti|passeggeri|migranti|profughi|rifugiati|ostaggi|detenuti|"
               "prigionieri|fedeli|altri|altre|palestinesi|israeliani|ucraini|russi|siriani",
    "aux": "sono|stati|state|è|stato|stata|erano|furono|risultano|sarebbero|sarebbe|anche|tutti|tutte|già|"
           "rimasti|rimaste",
    "stop": "il|lo|la|i|gli|le|un|una|uno|di|del|della|dei|degli|delle|a|al|alla|ai|agli|alle|da|dal|dalla|"
            "in|nel|nella|nei|con|su|sul|sulla|per|tra|fra|e|ed|o|ma|che|chi|cui|dove|quando|questo|questa|"
            "questi|queste|quel|quella|suo|sua|suoi|loro|si|non|come|contro|durante|dopo|prima|secondo",
    "conj": "e|ed",
    "det": "",
    "subcount": "tra cui|fra cui|tra loro|tra questi|inclusi|incluse|compresi|comprese|di cui|per lo più|"
                "in maggioranza",
    "units_after": "ore|ora|minuti|minuto|giorni|giorno|settimane|settimana|mesi|mese|anni|anno|km|"
                   "chilometri|metri|%|per cento|percento|euro|dollari|gennaio|febbraio|marzo|aprile|maggio|"
                   "giugno|luglio|agosto|settembre|ottobre|novembre|dicembre|province|provincia|città|"
                   "villaggi|regioni|paesi|razzi|missili|droni|bombe|colpi|carri|veicoli|edifici|case|volte|"
                   "punti|tonnellate|di loro",
    "before": "età di|nessun|nessuna|nessuno|n\\.|numero",
    "modal": "potrebbe|potrebbero|può|possono|minaccia di|ha minacciato di|minacciando di|non",
    "mods": (1, 2),
}

_DE: dict[str, Any] = {
    "units": _nums("ein 1 eine 1 eins 1 zwei 2 drei 3 vier 4 fünf 5 sechs 6 sieben 7 acht 8 neun 9 zehn 10 "
                   "elf 11 zwölf 12 dreizehn 13 vierzehn 14 fünfzehn 15 sechzehn 16 siebzehn 17 achtzehn 18 "
                   "neunzehn 19 zwanzig 20 dreißig 30 dreissig 30 vierzig 40 fünfzig 50 sechzig 60 siebzig 70 "
                   "achtzig 80 neunzig 90"),
    "scales": {"hundert": ("x100", 100), "tausend": ("big", 1000), "million": ("big", 10**6),
               "millionen": ("big", 10**6)},
    "starts": "hundert|tausend",
    "phrases": {"zehntausende(?: von)?": 20000, "hunderttausende(?: von)?": 200000, "dutzende(?: von)?": 24,
                "ein dutzend": 12, "hunderte(?: von)?": 200, "tausende(?: von)?": 2000},
    "multipliers": {"tausend": 1000, "millionen|million|mio\\.": 10**6},
    "quant": "mindestens|wenigstens|mehr als|über|fast|beinahe|knapp|etwa|rund|ungefähr|zirka|circa|ca\\.|"
             "bis zu|weitere|insgesamt|nahezu|annähernd|weit über|noch",
    "kill_pre": "tötete|töteten|tötet|tötend|starben|starb|Tod von|Tod der|Tötung von",
    "inj_pre": "verletzte|verletzten|verwundete|verwundeten",
    "kill_post": "getötet|tot|Tote|Toten|Todesopfer|starben|gestorben|ums Leben|ums Leben gekommen|"
                 "Menschenleben|in den Tod|umgebracht|ermordet|tödlich verletzt|hingerichtet|erschossen",
    "inj_post": "verletzt|Verletzte|Verletzten|verwundet|Verwundete|Verwundeten|schwer verletzt|"
                "leicht verletzt",
    "kill_toll": "Zahl der Toten|Zahl der Todesopfer|Zahl der Getöteten|Opferzahl|Totenzahl|Todeszahl|"
                 "Bilanz|Zahl der Opfer",
    "inj_toll": "Zahl der Verletzten|Zahl der Verwundeten",
    "link": "stieg auf|ist auf|auf|stieg|liegt bei|lag bei|beträgt|betrug|erhöhte sich auf|hat sich auf|ist|"
            "war|nun|inzwischen|mittlerweile|bereits|kletterte auf|erhöht auf|von",
    "toll_verbs": "stieg auf|ist auf|liegt bei|lag bei|beträgt|betrug|erhöhte sich auf|kletterte auf|"
                  "hat sich auf",
    "persons": "Menschen|Personen|Person|Zivilisten|Zivilistinnen|Soldaten|Soldat|Militärs|Kämpfer|Rebellen|"
               "Aufständische|Aufständischen|Milizionäre|Dschihadisten|Islamisten|Terroristen|Polizisten|"
               "Polizeibeamte|Beamte|Sicherheitskräfte|Mitglieder|Kinder|Kind|Minderjährige|Frauen|Frau|"
               "Männer|Mann|Babys|Jugendliche|Schüler|Studenten|Journalisten|Ärzte|Helfer|Arbeiter|"
               "Demonstranten|Dorfbewohner|Bewohner|Einwohner|Passagiere|Migranten|Flüchtlinge|Geiseln|"
               "Häftlinge|Gefangene|Gläubige|weitere|andere|Palästinenser|Israelis|Ukrainer|Russen|Syrer",
    "aux": "wurden|wurde|sind|ist|waren|war|seien|sei|worden|kamen|kam|auch|alle|bereits|offenbar|"
           "mutmaßlich|vermutlich|ebenfalls|dabei",
    "stop": "der|die|das|den|dem|des|ein|eine|einen|einem|einer|eines|in|im|ins|an|am|auf|aus|bei|beim|mit|"
            "nach|von|vom|vor|zu|zum|zur|über|unter|für|gegen|ohne|um|durch|seit|während|und|oder|aber|dass|"
            "wo|als|wie|wenn|sich|nicht|kein|keine|sein|seine|ihr|ihre|laut|zufolge",
    "conj": "und",
    "det": "",
    "subcount": "darunter|davon|unter ihnen|einschließlich|inklusive|meist|überwiegend|zumeist",
    "units_after": "Stunden|Stunde|Minuten|Tage|Tagen|Tag|Wochen|Woche|Monate|Monaten|Monat|Jahre|Jahren|"
                   "Jahr|jährige|jährigen|km|Kilometer|Meter|%|Prozent|Euro|Dollar|Uhr|Januar|Februar|März|"
                   "April|Mai|Juni|Juli|August|September|Oktober|November|Dezember|Provinzen|Städte|Dörfer|"
                   "Regionen|Länder|Raketen|Drohnen|Bomben|Granaten|Panzer|Fahrzeuge|Gebäude|Häuser|Mal|"
                   "Punkte|Tonnen|von ihnen",
    "before": "im Alter von|Alter von|kein|keine|Nr\\.|Nummer",
    "modal": "könnte|könnten|kann|können|drohte|droht|drohen|nicht|kein",
    "mods": (2, 1),
}

_RU: dict[str, Any] = {
    "units": _nums("один 1 одна 1 два 2 две 2 двух 2 три 3 трех 3 трёх 3 четыре 4 пять 5 пяти 5 шесть 6 "
                   "семь 7 восемь 8 девять 9 десять 10 десяти 10 одиннадцать 11 двенадцать 12 тринадцать 13 "
                   "четырнадцать 14 пятнадцать 15 шестнадцать 16 семнадцать 17 восемнадцать 18 "
                   "девятнадцать 19 двадцать 20 двадцати 20 тридцать 30 сорок 40 пятьдесят 50 шестьдесят 60 "
                   "семьдесят 70 восемьдесят 80 девяносто 90 двое 2 трое 3 четверо 4 пятеро 5 шестеро 6 "
                   "семеро 7 двести 200 триста 300 четыреста 400 пятьсот 500"),
    "scales": {"сто": ("x100", 100), "тысяча": ("big", 1000), "тысячи": ("big", 1000), "тысяч": ("big", 1000),
               "миллион": ("big", 10**6), "миллиона": ("big", 10**6), "миллионов": ("big", 10**6)},
    "starts": "сто",
    "phrases": {"десятки тысяч": 20000, "сотни тысяч": 200000, "десятки|десятков": 20, "сотни|сотен": 200,
                "тысячи": 2000, "дюжина|дюжины": 12, "десяток|десятка": 10},
    "multipliers": {"тыс\\.|тысяч|тысячи|тысяча": 1000, "млн|миллион\\w*": 10**6},
    "quant": "по меньшей мере|по крайней мере|как минимум|минимум|не менее|более|больше|свыше|около|почти|"
             "порядка|примерно|приблизительно|до|еще|ещё|уже|всего|более чем|менее",
    "kill_pre": "погибли|погибло|погиб|погибла|гибель|гибели|убиты|убито|убит|убита|убили|убил|убила|убив|"
                "уничтожены|уничтожено|ликвидированы|ликвидировано|жертвами стали|скончались|унес жизни|"
                "унёс жизни|унесла жизни|унесли жизни|унесло жизни",
    "inj_pre": "ранены|ранено|ранен|ранена|ранив|ранили|ранил|пострадали|пострадало|получили ранения|"
               "ранения получили|травмы получили|получили травмы",
    "kill_post": "погибли|погибло|погиб|погибла|погибших|погибшими|убиты|убито|убит|убита|убитых|убитыми|"
                 "скончались|скончался|мертвы|уничтожены|ликвидированы|были убиты",
    "inj_post": "ранены|ранено|ранен|ранена|раненых|ранеными|пострадали|пострадавших|получили ранения|"
                "получили травмы",
    "kill_toll": "число погибших|число жертв|количество погибших|число убитых|количество жертв|"
                 "количество убитых",
    "inj_toll": "число раненых|число пострадавших|количество раненых|количество пострадавших",
    "link": "возросло до|выросло до|увеличилось до|достигло|достигает|составило|составляет|составил|до|уже|"
            "превысило|превышает",
    "toll_verbs": "возросло до|выросло до|увеличилось до|достигло|достигает|составило|составляет|"
                  "превысило|превышает",
    "persons": "человек|человека|людей|мирных жителей|жителей|мирных|гражданских|граждан|военных|"
               "военнослужащих|солдат|бойцов|боевиков|боевика|террористов|повстанцев|полицейских|"
               "силовиков|детей|ребенка|ребёнка|женщин|мужчин|подростков|журналистов|медиков|врачей|"
               "рабочих|пассажиров|мигрантов|беженцев|заложников|заключенных|заключённых|пленных|"
               "участников|сотрудников|палестинцев|израильтян|украинцев|россиян|военнослужащий",
    "aux": "были|было|был|была|уже|также|ещё|еще|все|сразу",
    "stop": "в|во|на|с|со|из|от|до|по|за|под|над|при|о|об|у|к|ко|для|без|через|после|перед|между|около|и|"
            "или|но|а|что|который|которые|где|когда|как|это|этот|эти|его|ее|её|их|не|ни|среди|против",
    "conj": "и",
    "det": "",
    "subcount": "в том числе|из них|среди них|включая|среди которых|большинство из которых",
    "units_after": "час\\w*|минут\\w*|сут\\w*|дн\\w*|день|недел\\w*|месяц\\w*|год\\w*|лет|км|километр\\w*|"
                   "метр\\w*|%|процент\\w*|рубл\\w*|доллар\\w*|евро|январ\\w*|феврал\\w*|марта?|апрел\\w*|"
                   "ма[йяе]|июн\\w*|июл\\w*|августа?|сентябр\\w*|октябр\\w*|ноябр\\w*|декабр\\w*|"
                   "област\\w*|регион\\w*|город\\w*|сел\\w*|ракет\\w*|снаряд\\w*|дрон\\w*|беспилотник\\w*|"
                   "бомб\\w*|танк\\w*|машин\\w*|единиц\\w*|здани\\w*|дом\\w*|раз|очк\\w*|тонн\\w*|"
                   "самолет\\w*|самолёт\\w*|вертолет\\w*|вертолёт\\w*|БПЛА|из них",
    "before": "в возрасте|возрасте|№|номер|ни один|ни одна",
    "modal": "может|могут|мог|могли|могла|угрожал|угрожает|угрожают|не|ни",
    "mods": (2, 1),
    "spaced_thousands": True,
}

_TR: dict[str, Any] = {
    "units": _nums("bir 1 iki 2 üç 3 dört 4 beş 5 altı 6 yedi 7 sekiz 8 dokuz 9 on 10 yirmi 20 otuz 30 "
                   "kırk 40 elli 50 altmış 60 yetmiş 70 seksen 80 doksan 90"),
    "scales": {"yüz": ("x100", 100), "bin": ("big", 1000), "milyon": ("big", 10**6)},
    "starts": "yüz|bin",
    "phrases": {"onbinlerce|on binlerce": 20000, "yüzbinlerce|yüz binlerce": 200000, "onlarca": 20, "düzinelerce": 24,
                "yüzlerce": 200, "binlerce": 2000},
    "multipliers": {"bin": 1000, "milyon": 10**6},
    "quant": "en az|en azından|yaklaşık|tahminen|toplam|toplamda|ise",
    "kill_pre": "",
    "inj_pre": "",
    "kill_post": "öldü|öldüler|ölürken|öldürüldü|öldürülürken|öldürülen|öldürüldüğü|hayatını kaybetti|"
                 "hayatını kaybederken|hayatını kaybettiği|hayatını kaybeden|hayatını kaybetmişti|"
                 "yaşamını yitirdi|yaşamını yitiren|yaşamını yitirirken|can verdi|ölü|ölümüne|öldüğü|"
                 "şehit oldu|şehit düştü|şehit edildi|hayatını kaybettiğini|öldüğünü",
    "inj_post": "yaralandı|yaralanırken|yaralı|yaralanan|yaralandığı|yaralanmıştır|yaralandığını|"
                "yaralanarak",
    "kill_toll": "ölü sayısı|ölü sayısının|ölenlerin sayısı|hayatını kaybedenlerin sayısı|can kaybı|"
                 "can kaybı sayısı",
    "inj_toll": "yaralı sayısı|yaralananların sayısı",
    "link": "ise|da|de|şu ana kadar|şimdiye kadar",
    "toll_verbs": "",
    "persons": "kişi\\w*|insan\\w*|sivil\\w*|asker\\w*|polis\\w*|militan\\w*|terörist\\w*|isyancı\\w*|"
               "savaşçı\\w*|çocuk\\w*|kadın\\w*|erkek\\w*|bebek\\w*|öğrenci\\w*|gazeteci\\w*|doktor\\w*|"
               "işçi\\w*|gösterici\\w*|köylü\\w*|yolcu\\w*|göçmen\\w*|mülteci\\w*|rehine\\w*|mahkum\\w*|"
               "tutuklu\\w*|Filistinli\\w*|İsrailli\\w*|vatandaş\\w*|korucu\\w*|güvenlik görevlisi\\w*",
    "aux": "daha|de|da|ise|ayrıca|toplam|hep|fazla|aşkın|kadar|civarında",
    "stop": "ve|ile|veya|bu|şu|o|de|da|ki|için|gibi|göre|sonra|önce|içinde|arasında|dahil|olarak|olan|"
            "yılında|tarihinde",
    "conj": "ve|ile",
    "det": "",
    "subcount": "aralarında|dahil|bunların",
    "units_after": "saat\\w*|dakika\\w*|gün\\w*|hafta\\w*|ay|aylık|yıl\\w*|yaş\\w*|km|kilometre\\w*|"
                   "metre\\w*|%|lira\\w*|dolar\\w*|avro|euro|ocak|şubat|mart|nisan|mayıs|haziran|temmuz|"
                   "ağustos|eylül|ekim|kasım|aralık|il|ilde|ilçe\\w*|köy\\w*|şehir\\w*|roket\\w*|füze\\w*|"
                   "İHA|SİHA|bomba\\w*|tank\\w*|araç\\w*|bina\\w*|ev|evler\\w*|kez|defa|puan\\w*|ton\\w*",
    "before": "yüzde|numaralı|no",
    "modal": "",
    "mods": (2, 0),
}

_AR: dict[str, Any] = {
    "units": _nums("اثنان 2 اثنين 2 ثلاثة 3 أربعة 4 خمسة 5 ستة 6 سبعة 7 ثمانية 8 تسعة 9 عشرة 10"),
    "scales": {},
    "phrases": {"عشرات الآلاف(?: من)?": 20000, "مئات الآلاف(?: من)?": 200000, "ال?عشرات": 20,
                "ال?مئات": 200, "ال?آلاف": 2000},
    "multipliers": {"ألف|آلاف|الف": 1000, "مليون|ملايين": 10**6},
    "quant": "ما لا يقل عن|لا يقل عن|على الأقل|أكثر من|اكثر من|نحو|حوالي|حوالى|قرابة|زهاء|ما يقارب|"
             "ما يزيد عن|ما يزيد على|أزيد من|ما يصل إلى|ما مجموعه",
    "kill_pre": "[وفبل]?(?:مقتل|قتل|استشهاد|وفاة|مصرع|قتلت|قتلوا|أودى بحياة|أودت بحياة|راح ضحيته|"
                "راح ضحيتها|أسفر عن مقتل|أسفرت عن مقتل|أسفر عن استشهاد|أسفرت عن استشهاد)",
    "inj_pre": "[وفبل]?(?:إصابة|اصابة|جرح|أصيب|اصيب|أصيبوا|إصابات)",
    "kill_post": "قتيلا|قتيلاً|قتيل|قتلى|شهيدا|شهيداً|شهداء|شهيد|لقوا حتفهم|لقي حتفه|لقوا مصرعهم|قتلوا|"
                 "قضوا",
    "inj_post": "جريحا|جريحاً|جرحى|مصابا|مصاباً|مصابين|إصابات|بجروح|أصيبوا",
    "kill_toll": "[وف]?(?:حصيلة القتلى|حصيلة الضحايا|حصيلة الشهداء|عدد القتلى|عدد الضحايا|عدد الشهداء|"
                 "حصيلة الوفيات|عدد الوفيات|الحصيلة|حصيلة)",
    "inj_toll": "[وف]?(?:عدد الجرحى|عدد المصابين|حصيلة الجرحى|حصيلة المصابين)",
    "link": "إلى|الى|ارتفعت إلى|ارتفع إلى|بلغت|بلغ|وصلت إلى|وصل إلى|تجاوزت|تجاوز|هي|تبلغ|يبلغ",
    "toll_verbs": "إلى|الى|بلغت|بلغ|تجاوزت|تجاوز|وصلت إلى|وصل إلى",
    "persons": "شخصا|شخصاً|شخص|أشخاص|اشخاص|مدنيا|مدنياً|مدنيين|مدنيون|جنديا|جندياً|جنود|عسكريين|عسكريا|"
               "مسلحا|مسلحين|مسلحون|مقاتلا|مقاتلين|مقاتلون|عنصرا|عناصر|إرهابيا|إرهابيين|متمردا|متمردين|"
               "شرطيا|شرطيين|رجال|أطفال|طفلا|طفلاً|نساء|امرأة|فلسطينيا|فلسطينياً|فلسطينيين|مواطنا|"
               "مواطنين|مدني|آخرين|آخرون|أخرين|صحفيا|صحفيين|مسعفين|أفراد|فردا|عسكري",
    "aux": "على الأقل|آخرين|آخرون|جميعهم|أيضا|أيضاً|قد",
    "stop": "في|من|على|إلى|الى|عن|مع|أو|ثم|الذي|التي|الذين|هذا|هذه|ذلك|تلك|بعد|قبل|خلال|منذ|حتى|بين|أن|"
            "إن|لا|لم|لن|ما",
    "conj": "و",
    "det": "",
    "subcount": "بينهم|بينهن|من بينهم|منهم|بمن فيهم|بما في ذلك|معظمهم|أغلبهم",
    "units_after": "ساعة|ساعات|دقيقة|دقائق|يوم|يوما|يوماً|أيام|أسبوع|أسابيع|شهر|أشهر|شهرا|عام|عاما|"
                   "عاماً|أعوام|سنة|سنوات|كيلومتر\\w*|كلم|كم|متر|مترا|بالمئة|بالمائة|في المئة|في المائة|%|"
                   "دولار\\w*|يورو|صاروخ\\w*|قذيف\\w*|غار\\w*|طائر\\w*|مسير\\w*|دبابة|دبابات|آلية|آليات|"
                   "مبنى|مباني|منزل\\w*|مرة|مرات|يناير|فبراير|مارس|أبريل|مايو|يونيو|يوليو|أغسطس|سبتمبر|"
                   "أكتوبر|نوفمبر|ديسمبر|محافظ\\w*|مدن|قرى|قرية|منهم",
    "before": "عمر|العمر|البالغ|رقم",
    "modal": "لم|لا|لن|قد",
    "mods": (0, 2),
}

_LANGUAGES: dict[str, dict[str, Any]] = {
    "en": _EN, "id": _ID, "ms": _ID, "fr": _FR, "es": _ES, "pt": _PT, "it": _IT, "de": _DE, "ru": _RU,
    "tr": _TR, "ar": _AR,
}
_SHARED = {"ms": "id"}      # languages that use another's table
_ALIASES = {"in": "id", "ind": "id", "zsm": "ms", "msa": "ms", "may": "ms", "eng": "en", "fra": "fr",
            "fre": "fr", "spa": "es", "por": "pt", "ita": "it", "deu": "de", "ger": "de", "rus": "ru",
            "tur": "tr", "ara": "ar"}


# ---------------------------------------------------------------------------------------------------------------
# Compiling the tables
# ---------------------------------------------------------------------------------------------------------------

def _split(spec: str) -> list[str]:
    """Split a `|`-separated phrase list on its top-level bars only."""
    parts, depth, current, escaped = [], 0, [], False
    for ch in spec:
        if escaped:
            current.append(ch)
            escaped = False
            continue
        if ch == "\\":
            escaped = True
        elif ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append("".join(current))
            current = []
            continue
        current.append(ch)
    parts.append("".join(current))
    return [p.strip() for p in parts if p.strip()]


def _alt(spec: str | Iterable[str]) -> str:
    """One non-capturing alternation of phrases, longest first; `(?!)` (never matches) when empty."""
    items = _split(spec) if isinstance(spec, str) else [s.strip() for s in spec if s.strip()]
    items = sorted(set(items), key=len, reverse=True)
    if not items:
        return "(?!)"
    return "(?:" + "|".join(i.replace("'", "['’]").replace(" ", _WS) for i in items) + ")"


def _word(spec: str | Iterable[str]) -> str:
    """An alternation bounded as whole words."""
    return rf"(?<!\w){_alt(spec)}(?!\w)"


@dataclass(frozen=True)
class _Lexicon:
    """One language's table, compiled."""

    code: str
    units: Mapping[str, int]
    scales: Mapping[str, tuple[str, int]]
    joiners: frozenset[str]
    phrases: tuple[tuple[re.Pattern[str], int], ...]
    multipliers: tuple[tuple[re.Pattern[str], int], ...]
    number: re.Pattern[str]
    patterns: tuple[tuple[str, re.Pattern[str]], ...]    # ("pre" | "post" | "toll", pattern)
    before: re.Pattern[str]
    after: re.Pattern[str]
    modal: re.Pattern[str]
    stop_before: re.Pattern[str]
    person_after: re.Pattern[str]
    anchors: Any                  # an Aho-Corasick automaton of trigger beginnings, or None (scan everything)


def _number_pattern(d: Mapping[str, Any]) -> str:
    """Digits, vague phrases or number words; never the tail of a longer number."""
    units = [*d["units"], *_split(d.get("starts", ""))]
    every_word = [*d["units"], *d["scales"]]
    joiner = _alt(d.get("joiners", ""))
    gap = rf"(?:{_WS0}-{_WS0}|{_WS})(?:{joiner}{_WS})?"
    words = rf"(?<!\w){_alt(units)}(?!\w)(?:{gap}{_alt(every_word)}(?!\w))*" if units else "(?!)"
    sep = r"[.,\u00a0\u202f\u2009 ]" if d.get("spaced_thousands") else r"[.,\u00a0\u202f\u2009]"
    mult = _alt(d["multipliers"])
    digits = (rf"(?<![\d.,:/\-–])(?<![A-Za-z])(?<!\d[ \u00a0\u202f\u2009])"
              rf"(?:\d+[.,]\d{{1,2}}(?={_WS0}{mult}(?!\w))|\d{{1,3}}(?:{sep}\d{{3}})+(?!{sep}?\d)|\d+)"
              rf"(?![.,:/]?\d)(?:{_WS0}{mult}(?!\w))?(?:['’][^\W\d_]+)?")
    phrases = _word(d["phrases"]) if d["phrases"] else "(?!)"
    tail = rf"(?!{_WS0}(?:-{_WS0})?(?:\d|{_alt(every_word)}(?!\w)))" if every_word else r"(?!\s*\d)"
    return rf"(?:{phrases}|{digits}|{words}){tail}"


def _pieces(d: Mapping[str, Any], num: str) -> dict[str, str]:
    """The shared regex pieces of one language: people noun phrase, coordination, sub-count aside ..."""
    units_after = _alt(d["units_after"])
    proper = r"|(?-i:[A-ZÀ-Þ][a-zß-ÿ]+s)" if d.get("proper_plurals") else ""
    person = rf"(?<!\w)(?!{units_after}(?!\w))(?:{_alt(d['persons'])}{proper})(?!\w)"
    blocked = _alt([*_split(d["stop"]), *_split(d["kill_post"]), *_split(d["inj_post"])])   # never a modifier
    mod = rf"(?<!\w)(?!{blocked}(?!\w))(?:(?:[^\W\d_]\.){{2,}}|[^\W\d_][\w'’\-]*)"
    pre, post = d["mods"]
    np = rf"(?:{mod}{_WS}){{0,{pre}}}{person}(?:{_WS}{mod}){{0,{post}}}"
    conj = _alt(d["conj"])
    item = rf"(?:{_WS0},(?:{_WS}{conj})?|{_WS}{conj}){_WS0}{num}{_WS}{np}"
    subcount = _alt(d["subcount"])
    quant = _alt(d["quant"])
    aside = (rf"(?:{_WS0},(?=[^,.;:!?\n]{{0,80}}?(?<!\w){subcount}(?!\w))[^,.;:!?\n]{{1,80}},"
             rf"|{_WS0}\({subcount}[^()\n]{{0,80}}\)"
             rf"|{_WS}[—–](?={_WS0}{subcount}(?!\w))[^—–\n]{{1,80}}[—–]"
             rf"|{_WS}{subcount}(?:{_WS}{quant})*{_WS}{num}(?:{_WS}{np})?)")
    trig = rf"(?:{_alt(d['kill_post'])}|{_alt(d['inj_post'])})(?!\w)"
    aux = rf"(?:{_WS}{_alt(d['aux'])}(?!\w)){{0,4}}"
    return {"person": person, "mod": mod, "np": np, "item": item, "aside": aside, "quant": quant,
            "aux": aux, "any_post": trig}


def _post_pattern(d: Mapping[str, Any], num: str, p: Mapping[str, str]) -> str:
    """Number, people, aside, auxiliaries, then the trigger: '25 people, including 10 children, were killed'."""
    obj = ""
    if d.get("object_check"):   # "3 gunmen killed 12 people": the trigger is active, the number its subject
        obj = (rf"(?!{_WS}(?:{p['quant']}{_WS})*{num}|{_WS}{_alt(d['det'])}(?!\w)"
               rf"|{_WS}(?:{p['mod']}{_WS})?{p['person']})")
    return (rf"(?P<num>{num})(?:{_WS}{p['np']})?(?P<co>(?:{p['item']}){{0,3}})(?:{p['aside']})?{p['aux']}"
            rf"{_WS}(?:(?P<k>{_alt(d['kill_post'])})|(?P<i>{_alt(d['inj_post'])}))(?!\w){obj}")


def _pre_pattern(d: Mapping[str, Any], num: str, p: Mapping[str, str]) -> str:
    """Trigger, 'at least'-like words, then the number: 'killed at least 12 civilians'."""
    coordinated = (rf"(?:{_WS}{p['np']}(?P<co>(?:{p['item']}){{1,3}})"
                   rf"(?!{p['aux']}{_WS}{p['any_post']}))?")
    return (rf"(?<!\w)(?:(?P<k>{_alt(d['kill_pre'])})|(?P<i>{_alt(d['inj_pre'])}))(?!\w)"
            rf"(?:{_WS}{p['quant']}(?!\w))*{_WS}(?P<num>{num}){coordinated}")


def _toll_pattern(d: Mapping[str, Any], num: str, p: Mapping[str, str]) -> str:
    """A toll noun, linking words, then the number: 'the death toll rose to 1,200'."""
    link = rf"{_WS}{_alt(d['link'])}(?!\w)"
    gap = rf"(?:{_WS0},|{_WS}[^\W\d_][\w'’\-]*){{1,8}}?"
    return (rf"(?<!\w)(?:(?P<k>{_alt(d['kill_toll'])})|(?P<i>{_alt(d['inj_toll'])}))(?!\w)"
            rf"(?:(?:{link})*|{gap}{_WS}{_alt(d['toll_verbs'])}(?!\w)(?:{link})*)"
            rf"(?:{_WS}{p['quant']}(?!\w))*{_WS}(?P<num>{num})")


def _compile(code: str, d: Mapping[str, Any]) -> _Lexicon:
    flags = re.IGNORECASE
    num = _number_pattern(d)
    p = _pieces(d, num)
    before = (rf"(?:(?<!\w)(?:{_alt(d['before'])}|{_alt(d['subcount'])})(?:{_WS}{p['quant']})*{_WS0}"
              rf"|(?:{_CURRENCY}){_WS0})$")
    after = rf"(?:{_WS0}{_alt(d['units_after'])}(?!\w)|-[^\W\d_]|{_WS0}%|:\d|/\d)"
    return _Lexicon(
        code=code,
        units={k.casefold(): v for k, v in d["units"].items()},
        scales={k.casefold(): v for k, v in d["scales"].items()},
        joiners=frozenset(w.casefold() for w in _split(d.get("joiners", ""))),
        phrases=tuple((re.compile(_alt([k]), flags), v) for k, v in d["phrases"].items()),
        multipliers=tuple((re.compile(_alt([k]), flags), v) for k, v in d["multipliers"].items()),
        number=re.compile(num, flags),
        patterns=(("pre", re.compile(_pre_pattern(d, num, p), flags)),
                  ("post", re.compile(_post_pattern(d, num, p), flags)),
                  ("toll", re.compile(_toll_pattern(d, num, p), flags))),
        before=re.compile(before, flags),
        after=re.compile(after, flags),
        modal=re.compile(rf"(?<!\w){_alt(d['modal'])}(?:{_WS}(?:have|be|been))?{_WS0}$", flags),
        stop_before=re.compile(rf"(?<!\w){_alt(d['stop'])}{_WS0}$", flags),
        person_after=re.compile(rf"{_WS}(?:{p['mod']}{_WS}){{0,2}}{p['person']}", flags),
        anchors=_automaton(d),
    )


def _anchor_words(spec: str) -> set[str] | None:
    """A word every trigger phrase starts with or contains ('korban meninggal(?: dunia)?' -> 'meninggal')."""
    anchors: set[str] = set()
    for item in _split(spec):
        item = re.sub(r"^\[[^\]]*\]\?", "", item)             # an optional clitic class
        if item.startswith("(?:") and item.endswith(")"):
            inner = _anchor_words(item[3:-1])
            if inner is None:
                return None
            anchors |= inner
            continue
        prefix = re.match(r"[^\\()\[\]{}|.^$*+?]*", item).group()
        if item[len(prefix):len(prefix) + 1] in ("?", "*", "{"):   # 'civilians?': the last letter is optional
            prefix = prefix[:-1]
        word = max(reversed(prefix.split() or [""]), key=len)   # 'a tué' -> 'tué', 'in den Tod' -> 'Tod'
        if len(word) < 2:
            return None
        anchors.add(word.lower().replace("’", "'"))
    return anchors


def _automaton(d: Mapping[str, Any]) -> Any:
    """A prefilter over every trigger of a language: figures are only looked for near one of them."""
    words: set[str] = set()
    for field in ("kill_pre", "inj_pre", "kill_post", "inj_post", "kill_toll", "inj_toll"):
        found = _anchor_words(d[field])
        if found is None:
            return None
        words |= found
    automaton = ahocorasick.Automaton()
    for word in words:
        automaton.add_word(word, len(word))
    automaton.make_automaton()
    return automaton


@cache
def _lexicon(code: str) -> _Lexicon:
    """A language's table, compiled on first use (about 0.1 s each) and kept for the life of the process."""
    return _compile(code, _LANGUAGES[code])


# ---------------------------------------------------------------------------------------------------------------
# Reading numbers
# ---------------------------------------------------------------------------------------------------------------

def _digits_value(text: str, lex: _Lexicon) -> int | None:
    m = re.fullmatch(r"(\d[\d.,\s]*\d|\d)\s*(.*?)(?:['’][^\W\d_]+)?", text)
    if not m:
        return None
    mantissa, rest = m.groups()
    factor = 1
    if rest:
        factor = next((v for rx, v in lex.multipliers if rx.fullmatch(rest)), 0)
    if re.fullmatch(r"\d+[.,]\d{1,2}", mantissa) and factor > 1:
        return round(float(mantissa.replace(",", ".")) * factor)
    return int(re.sub(r"\D", "", mantissa)) * factor or None


def _words_value(text: str, lex: _Lexicon) -> int | None:
    """'dua ratus dua puluh lima' -> 225, 'twenty-five' -> 25; None for what is not one number."""
    total = hundreds = small = 0
    for token in re.split(r"[\s\-]+", text.casefold()):
        if token in lex.joiners:
            continue
        if token in lex.units:
            value = lex.units[token]
            fits = small == 0 or (value < 10 and small % 10 == 0) or (10 <= value < 100 and small % 100 == 0)
            if not fits or (value >= 100 and (small or hundreds)):
                return None
            small += value
            continue
        kind, value = lex.scales.get(token, ("", 0))
        if kind in ("x10", "p10"):
            if not 1 <= small <= 9:
                return None
            small = small * 10 if kind == "x10" else small + 10
        elif kind == "x100":
            if small >= 100 or hundreds:
                return None
            hundreds, small = (small or 1) * 100, 0
        elif kind == "big":
            total, hundreds, small = total + ((hundreds + small) or 1) * value, 0, 0
        else:
            return None
    return (total + hundreds + small) or None


def _value(text: str, lex: _Lexicon) -> int | None:
    text = " ".join(text.split())
    for rx, value in lex.phrases:
        if rx.fullmatch(text):
            return value
    value = _digits_value(text, lex) if text[0].isdigit() else _words_value(text, lex)
    return value if value is not None and 0 < value <= _MAX_FIGURE else None


# ---------------------------------------------------------------------------------------------------------------
# Finding figures
# ---------------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Figure:
    killed: bool
    start: int
    value: int
    distance: int    # characters between the number and its trigger: the closest reading of a number wins


def _previous_word(before: str) -> str:
    m = re.search(r"([^\W\d_]+)[\s\-]*$", before)
    return m.group(1).casefold() if m else ""


def _plausible(m: re.Match[str], family: str, lex: _Lexicon, text: str) -> bool:
    """Context checks a regex cannot do cheaply: ages, money, sub-counts, years, hypotheticals."""
    start, end = m.span("num")
    before, after = text[max(0, start - 48):start], text[end:end + 48]
    if lex.before.search(before) or lex.after.match(after):
        return False
    previous = _previous_word(before)
    if previous in lex.units or previous in lex.scales:     # the tail of "dua puluh lima"
        return False
    number = m.group("num")
    if _YEAR.fullmatch(number.split("'")[0].split("’")[0]) and (
            number[4:] or lex.stop_before.search(before) or not lex.person_after.match(after)):
        return False            # a year: "in 2024", "2023'te" (Turkish locative), "2024 saw ..."
    if family == "pre":
        trigger_start = m.start("k") if m.group("k") is not None else m.start("i")
        if lex.modal.search(text[max(0, trigger_start - 40):trigger_start]):
            return False
    return True


def _figure(m: re.Match[str], family: str, lex: _Lexicon, text: str) -> _Figure | None:
    if not _plausible(m, family, lex, text):
        return None
    value = _value(m.group("num"), lex)
    if value is None:
        return None
    co = m.groupdict().get("co") or ""
    for extra in lex.number.finditer(co):
        more = _value(extra.group(), lex)
        if more is None:
            return None
        value += more
    killed = m.group("k") is not None
    trigger = m.span("k") if killed else m.span("i")
    num_start, num_end = m.span("num")
    distance = trigger[0] - num_end if family == "post" else num_start - trigger[1]
    return _Figure(killed, num_start, min(value, _MAX_FIGURE), distance)


def _fold(text: str) -> str:
    """Lower case and one apostrophe, keeping every offset (so no casefold: 'İ' would grow)."""
    folded = text.lower()
    if len(folded) != len(text):
        folded = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return folded.replace("’", "'")


def _starts_word(text: str, i: int) -> bool:
    if i == 0 or not text[i - 1].isalnum():
        return True
    return text[i - 1] in _CLITICS and (i == 1 or not text[i - 2].isalnum())


def _windows(text: str, folded: str, lex: _Lexicon) -> list[tuple[int, int]]:
    """Merged stretches of text around trigger words, within their lines, widened to whole words."""
    if lex.anchors is None:
        return [(0, len(text))]
    windows: list[tuple[int, int]] = []
    for end, length in lex.anchors.iter(folded):
        start = end - length + 1
        if not _starts_word(folded, start):
            continue
        line_lo = text.rfind("\n", 0, start) + 1
        line_hi = text.find("\n", end)
        line_hi = len(text) if line_hi < 0 else line_hi
        lo, hi = max(line_lo, start - _REACH_BEFORE), min(line_hi, end + 1 + _REACH_AFTER)
        while lo > line_lo and not text[lo - 1].isspace():
            lo -= 1
        while hi < line_hi and not text[hi].isspace():
            hi += 1
        if windows and lo <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(hi, windows[-1][1]))
        else:
            windows.append((lo, hi))
    return windows


def _figures(text: str, lexicons: Iterable[_Lexicon]) -> list[_Figure]:
    """Every figure in `text`, one reading per number (the one closest to its trigger), in text order."""
    found: dict[int, _Figure] = {}
    folded = _fold(text)
    for lex in lexicons:
        for lo, hi in _windows(text, folded, lex):
            for family, pattern in lex.patterns:
                _scan(found, text, lo, hi, family, pattern, lex)
    return [found[k] for k in sorted(found)]


def _scan(found: dict[int, _Figure], text: str, lo: int, hi: int, family: str, pattern: re.Pattern[str],
          lex: _Lexicon) -> None:
    """All matches of one pattern in text[lo:hi]; after a rejected match the search resumes inside it, so that
    "In 2014, 2000 people were killed" still finds 2000 once the year has been refused."""
    pos = lo
    while (m := pattern.search(text, pos, hi)) is not None:
        figure = _figure(m, family, lex, text)
        _keep(found, figure)
        pos = m.end() if figure is not None else m.start() + 1


def _keep(found: dict[int, _Figure], figure: _Figure | None) -> None:
    """Record a figure unless its number already has a reading closer to a trigger."""
    if figure is None:
        return
    old = found.get(figure.start)
    if old is None or (figure.distance, not figure.killed) < (old.distance, not old.killed):
        found[figure.start] = figure


# ---------------------------------------------------------------------------------------------------------------
# Sentences and evidence
# ---------------------------------------------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"[.!?؟。]+[\"'”’»)\]]*(?=\s)|\n")
_ABBREVIATION = re.compile(
    r"(?<!\w)(?:[A-Za-z]|Mr|Mrs|Ms|Dr|St|Jr|Sr|Gen|Col|Lt|Sgt|Capt|Maj|Cpl|Gov|Sen|Rep|Prof|Rev|No|Nos|vs|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Jl|Kab|Kec|Prov|Kol|Brigjen|Mayjen|Letjen|Jend|Ir|"
    r"Drs|Hj|KH|approx|ca|Nr|Mme|Mlle|Sra|Dña|Av|Bd)\.$")


def _sentence_span(text: str, pos: int) -> tuple[int, int]:
    start, end = 0, len(text)
    for m in _SENTENCE_END.finditer(text):
        if m.group() != "\n" and _ABBREVIATION.search(text[max(0, m.start() - 12):m.start() + 1]):
            continue
        if m.end() <= pos:
            start = m.end()
        else:
            end = m.end()
            break
    return start, end


def _evidence(text: str, span: tuple[int, int], pos: int) -> str:
    """The sentence, whitespace collapsed, cut to a window around the figure when longer than the limit."""
    sentence = text[span[0]:span[1]]
    if len(" ".join(sentence.split())) <= _EVIDENCE_MAX:
        return " ".join(sentence.split())
    at = pos - span[0]
    lo = max(0, at - 100)
    hi = min(len(sentence), lo + _EVIDENCE_MAX - 10)
    if lo > 0:
        lo = sentence.find(" ", lo) + 1 or lo
    if hi < len(sentence) and sentence.rfind(" ", lo, hi) > at:
        hi = sentence.rfind(" ", lo, hi)
    piece = " ".join(sentence[lo:hi].split())
    return ("… " if lo > 0 else "") + piece + (" …" if hi < len(sentence) else "")


# ---------------------------------------------------------------------------------------------------------------
# The headline rule
# ---------------------------------------------------------------------------------------------------------------

def _lexicons_for(language: str | None) -> list[_Lexicon]:
    code = re.split(r"[-_]", (language or "").strip().casefold())[0]
    code = _ALIASES.get(code, code)
    if code in _LANGUAGES:
        return [_lexicon(_SHARED.get(code, code))]
    return [_lexicon(c) for c in _LANGUAGES if c not in _SHARED]


def _first(figures: Iterable[_Figure], killed: bool, within: tuple[int, int] | None = None) -> _Figure | None:
    for figure in figures:
        if figure.killed == killed and (within is None or within[0] <= figure.start < within[1]):
            return figure
    return None


def extract_casualties(text: str, language: str | None, title: str | None = None) -> Casualties | None:
    """The headline number killed (and injured where stated) in a news article, with the evidence sentence."""
    lexicons = _lexicons_for(language)
    sources = [s for s in (title or "", text or "") if s.strip()]
    found = [(source, _figures(source.translate(_DIGIT_TABLE), lexicons)) for source in sources]
    for source, figures in found:                       # title first, then the text
        killed = _first(figures, killed=True)
        if killed is None:
            continue
        span = _sentence_span(source, killed.start)
        injured = _first(figures, killed=False, within=span)
        if injured is None:
            injured = next((f for _, fs in found if (f := _first(fs, killed=False))), None)
        return Casualties(killed.value, injured.value if injured else None,
                          _evidence(source, span, killed.start))
    for source, figures in found:
        injured = _first(figures, killed=False)
        if injured is not None:
            span = _sentence_span(source, injured.start)
            return Casualties(None, injured.value, _evidence(source, span, injured.start))
    return None
