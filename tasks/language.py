"""Language identification with a confidence, so callers know when to distrust it."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

SURE = 0.90  # below this probability the detected language is only a guess
LIKELY = 0.95  # an unsure text's likely languages: the most probable ones, until their probabilities sum to this
MOST_LIKELY = 3  # ... and at most this many (Malay or Indonesian; Persian, Pashto or Arabic)
SAMPLE_CHARS = 1500  # enough for a sure answer on news text; the cost grows with length


@dataclass(frozen=True)
class Detected:
    language: str | None
    confidence: float

    @property
    def sure(self) -> bool:
        return self.language is not None and self.confidence >= SURE


@cache
def _identifier() -> LanguageIdentifier:
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str, hint: str | None = None) -> Detected:
    """The text's ISO 639-1 language. A feed's hint wins unless the text clearly says otherwise."""
    sample = text[:SAMPLE_CHARS]
    if not sample.strip():
        return Detected(hint, 1.0 if hint else 0.0)
    language, confidence = _identifier().classify(sample)
    if hint and (language == hint or confidence < SURE):
        return Detected(hint, 1.0)  # the hint is used: the feed says so, and detection agrees or is unsure
    return Detected(language, float(confidence))


def likely_languages(text: str) -> tuple[str, ...]:
    """The languages `text` is most likely in, most likely first (the first is `detect_language`'s, on the
    same sample): what an unsure detection hesitates between."""
    sample = text[:SAMPLE_CHARS]
    if not sample.strip():
        return ()
    likely: list[str] = []
    mass = 0.0
    for language, probability in _identifier().rank(sample)[:MOST_LIKELY]:
        likely.append(language)
        mass += probability
        if mass >= LIKELY:
            break
    return tuple(likely)
