"""End-to-end ingest benchmark on the development corpus, against a bare trafilatura loop.

Serves ../shared/corpus/extraction-benchmark (181 real pages) repeated under distinct URLs from a local
server, as FEEDS feeds, and runs `sitrep ingest` as a user would; then runs trafilatura alone over the
same pages with the same number of processes, in the same run. Prints articles/s, the ratio to the bare
loop, seconds per stage, peak RSS, the time of a rerun with nothing new, and Prefect's start-up time.
With --backfill, it then also backfills every page again into a new warehouse (`sitrep backfill
--source urls`) and prints that run's time and peak RSS.

    python bench/ingest_bench.py [--copies 12] [--feeds 50] [--workers N] [--backfill]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "extraction-benchmark"
SITREP = str(Path(sys.executable).with_name("sitrep"))


def load_pages() -> dict[str, bytes]:
    truth = json.loads((CORPUS / "ground-truth.json").read_text())
    return {k: gzip.decompress((CORPUS / "html" / f"{k}.html.gz").read_bytes()) for k in sorted(truth)}


def serve(
    pages: dict[str, bytes],
    copies: int,
    feeds: int,
    on_article: Callable[[], object] | None = None,
    first_copy: int = 0,
) -> tuple[ThreadingHTTPServer, str]:
    """Feed k lists every article whose index is k modulo `feeds`; articles live at /a/<copy>/<id>, copies
    numbered from `first_copy`. on_article is called at each article request."""
    ids = [(c, k) for c in range(first_copy, first_copy + copies) for k in pages]

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def do_GET(self):
            path = self.path.split("?")[0]
            if m := re.fullmatch(r"/feed/(\d+)\.xml", path):
                base = f"http://{self.headers['Host']}"
                items = "".join(
                    f"<item><title>{c}-{k}</title><link>{base}/a/{c}/{k}</link></item>"
                    for i, (c, k) in enumerate(ids)
                    if i % feeds == int(m.group(1))
                )
                body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>f</title>{items}</channel></rss>'
                return self.reply(body.encode(), "application/rss+xml", etag=f'"{m.group(1)}"')
            if (m := re.fullmatch(r"/a/(\d+)/(\w+)", path)) and m.group(2) in pages:
                if on_article:
                    on_article()
                return self.reply(pages[m.group(2)], "text/html")
            self.reply(b"no", "text/plain", status=404)

        def reply(self, body: bytes, ctype: str, status: int = 200, etag: str | None = None):
            if etag and self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            if etag:
                self.send_header("ETag", etag)
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def run_measured(command: list[str], env: dict, cwd: Path) -> tuple[float, str, float]:
    """Run a command; (seconds, stdout, peak RSS in MB of its largest process) (see `measure`)."""
    seconds, out, largest_mb, _ = measure(command, env, cwd)
    return seconds, out, largest_mb


def measure(command: list[str], env: dict, cwd: Path) -> tuple[float, str, float, float]:
    """Run a command; (seconds, stdout, peak RSS in MB of its largest process, peak of the RSS summed over
    all its processes). The first is each process's own high-water mark (VmHWM), read from /proc every
    0.2 s for every process below the command: the extraction workers are the fork server's children, not
    the command's, so the kernel's figure for waited-for children (getrusage) would miss them once the fork
    server is gone. The second sums their current RSS (VmRSS) at each reading."""
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen(command, env=env, stdout=out, stderr=err, text=True, cwd=cwd)
        peaks: dict[int, float] = {}
        tree_peak = 0.0
        while proc.poll() is None:
            pids = process_tree(proc.pid)
            tree_peak = max(tree_peak, sum(rss_mb(pid, "VmRSS") for pid in pids))
            for pid in pids:
                peaks[pid] = max(peaks.get(pid, 0.0), rss_mb(pid, "VmHWM"))
            time.sleep(0.2)
        seconds = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        if proc.returncode:
            sys.exit(f"{command[1]} failed: {err.read()[-2000:]}")
        return seconds, out.read(), max(peaks.values(), default=0.0), tree_peak


def process_tree(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        for task in Path(f"/proc/{p}/task").glob("*"):
            try:
                todo += [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                pass
    return found


def rss_mb(pid: int, field: str) -> float:
    """A process's VmHWM (peak) or VmRSS (current) from /proc, in MB; 0 once it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def ingest(feeds_file: Path, db: Path, env: dict) -> tuple[float, str, float]:
    """(seconds, stdout, peak RSS in MB of the run's largest process)"""
    return run_measured([SITREP, "ingest", "--feeds", str(feeds_file), "--db", str(db)], env, feeds_file.parent)


def bare(raw: bytes) -> int:
    import trafilatura

    doc = trafilatura.bare_extraction(raw, with_metadata=True)
    return len(doc.text) if doc is not None and doc.text else 0


def bare_loop(pages: list[bytes], workers: int) -> float:
    with ProcessPoolExecutor(workers) as pool:
        list(pool.map(bare, pages[: workers * 2]))  # warm the workers (imports), as sitrep's pool is warm
        started = time.perf_counter()
        list(pool.map(bare, pages, chunksize=8))
        return time.perf_counter() - started


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--copies", type=int, default=12)
    ap.add_argument("--feeds", type=int, default=50)
    ap.add_argument("--workers", type=int, default=len(os.sched_getaffinity(0)))
    ap.add_argument("--backfill", action="store_true", help="also time a backfill of every page by URL")
    a = ap.parse_args()
    pages = load_pages()
    server, base = serve(pages, a.copies, a.feeds)
    work = Path(tempfile.mkdtemp(prefix="sitrep-bench-"))
    env = {
        **os.environ,
        "PREFECT_HOME": str(work / "prefect"),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "SITREP_WORKERS": str(a.workers),
    }
    feeds = work / "feeds.yaml"
    feeds.write_text(
        "fetch:\n  allow_private_addresses: true\nfeeds:\n"
        + "".join(f"  - name: f{k}\n    url: {base}/feed/{k}.xml\n" for k in range(a.feeds))
    )
    empty = work / "empty.yaml"
    empty.write_text("feeds: []\n")

    ingest(empty, work / "warmup.duckdb", env)  # Prefect's first start-up (database migrations)
    startup, _, _ = ingest(empty, work / "empty.duckdb", env)  # what a run with nothing to do costs
    first, out, peak_mb = ingest(feeds, work / "wh.duckdb", env)
    rerun, _, _ = ingest(feeds, work / "wh.duckdb", env)
    bare_s = bare_loop([p for _ in range(a.copies) for p in pages.values()], a.workers)
    server.shutdown()

    n = a.copies * len(pages)
    stored = re.search(r"(\d+) new articles stored", out)
    stage_text = out.split("stage seconds:")[1].splitlines()[0]
    located = re.search(r"locations and events ([\d.]+)", stage_text)
    stages = dict((k, float(v)) for k, v in re.findall(r"(\w+) ([\d.]+)", re.sub(r"\(.*?\)", "", stage_text)))
    work_s = first - startup
    print(f"articles: {stored.group(1) if stored else '?'} of {n} over {a.feeds} feeds, {a.workers} worker processes")
    print(
        f"end to end: {first:.1f} s ({n / first:.1f} articles/s); without Prefect start-up {work_s:.1f} s "
        f"({n / work_s:.1f} articles/s)"
    )
    print(f"bare trafilatura, {a.workers} processes, same pages: {bare_s:.1f} s ({n / bare_s:.1f} pages/s)")
    print(f"ratio bare / end to end: {bare_s / first:.2f} (without start-up: {bare_s / work_s:.2f})")
    cpu = stages.get("extract", 0) + stages.get("tag", 0) + stages.get("locate", 0)
    print(
        "stages: "
        + ", ".join(f"{k} {v:.1f} s" for k, v in stages.items())
        + f"; tag is {100 * stages.get('tag', 0) / max(cpu, 1e-9):.1f}% of worker CPU, "
        f"locate {100 * stages.get('locate', 0) / max(cpu, 1e-9):.1f}%, "
        f"load {100 * stages.get('load', 0) / first:.1f}% of the run"
    )
    if located:
        print(
            f"locations and events at load: {float(located.group(1)):.2f} s, "
            f"{100 * float(located.group(1)) / max(stages.get('load', 0), 1e-9):.1f}% of the load"
        )
    print(f"orchestration and the rest: {first - startup - bare_s:.1f} s beyond the bare extraction time")
    print(f"peak RSS of one process: {peak_mb:.0f} MB")
    print(f"Prefect start-up (a run with no feeds): {startup:.1f} s")
    print(f"rerun with nothing new over {a.feeds} feeds: {rerun:.1f} s, {rerun - startup:.1f} s beyond start-up")
    if a.backfill:
        server, base = serve(pages, a.copies, a.feeds)
        backfill_s, peak = backfill_by_urls(work, base, pages, a.copies, env)
        server.shutdown()
        print(
            f"backfill of {n} pages by URL: {backfill_s:.1f} s ({n / backfill_s:.1f} articles/s), "
            f"peak RSS of one process {peak:.0f} MB"
        )


def backfill_by_urls(work: Path, base: str, pages: dict[str, bytes], copies: int, env: dict) -> tuple[float, float]:
    """`sitrep backfill --source urls` over every page, in a new warehouse; (seconds, peak RSS in MB of
    its largest process)."""
    urls, feeds = work / "urls.txt", work / "backfill-feeds.yaml"
    urls.write_text("".join(f"{base}/a/{c}/{k}\n" for c in range(copies) for k in pages))
    feeds.write_text("fetch:\n  allow_private_addresses: true\nfeeds: []\n")
    command = [
        SITREP,
        "backfill",
        "--since",
        "2000-01-01",
        "--until",
        "2030-12-31",
        "--source",
        "urls",
        "--urls-file",
        str(urls),
        "--feeds",
        str(feeds),
        "--db",
        str(work / "backfill.duckdb"),
    ]
    seconds, _, peak = run_measured(command, env, work)
    con = duckdb.connect(str(work / "backfill.duckdb"), read_only=True)
    stored = con.execute("select count(*) from articles").fetchone()[0]
    con.close()
    if stored < len(pages) * copies:
        sys.exit(f"backfill stored {stored} of {len(pages) * copies} articles")
    return seconds, peak


if __name__ == "__main__":
    main()
