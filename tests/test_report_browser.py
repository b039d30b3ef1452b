"""The report in a real browser: headless Chromium decodes and draws every chart (SITREP_SKIP_BROWSER=1 skips)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from matplotlib.image import imread

from tests.test_export import fill_warehouse
from warehouse.report import write_report

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(os.environ.get("SITREP_SKIP_BROWSER") == "1", reason="SITREP_SKIP_BROWSER=1"),
]

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Added to a copy of the page only (the report itself has no script): records each decoded image's figure id
# and size (0x0 when it did not decode).
PROBE = """<script>window.addEventListener("load", () => document.body.setAttribute("data-widths",
  Array.from(document.images,
    i => i.closest("figure").id + ":" + (i.complete ? i.naturalWidth + "x" + i.naturalHeight : "0x0"))
  .join(",")));</script></body>"""
CHARTS = ["chart-categories", "chart-countries", "chart-events", "chart-terms", "chart-feeds"]


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        pytest.fail(
            "chromium is not installed (Debian: apt-get install -y chromium); set SITREP_SKIP_BROWSER=1 "
            "to skip the browser tests"
        )
    return found


def run_chromium(tmp_path: Path, *args: str) -> str:
    profile = tmp_path / "profile"
    done = subprocess.run(
        [chromium(), *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@pytest.fixture
def report(db: Path, tmp_path: Path) -> Path:
    fill_warehouse(db, end=datetime.now(UTC), articles=600, days=45)  # recent, so feed health has data
    return write_report(db, tmp_path / "report.html")


def test_every_chart_decodes_in_the_browser(report: Path, tmp_path: Path):
    probe = tmp_path / "probe.html"
    probe.write_text(report.read_text(encoding="utf-8").replace("</body>", PROBE), encoding="utf-8")
    dom = run_chromium(tmp_path, "--virtual-time-budget=5000", "--dump-dom", probe.as_uri())
    assert "<title>sitrep report</title>" in dom
    assert len(re.findall(r"<img ", dom)) == 5
    widths = re.search(r'data-widths="([^"]*)"', dom)
    assert widths, "the page's load event did not run"
    decoded = dict(item.split(":") for item in widths.group(1).split(","))
    assert list(decoded) == CHARTS
    assert all(int(size.split("x")[0]) > 0 for size in decoded.values()), widths.group(1)
    assert decoded["chart-events"] == "1100x600"  # the event map, drawn in full (not the 160 px no-data panel)


def test_the_screenshot_shows_a_drawn_page(report: Path, tmp_path: Path):
    shot = tmp_path / "shot.png"
    run_chromium(tmp_path, f"--screenshot={shot}", "--window-size=1280,2400", report.as_uri())
    assert shot.stat().st_size > 50_000  # a blank 1280x2400 page is a few kilobytes
    pixels = imread(shot)[:, :, :3]
    assert pixels.shape[:2] == (2400, 1280)
    assert (pixels.min(axis=2) < 0.9).mean() > 0.05  # charts and text cover more than 5% of the page
