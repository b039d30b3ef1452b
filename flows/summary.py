"""What a run did, per feed: the figures `sitrep ingest` prints and the flow returns."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class FeedSummary:
    feed_name: str
    status: str = ""            # ok, not modified, failed: <reason>
    entries: int = 0
    new: int = 0
    already_stored: int = 0
    failed: int = 0


@dataclass
class IngestSummary:
    run_id: str
    feeds: dict[str, FeedSummary] = field(default_factory=dict)
    loaded: bool = True
    message: str = ""

    @property
    def new(self) -> int:
        return sum(f.new for f in self.feeds.values())

    @property
    def already_stored(self) -> int:
        return sum(f.already_stored for f in self.feeds.values())

    @property
    def failed(self) -> int:
        return sum(f.failed for f in self.feeds.values())

    def table(self) -> str:
        """A plain-text table, one line per feed and a total."""
        rows = [("feed", "status", "new", "already stored", "failed")]
        for f in self.feeds.values():
            rows.append((f.feed_name, f.status[:60], str(f.new), str(f.already_stored), str(f.failed)))
        rows.append(("total", "", str(self.new), str(self.already_stored), str(self.failed)))
        widths = [max(len(r[i]) for r in rows) for i in range(5)]
        lines = ["  ".join(c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True)))
                 for r in rows]
        lines.insert(1, "  ".join("-" * w for w in widths))
        lines.insert(len(lines) - 1, "  ".join("-" * w for w in widths))
        return "\n".join(lines)
