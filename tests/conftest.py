"""Shared fixtures: the local news site, feeds files, temp warehouses, and one Prefect harness per session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")

from tests.site import Site  # noqa: E402


@pytest.fixture(scope="session")
def news_site():
    site = Site()
    yield site
    site.close()


@pytest.fixture
def site(news_site: Site) -> Site:
    """The local news site with a clean request log and its default routes."""
    news_site.reset()
    from tests.site import DEFAULT_ROUTES

    news_site.routes = dict(DEFAULT_ROUTES)
    return news_site


@pytest.fixture
def write_feeds(tmp_path: Path):
    """Write a feeds file of {name: url} (values may be dicts of extra fields); returns its path."""

    def write(feeds: dict, *, allow_private: bool = True, extra_fetch: str = "") -> Path:
        lines = ["fetch:", f"  allow_private_addresses: {str(allow_private).lower()}"]
        lines += [f"  {line}" for line in extra_fetch.splitlines() if line.strip()]
        lines.append("feeds:")
        for name, value in feeds.items():
            fields = value if isinstance(value, dict) else {"url": value}
            lines.append(f"  - name: {name}")
            lines += [f"    {k}: {v}" for k, v in fields.items()]
        path = tmp_path / "feeds.yaml"
        path.write_text("\n".join(lines) + "\n")
        return path

    return write


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "warehouse" / "sitrep.duckdb"


@pytest.fixture(scope="session")
def prefect_harness():
    """One temporary Prefect server for every flow test in the session (its start-up costs ~15 s)."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=90):
        yield
