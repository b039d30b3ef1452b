"""URL normalisation and the stable article id derived from it."""

from __future__ import annotations

import hashlib
from urllib.parse import urlsplit, urlunsplit

from courlan import normalize_url


def normalised_url(url: str) -> str:
    """The URL with scheme and host case, default ports, tracking parameters (utm_*, fbclid, ...) and the
    fragment normalised away; other query parameters are kept (sorted), since they often name the article.

    courlan's non-strict mode is used on purpose: its strict mode keeps only a short list of known
    parameters and would merge `?story=1` and `?story=2` into one article."""
    try:
        normal = normalize_url(url.strip(), strict=False)
    except (ValueError, AttributeError):
        normal = url.strip()
    return urlunsplit(urlsplit(normal)._replace(fragment=""))


def article_id(url: str) -> str:
    """A stable 16-hex-digit id for an article: the start of the SHA-1 of its normalised URL."""
    return hashlib.sha1(normalised_url(url).encode("utf-8")).hexdigest()[:16]
