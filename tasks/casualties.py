"""Find the headline casualty figures of a news article: how many were killed (and injured), and where it says so.

The headline rule
-----------------
* A *figure* is a number tied, inside one clause, to a killing or death word (killed, dead, died, death toll,
  tewas, menewaskan, کشته, ہلاک, मारे गए, 死亡, 사망 ...) or to an injury word (wounded, luka-luka, زخمی, 負傷 ...).
  Three shapes are recognised, each from a per-language data file (below):
    - trigger before the number: "killed at least 12", "menewaskan sedikitnya 400", "murieron 12 personas";
    - number before the trigger: "400 rebels killed", "dua orang tewas", "12 Tote", "۱۸ نفر کشته شدند",
      "10人が死亡", the number followed by an optional noun phrase naming people ("12 Palestinian civilians"),
      auxiliaries ("have been"), a sub-count aside (", including 10 children,") and, in languages that put
      the verb last, a few free words ("12 Menschen wurden bei dem Anschlag getötet");
    - a toll: "the death toll rose to 1,200", "korban tewas mencapai 1.200 orang", "死者は59人に".
  Coordinated groups before one trigger are added up: "12 soldiers and 3 civilians were killed" -> 15.
* Killed: the figure in the title when the title states one, else the first killed figure of the text (the lede
  states the headline toll; later figures are usually partial or older counts; a war's cumulative toll when that
  is what the title states). The evidence is that sentence.
* Injured: the injured figure of that same sentence, else the first injured figure of the title, else of the
  text, else None. With no killed figure at all, the first injured figure is returned with killed=None.
* None when the article states no figure.

What is never a figure (conservative: a wrong number is worse than None)
* numbers not tied to a casualty word in the same clause ("400 troops", "3 provinces", "24 jam");
* sub-counts: a number after "including", "among them", "termasuk", "dont", "از جمله" ... or before "of them";
* years (a bare 1900-2099 counts only when a people noun follows and no preposition precedes it), times, dates,
  ages ("a 25-year-old", "aged 25", "شش ساله", "20 سالہ"), percentages, money, ranges ("12-15"), ordinals, and
  counts of things ("400 rockets", "24 hours"): a unit or thing word right after the number rejects it;
* killed-and-wounded totals ("400人以上が死傷", "۱۰ کشته و زخمی"): neither figure;
* hypotheticals and negations ("threatened to kill 100", "could kill", "no one was killed", "کشته نشدند");
* "a"/"an" alone ("a soldier was killed") is not read as 1, but "one", "seorang", "un", "bir", "یک" ... are.

Numbers: digits with '.', ',' or thin-space thousands separators are read the same in every language (a
casualty count is never a decimal: "1.200" and "1,200" are both 1200; French and Russian also allow "1 200"),
decimals only before a multiplier ("1.5 million", "1,5 juta", "1.5万"). Arabic-Indic (٠-٩), Persian (۰-۹),
Devanagari (०-९) and full-width (０-９) digits are read as digits. Number words are read up to the millions
("twenty-five", "dua puluh lima", "بیست و پنج", "treinta y cinco"); Chinese and Japanese numerals are read in
full ("二十三", "一百零五", "3万", "1万2千"). Vague quantities follow one convention:
    a dozen 12, dozens 24, scores 40, tens (puluhan, dizaines, decenas, десятки, onlarca, عشرات, دهها, 数十,
    수십) 20, teens (belasan, 十数, 十几) 11, hundreds 200, thousands 2000, tens of thousands 20000,
    hundreds of thousands 200000; French "une dizaine/vingtaine/centaine de" 10/20/100.

The data files
--------------
Each language's words live in `tasks/casualty_patterns/<lang>.yaml` (`pattern_files()` lists them); the Python
holds only the algorithm. Every list holds phrases, regex fragments allowed: a space matches any in-line
whitespace, `_` an optional space (Persian and Urdu write some compounds with a zero-width non-joiner, or run
together), an apostrophe ' and ’. Each file's comments say what its fields do:
    units, scales, starts, joiners      number words ("twenty-five", "بیست و پنج", "dua puluh lima");
    phrases, multipliers                vague quantities ("dozens", "数十"), "2 thousand", "3万";
    quant, quant_after                  "at least" before the number, "more than" after it ("50 سے زائد", "400人以上");
    kill_pre/inj_pre, kill_post/inj_post, kill_toll/inj_toll, link, toll_verbs
                                        the triggers of the three shapes, and the words between a toll and its number;
    persons, counters, mods, aux        the people noun phrase (人, 名, 명 are counters) and what may follow it;
    gap, gap_stop                       free words before a trigger that comes last (German, Persian, Urdu, Hindi,
                                        Turkish, Korean, Polish), only after a people noun or a counter, never
                                        past a clause word ("که", "dass");
    not_after                           what undoes a trigger right after it ("و زخمی", "نشد");
    stop, conj, det, subcount, units_after, before, modal, modal_aux
                                        function words, "and", sub-counts, things and units, ages, hypotheticals;
    flags                               object_check, proper_plurals, spaced_thousands, number_prefix (Hebrew "ל-100"),
                                        unspaced and numerals: cjk (Chinese, Japanese), counter_required (Korean).
A file may say `same_as: <lang>` (Malay uses the Indonesian table) and list `aliases` (other codes of the
language: "ind", "in"). `unspaced: true` drops word boundaries: a number counts only with its counter (3人,
2名) and a noun phrase is a few characters. Arabic-script letters are matched in one form (ي ى ی, ك ک), so a
Persian table matches text typed with Arabic letters too.

Languages: ar de en es fa fr he hi id it ja ko ms pl pt ru tr uk ur zh (one file each; ms shares id's table).
`language` picks the file ("en-GB" -> en); None or an unknown code tries all of them.

Speed: the files are parsed once per process (libyaml when PyYAML has it) and a language's patterns compiled on
its first use (~0.1 s; never per call). Each call first finds the trigger words with an Aho-Corasick automaton
and runs the three regexes (trigger-number, number-trigger, toll) only on the stretches of text around them: a
few milliseconds for a 1500-word article.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import ahocorasick
import yaml

from tasks.records import Casualties

__all__ = ["PATTERN_DIR", "extract_casualties", "pattern_files"]

PATTERN_DIR = Path(__file__).parent / "casualty_patterns"
# libyaml's safe loader when PyYAML was built with it (as tasks/lexicon.py)
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_EVIDENCE_MAX = 300
_MAX_FIGURE = 10_000_000
_YEAR = re.compile(r"(?:19|20)\d\d")
# One form for text and patterns, one character for one (offsets stay valid): native and full-width digits,
# Arabic separators, Arabic-script letter variants (Persian and Urdu sites type ي and ك as often as ی and ک),
# the zero-width non-joiner as a space, the Ukrainian apostrophe ʼ as ’.
_CANON = str.maketrans(
    "٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹०१२३४५६७८९０１２３４５６７８９٬٫，ىيك\u200cʼ", "0123456789" * 4 + ",.," + "ییک" + " ’"
)
_CURRENCY = r"[$€£¥₹₺₽₪]|(?<!\w)(?:US\$|USD|EUR|IDR|Rp\.?|RM|Rs\.?)"
_CLITICS = "وفبلוהבלמשכ"  # one-letter prefixes a trigger may carry (Arabic "ومقتل", Hebrew "ונהרגו")
_REACH_BEFORE, _REACH_AFTER = 400, 300  # how far from a trigger word its number may be (characters)
_CJK_DIGITS = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "兩": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CJK_SMALL = {"十": 10, "百": 100, "千": 1000}
_CJK_BIG = {"万": 10**4, "萬": 10**4, "億": 10**8, "亿": 10**8}
_CJK_CHARS = "".join([*_CJK_DIGITS, *_CJK_SMALL, *_CJK_BIG])


# ---------------------------------------------------------------------------------------------------------------
# The data files
# ---------------------------------------------------------------------------------------------------------------


def pattern_files() -> list[Path]:
    """The per-language pattern files, in sorted order (their contents version the tagger's output)."""
    return sorted(PATTERN_DIR.glob("*.yaml"))


def _canonical(value: Any) -> Any:
    """A parsed file with every string in the one form texts are matched in (`_CANON`)."""
    if isinstance(value, str):
        return value.translate(_CANON)
    if isinstance(value, dict):
        return {_canonical(k): _canonical(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_canonical(v) for v in value]
    return value


@cache
def _files() -> dict[str, dict[str, Any]]:
    """Every language's file, parsed once per process: {code: data}."""
    return {
        path.stem: _canonical(yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER) or {})
        for path in pattern_files()
    }


@cache
def _codes() -> dict[str, str]:
    """Every accepted language code (and alias) -> the code whose table it uses."""
    codes: dict[str, str] = {}
    for code, data in _files().items():
        target = data.get("same_as", code)
        codes[code] = target
        for alias in data.get("aliases") or ():
            codes.setdefault(str(alias).casefold(), target)
    return codes


def _table(code: str) -> dict[str, Any]:
    return _files()[code]


# ---------------------------------------------------------------------------------------------------------------
# Compiling the tables
# ---------------------------------------------------------------------------------------------------------------


def _split(spec: str) -> list[str]:
    """Split a `|`-separated alternation on its top-level bars only."""
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


def _items(spec: Any) -> list[str]:
    """A field of a data file as a list of phrases (a list, a mapping's keys, or None)."""
    if not spec:
        return []
    if isinstance(spec, str):
        return _split(spec)
    return [str(s).strip() for s in spec if str(s).strip()]


@dataclass(frozen=True)
class _Style:
    """How words are delimited: spaced scripts, or Chinese and Japanese (no spaces between words)."""

    ws: str  # between two words
    start: str  # a word starts here
    end: str  # a word ends here
    mod: str  # one modifier of a noun phrase

    @property
    def ws0(self) -> str:
        return r"[^\S\n]*"


# Combining marks (Devanagari vowel signs and virama, Arabic and Hebrew points) are inside words, though not \w
_MARKS = (
    "\u0300-\u036f\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0900-\u0903\u093a-\u094f"
    "\u0951-\u0957\u0962\u0963"
)
_SPACED = _Style(
    r"[^\S\n]+",
    rf"(?<![\w{_MARKS}])",
    rf"(?![\w{_MARKS}])",
    rf"(?:(?:[^\W\d_]\.){{2,}}|[^\W\d_][\w'’\-{_MARKS}]*|[\"«“][^\"«»“”\n]{{1,30}}[\"»”])",
)
_UNSPACED = _Style(r"[^\S\n]*", "", "", r"[^\W\d_]")  # a noun-phrase character: no digit, no punctuation


def _alt(spec: Any, style: _Style = _SPACED) -> str:
    """One non-capturing alternation of phrases, longest first; `(?!)` (never matches) when empty."""
    items = sorted(set(_items(spec)), key=len, reverse=True)
    if not items:
        return "(?!)"
    return (
        "(?:" + "|".join(i.replace("'", "['’]").replace(" ", style.ws).replace("_", r"[^\S\n]?") for i in items) + ")"
    )


def _word(spec: Any, style: _Style) -> str:
    """An alternation bounded as whole words."""
    return rf"{style.start}{_alt(spec, style)}{style.end}"


@dataclass(frozen=True)
class _Lexicon:
    """One language's table, compiled."""

    code: str
    unspaced: bool
    cjk: bool  # Chinese and Japanese numerals
    units: Mapping[str, int]
    scales: Mapping[str, tuple[str, int]]
    joiners: frozenset[str]
    phrases: tuple[tuple[re.Pattern[str], int], ...]
    multipliers: tuple[tuple[re.Pattern[str], int], ...]
    number: re.Pattern[str]
    patterns: tuple[tuple[str, re.Pattern[str]], ...]  # ("pre" | "post" | "toll", pattern)
    before: re.Pattern[str]
    after: re.Pattern[str]
    modal: re.Pattern[str]
    stop_before: re.Pattern[str]
    person_after: re.Pattern[str]
    anchors: Any  # an Aho-Corasick automaton of trigger beginnings, or None (scan everything)


def _number_pattern(d: Mapping[str, Any], s: _Style) -> str:
    """Digits, vague phrases or number words; never the tail of a longer number."""
    units = [*map(str, d.get("units") or {}), *_items(d.get("starts"))]
    every_word = [*map(str, d.get("units") or {}), *map(str, d.get("scales") or {})]
    joiner = _alt(d.get("joiners"))
    gap = rf"(?:{s.ws0}-{s.ws0}|{s.ws})(?:{joiner}{s.ws})?"
    words = rf"{s.start}{_alt(units, s)}{s.end}(?:{gap}{_alt(every_word, s)}{s.end})*" if units else "(?!)"
    sep = r"[.,\u00a0\u202f\u2009 ]" if d.get("spaced_thousands") else r"[.,\u00a0\u202f\u2009]"
    mult = _alt(d.get("multipliers"), s)
    phrases = _word(d.get("phrases"), s) if d.get("phrases") else "(?!)"
    if d.get("numerals") == "cjk":  # 59, 1,100, 二十三, 3万, 1万2千, 1.5万: read by _cjk_value
        chunk = rf"\d{{1,3}}(?:,\d{{3}})+(?!\d)|\d+(?:\.\d+(?=[万萬億亿]))?|[{_CJK_CHARS}]"
        return rf"(?:{phrases}|(?<![\d{_CJK_CHARS}.,])(?:{chunk})+)"
    hyphen = rf"(?<!-)|(?<={d['number_prefix']})" if d.get("number_prefix") else "(?<!-)"  # "ל-100"
    digits = (
        rf"(?<![\d.,:/–])(?:{hyphen})(?<![A-Za-z])(?<!\d[ \u00a0\u202f\u2009])"
        rf"(?:\d+[.,]\d{{1,2}}(?={s.ws0}{mult}{s.end})|\d{{1,3}}(?:{sep}\d{{3}})+(?!{sep}?\d)|\d+)"
        rf"(?![.,:/]?\d)(?:{s.ws0}{mult}{s.end})?(?:['’][^\W\d_]+)?"
    )
    tail = rf"(?!{s.ws0}(?:-{s.ws0})?(?:\d|{_alt(every_word, s)}{s.end}))" if every_word else r"(?!\s*\d)"
    return rf"(?:{phrases}|{digits}|{words}){tail}"


def _pieces(d: Mapping[str, Any], num: str, s: _Style) -> dict[str, str]:
    """The shared regex pieces of one language: people noun phrase, coordination, sub-count aside ..."""
    units_after = _alt(d.get("units_after"), s)
    proper = r"|(?-i:[A-ZÀ-Þ][a-zß-ÿ]+s)" if d.get("proper_plurals") else ""
    person = rf"{s.start}(?!{units_after}{s.end})(?:{_alt(d.get('persons'), s)}{proper}){s.end}"
    triggers = [*_items(d.get("kill_post")), *_items(d.get("inj_post"))]
    if s is _UNSPACED:
        triggers += [*_items(d.get("kill_toll")), *_items(d.get("inj_toll"))]
    blocked = _alt([*_items(d.get("stop")), *triggers], s)  # never a modifier
    not_number = rf"(?!{d['number_prefix']}\d)" if d.get("number_prefix") else ""  # "ו-30" is no modifier
    mod = rf"{s.start}(?!{blocked}{s.end}){not_number}(?:{s.mod})"
    pre, post = d.get("mods") or (0, 0)
    qa = _alt(d.get("quant_after"), s)
    counter = _alt(d.get("counters"), s)
    if s is _UNSPACED:  # 2人のイタリア軍人: the counter, then up to `post` characters
        np = rf"(?:{mod}){{0,{post}}}"
        count = rf"{s.ws0}(?:{qa}{s.ws0})?{counter}(?:{s.ws0}{qa})?"
    else:
        np = rf"(?:{mod}{s.ws}){{0,{pre}}}{person}(?:{s.ws}{mod}){{0,{post}}}"
        count = rf"(?:{s.ws0}{qa}{s.end})?(?P<cnt>{s.ws0}{counter}(?:{s.ws0}{qa}{s.end})?)"
        count += "" if d.get("counter_required") else "?"
    conj = _alt(d.get("conj"), s)
    sep = (
        rf"(?:{s.ws0}[,、，](?:{s.ws0}{conj})?|{s.ws}{conj}|{s.ws0}{conj}{s.ws0})"
        if s is _UNSPACED
        else rf"(?:{s.ws0},(?:{s.ws}{conj})?|{s.ws}{conj})"
    )
    prefix = rf"(?:{d['number_prefix']})?" if d.get("number_prefix") else ""  # "ל-100"
    item = (
        rf"{sep}{s.ws0}{prefix}{num}{count.replace('?P<cnt>', '?:')}(?:{s.ws}{np})?"
        if s is _SPACED
        else rf"{sep}(?:{mod}){{0,6}}{num}{count}{np}"
    )  # 兵士2人と民間人3人が
    subcount = _alt(d.get("subcount"), s)
    quant = _alt(d.get("quant"), s)
    aside = (
        rf"(?:{s.ws0},(?=[^,.;:!?\n]{{0,80}}?{s.start}{subcount}{s.end})[^,.;:!?\n]{{1,80}},"
        rf"|{s.ws0}\({subcount}[^()\n]{{0,80}}\)"
        rf"|{s.ws}[—–](?={s.ws0}{subcount}{s.end})[^—–\n]{{1,80}}[—–]"
        rf"|{s.ws}{subcount}(?:{s.ws}{quant})*{s.ws}{num}(?:{s.ws}{np})?)"
    )
    not_after = rf"(?!{s.ws0}{_alt(d.get('not_after'), s)})"
    trig = rf"(?:{_alt(d.get('kill_post'), s)}|{_alt(d.get('inj_post'), s)}){s.end}"
    aux = rf"(?:{s.ws}[\"«“]?{_alt(d.get('aux'), s)}{s.end}){{0,4}}"
    stops = _alt(
        [
            *_items(d.get("gap_stop")),
            *_items(d.get("conj")),
            *_items(d.get("subcount")),
            *_items(d.get("kill_pre")),
            *_items(d.get("inj_pre")),
        ],
        s,
    )
    gap_word = (
        rf"{s.start}(?!{trig}|{stops}{s.end})"
        rf"[^\W\d_][\w'’\-{_MARKS}]*"
    )
    # only after a people noun or a counter: "12 kişi saldırıda hayatını kaybetti", never "bir genç ... kaybetti"
    gap = (
        (
            rf"(?(np)(?:(?:{s.ws}{gap_word}){{1,{int(d.get('gap') or 0)}}}{aux})?|(?(cnt)(?:(?:{s.ws}{gap_word})"
            rf"{{1,{int(d.get('gap') or 0)}}}{aux})?))"
        )
        if d.get("gap")
        else ""
    )
    return {
        "person": person,
        "mod": mod,
        "np": np,
        "item": item,
        "aside": aside,
        "quant": quant,
        "aux": aux,
        "any_post": trig,
        "count": count,
        "gap": gap,
        "not_after": not_after,
        "lead": s.ws + prefix,
    }


def _post_pattern(d: Mapping[str, Any], num: str, p: Mapping[str, str], s: _Style) -> str:
    """Number, people, aside, auxiliaries, then the trigger: '25 people, including 10 children, were killed'."""
    obj = ""
    if d.get("object_check"):  # "3 gunmen killed 12 people": the trigger is active, the number its subject
        obj = (
            rf"(?!{s.ws}(?:{p['quant']}{s.ws})*{num}|{s.ws}{_alt(d.get('det'), s)}{s.end}"
            rf"|{s.ws}(?:{p['mod']}{s.ws})?{p['person']})"
        )
    np = rf"(?:{s.ws}(?P<np>{p['np']}))?" if s is _SPACED else p["np"]
    return (
        rf"(?P<num>{num}){p['count']}{np}(?P<co>(?:{p['item']}){{0,3}})(?:{p['aside']})?{p['aux']}{p['gap']}"
        rf"{s.ws}[\"«“]?(?:(?P<k>{_alt(d.get('kill_post'), s)})|(?P<i>{_alt(d.get('inj_post'), s)})){s.end}"
        rf"{p['not_after']}{obj}"
    )


def _pre_pattern(d: Mapping[str, Any], num: str, p: Mapping[str, str], s: _Style) -> str:
    """Trigger, 'at least'-like words, then the number: 'killed at least 12 civilians'."""
    coordinated = (
        (
            rf"(?:{s.ws}{p['np']}(?P<co>(?:{p['item']}){{1,3}})"
            rf"(?!{p['aux']}{s.ws}{p['any_post']}))?"
        )
        if s is _SPACED
        else ""
    )
    return (
        rf"{s.start}(?:(?P<k>{_alt(d.get('kill_pre'), s)})|(?P<i>{_alt(d.get('inj_pre'), s)})){s.end}"
        rf"(?:{s.ws}{p['quant']}{s.end})*{p['lead']}(?P<num>{num}){p['count']}{coordinated}"
    )


def _toll_pattern(d: Mapping[str, Any], num: str, p: Mapping[str, str], s: _Style) -> str:
    """A toll noun, linking words, then the number: 'the death toll rose to 1,200'."""
    link = rf"{s.ws}{_alt(d.get('link'), s)}{s.end}"
    gap = rf"(?:{s.ws0},|{s.ws}[^\W\d_][\w'’\-]*){{1,8}}?" if s is _SPACED else r"[^\d、。，,；;\n]{1,12}?"
    return (
        rf"{s.start}(?:(?P<k>{_alt(d.get('kill_toll'), s)})|(?P<i>{_alt(d.get('inj_toll'), s)})){s.end}"
        rf"(?:(?:{link})*|{gap}{s.ws}{_alt(d.get('toll_verbs'), s)}{s.end}(?:{link})*)"
        rf"(?:{s.ws}{p['quant']}{s.end})*{p['lead']}(?P<num>{num}){p['count']}"
    )


def _compile(code: str, d: Mapping[str, Any]) -> _Lexicon:
    s = _UNSPACED if d.get("unspaced") else _SPACED
    flags = re.IGNORECASE
    num = _number_pattern(d, s)
    p = _pieces(d, num, s)
    before = (
        rf"(?:{s.start}(?:{_alt(d.get('before'), s)}|{_alt(d.get('subcount'), s)})(?:{s.ws}{p['quant']})*"
        rf"{s.ws0}|(?:{_CURRENCY}){s.ws0})$"
    )
    after = rf"(?:{s.ws0}{_alt(d.get('units_after'), s)}{s.end}|-[^\W\d_]|{s.ws0}%|:\d|/\d)"
    modal = rf"{s.start}{_alt(d.get('modal'), s)}(?:{s.ws}{_alt(d.get('modal_aux'), s)})?{s.ws0}$"
    return _Lexicon(
        code=code,
        unspaced=s is _UNSPACED,
        cjk=d.get("numerals") == "cjk",
        units={str(k).casefold().replace("’", "'"): int(v) for k, v in (d.get("units") or {}).items()},
        scales={str(k).casefold(): (v[0], int(v[1])) for k, v in (d.get("scales") or {}).items()},
        joiners=frozenset(w.casefold() for w in _items(d.get("joiners"))),
        phrases=tuple((re.compile(_alt([k], s), flags), int(v)) for k, v in (d.get("phrases") or {}).items()),
        multipliers=tuple((re.compile(_alt([k], s), flags), int(v)) for k, v in (d.get("multipliers") or {}).items()),
        number=re.compile(num, flags),
        patterns=(
            ("pre", re.compile(_pre_pattern(d, num, p, s), flags)),
            ("post", re.compile(_post_pattern(d, num, p, s), flags)),
            ("toll", re.compile(_toll_pattern(d, num, p, s), flags)),
        ),
        before=re.compile(before, flags),
        after=re.compile(after, flags),
        modal=re.compile(modal, flags),
        stop_before=re.compile(rf"{s.start}{_alt(d.get('stop'), s)}{s.ws0}$", flags),
        person_after=re.compile(rf"{s.ws}(?:{p['mod']}{s.ws}){{0,2}}{p['person']}", flags),
        anchors=_automaton(d),
    )


def _anchor_words(spec: Any) -> set[str] | None:
    """A word every trigger phrase starts with or contains ('korban meninggal(?: dunia)?' -> 'meninggal')."""
    anchors: set[str] = set()
    for item in _items(spec):
        item = re.sub(r"^\[[^\]]*\]\?", "", item)  # an optional clitic class
        if item.startswith("(?:") and item.endswith(")"):
            inner = _anchor_words(item[3:-1])
            if inner is None:
                return None
            anchors |= inner
            continue
        prefix = re.split(r"[\\()\[\]{}|.^$*+?]", item, maxsplit=1)[0]  # the literal text before any regex syntax
        if item[len(prefix) : len(prefix) + 1] in ("?", "*", "{"):  # 'civilians?': the last letter is optional
            prefix = prefix[:-1]
        word = max(reversed(re.split(r"[\s_]+", prefix) or [""]), key=len)  # 'a tué' -> 'tué'
        if len(word) < 2:
            return None
        anchors.add(word.lower().replace("’", "'"))
    return anchors


def _automaton(d: Mapping[str, Any]) -> Any:
    """A prefilter over every trigger of a language: figures are only looked for near one of them."""
    words: set[str] = set()
    for field in ("kill_pre", "inj_pre", "kill_post", "inj_post", "kill_toll", "inj_toll"):
        found = _anchor_words(d.get(field))
        if found is None:
            return None
        words |= found
    automaton = ahocorasick.Automaton()
    for word in words:
        automaton.add_word(word, len(word))
    if words:
        automaton.make_automaton()
    return automaton


@cache
def _lexicon(code: str) -> _Lexicon:
    """A language's table, compiled on first use (about 0.1 s each) and kept for the life of the process."""
    return _compile(code, _table(code))


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
    for token in re.split(r"[\s\-]+", text.casefold().replace("’", "'")):
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


def _cjk_value(text: str) -> int | None:
    """'二十三' -> 23, '一百零五' -> 105, '3万' -> 30000, '1万2千' -> 12000, '1.5万' -> 15000, '1,100' -> 1100."""
    total: float = 0  # float: '1.5万' -> 15000
    section: float = 0
    digits = ""
    for ch in text.replace(",", ""):
        if ch.isdigit() or ch == ".":
            digits += ch
        elif ch in _CJK_DIGITS:
            digits += str(_CJK_DIGITS[ch])
        elif ch in _CJK_SMALL:
            section += int(digits or 1) * _CJK_SMALL[ch]
            digits = ""
        elif ch in _CJK_BIG:
            section += float(digits) if digits else 0
            total += (section or 1) * _CJK_BIG[ch]
            section, digits = 0, ""
        else:
            return None
    if "." in digits:
        return None
    return round(total + section + int(digits or 0)) or None


def _value(text: str, lex: _Lexicon) -> int | None:
    text = " ".join(text.split())
    for rx, phrase_value in lex.phrases:
        if rx.fullmatch(text):
            return phrase_value
    if lex.cjk:
        value = _cjk_value(text)
    else:
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
    distance: int  # characters between the number and its trigger: the closest reading of a number wins


def _previous_word(before: str) -> str:
    m = re.search(rf"((?:[^\W\d_]|[{_MARKS}])+)[\s\-]*$", before)
    return m.group(1).casefold() if m else ""


def _plausible(m: re.Match[str], family: str, lex: _Lexicon, text: str) -> bool:
    """Context checks a regex cannot do cheaply: ages, money, sub-counts, years, hypotheticals."""
    start, end = m.span("num")
    before, after = text[max(0, start - 48) : start], text[end : end + 48]
    if lex.before.search(before) or lex.after.match(after):
        return False
    previous = _previous_word(before)
    if not lex.unspaced and (previous in lex.units or previous in lex.scales):  # the tail of "dua puluh lima"
        return False
    number = m.group("num")
    if _YEAR.fullmatch(number.split("'")[0].split("’")[0]) and (
        number[4:] or lex.stop_before.search(before) or not lex.person_after.match(after)
    ):
        return False  # a year: "in 2024", "2023'te" (Turkish locative), "2024 saw ..."
    if family == "pre":
        trigger_start = m.start("k") if m.group("k") is not None else m.start("i")
        if lex.modal.search(text[max(0, trigger_start - 40) : trigger_start]):
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
    for end, length in lex.anchors.iter(folded) if len(lex.anchors) else ():
        start = end - length + 1
        if not lex.unspaced and not _starts_word(folded, start):
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


def _scan(
    found: dict[int, _Figure], text: str, lo: int, hi: int, family: str, pattern: re.Pattern[str], lex: _Lexicon
) -> None:
    """All matches of one pattern in text[lo:hi]; after a rejected match the search resumes inside it, so that
    "In 2014, 2000 people were killed" still finds 2000 once the year has been refused, and after coordinated
    numbers right after the first, so that each also gets its own reading ("killed 12 people and 30 were
    injured": 30 is no part of a killed figure)."""
    pos = lo
    while (m := pattern.search(text, pos, hi)) is not None:
        figure = _figure(m, family, lex, text)
        _keep(found, figure)
        if figure is None:
            pos = m.start() + 1
        else:
            pos = m.end("num") if m.groupdict().get("co") else m.end()


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

_SENTENCE_END = re.compile(r"[.!?؟]+[\"'”’»)\]]*(?=\s)|[。！？۔।]+[」』\"”’)）]*|\n")
_ABBREVIATION = re.compile(
    r"(?<!\w)(?:[A-Za-z]|Mr|Mrs|Ms|Dr|St|Jr|Sr|Gen|Col|Lt|Sgt|Capt|Maj|Cpl|Gov|Sen|Rep|Prof|Rev|No|Nos|vs|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Jl|Kab|Kec|Prov|Kol|Brigjen|Mayjen|Letjen|Jend|Ir|"
    r"Drs|Hj|KH|approx|ca|Nr|Mme|Mlle|Sra|Dña|Av|Bd)\.$"
)


def _sentence_span(text: str, pos: int) -> tuple[int, int]:
    start, end = 0, len(text)
    for m in _SENTENCE_END.finditer(text):
        if m.group() != "\n" and _ABBREVIATION.search(text[max(0, m.start() - 12) : m.start() + 1]):
            continue
        if m.end() <= pos:
            start = m.end()
        else:
            end = m.end()
            break
    return start, end


def _evidence(text: str, span: tuple[int, int], pos: int) -> str:
    """The sentence, whitespace collapsed, cut to a window around the figure when longer than the limit."""
    sentence = text[span[0] : span[1]]
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
    codes = _codes()
    if code in codes:
        return [_lexicon(codes[code])]
    return [_lexicon(c) for c in sorted(set(codes.values()))]


def _first(figures: Iterable[_Figure], killed: bool, within: tuple[int, int] | None = None) -> _Figure | None:
    for figure in figures:
        if figure.killed == killed and (within is None or within[0] <= figure.start < within[1]):
            return figure
    return None


def extract_casualties(text: str, language: str | None, title: str | None = None) -> Casualties | None:
    """The headline number killed (and injured where stated) in a news article, with the evidence sentence."""
    lexicons = _lexicons_for(language)
    sources = [s for s in (title or "", text or "") if s.strip()]
    found = [(source, _figures(source.translate(_CANON), lexicons)) for source in sources]
    for source, figures in found:  # title first, then the text
        killed = _first(figures, killed=True)
        if killed is None:
            continue
        span = _sentence_span(source, killed.start)
        injured = _first(figures, killed=False, within=span)
        if injured is None:
            injured = next((f for _, fs in found if (f := _first(fs, killed=False))), None)
        return Casualties(killed.value, injured.value if injured else None, _evidence(source, span, killed.start))
    for source, figures in found:
        injured = _first(figures, killed=False)
        if injured is not None:
            span = _sentence_span(source, injured.start)
            return Casualties(None, injured.value, _evidence(source, span, injured.start))
    return None
