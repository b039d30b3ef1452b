"""What a run did, per feed: the figures `sitrep ingest` prints and the flow returns."""

from __future__ import annotations

from dataclasses import dataclass, field

from tasks.records import Failure, FeedItem, FeedPoll, FeedState


@dataclass
class FeedSummary:
    feed_name: str
    status: str = ""  # ok, not modified, resting ..., failed: <reason>
    entries: int = 0
    new: int = 0
    already_stored: int = 0
    failed: int = 0
    found: int = 0  # backfill: articles discovered in the window
    outside_window: int = 0  # backfill: fetched, but published outside the window
    deferred: int = 0  # new, but past fetch.max_new_per_feed: left for the next run
    dates_dropped: int = 0  # items whose publication date cannot be right (the page's date is used)


@dataclass
class IngestSummary:
    run_id: str
    feeds: dict[str, FeedSummary] = field(default_factory=dict)
    loaded: bool = True
    message: str = ""
    failures: list[Failure] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)  # per stage; load_located: of load, locations+events

    def feed(self, name: str) -> FeedSummary:
        return self.feeds.setdefault(name, FeedSummary(name))

    def record_resting(self, resting: dict[str, FeedState]) -> None:
        for name, rest in resting.items():
            next_poll = f"{rest.next_poll_at:%Y-%m-%d %H:%M} UTC"
            self.feed(name).status = f"resting after {rest.consecutive_failures} failures, next poll {next_poll}"

    def record_polls(self, polls: list[FeedPoll]) -> None:
        for poll in polls:
            s = self.feed(poll.feed_name)
            s.entries = len(poll.items)
            s.dates_dropped = sum(item.dropped_date is not None for item in poll.items)
            s.status = (
                "failed: " + poll.failure.error if poll.failure else "not modified" if poll.not_modified else "ok"
            )
            if poll.failure:
                s.failed += 1
                self.failures.append(poll.failure)

    def record_found(self, items: list[FeedItem]) -> None:
        for item in items:
            self.feed(item.feed_name).found += 1

    def record_skipped(self, items: list[FeedItem]) -> None:
        for item in items:
            self.feed(item.feed_name).already_stored += 1

    def record_deferred(self, items: list[FeedItem]) -> None:
        for item in items:
            self.feed(item.feed_name).deferred += 1

    def record_batch(self, report) -> None:
        """Add a flows.pipeline.BatchReport."""
        for feed_name, n in report.new.items():
            self.feed(feed_name).new += n
        for feed_name, n in report.outside_window.items():
            self.feed(feed_name).outside_window += n
        for stage, seconds in report.seconds.items():
            self.seconds[stage] = self.seconds.get(stage, 0.0) + seconds
        for failure in report.failures:
            self.feed(failure.feed_name or "").failed += 1
        self.failures.extend(report.failures)

    def feeds_to_retry(self) -> set[str]:
        """Feeds with a page that failed transiently, or new pages left for the next run: their validators
        are kept, so the next poll reads the whole feed again and gets those pages."""
        deferred = {name for name, f in self.feeds.items() if f.deferred}
        return deferred | {
            f.feed_name for f in self.failures if f.feed_name is not None and f.stage == "fetch" and not f.permanent
        }

    @property
    def new(self) -> int:
        return sum(f.new for f in self.feeds.values())

    @property
    def already_stored(self) -> int:
        return sum(f.already_stored for f in self.feeds.values())

    @property
    def failed(self) -> int:
        return sum(f.failed for f in self.feeds.values())

    def table(self, *, backfill: bool = False) -> str:
        """A plain-text table, one line per feed and a total."""
        rows: list[tuple[str, ...]]
        if backfill:
            rows = [("feed", "found", "new", "already stored", "outside window", "failed")]
            rows += [
                (f.feed_name, str(f.found), str(f.new), str(f.already_stored), str(f.outside_window), str(f.failed))
                for f in self.feeds.values()
            ]
            rows.append(
                (
                    "total",
                    str(sum(f.found for f in self.feeds.values())),
                    str(self.new),
                    str(self.already_stored),
                    str(sum(f.outside_window for f in self.feeds.values())),
                    str(self.failed),
                )
            )
        else:
            rows = [("feed", "status", "new", "already stored", "failed")]
            rows += [
                (
                    f.feed_name,
                    f.status[:60]
                    + (f", {f.deferred} more next run" if f.deferred else "")
                    + (f", {f.dates_dropped} impossible dates not used" if f.dates_dropped else ""),
                    str(f.new),
                    str(f.already_stored),
                    str(f.failed),
                )
                for f in self.feeds.values()
            ]
            rows.append(("total", "", str(self.new), str(self.already_stored), str(self.failed)))
        n = len(rows[0])
        widths = [max(len(r[i]) for r in rows) for i in range(n)]
        left = 1 if backfill else 2  # text columns; the rest are right-aligned numbers
        lines = [
            "  ".join(
                cell.ljust(w) if i < left else cell.rjust(w)
                for i, (cell, w) in enumerate(zip(row, widths, strict=True))
            )
            for row in rows
        ]
        lines.insert(1, "  ".join("-" * w for w in widths))
        lines.insert(len(lines) - 1, "  ".join("-" * w for w in widths))
        return "\n".join(lines)
