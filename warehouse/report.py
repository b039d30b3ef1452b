"""A self-contained HTML report of a period in the warehouse (charts inlined as PNG), and its Markdown twin."""

from __future__ import annotations

import base64
import html
import io
import os
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import NamedTuple

from matplotlib import font_manager, rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from tasks.errors import SitrepError
from warehouse.connection import connect
from warehouse.event_map import TITLE as MAP_TITLE
from warehouse.event_map import Event, draw_event_map, map_alt_text, read_events
from warehouse.migrate import pending_migrations

DEFAULT_DAYS = 30
TOP_SERIES = 8
TOP_TERMS = 15
# fonts tried glyph by glyph, when installed (Debian: fonts-noto-core); labels in other scripts show as boxes
FONT_PREFERENCE = (
    "DejaVu Sans",
    "Noto Sans",
    "Noto Sans Arabic",
    "Noto Sans Hebrew",
    "Noto Sans Devanagari",
    "Noto Sans CJK JP",
)

DAY = "CAST(timezone('UTC', coalesce(a.published_at, a.fetched_at)) AS DATE)"  # as in daily_conflict_counts
NEWEST_DAY = f"SELECT max({DAY}) FROM articles a"
SUMMARY = f"""
SELECT count(*), count(*) FILTER (WHERE c.is_conflict), count(DISTINCT coalesce(a.story_id, a.article_id)),
       count(DISTINCT coalesce(a.story_id, a.article_id)) FILTER (WHERE c.is_conflict), count(DISTINCT a.feed_name),
       (SELECT count(*) FROM feed_state),
       (SELECT count(*) FROM failures WHERE CAST(timezone('UTC', failed_at) AS DATE) >= $since)
FROM articles a LEFT JOIN article_conflict c ON c.article_id = a.article_id
WHERE {DAY} >= $since"""
SUMMARY_LABELS = (
    "articles",
    "conflict articles",
    "stories",
    "conflict stories",
    "feeds with articles",
    "feeds",
    "failures",
)
# An article has several categories and countries, so each series counts distinct articles on the base tables;
# summing daily_conflict_counts over categories or countries would count an article more than once.
CONFLICT = f"""
WITH c AS (
    SELECT a.article_id, {DAY} AS day FROM articles a
    JOIN article_conflict k ON k.article_id = a.article_id AND k.is_conflict
    WHERE {DAY} >= $since)
"""
DAILY_TOTAL = CONFLICT + "SELECT day, count(*) FROM c GROUP BY day"
DAILY_BY_CATEGORY = (
    CONFLICT
    + """
SELECT day, t.category, count(DISTINCT c.article_id) FROM c JOIN article_tags t USING (article_id) GROUP BY ALL"""
)
DAILY_BY_COUNTRY = (
    CONFLICT
    + """
SELECT day, ac.country_code, count(DISTINCT c.article_id) FROM c JOIN article_countries ac USING (article_id)
GROUP BY ALL"""
)
TERMS = (
    CONFLICT
    + """
SELECT t.term, t.category, count(DISTINCT c.article_id) AS articles, sum(t.hits)::BIGINT AS hits
FROM c JOIN article_tags t USING (article_id) GROUP BY ALL ORDER BY articles DESC, hits DESC, t.term LIMIT $top"""
)
FEED_HEALTH = """
SELECT feed_name, articles_24h, articles_7d, consecutive_failures,
       strftime(timezone('UTC', last_success_at), '%Y-%m-%d %H:%M'),
       strftime(timezone('UTC', last_article_at), '%Y-%m-%d %H:%M'), coalesce(last_error, '')
FROM feed_health ORDER BY consecutive_failures DESC, articles_7d DESC, feed_name"""
FEED_COLUMNS = (
    "feed",
    "articles 24 h",
    "articles 7 d",
    "consecutive failures",
    "last success (UTC)",
    "last article (UTC)",
    "last error",
)

Daily = dict[str, dict[date, int]]  # series name -> day -> articles


class Term(NamedTuple):
    term: str
    category: str
    articles: int
    hits: int


class FeedRow(NamedTuple):  # FEED_COLUMNS
    feed: str
    articles_24h: int
    articles_7d: int
    failures: int
    last_success: str | None
    last_article: str | None
    last_error: str


@dataclass(frozen=True)
class ReportData:
    """Everything the report shows, read in one read-only session."""

    since: date
    until: date
    summary: dict[str, int]
    daily_total: dict[date, int]
    by_category: Daily  # the top TOP_SERIES series, largest first
    by_country: Daily
    terms: list[Term]
    feeds: list[FeedRow]
    events: list[Event]  # conflict_events first reported in the period, largest tolls first

    @property
    def days(self) -> list[date]:
        return [self.since + timedelta(n) for n in range((self.until - self.since).days + 1)]


def write_report(db: Path, out: Path, since: date | None = None) -> Path:
    """Write the HTML report to `out` (replaced whole, never half-written); returns `out`."""
    page = render_html(read_report_data(db, since))
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    tmp.write_text(page, encoding="utf-8")
    os.replace(tmp, out)
    return out


def report_markdown(db: Path, since: date | None = None) -> str:
    """The report's numbers and tables as Markdown (no images), e.g. for a Prefect artifact."""
    data = read_report_data(db, since)
    parts = [f"# sitrep report\n\n{_period(data)}\n", _md_table(("", "number"), list(data.summary.items()))]
    parts.append(
        "## Conflict articles by category\n\n" + _md_table(("category", "articles"), _totals(data.by_category))
    )
    parts.append("## Conflict articles by country\n\n" + _md_table(("country", "articles"), _totals(data.by_country)))
    parts.append(
        "## Top terms in conflict articles\n\n" + _md_table(("term", "category", "articles", "hits"), data.terms)
    )
    parts.append("## Feed health\n\n" + _md_table(FEED_COLUMNS, data.feeds))
    return "\n".join(parts)


def read_report_data(db: Path, since: date | None = None) -> ReportData:
    """Read the report's figures; `since` defaults to DEFAULT_DAYS before the newest article's day."""
    if not db.exists():
        raise SitrepError(f"no warehouse at {db} yet: run `sitrep ingest` first (or pass --db)")
    con = connect(db, read_only=True, wait=30.0)
    try:
        if pending := pending_migrations(con):
            raise SitrepError(f"the warehouse {db} needs migrations {', '.join(pending)}: run `sitrep ingest` first")
        (newest,) = con.execute(NEWEST_DAY).fetchone() or (None,)
        until = newest or datetime.now(UTC).date()
        since = since or until - timedelta(DEFAULT_DAYS)
        args = {"since": since}
        summary = dict(zip(SUMMARY_LABELS, con.execute(SUMMARY, args).fetchone() or (), strict=True))
        total = dict(con.execute(DAILY_TOTAL, args).fetchall())
        return ReportData(
            since=since,
            until=max(until, since),
            summary=summary,
            daily_total=total,
            by_category=_top_series(con.execute(DAILY_BY_CATEGORY, args).fetchall()),
            by_country=_top_series(con.execute(DAILY_BY_COUNTRY, args).fetchall()),
            terms=[Term(*r) for r in con.execute(TERMS, {**args, "top": TOP_TERMS}).fetchall()],
            feeds=[FeedRow(*r) for r in con.execute(FEED_HEALTH).fetchall()],
            events=read_events(con, since),
        )
    finally:
        con.close()


def _top_series(rows: Sequence[tuple[date, str, int]]) -> Daily:
    series: Daily = {}
    for day, key, articles in rows:
        series.setdefault(key, {})[day] = articles
    ranked = sorted(series, key=lambda k: (-sum(series[k].values()), k))[:TOP_SERIES]
    return {key: series[key] for key in ranked}


def _totals(series: Daily) -> list[tuple[str, int]]:
    return [(key, sum(days.values())) for key, days in series.items()]


# ---- charts ------------------------------------------------------------------------------------------------


def _fonts() -> list[str]:
    installed = {f.name for f in font_manager.fontManager.ttflist}
    return [name for name in FONT_PREFERENCE if name in installed] or ["sans-serif"]


def _png(fig: Figure) -> str:
    """The figure as base64 PNG; glyphs missing from every installed font are drawn as boxes, silently."""
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from font")
        FigureCanvasAgg(fig).print_png(buffer)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _no_data(fig: Figure, title: str) -> None:
    fig.set_size_inches(11, 1.6)
    ax = fig.subplots()
    ax.set_axis_off()
    ax.set_title(title)
    ax.text(0.5, 0.5, "no data", ha="center", va="center", fontsize=16, color="#888888", transform=ax.transAxes)


def _daily_chart(data: ReportData, series: Daily, title: str) -> str:
    fig = Figure(figsize=(11, 4), dpi=100, layout="constrained")
    if not data.daily_total:
        _no_data(fig, title)
        return _png(fig)
    ax = fig.subplots()
    days = data.days
    # matplotlib plots dates through its unit converters, but its stubs accept only numbers and strings for x
    ax.bar(
        days,  # type: ignore[arg-type]  # matplotlib's stubs omit dates, see above
        [data.daily_total.get(d, 0) for d in days],
        color="#dddddd",
        label="all conflict articles",
    )
    for key, counts in series.items():
        ax.plot(
            days,  # type: ignore[arg-type]  # matplotlib's stubs omit dates
            [counts.get(d, 0) for d in days],
            marker=".",
            linewidth=1.5,
            label=key,
        )
    ax.set_title(title)
    ax.set_ylabel("articles per day")
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize="small", frameon=False)
    ax.grid(axis="y", alpha=0.3)
    fig.autofmt_xdate()
    return _png(fig)


def _bar_chart(
    labels: list[str], values: list[int], colours: list[str], notes: list[str], title: str, xlabel: str
) -> str:
    fig = Figure(figsize=(11, max(2.5, 0.32 * len(labels) + 1.2)), dpi=100, layout="constrained")
    if not labels:
        _no_data(fig, title)
        return _png(fig)
    ax = fig.subplots()
    bars = ax.barh(labels[::-1], values[::-1], color=colours[::-1])
    ax.bar_label(bars, labels=notes[::-1], padding=3, fontsize="small")
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_xlim(0, max(max(values), 1) * 1.3)  # room for the notes after the bars
    return _png(fig)


def _event_map(data: ReportData) -> str:
    fig = Figure(figsize=(11, 6), dpi=100, layout="constrained")
    if not any(e.located for e in data.events):
        _no_data(fig, MAP_TITLE)
    else:
        draw_event_map(fig, data.events)
    return _png(fig)


def _charts(data: ReportData) -> list[tuple[str, str, str]]:
    """(id, alt text, base64 PNG) of each chart."""
    period = f"{data.since} to {data.until}"
    top = ", ".join(f"{k} {v}" for k, v in _totals(data.by_category)[:3]) or "no data"
    countries = ", ".join(f"{k} {v}" for k, v in _totals(data.by_country)[:3]) or "no data"
    terms = ", ".join(f"{t.term} {t.articles}" for t in data.terms[:3]) or "no data"
    failing = [f.feed for f in data.feeds if f.failures]
    with rc_context({"font.family": _fonts()}):
        return [
            (
                "chart-categories",
                f"Conflict articles per day by category, {period}. Most: {top}.",
                _daily_chart(data, data.by_category, "Conflict articles per day, by category (top 8)"),
            ),
            (
                "chart-countries",
                f"Conflict articles per day by country, {period}. Most: {countries}.",
                _daily_chart(data, data.by_country, "Conflict articles per day, by country (top 8)"),
            ),
            ("chart-events", map_alt_text(data.events, period), _event_map(data)),
            (
                "chart-terms",
                f"Top matched terms in conflict articles, {period}. Most: {terms}.",
                _bar_chart(
                    [f"{t.term} ({t.category})" for t in data.terms],
                    [t.articles for t in data.terms],
                    ["#4c72b0"] * len(data.terms),
                    [str(t.articles) for t in data.terms],
                    "Top matched terms in conflict articles (articles)",
                    "conflict articles",
                ),
            ),
            (
                "chart-feeds",
                f"Articles per feed in the last 7 days; failing feeds: {', '.join(failing) or 'none'}.",
                _bar_chart(
                    [f.feed for f in data.feeds],
                    [f.articles_7d for f in data.feeds],
                    ["#c44e52" if f.failures else "#55a868" for f in data.feeds],
                    [
                        f"{f.articles_7d}  ({f.failures} failures in a row)" if f.failures else str(f.articles_7d)
                        for f in data.feeds
                    ],
                    "Feed health: articles in the last 7 days (red: failing now)",
                    "articles",
                ),
            ),
        ]


# ---- rendering ---------------------------------------------------------------------------------------------

STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 1150px; color: #222; }
.summary { display: flex; flex-wrap: wrap; gap: 1rem; padding: 0; }
.summary div { border: 1px solid #ddd; border-radius: 6px; padding: .5rem 1rem; min-width: 8rem; }
.summary dt { font-size: .85rem; color: #666; } .summary dd { margin: 0; font-size: 1.6rem; font-weight: 600; }
figure { margin: 1.5rem 0; } img { max-width: 100%; height: auto; }
table { border-collapse: collapse; margin: 1rem 0; font-size: .9rem; }
th, td { border-bottom: 1px solid #e5e5e5; padding: .25rem .6rem; text-align: left; vertical-align: top; }
td.n { text-align: right; font-variant-numeric: tabular-nums; } tr.failing td { background: #fdecea; }
"""


def render_html(data: ReportData) -> str:
    e = html.escape
    cards = "".join(f"<div><dt>{e(k)}</dt><dd>{v:,}</dd></div>" for k, v in data.summary.items())
    figures = "".join(
        f'<figure id="{cid}"><img alt="{e(alt)}" src="data:image/png;base64,{png}"><figcaption>{e(alt)}'
        "</figcaption></figure>\n"
        for cid, alt, png in _charts(data)
    )
    feed_rows = [(row, "failing" if row.failures else "") for row in data.feeds]
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>sitrep report</title><style>{STYLE}</style></head>
<body>
<h1>sitrep report</h1>
<p>{e(_period(data))}</p>
<dl class="summary">{cards}</dl>
{figures}
<h2>Top terms in conflict articles</h2>
{_html_table(("term", "category", "articles", "hits"), [(t, "") for t in data.terms])}
<h2>Feed health</h2>
{_html_table(FEED_COLUMNS, feed_rows)}
</body></html>
"""


def _period(data: ReportData) -> str:
    generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M")
    return (
        f"Articles published (else fetched) from {data.since} to {data.until} (UTC days); feed health over "
        f"the last 7 days. Generated {generated} UTC."
    )


def _html_table(header: Sequence[str], rows: Sequence[tuple[Sequence[object], str]]) -> str:
    if not rows:
        return "<p>no data</p>"
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    body = "".join(f'<tr class="{cls}">' + "".join(_html_cell(v) for v in row) + "</tr>" for row, cls in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _html_cell(value: object) -> str:
    if isinstance(value, int):
        return f'<td class="n">{value:,}</td>'
    return f"<td>{html.escape('' if value is None else str(value))}</td>"


def _md_table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    if not rows:
        return "no data\n"
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_md_cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def _md_cell(value: object) -> str:
    text = "" if value is None else f"{value:,}" if isinstance(value, int) else str(value)
    return text.replace("|", "\\|").replace("\n", " ")
