"""Language detection: the detected language, its confidence, and what an unsure detection hesitates between."""

from __future__ import annotations

from tasks.language import detect_language, likely_languages

MALAY = "Polis menahan seorang lelaki berhubung pembunuhan di London semalam, kata jurucakap polis."
FRENCH = (
    "Le gouvernement a annoncé mardi une nouvelle série de mesures pour soutenir les agriculteurs touchés "
    "par la sécheresse, qui frappe le sud du pays depuis plusieurs mois."
)


def test_a_clear_text_is_detected_surely():
    detected = detect_language(FRENCH)
    assert detected.language == "fr" and detected.sure
    assert likely_languages(FRENCH) == ("fr",)


def test_an_unsure_text_is_likely_in_a_few_close_languages_the_detected_one_first():
    detected = detect_language(MALAY)
    assert not detected.sure
    likely = likely_languages(MALAY)
    assert likely[0] == detected.language
    assert {"ms", "id"} <= set(likely) and len(likely) <= 3


def test_a_feed_hint_wins_over_an_unsure_detection():
    assert detect_language(MALAY, hint="ms").sure


def test_an_empty_text_has_no_likely_language():
    assert likely_languages("  \n") == ()
    assert not detect_language("").sure
