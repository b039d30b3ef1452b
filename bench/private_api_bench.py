"""What each private-API trick that issue 17 took out of sitrep saved, against the public route, on this machine.

    python bench/private_api_bench.py [--tricks-from REV] [--rounds N] [--only parse,exit,server,workers,ingest]

The tricks are read from REV (default: the last commit that had them) with `git archive` into a temporary
folder and run from there, with this virtualenv; the public route is this checkout. Each part runs in
fresh processes, the two routes taking turns; a figure is the median of the rounds. "Per run" means per
`sitrep ingest` with a persistent PREFECT_HOME (one that has served a run before), the bar the issue
sets: a trick is worth keeping only if it saves more than a second there.

- parse:   trafilatura.load_html against the trick's parse_html (tasks/html.py), CPU ms a page over the
           181 pages of ../shared/corpus/extraction-benchmark, and what that makes for a 2,172-page run
- exit:    the `sitrep` command's exit after main() returns, with what an ingest loads: the interpreter's
           usual exit (after gc.freeze) against threading._shutdown() + atexit._run_exitfuncs() + os._exit
- server:  the temporary Prefect server, from the call to answering /health: Prefect's documented app
           and settings (and its settings read by Prefect) against private PREFECT__SERVER_* variables
           and a hand-read profiles.toml; then, on a new PREFECT_HOME, Prefect's own migrations against
           the ready-made database (the one trick kept, flows/private_tricks.py: first runs only)
- workers: the worker pool: warm-up to the first page extracted, closing it when idle, and a command
           ending while the fork server still loads (until its output pipe closes, which is what a
           caller that captures the output waits for), public Process/ProcessPoolExecutor calls against
           multiprocessing.forkserver internals and the pool's private process table
- ingest:  `sitrep ingest` end to end (20 new pages, then a rerun with nothing new), every trick against
           the public routes (the kept one plays no part on a persistent PREFECT_HOME)
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "extraction-benchmark"
# the last commit with every trick in place (issue 17 removed them after it)
TRICKS_FROM = "399a5f438658ab0f9f1f3c583665bd2c0806d90e"
RUN_PAGES = 2172  # the acceptance perf run: the 181 pages, 12 times
WORKERS = 2


def tricks_tree(rev: str, into: Path) -> Path:
    """The project's packages as they were at rev (read-only for the repository: git archive)."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", rev, "tasks", "flows", "warehouse"], capture_output=True, check=True
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into


def env_for(tree: Path, **extra: str) -> dict[str, str]:
    """This environment with `tree`'s packages first on the path, Prefect quiet and offline."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API")}
    return (
        env
        | {"PYTHONPATH": str(tree), "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "PREFECT_LOGGING_LEVEL": "WARNING"}
        | extra
    )


def python(code: str, env: dict[str, str], timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=tempfile.gettempdir(),
    )


def last_json(run: subprocess.CompletedProcess) -> dict:
    if run.returncode != 0:
        raise RuntimeError(f"exit {run.returncode}: {run.stderr[-2000:]}")
    return json.loads(run.stdout.strip().splitlines()[-1])


def turns(rounds: int, routes: dict[str, Callable[[], dict]]) -> dict[str, list[dict]]:
    """Each route once per round, in turn."""
    out: dict[str, list[dict]] = {name: [] for name in routes}
    for _ in range(rounds):
        for name, measure in routes.items():
            out[name].append(measure())
    return out


def median(results: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in results)


def line(what: str, public: float, trick: float, unit: str = "s", per_run: float | None = None) -> None:
    saved = public - trick
    ratio = public / trick if trick else float("inf")
    tail = f"; per run {per_run:+.2f} s" if per_run is not None else ""
    print(
        f"  {what:46} public {public:8.3f} {unit}  trick {trick:8.3f} {unit}  "
        f"(public/trick {ratio:4.2f}, trick saves {saved:+.3f} {unit}{tail})"
    )


# ---- parse -------------------------------------------------------------------------------------------------

PARSE = """
import gzip, json, sys, time
from pathlib import Path
import trafilatura
from tasks.html import parse_html
corpus = Path(sys.argv[1])
pages = [gzip.decompress(p.read_bytes()) for p in sorted((corpus / "html").glob("*.html.gz"))]
texts = [p.decode("utf-8", "replace") for p in pages]
def ms(fn, items):
    t = time.process_time()
    for x in items:
        fn(x)
    return (time.process_time() - t) * 1000 / len(items)
best = {}
for _ in range(ROUNDS):
    for name, fn in (("public", trafilatura.load_html), ("trick", parse_html)):
        for kind, items in (("bytes", pages), ("text", texts)):
            best[name + "_" + kind] = min(best.get(name + "_" + kind, 1e9), ms(fn, items))
print(json.dumps(best | {"pages": len(pages)}))
"""


def bench_parse(tricks: Path, rounds: int) -> None:
    r = python(PARSE.replace("ROUNDS", str(rounds)).replace("sys.argv[1]", repr(str(CORPUS))), env_for(tricks))
    got = last_json(r)
    print(f"parse ({got['pages']} pages, CPU ms a page, best of {rounds}):")
    for kind in ("bytes", "text"):
        public, trick = got[f"public_{kind}"], got[f"trick_{kind}"]
        per_run_cpu = (public - trick) * RUN_PAGES / 1000
        line(f"a page as {kind}", public, trick, "ms", per_run=per_run_cpu / WORKERS)
    print(f"  (per run: a {RUN_PAGES}-page run on {WORKERS} workers, wall; a 15-minute run of tens of pages: a few ms)")


# ---- exit --------------------------------------------------------------------------------------------------

EXIT = """
import sys, time
import flows.cli
def main(argv=None):
    # what an ingest has loaded by its end
    import duckdb, pyarrow.dataset, prefect.flow_engine, prefect.task_engine, fastapi.encoders
    import flows.ingest, flows.backfill, flows.retag
    print(time.time(), flush=True)
    return 0
flows.cli.main = main
flows.cli.run()
"""


def exit_once(env: dict[str, str]) -> dict:
    process = subprocess.Popen(
        [sys.executable, "-c", EXIT], env=env, stdout=subprocess.PIPE, text=True, cwd=tempfile.gettempdir()
    )
    assert process.stdout is not None
    returned = float(process.stdout.readline())
    process.stdout.read()
    process.wait()
    return {"exit": time.time() - returned}


def bench_exit(tricks: Path, rounds: int) -> None:
    got = turns(rounds, {"public": lambda: exit_once(env_for(ROOT)), "trick": lambda: exit_once(env_for(tricks))})
    print(f"exit (main() returned to process gone, median of {rounds}):")
    public, trick = median(got["public"], "exit"), median(got["trick"], "exit")
    line("interpreter exit vs os._exit", public, trick, per_run=public - trick)


# ---- server ------------------------------------------------------------------------------------------------

SERVER = """
import json, time
t = time.perf_counter()
from flows.local_server import temporary_server
server = temporary_server()
started = time.perf_counter() - t
server.ready()
print(json.dumps({"ready": time.perf_counter() - t, "returned": started}))
"""


def without_template(into: Path) -> Path:
    """This checkout's packages without the ready-made Prefect database (flows/private_tricks.py)."""
    for package in ("tasks", "flows", "warehouse"):
        shutil.copytree(ROOT / package, into / package, ignore=shutil.ignore_patterns("__pycache__", "*.sqlite.gz"))
    return into


def bench_server(tricks: Path, rounds: int, work: Path) -> None:
    home = work / "prefect-home"
    last_json(python(SERVER, env_for(ROOT, PREFECT_HOME=str(home))))  # the database exists from now on
    got = turns(
        rounds,
        {
            "public": lambda: last_json(python(SERVER, env_for(ROOT, PREFECT_HOME=str(home)))),
            "trick": lambda: last_json(python(SERVER, env_for(tricks, PREFECT_HOME=str(home)))),
        },
    )
    print(f"server (call to /health answering, persistent PREFECT_HOME, median of {rounds}):")
    public, trick = median(got["public"], "ready"), median(got["trick"], "ready")
    line("Prefect's app and settings vs PREFECT__SERVER_*", public, trick, per_run=public - trick)
    line(
        "temporary_server() returned (caller blocked)",
        median(got["public"], "returned"),
        median(got["trick"], "returned"),
    )
    plain = without_template(work / "no-template")
    fresh: dict[str, list[dict]] = {"migrations": [], "ready-made": []}
    for i in range(max(1, rounds // 2)):
        for name, tree in (("migrations", plain), ("ready-made", ROOT)):
            fresh[name].append(last_json(python(SERVER, env_for(tree, PREFECT_HOME=str(work / f"fresh-{name}-{i}")))))
    print(f"server on a new PREFECT_HOME (its first run only; median of {max(1, rounds // 2)}):")
    migrations, ready_made = median(fresh["migrations"], "ready"), median(fresh["ready-made"], "ready")
    line("Prefect's migrations vs the ready-made database", migrations, ready_made, per_run=migrations - ready_made)
    print("  (kept, in flows/private_tricks.py: per first run on a new PREFECT_HOME; 0 s per run after it)")


# ---- workers -----------------------------------------------------------------------------------------------

WORKERS_COMMON = """
import gzip, json, os, sys, time
from datetime import UTC, datetime
from pathlib import Path
from tasks.records import FeedItem, Page
raw = gzip.decompress(sorted(Path(CORPUS).glob("html/*.html.gz"))[0].read_bytes())
page = Page(FeedItem("news", "http://news.test/a/1", "1"), "http://news.test/a/1", 200, raw, "utf-8",
            datetime.now(UTC))
"""
WORKERS_PUBLIC = (
    WORKERS_COMMON
    + """
from tasks.workers import Extraction, worker_pool
t = time.perf_counter()
with worker_pool() as pool:
    pool.warm_up()
    if MODE == "early":
        time.sleep(0.3)
    else:
        assert Extraction(pool=pool).results([page])[0].article is not None
    first = time.perf_counter() - t
    c = time.perf_counter()
close = time.perf_counter() - c
print(json.dumps({"first": first, "close": close}), flush=True)
print(time.time(), flush=True)
"""
)
WORKERS_TRICK = (
    WORKERS_COMMON
    + """
from tasks import workers
t = time.perf_counter()
workers.warm_up()
if MODE == "early":
    time.sleep(0.3)
else:
    assert workers.Extraction().results([page])[0].article is not None
first = time.perf_counter() - t
c = time.perf_counter()
workers.stop_workers()
close = time.perf_counter() - c
print(json.dumps({"first": first, "close": close}), flush=True)
print(time.time(), flush=True)
"""
)


def workers_once(code: str, env: dict[str, str], mode: str) -> dict:
    source = code.replace("CORPUS", repr(str(CORPUS))).replace("MODE", repr(mode))
    process = subprocess.Popen(
        [sys.executable, "-c", source],
        env=env | {"SITREP_WORKERS": str(WORKERS)},
        stdout=subprocess.PIPE,
        text=True,
        cwd=tempfile.gettempdir(),
    )
    assert process.stdout is not None
    got = json.loads(process.stdout.readline())
    returned = float(process.stdout.readline())
    process.wait()
    exited = time.time() - returned
    process.stdout.read()  # EOF once every process holding the output (fork server, workers) is gone
    return got | {"exit": exited, "pipe": time.time() - returned}


def bench_workers(tricks: Path, rounds: int) -> None:
    for mode, title in (
        ("page", "warm-up, first page, close when idle, exit"),
        ("early", "a command ending 0.3 s after the warm-up began"),
    ):
        got = turns(
            rounds,
            {
                "public": lambda m=mode: workers_once(WORKERS_PUBLIC, env_for(ROOT), m),
                "trick": lambda m=mode: workers_once(WORKERS_TRICK, env_for(tricks), m),
            },
        )
        print(f"workers: {title} (median of {rounds}):")
        if mode == "page":
            line("warm-up to the first page extracted", median(got["public"], "first"), median(got["trick"], "first"))
        line("close", median(got["public"], "close"), median(got["trick"], "close"))
        line("close to process exit", median(got["public"], "exit"), median(got["trick"], "exit"))
        line(
            "close to the output pipe closing",
            median(got["public"], "pipe"),
            median(got["trick"], "pipe"),
            per_run=median(got["public"], "pipe") - median(got["trick"], "pipe"),
        )


# ---- ingest ------------------------------------------------------------------------------------------------

INGEST = "import sys; sys.argv[0] = 'sitrep'; from flows.cli import run; run()"


def ingest_once(env: dict[str, str], feeds: Path, db: Path) -> dict:
    t = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-c", INGEST, "ingest", "--feeds", str(feeds), "--db", str(db)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tempfile.gettempdir(),
    )
    out, err = process.communicate(timeout=600)
    if process.returncode != 0:
        raise RuntimeError(f"exit {process.returncode}: {err[-2000:]}")
    return {"wall": time.perf_counter() - t}


def bench_ingest(tricks: Path, rounds: int, work: Path) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    from ingest_bench import load_pages, serve

    pages = dict(list(load_pages().items())[:20])
    server, base = serve(pages, copies=1, feeds=1)
    try:
        feeds = work / "feeds.yaml"
        feeds.write_text(f"fetch:\n  allow_private_addresses: true\nfeeds:\n  - name: f0\n    url: {base}/feed/0.xml\n")
        home = str(work / "ingest-home")
        ingest_once(env_for(ROOT, PREFECT_HOME=home), feeds, work / "first.duckdb")  # PREFECT_HOME persists
        n = iter(range(10_000))
        new = turns(
            rounds,
            {
                "public": lambda: ingest_once(env_for(ROOT, PREFECT_HOME=home), feeds, work / f"p{next(n)}.duckdb"),
                "trick": lambda: ingest_once(env_for(tricks, PREFECT_HOME=home), feeds, work / f"t{next(n)}.duckdb"),
            },
        )
        again = turns(
            rounds,
            {
                "public": lambda: ingest_once(env_for(ROOT, PREFECT_HOME=home), feeds, work / "p0.duckdb"),
                "trick": lambda: ingest_once(env_for(tricks, PREFECT_HOME=home), feeds, work / "t1.duckdb"),
            },
        )
    finally:
        server.shutdown()
    print(f"ingest (`sitrep ingest`, persistent PREFECT_HOME, median of {rounds}):")
    line(
        f"{len(pages)} new pages",
        median(new["public"], "wall"),
        median(new["trick"], "wall"),
        per_run=median(new["public"], "wall") - median(new["trick"], "wall"),
    )
    line(
        "a rerun with nothing new",
        median(again["public"], "wall"),
        median(again["trick"], "wall"),
        per_run=median(again["public"], "wall") - median(again["trick"], "wall"),
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--tricks-from", default=TRICKS_FROM, help="the commit to read the tricks from")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--only", default="parse,exit,server,workers,ingest")
    a = ap.parse_args()
    parts = set(a.only.split(","))
    with tempfile.TemporaryDirectory(prefix="sitrep-private-api-") as tmp:
        work = Path(tmp)
        tricks = tricks_tree(a.tricks_from, work / "tricks")
        print(f"public route: {ROOT}; tricks: {a.tricks_from[:12]}; {os.cpu_count()} cores")
        if "parse" in parts:
            bench_parse(tricks, a.rounds)
        if "exit" in parts:
            bench_exit(tricks, a.rounds)
        if "server" in parts:
            bench_server(tricks, a.rounds, work)
        if "workers" in parts:
            bench_workers(tricks, a.rounds)
        if "ingest" in parts:
            bench_ingest(tricks, a.rounds, work)


if __name__ == "__main__":
    main()
