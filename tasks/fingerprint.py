"""Similarity fingerprints of article texts (MinHash over word shingles), to group reprints into stories."""

from __future__ import annotations

import hashlib
import struct
from functools import cache

from tasks.lexicon import normalise
from tasks.text import words as split_words

NUM_PERM = 128
SHINGLE = 5                 # words per shingle
BANDS, ROWS = 32, 4         # LSH: 32 bands of 4 values; pairs with Jaccard ~0.4+ usually share a band
SAME_STORY = 0.5            # estimated Jaccard of shingles at or above which two texts are one story
SCHEME = "affine32"          # datasketch >= 2 permutation scheme; stored signatures depend on it


@cache
def _minhash():
    """datasketch's MinHash and its permutations, loaded on first use (only worker processes need them)."""
    from datasketch import MinHash
    return MinHash, MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME).permutations


def signature(text: str) -> list[int]:
    """The MinHash of the text's word 5-shingles (case-folded): NUM_PERM 32-bit values."""
    words = split_words(normalise(text))
    shingles = {" ".join(words[i:i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}
    minhash, permutations = _minhash()
    m = minhash(num_perm=NUM_PERM, seed=1, scheme=SCHEME, permutations=permutations)
    m.update_batch([s.encode("utf-8") for s in shingles])
    return [int(v) for v in m.hashvalues]


def band_keys(sig: list[int]) -> list[int]:
    """One 63-bit key per LSH band: texts sharing a key are candidates for the same story."""
    keys = []
    for band in range(BANDS):
        chunk = struct.pack(f">H{ROWS}I", band, *sig[band * ROWS:(band + 1) * ROWS])
        keys.append(int.from_bytes(hashlib.blake2b(chunk, digest_size=8).digest(), "big") >> 1)
    return keys


def similarity(a: list[int], b: list[int]) -> float:
    """Estimated Jaccard similarity of two signatures."""
    return sum(x == y for x, y in zip(a, b, strict=True)) / NUM_PERM
