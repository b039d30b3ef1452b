"""A news site with history, for backfill tests: a feed of the newest 10 articles, a paginated feed
archive (?paged=N), and a sitemap index over monthly sitemaps listing older articles."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from urllib.parse import parse_qs
from xml.sax.saxutils import escape

NEWEST = datetime(2026, 1, 31, 12, 0, tzinfo=UTC)
COUNT = 210  # articles, one every 0.45 days: about three months
TOPICS = ["harbour", "railway", "orchard", "library", "bridge", "market", "festival", "school", "museum", "river"]


def published(k: int) -> datetime:
    return NEWEST - timedelta(hours=10.8 * k)


def page(k: int) -> bytes:
    topic = TOPICS[k % len(TOPICS)]
    sentences = [
        f"The {topic} project number {k} in district {k * 7 % 31} opened on schedule, officials said.",
        f"Residents of ward {k % 13} described the {topic} works as overdue after {k % 9 + 2} years of plans.",
        f"The council budgeted {k * 13 % 97 + 10} thousand for the {topic}, and item {k} will be reviewed.",
        f"Local traders near the {topic} reported {k % 5 + 1} new stalls and longer opening hours {k}.",
    ]
    body = "".join(f"<p>{s}</p>" for s in sentences * 2)
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Story {k}</title>'
        f'<meta property="article:published_time" content="{published(k).isoformat()}"></head>'
        f"<body><nav>Home</nav><article><h1>Story {k}: the {topic}</h1>{body}</article></body></html>"
    ).encode()


def feed_page(base: str, n: int) -> bytes:
    items = "".join(
        f"<item><title>Story {k}</title><link>{base}/news/a{k}</link><guid>{base}/news/a{k}</guid>"
        f"<pubDate>{format_datetime(published(k))}</pubDate></item>"
        for k in range(10 * (n - 1), min(10 * n, COUNT))
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Archive news</title><link>{base}/</link>'
        f"<description>d</description>{items}</channel></rss>"
    ).encode()


def months() -> list[str]:
    return sorted({published(k).strftime("%Y-%m") for k in range(COUNT)})


def sitemap_index(base: str) -> bytes:
    entries = "".join(
        f"<sitemap><loc>{base}/sitemap-{m}.xml</loc><lastmod>{m}-28</lastmod></sitemap>" for m in months()
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"{entries}</sitemapindex>"
    ).encode()


def sitemap(base: str, month: str) -> bytes:
    urls = "".join(
        f"<url><loc>{base}/news/a{k}</loc><lastmod>{published(k).isoformat()}</lastmod>"
        f"<news:news><news:publication><news:name>Archive</news:name><news:language>en</news:language>"
        f"</news:publication><news:publication_date>{published(k).isoformat()}</news:publication_date>"
        f"<news:title>{escape(f'Story {k}')}</news:title></news:news></url>"
        for k in range(COUNT)
        if published(k).strftime("%Y-%m") == month
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{urls}</urlset>'
    ).encode()


def install(site) -> None:
    """Add the archive site's routes to a tests.site.Site."""
    xml = {"Content-Type": "application/xml"}

    def feed(s, headers):
        query = parse_qs(headers.get(":query", ""))
        n = int(query.get("paged", ["1"])[0])
        return 200, {"Content-Type": "application/rss+xml"}, feed_page(s.base, n)

    site.routes["/news/feed.xml"] = feed
    site.routes["/robots.txt"] = lambda s, h: (
        200,
        {"Content-Type": "text/plain"},
        f"User-agent: *\nAllow: /\nSitemap: {s.base}/sitemap.xml\n".encode(),
    )
    site.routes["/sitemap.xml"] = lambda s, h: (200, xml, sitemap_index(s.base))
    for m in months():
        site.routes[f"/sitemap-{m}.xml"] = lambda s, h, m=m: (200, xml, sitemap(s.base, m))
    for k in range(COUNT):
        site.routes[f"/news/a{k}"] = lambda s, h, k=k: (200, {"Content-Type": "text/html; charset=utf-8"}, page(k))
