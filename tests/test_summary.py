"""The run summary `sitrep ingest` prints."""

from __future__ import annotations

from datetime import UTC, datetime

from flows.summary import IngestSummary
from tasks.records import FeedItem, FeedPoll

NOW = datetime(2026, 12, 6, tzinfo=UTC)


def test_the_summary_says_when_a_feed_gave_dates_that_cannot_be_right():
    items = (
        FeedItem("wire", "http://x/1", "1", dropped_date=datetime(2100, 1, 1, tzinfo=UTC)),
        FeedItem("wire", "http://x/2", "2", dropped_date=datetime(1970, 1, 1, tzinfo=UTC)),
        FeedItem("wire", "http://x/3", "3", published_at=NOW),
    )
    summary = IngestSummary("run")
    summary.record_polls(
        [
            FeedPoll("wire", "http://x/feed", NOW, 200, items),
            FeedPoll("calm", "http://y/feed", NOW, 200, (FeedItem("calm", "http://y/1", "4"),)),
        ]
    )
    lines = {line.split()[0]: line for line in summary.table().splitlines()}
    assert "ok, 2 impossible dates not used" in lines["wire"]
    assert "impossible" not in lines["calm"]
