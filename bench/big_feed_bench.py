"""A huge feed beside a small one: one `sitrep ingest` over a 50,000-item feed and a 3-item feed.

Serves the 181 development pages from a local server under 50,000 distinct addresses in one RSS feed,
and 3 more pages in a second feed, then runs `sitrep ingest` as a user would (default settings: each feed
gives at most fetch.max_new_per_feed new pages a run, newest first, taken in turns across feeds). Prints
the run's time, its peak memory (the largest process, and the sum over sitrep and its workers at its
highest), how many of the big feed's pages were stored and deferred, and whether the small feed's 3 were
stored.

    python bench/big_feed_bench.py [--items 50000]
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import threading
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.ingest_bench import (  # noqa: E402
    SITREP,
    load_pages,  # noqa: E402
    measure,
)

START = datetime(2026, 1, 1, tzinfo=UTC)


def rss(base: str, prefix: str, items: int) -> bytes:
    entries = "".join(
        f"<item><title>{prefix} {k}</title><link>{base}/{prefix}/{k}</link>"
        f"<pubDate>{format_datetime(START + timedelta(minutes=k))}</pubDate></item>"
        for k in range(items)
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>{prefix}</title>{entries}</channel></rss>'.encode()


def serve(items: int) -> tuple[ThreadingHTTPServer, str]:
    pages = list(load_pages().values())
    feeds: dict[str, bytes] = {}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def do_GET(self):
            base = f"http://{self.headers['Host']}"
            if self.path == "/big.xml":
                body = feeds.setdefault("big", rss(base, "big", items))
                return self.reply(body, "application/rss+xml")
            if self.path == "/small.xml":
                return self.reply(feeds.setdefault("small", rss(base, "small", 3)), "application/rss+xml")
            if m := re.fullmatch(r"/(big|small)/(\d+)", self.path):
                return self.reply(
                    pages[(int(m.group(2)) + (7 if m.group(1) == "small" else 0)) % len(pages)], "text/html"
                )
            self.reply(b"no", "text/plain", 404)

        def reply(self, body: bytes, ctype: str, status: int = 200):
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--items", type=int, default=50_000)
    a = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="sitrep-bigfeed-"))
    server, base = serve(a.items)
    feeds = work / "feeds.yaml"
    feeds.write_text(
        f"fetch:\n  allow_private_addresses: true\nfeeds:\n  - name: big\n    url: {base}/big.xml\n"
        f"  - name: small\n    url: {base}/small.xml\n"
    )
    env = {**os.environ, "PREFECT_HOME": str(work / "prefect"), "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    db = work / "wh.duckdb"
    seconds, out, process_mb, tree_mb = measure([SITREP, "ingest", "--feeds", str(feeds), "--db", str(db)], env, work)
    server.shutdown()
    con = duckdb.connect(str(db), read_only=True)
    stored = dict(con.execute("select feed_name, count(*) from articles group by feed_name").fetchall())
    con.close()
    deferred = re.search(r"(\d+) more next run", out)
    print(
        f"{a.items:,}-item feed beside a 3-item feed: exit 0 in {seconds:.0f} s; peak memory {process_mb:.0f} MB "
        f"(largest process), {tree_mb:.0f} MB (sitrep, its workers and the Prefect server together)"
    )
    print(
        f"stored: big {stored.get('big', 0)} (deferred to later runs: {deferred.group(1) if deferred else 0}), "
        f"small {stored.get('small', 0)} of 3"
    )


if __name__ == "__main__":
    main()
