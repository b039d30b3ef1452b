"""Article identity beyond the feed's link: the other addresses a fetched page goes by, and which newly
fetched pages are a stored article reached by a second address.

An article's id comes from the link its feed gave (tasks/urls.py). The same story can be listed under
another link: an old address that now redirects to the article, an AMP copy whose `rel=canonical` names
the page the feed also lists. A page's *other addresses* are its address after redirects and its
canonical URL, where they differ from the link; each is kept as an alias of the article, so that a feed
item at that address is known before it is fetched, and a page fetched at a new link whose other
address is an article already stored is recorded as an alias of that article instead of a second one.

A redirect is taken at its word. A canonical URL is a hint, and sites get it wrong (every page naming
the home page, or a section): it joins two pages only when it is on the page's own site (an outlet
reprinting a wire story often names the original: that is a reprint, grouped by story, not the same
article), is not the site's root, and the two pages carry the same title or the same text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from courlan import extract_domain

from tasks.records import Address
from tasks.urls import article_id

REDIRECT, CANONICAL = "redirect", "canonical"


@dataclass(frozen=True)
class Fetched:
    """What matching needs of a newly fetched article."""

    article_id: str
    url: str
    title: str | None
    content_hash: str
    addresses: tuple[Address, ...]


@dataclass(frozen=True)
class Known:
    """An article already stored, as matching sees it."""

    article_id: str
    title: str | None
    content_hash: str


@dataclass(frozen=True)
class Alias:
    """A row of article_aliases: `alias_id` (reached at `url`) is the article `article_id`."""

    alias_id: str
    article_id: str
    url: str
    via: str


def other_addresses(link_id: str, final_url: str | None, canonical_url: str | None) -> tuple[Address, ...]:
    """The addresses, besides the feed's link (whose id is `link_id`), that a fetched page goes by."""
    found: dict[str, Address] = {}
    for url, via in ((final_url, REDIRECT), (canonical_url, CANONICAL)):
        if not url or (via == CANONICAL and (_is_site_root(url) or _site(url) != _site(final_url or url))):
            continue
        alias = article_id(url)
        if alias != link_id and alias not in found:
            found[alias] = Address(alias, url, via)
    return tuple(found.values())


def _site(url: str) -> str | None:
    """The registered domain (news.bbc.co.uk and amp.bbc.co.uk: bbc.co.uk), else the host."""
    return extract_domain(url, fast=True) or urlsplit(url).hostname


def _is_site_root(url: str) -> bool:
    parts = urlsplit(url)
    return parts.path in ("", "/") and not parts.query


def _same_page(a: Fetched | Known, b: Fetched | Known) -> bool:
    if a.content_hash == b.content_hash:
        return True
    if not a.title or not b.title:
        return False
    return " ".join(a.title.split()).casefold() == " ".join(b.title.split()).casefold()


def resolve(
    fetched: Iterable[Fetched], stored: dict[str, Known], aliases: dict[str, Alias]
) -> tuple[dict[str, Alias], list[Alias]]:
    """Match newly fetched articles (in the order they should win) against stored ones and each other.

    `stored` holds the stored articles whose ids are among the fetched pages' ids and addresses (and the
    articles the stored aliases among them point to); `aliases` those stored aliases, by alias id.
    Returns the fetched articles that are another article reached by a second address (their id -> the
    alias row recording it), and the alias rows of the other fetched articles' own addresses."""
    claims: dict[str, tuple[Known | Fetched, str]] = {}  # address id -> (the article it is, via)
    for alias in aliases.values():
        if alias.article_id in stored:
            claims[alias.alias_id] = (stored[alias.article_id], alias.via)

    def article_at(address: str) -> tuple[Known | Fetched | None, str]:
        if address in claims:
            return claims[address]
        return stored.get(address), REDIRECT

    merged: dict[str, Alias] = {}
    rows: list[Alias] = []
    for page in fetched:
        if page.article_id in stored or page.article_id in merged:
            continue
        # the page's own link may be an address another article goes by, or the page may name one
        for address, via_address in ((page.article_id, None), *((a.alias_id, a.via) for a in page.addresses)):
            other, via = article_at(address)
            via = via_address or via
            if (
                other is not None
                and other.article_id != page.article_id
                and (via == REDIRECT or _same_page(page, other))
            ):
                merged[page.article_id] = Alias(page.article_id, other.article_id, page.url, via)
                break
        else:
            claims[page.article_id] = (page, REDIRECT)
            for own in page.addresses:
                if own.alias_id not in claims and own.alias_id not in stored:
                    claims[own.alias_id] = (page, own.via)
                    rows.append(Alias(own.alias_id, page.article_id, own.url, own.via))
    return merged, rows
