"""The report's map of conflict events: a circle per located event, sized by its median death toll, over
country outlines that ship with the package (Natural Earth 110m, public domain: warehouse/data/)."""

from __future__ import annotations

import json
import math
from datetime import date
from functools import cache
from pathlib import Path
from typing import NamedTuple

import duckdb
from matplotlib.axes import Axes
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

OUTLINES = Path(__file__).parent / "data" / "world_110m.json"  # built by bench/build_world_outlines.py
TITLE = "Conflict events in the period"
EVENTS_IN_PERIOD = """
SELECT event_id, longitude, latitude, killed_median, place, country_code FROM conflict_events
WHERE CAST(timezone('UTC', first_reported_at) AS DATE) >= $since
ORDER BY killed_median DESC NULLS LAST, event_id"""  # as daily_conflict_events counts days
MARGIN = 0.15  # of the events' extent, on each side
MIN_SPAN = 12.0  # degrees: one town's events still show its neighbours
LEGEND_TOLLS = (1, 10, 100, 1000)
TOLL_COLOUR = "#c44e52"
NO_TOLL_COLOUR = "#555555"
LAND, BORDER, SEA = "#e6e6e6", "#b8b8b8", "#f4f8fb"


class Event(NamedTuple):
    event_id: str
    longitude: float | None
    latitude: float | None
    killed_median: float | None
    place: str | None
    country_code: str | None

    @property
    def located(self) -> bool:
        return self.longitude is not None and self.latitude is not None


Point = tuple[float, float, float | None]  # longitude, latitude, killed_median


class Extent(NamedTuple):
    west: float
    east: float
    south: float
    north: float


def read_events(con: duckdb.DuckDBPyConnection, since: date) -> list[Event]:
    """Events first reported on or after `since` (UTC day), the largest tolls first."""
    return [Event(*row) for row in con.execute(EVENTS_IN_PERIOD, {"since": since}).fetchall()]


def marker_area(killed: float | None) -> float:
    """The circle's area in points²: a dot without a toll; else growing with the toll's square root, so that
    1,000 dead reads larger than 10 without hiding the map."""
    if not killed or killed <= 0:
        return 12.0
    return 20.0 + 30.0 * math.sqrt(killed)


def located_points(events: list[Event]) -> list[Point]:
    return [
        (e.longitude, e.latitude, e.killed_median) for e in events if e.longitude is not None and e.latitude is not None
    ]


def map_extent(points: list[Point]) -> Extent:
    """The points' bounding box with a margin (at least MIN_SPAN degrees wide and high), within the globe."""
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    west, east = _padded(min(lons), max(lons), -180.0, 180.0)
    south, north = _padded(min(lats), max(lats), -90.0, 90.0)
    return Extent(west, east, south, north)


def _padded(low: float, high: float, floor: float, ceiling: float) -> tuple[float, float]:
    span = max(high - low, MIN_SPAN / (1 + 2 * MARGIN))
    middle = (low + high) / 2
    half = span * (0.5 + MARGIN)
    low, high = middle - half, middle + half
    if low < floor:
        low, high = floor, min(ceiling, high + floor - low)
    if high > ceiling:
        low, high = max(floor, low - (high - ceiling)), ceiling
    return low, high


@cache
def country_rings() -> tuple[tuple[tuple[float, float], ...], ...]:
    """Every country's rings as (lon, lat) points, read once."""
    data = json.loads(OUTLINES.read_text(encoding="utf-8"))
    return tuple(
        tuple(zip(ring[::2], ring[1::2], strict=True)) for country in data["countries"] for ring in country["rings"]
    )


def draw_event_map(fig: Figure, events: list[Event]) -> None:
    """Draw the located events on `fig` (which the caller sized); the caller handles the no-event case."""
    points = located_points(events)
    extent = map_extent(points)
    ax = fig.subplots()
    ax.set_facecolor(SEA)
    ax.add_collection(PolyCollection(country_rings(), facecolors=LAND, edgecolors=BORDER, linewidths=0.6))
    ax.scatter(
        [lon for lon, _, _ in points],
        [lat for _, lat, _ in points],
        s=[marker_area(killed) for _, _, killed in points],
        c=[TOLL_COLOUR if killed else NO_TOLL_COLOUR for _, _, killed in points],
        alpha=0.55,
        edgecolors="#333333",
        linewidths=0.4,
        zorder=3,
    )
    ax.set_xlim(extent.west, extent.east)
    ax.set_ylim(extent.south, extent.north)
    # plate carrée stretched by 1/cos(latitude) at the middle: shapes look right near the events
    middle = math.radians((extent.south + extent.north) / 2)
    ax.set_aspect(1 / max(math.cos(middle), 0.2))
    ax.tick_params(labelsize="small", colors="#666666")
    ax.set_xlabel("longitude", fontsize="small", color="#666666")
    ax.set_ylabel("latitude", fontsize="small", color="#666666")
    ax.set_title(f"{TITLE}: {len(points):,} located events, circle area by median reported deaths")
    _size_legend(ax)


def _size_legend(ax: Axes) -> None:
    def circle(area: float, colour: str) -> Line2D:  # a legend marker's size is its width, area's square root
        return Line2D(
            [],
            [],
            linestyle="",
            marker="o",
            markersize=math.sqrt(area),
            markerfacecolor=colour,
            markeredgecolor="#333333",
            markeredgewidth=0.4,
            alpha=0.55,
        )

    handles = [circle(marker_area(None), NO_TOLL_COLOUR)] + [circle(marker_area(n), TOLL_COLOUR) for n in LEGEND_TOLLS]
    labels = ["no toll reported"] + [f"{n:,} killed" for n in LEGEND_TOLLS]
    ax.legend(
        handles,
        labels,
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        frameon=False,
        fontsize="small",
        labelspacing=1.8,
        handlelength=3.0,
        handletextpad=1.2,
        borderpad=1.0,
        title="median deaths",
        title_fontsize="small",
    )


def map_alt_text(events: list[Event], period: str) -> str:
    located = [e for e in events if e.located]
    top = ", ".join(f"{e.place or e.country_code} {e.killed_median:g}" for e in located[:3] if e.killed_median)
    unlocated = len(events) - len(located)
    return (
        f"Map of conflict events first reported {period}: {len(located):,} located"
        + (f", {unlocated:,} without coordinates not shown" if unlocated else "")
        + (f". Largest median tolls: {top}." if top else ".")
    )
