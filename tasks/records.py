"""The typed records passed between pipeline steps; frozen, picklable, free of clients and connections."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

# Stages a failure can come from; the values of failures.stage.
STAGES = ("feed", "fetch", "extract", "tag", "load")


@dataclass(frozen=True)
class Failure:
    """Something that did not work for one feed or page: a row in `failures`."""

    stage: str
    url: str
    error: str
    feed_name: str | None = None
    status: int | None = None
    permanent: bool = False
    article_id: str | None = None


@dataclass(frozen=True)
class FeedState:
    """What the warehouse remembers about a feed between polls."""

    feed_name: str
    url: str
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    consecutive_failures: int = 0
    next_poll_at: datetime | None = None
    last_full_at: datetime | None = None
    last_status: int | None = None
    last_polled_at: datetime | None = None
    last_success_at: datetime | None = None
    last_error: str | None = None


@dataclass(frozen=True)
class FeedItem:
    """One entry of a feed that points at an article page."""

    feed_name: str
    url: str
    article_id: str
    title: str | None = None
    published_at: datetime | None = None
    authors: str | None = None
    language: str | None = None
    country: str | None = None
    discovered_via: str = "feed"
    dropped_date: datetime | None = None  # a publication date the feed gave that cannot be right (not used)


@dataclass(frozen=True)
class FeedPoll:
    """The outcome of polling one feed: its items, or why there are none."""

    feed_name: str
    url: str
    polled_at: datetime
    status: int | None
    items: tuple[FeedItem, ...] = ()
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    not_modified: bool = False
    failure: Failure | None = None


@dataclass(frozen=True)
class Page:
    """A fetched article page, as bytes with the charset its server declared."""

    item: FeedItem
    final_url: str
    status: int
    body: bytes
    charset: str | None
    fetched_at: datetime
    fetch_seconds: float = 0.0  # wall time of the request, redirects included


@dataclass(frozen=True)
class Tag:
    """One matched lexicon term in an article."""

    category: str
    term: str
    hits: int
    weight: float


@dataclass(frozen=True)
class Casualties:
    """The headline casualty figures of an article, with the sentence they came from."""

    killed: int | None
    injured: int | None
    evidence: str


@dataclass(frozen=True)
class Address:
    """Another address of an article (tasks/identity.py): its id, the URL, and how it was learned
    ("redirect": the feed's link led there; "canonical": the page names it as its own)."""

    alias_id: str
    url: str
    via: str


@dataclass(frozen=True)
class Location:
    """One place an article names, resolved to GeoNames (tasks/locations.py): a row of article_locations,
    less the article id."""

    name: str  # as written, at its first mention
    place: str  # GeoNames' name (a region's: GeoNames' admin1 name, else ISO's)
    geonameid: int | None  # towns and cities; None for a region or a country
    country_code: str  # ISO 3166-1 alpha-2 (XK Kosovo)
    admin1_code: str | None  # ISO 3166-2 of the first-level region (SY-ID), when known
    latitude: float | None
    longitude: float | None
    precision: int  # 1 town or city, 2 district or first-level region, 3 country only
    hits: int
    is_primary: bool


@dataclass(frozen=True)
class Tagging:
    """All that tagging concludes about one article."""

    tags: tuple[Tag, ...]
    is_conflict: bool
    score: float  # net weighted evidence: conflict terms minus context terms
    lexicon_version: str  # the tagger's version (tasks/version.py)
    probability: float | None = None  # the verdict model's probability that the article is conflict
    casualties: Casualties | None = None


@dataclass(frozen=True)
class Article:
    """A cleaned article, ready for the warehouse."""

    article_id: str
    url: str
    canonical_url: str | None
    feed_name: str
    title: str | None
    authors: str | None
    published_at: datetime | None
    published_source: str | None
    fetched_at: datetime
    language: str | None
    language_confidence: float
    text: str
    word_count: int
    site_name: str | None
    country: str | None
    discovered_via: str
    content_hash: str
    final_url: str | None = None  # the address the page was read at, after redirects and meta refresh


@dataclass(frozen=True)
class Processed:
    """The outcome of extracting and tagging one page: an article with its tagging, or a failure."""

    article: Article | None = None
    tagging: Tagging | None = None
    failure: Failure | None = None
    signature: tuple[int, ...] = ()  # MinHash of the text, for grouping reprints into stories
    places: tuple[tuple[str, str, int], ...] = ()  # (country_code, place, hits) named in title and text
    addresses: tuple[Address, ...] = ()  # the article's other addresses: after redirects, canonical
    locations: tuple[Location, ...] = ()  # the places it names, resolved to GeoNames
    extract_seconds: float = 0.0  # CPU time of extraction (language, places, fingerprint) in the worker
    tag_seconds: float = 0.0  # CPU time of tagging (and casualty figures) in the worker
    locate_seconds: float = 0.0  # CPU time of resolving its locations in the worker


@dataclass(frozen=True)
class Run:
    """One run of a flow, as the `runs` table records it."""

    run_id: str
    flow: str
    parameters: dict
    started_at: datetime
    finished_at: datetime
    feeds: int
    articles_new: int
    articles_skipped: int
    failures: int


@dataclass(frozen=True)
class StoredArticle:
    """What re-tagging needs of a stored article."""

    article_id: str
    title: str | None
    text: str
    language: str | None
    language_confidence: float | None
    word_count: int
    country: str | None = None  # the feed's country (articles.country)


@dataclass(frozen=True)
class Retagged:
    """What re-tagging concludes about a stored article: its tagging and the places it names."""

    article_id: str
    tagging: Tagging
    locations: tuple[Location, ...] = ()
