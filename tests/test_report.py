from __future__ import annotations

import base64
import io
from dataclasses import replace
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path

import duckdb
import numpy as np
import pytest
from matplotlib.image import imread

from tasks.errors import SitrepError
from tests.test_export import END, fill_warehouse
from warehouse.connection import connect
from warehouse.event_map import MIN_SPAN, map_extent, marker_area
from warehouse.report import read_report_data, render_html, report_markdown, write_report

CHART_IDS = ["chart-categories", "chart-countries", "chart-events", "chart-terms", "chart-feeds"]
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
DAY = "CAST(timezone('UTC', coalesce(a.published_at, a.fetched_at)) AS DATE)"
EXPECTED_SUMMARY = f"""
SELECT count(*), count(*) FILTER (WHERE c.is_conflict), count(DISTINCT coalesce(a.story_id, a.article_id))
FROM articles a JOIN article_conflict c USING (article_id) WHERE {DAY} >= ?"""
EVENTS_IN_PERIOD = """
SELECT event_id, longitude, latitude, killed_median, place FROM conflict_events
WHERE CAST(timezone('UTC', first_reported_at) AS DATE) >= ? ORDER BY killed_median DESC NULLS LAST, event_id"""


class Page(HTMLParser):
    """The parts of the report a test looks at: title, figures with their images, summary cards."""

    def __init__(self, text: str):
        super().__init__()
        self.title = ""
        self.figures: list[str] = []
        self.images: list[dict[str, str]] = []
        self.cards: dict[str, str] = {}
        self._in: str | None = None
        self._term = ""
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "figure":
            self.figures.append(values.get("id", ""))
        elif tag == "img":
            self.images.append(values)
        elif tag in ("title", "dt", "dd"):
            self._in = tag

    def handle_endtag(self, tag: str) -> None:
        self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "title":
            self.title += data
        elif self._in == "dt":
            self._term = data
        elif self._in == "dd":
            self.cards[self._term] = data


def png_bytes(image: dict[str, str]) -> bytes:
    prefix = "data:image/png;base64,"
    assert image["src"].startswith(prefix)
    return base64.b64decode(image["src"][len(prefix) :], validate=True)


@pytest.fixture
def warehouse(db: Path) -> Path:
    return fill_warehouse(db)


def test_the_page_has_five_inline_charts_with_ids_and_alt_text(warehouse: Path, tmp_path: Path):
    out = write_report(warehouse, tmp_path / "site" / "report.html")
    page = Page(out.read_text(encoding="utf-8"))
    assert page.title == "sitrep report"
    assert page.figures == CHART_IDS
    assert len(page.images) == 5
    for image in page.images:
        data = png_bytes(image)
        assert data.startswith(PNG_SIGNATURE) and len(data) > 5_000
        assert len(image["alt"]) > 20
    assert "failing feeds: dw-world" in page.images[CHART_IDS.index("chart-feeds")]["alt"]
    assert 'src="http' not in out.read_text() and "<script" not in out.read_text()  # nothing external
    assert [p.name for p in out.parent.iterdir()] == ["report.html"]  # written whole, no temp file left


def test_summary_numbers_cover_30_days_before_the_newest_article(warehouse: Path, tmp_path: Path):
    data = read_report_data(warehouse)
    assert data.until == END.date() and data.since == END.date() - timedelta(30)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        articles, conflict, stories = con.execute(EXPECTED_SUMMARY, [data.since]).fetchone()  # type: ignore[misc]
    assert 0 < conflict < articles < 300
    assert data.summary["articles"] == articles
    assert data.summary["conflict articles"] == conflict
    assert data.summary["stories"] == stories
    assert data.summary["feeds"] == 5 and data.summary["failures"] == 20
    assert sum(data.daily_total.values()) == conflict
    assert len(data.by_category) == 8 and len(data.by_country) == 8
    page = Page(write_report(warehouse, tmp_path / "r.html").read_text(encoding="utf-8"))
    assert page.cards["articles"] == f"{articles:,}"
    assert page.cards["conflict articles"] == f"{conflict:,}"
    assert page.cards["stories"] == f"{stories:,}"
    assert page.cards["failures"] == "20"


def test_since_widens_the_period(warehouse: Path):
    everything = read_report_data(warehouse, since=date(2024, 1, 1))
    assert everything.summary["articles"] == 300
    assert everything.days[0] == date(2024, 1, 1) and everything.days[-1] == END.date()


def test_markdown_has_the_same_numbers_as_tables_without_images(warehouse: Path):
    data = read_report_data(warehouse)
    text = report_markdown(warehouse)
    assert text.startswith("# sitrep report")
    assert f"| articles | {data.summary['articles']:,} |" in text
    assert f"| conflict articles | {data.summary['conflict articles']:,} |" in text
    assert "| dw-world | " in text and "HTTP 503 Service Unavailable" in text
    assert "## Feed health" in text and "## Top terms in conflict articles" in text
    assert "<img" not in text and "base64" not in text


def test_text_from_the_warehouse_is_escaped(warehouse: Path, tmp_path: Path):
    with connect(warehouse) as con:
        con.execute("UPDATE feed_state SET last_error = ? WHERE feed_name = 'dw-world'", ["<script>x()</script> | y"])
    assert "<script>x()" not in write_report(warehouse, tmp_path / "r.html").read_text()
    assert "&lt;script&gt;x()&lt;/script&gt; | y" in (tmp_path / "r.html").read_text()
    assert "\\| y" in report_markdown(warehouse)


def test_terms_in_any_script_draw_without_warnings(warehouse: Path, tmp_path: Path):
    with connect(warehouse) as con:  # warnings are errors in this suite: a missing glyph must not raise
        for term in ("हमला", "غارة جوية", "обстрел", "空袭"):
            con.execute(
                "INSERT INTO article_tags SELECT article_id, 'armed_clash', ?, 9, 3, 'v1' FROM articles", [term]
            )
    page_text = write_report(warehouse, tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<td>हमला</td>" in page_text and "<td>غارة جوية</td>" in page_text  # the browser draws them in the table


def test_an_empty_warehouse_gives_a_page_that_says_no_data(db: Path, tmp_path: Path):
    fill_warehouse(db, articles=0)
    page_text = write_report(db, tmp_path / "r.html").read_text(encoding="utf-8")
    page = Page(page_text)
    assert page.figures == CHART_IDS and len(page.images) == 5
    assert all(png_bytes(image).startswith(PNG_SIGNATURE) for image in page.images)
    assert map_image(page).shape[0] == 160  # the short "no data" panel every empty chart gets
    assert page.cards["articles"] == "0" and page.cards["feeds"] == "0"
    assert "no data" in page_text
    assert "no data" in report_markdown(db)


def test_a_few_thousand_articles_give_every_chart(db: Path, tmp_path: Path):
    fill_warehouse(db, articles=3000, days=60)
    html = write_report(db, tmp_path / "r.html").read_text()
    assert html.count('src="data:image/png;base64,') == 5
    assert "no data" not in report_markdown(db)


def test_a_missing_warehouse_is_a_clear_error(tmp_path: Path):
    with pytest.raises(SitrepError, match="no warehouse"):
        write_report(tmp_path / "nope.duckdb", tmp_path / "r.html")


def test_a_warehouse_written_by_an_older_sitrep_asks_for_the_upgrade(warehouse: Path, tmp_path: Path):
    with connect(warehouse) as con:  # as if the last migration had not been applied yet
        con.execute("DELETE FROM schema_migrations WHERE version = (SELECT max(version) FROM schema_migrations)")
    with pytest.raises(SitrepError, match="needs migrations .*run `sitrep ingest` first"):
        write_report(warehouse, tmp_path / "r.html")


def map_image(page: Page) -> np.ndarray:
    return imread(io.BytesIO(png_bytes(page.images[CHART_IDS.index("chart-events")])), format="png")


def red_pixels(pixels: np.ndarray) -> int:
    """Pixels of the circles of events with a toll (TOLL_COLOUR, blended over the map; the legend has some)."""
    r, g, b = pixels[:, :, 0], pixels[:, :, 1], pixels[:, :, 2]
    return int(((r - g > 0.15) & (r - b > 0.15)).sum())


def test_the_map_shows_the_located_events_of_the_period(warehouse: Path, tmp_path: Path):
    data = read_report_data(warehouse)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        expected = con.execute(EVENTS_IN_PERIOD, [data.since]).fetchall()
    located = [e for e in expected if e[1] is not None]
    assert 0 < len(located) < len(expected)  # the fixture's events in Papua have no coordinates
    assert {e.event_id for e in data.events} == {e[0] for e in expected}
    assert [e.killed_median for e in data.events] == sorted(
        (e.killed_median for e in data.events), key=lambda k: (k is None, -(k or 0))
    )  # largest tolls first, drawn under the smaller ones
    page = Page(write_report(warehouse, tmp_path / "r.html").read_text(encoding="utf-8"))
    alt = page.images[CHART_IDS.index("chart-events")]["alt"]
    assert f"{len(located):,} located, {len(expected) - len(located):,} without coordinates not shown" in alt
    top = located[0]  # the largest toll
    assert f"{top[4]} {top[3]:g}" in alt
    pixels = map_image(page)
    assert pixels.shape[:2] == (600, 1100)
    no_tolls = replace(data, events=[e._replace(killed_median=None) for e in data.events])
    assert red_pixels(pixels) > red_pixels(map_image(Page(render_html(no_tolls)))) + 1_000  # red circles drawn
    land = (np.abs(pixels[:, :, :3] - 0xE6 / 255).max(axis=2) < 0.01).sum()
    assert land > 20_000  # the country outlines are filled


def test_the_map_zooms_to_the_events_with_a_margin():
    syria = [(36.2, 37.16, 5.0), (36.72, 34.73, None)]  # Aleppo, Homs
    west, east, south, north = map_extent(syria)
    assert west < 36.2 and east > 36.72 and south < 34.73 and north > 37.16
    assert east - west == pytest.approx(MIN_SPAN) and north - south == pytest.approx(MIN_SPAN)
    wide = [(-170.0, -80.0, 1.0), (175.0, 85.0, 2.0)]
    assert map_extent(wide) == (-180.0, 180.0, -90.0, 90.0)  # never past the globe
    kyiv_to_goma = [(30.52, 50.45, None), (29.23, -1.68, None)]
    south, north = map_extent(kyiv_to_goma)[2:]
    assert south < -1.68 - 5 and north > 50.45 + 5  # a margin of 15% of the extent each side
    assert marker_area(None) == marker_area(0) < marker_area(1) < marker_area(10) < marker_area(1000)


def test_a_period_whose_events_have_no_coordinates_gets_a_no_data_map(warehouse: Path):
    data = read_report_data(warehouse)
    unlocated = [e._replace(longitude=None, latitude=None) for e in data.events]
    page = Page(render_html(replace(data, events=unlocated)))
    assert map_image(page).shape[0] == 160
    alt = page.images[CHART_IDS.index("chart-events")]["alt"]
    assert f"0 located, {len(unlocated):,} without coordinates not shown" in alt
    assert map_image(Page(render_html(data))).shape[0] == 600
