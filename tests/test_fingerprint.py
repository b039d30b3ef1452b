"""Signatures are datasketch's MinHash values, so that signatures stored by earlier runs still compare."""

from __future__ import annotations

import pytest
from datasketch import MinHash

from tasks.fingerprint import NUM_PERM, SCHEME, SHINGLE, signature, similarity
from tasks.lexicon import normalise
from tasks.text import words
from tests.site import FIXTURES

SEED = (FIXTURES / "seed.txt").read_text()


def datasketch_signature(text: str) -> list[int]:
    w = words(normalise(text))
    shingles = {" ".join(w[i : i + SHINGLE]) for i in range(max(1, len(w) - SHINGLE + 1))}
    m = MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME)
    m.update_batch([s.encode("utf-8") for s in shingles])
    return [int(v) for v in m.hashvalues]


@pytest.mark.parametrize(
    "text",
    [
        SEED,
        "Serangan udara Suriah dan Rusia tewaskan 400 pemberontak di Idlib, kata pemantau perang.",
        "Обстрел Донецка: погибли пять человек, ранены ещё двенадцать, сообщили местные власти.",
        "غارات جوية على حلب أسفرت عن مقتل عشرة مدنيين بينهم أطفال",
        "four words only here",
        "",
    ],
)
def test_signatures_are_datasketchs(text):
    assert signature(text) == datasketch_signature(text)


def test_a_reprint_with_a_new_headline_is_similar_and_another_story_is_not():
    reprint = "BREAKING: " + SEED.replace("Suriah", "Syria", 1)
    assert similarity(signature(SEED), signature(reprint)) > 0.8
    assert similarity(signature(SEED), signature("Harbour festival draws record crowds " * 20)) < 0.1
