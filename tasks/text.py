"""Words in any script: the tokeniser behind word counts and similarity shingles."""

from __future__ import annotations

import re

# a CJK ideograph or kana counts as one word; elsewhere a word is a run of word characters
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
WORD = re.compile(rf"[{_CJK}]|[^\W{_CJK}]+")


def words(text: str) -> list[str]:
    return WORD.findall(text)


def word_count(text: str) -> int:
    return len(WORD.findall(text))
