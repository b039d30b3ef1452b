"""URL normalisation and the stable article id derived from it."""

from __future__ import annotations

import hashlib

from courlan import normalize_url


def normalised_url(url: str) -> str:
    """The URL with case, default ports, fragments and tracking parameters normalised away.

    courlan's strict mode drops utm_* and similar tracking parameters and sorts the rest, so the
    same article listed with different campaign tags gets one id."""
    try:
        return normalize_url(url.strip(), strict=True)
    except (ValueError, AttributeError):
        return url.strip()


def article_id(url: str) -> str:
    """A stable 16-hex-digit id for an article: the start of the SHA-1 of its normalised URL."""
    return hashlib.sha1(normalised_url(url).encode("utf-8")).hexdigest()[:16]
