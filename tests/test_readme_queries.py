"""The README's example queries run against a fresh warehouse after a test ingest, and return rows."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import duckdb
import pytest

from tests.site import dynamic_feed

README = Path(__file__).resolve().parent.parent / "README.md"
pytestmark = pytest.mark.usefixtures("prefect_harness")


def readme_queries() -> list[str]:
    blocks = re.findall(r"```sql\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    statements = [s.strip() for block in blocks for s in block.split(";")]
    return [s for s in statements if s and not all(line.startswith("--") for line in s.splitlines())]


def test_the_readme_has_example_queries():
    assert len(readme_queries()) >= 3


def test_readme_queries_return_rows_after_an_ingest(site, write_feeds, db):
    from flows.ingest import ingest

    recent = format_datetime(datetime.now(UTC) - timedelta(hours=2))
    site.routes["/recent.xml"] = dynamic_feed(
        [
            ("/a/seed", "Serangan udara Suriah dan Rusia tewaskan 400 pemberontak", recent),
            ("/a/shelling", "Shelling kills 12 in border town as fighting intensifies", recent),
            ("/a/harbour", "Harbour festival draws record crowds", recent),
            ("/gone", "A page that is gone", recent),
        ]
    )
    ingest(feeds_file=str(write_feeds({"recent": site.url("/recent.xml"), "broken": site.url("/f/500")})), db=str(db))
    con = duckdb.connect(str(db), read_only=True)
    try:
        empty = [q.splitlines()[0] for q in readme_queries() if not con.execute(q).fetchall()]
    finally:
        con.close()
    assert empty == []
