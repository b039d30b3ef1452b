"""Similarity fingerprints of article texts (MinHash over word shingles), to group reprints into stories."""

from __future__ import annotations

import struct
from functools import cache
from hashlib import blake2b, sha1
from operator import eq

import numpy as np

from tasks.lexicon import normalise
from tasks.text import words as split_words

NUM_PERM = 128
SHINGLE = 5  # words per shingle
BANDS, ROWS = 32, 4  # LSH: 32 bands of 4 values; pairs with Jaccard ~0.4+ usually share a band
SAME_STORY = 0.5  # estimated Jaccard of shingles at or above which two texts are one story
SCHEME = "affine32"  # datasketch >= 2 permutation scheme; stored signatures depend on it


@cache
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """datasketch's affine permutations for NUM_PERM and seed 1, loaded on first use (only worker
    processes need them): the a and b of h -> a * h + b mod 2^32."""
    from datasketch import MinHash

    a, b = MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME).permutations
    return a.astype(np.uint32), b.astype(np.uint32)


def signature(text: str) -> list[int]:
    """The MinHash of the text's word 5-shingles (case-folded): NUM_PERM 32-bit values.

    The values datasketch's MinHash.update_batch gives for the shingles' UTF-8 bytes (its default
    hashfunc, sha1_hash32, and the affine32 scheme; tests/test_fingerprint.py compares them), computed
    with numpy over all shingles at once: update_batch calls its hash function and struct.unpack once
    per shingle from Python, and took 1.05 ms of the 2.3 ms this took a page."""
    words = [w.encode("utf-8") for w in split_words(normalise(text))]
    shingles = {b" ".join(words[i : i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}
    # sha1_hash32: the first 4 bytes of the SHA-1 digest, little-endian
    hashes = np.frombuffer(b"".join([sha1(s).digest()[:4] for s in shingles]), dtype="<u4").astype(np.uint32)
    a, b = _permutations()
    return (_fmix32(hashes)[:, None] * a + b).min(axis=0).tolist()


def _fmix32(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer, which the affine32 scheme applies to each hash first (uint32
    arithmetic wraps, as it should)."""
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


_BAND = struct.Struct(f">H{ROWS}I")  # a band's number and its ROWS values, big-endian


def band_keys(sig: list[int]) -> list[int]:
    """One 63-bit key per LSH band: texts sharing a key are candidates for the same story."""
    return [
        int.from_bytes(blake2b(_BAND.pack(band, *sig[band * ROWS : (band + 1) * ROWS]), digest_size=8).digest(), "big")
        >> 1
        for band in range(BANDS)
    ]


def similarity(a: list[int], b: list[int]) -> float:
    """Estimated Jaccard similarity of two signatures."""
    if len(a) != len(b):
        raise ValueError(f"signatures of {len(a)} and {len(b)} values")
    return sum(map(eq, a, b)) / NUM_PERM
