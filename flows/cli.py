"""The `sitrep` command line: ingest now, query the warehouse, serve the schedule."""

from __future__ import annotations

import argparse
import gc
import os
import sys
from typing import TYPE_CHECKING, NoReturn

from flows.schedule import INGEST_CRON

if TYPE_CHECKING:
    from flows.backfill import Source

# before Prefect is imported: its telemetry call fails offline and has locked the local server's database;
# and the temporary local server can take longer than Prefect's 20 s to start on a busy 2-core machine
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")

EXIT_CONFIG = 2


def run() -> NoReturn:
    """The `sitrep` command: main(), then the interpreter's exit as usual (threads joined, exit handlers:
    Prefect's last logs and events, stopping the temporary server, then its teardown).

    What the command loaded is frozen first (gc.freeze): the garbage collections of the teardown then leave
    it be instead of walking the millions of objects Prefect and its dependencies keep, which took 0.3-0.5
    s of every command (bench/private_api_bench.py, "exit")."""
    code = main()
    gc.freeze()
    sys.exit(code)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="sitrep", description="News ingestion for conflict monitoring.")
    commands = parser.add_subparsers(dest="command", required=True)

    p = commands.add_parser("ingest", help="poll every feed once, now, and store new articles")
    p.add_argument("--feeds", help="feeds file (default: $SITREP_FEEDS, else ./feeds.yaml)")
    p.add_argument("--db", help="warehouse file (default: $SITREP_DB, else ./data/sitrep.duckdb)")
    p.add_argument(
        "--dask",
        nargs="?",
        const="local",
        metavar="SCHEDULER",
        help="run the batches on a Dask cluster: a scheduler address (tcp://host:8786), or none "
        "for a local cluster of worker processes (needs the [dask] extra)",
    )

    p = commands.add_parser("sql", help="run a read-only SQL query on the warehouse and print a table")
    p.add_argument("query")
    p.add_argument("--db", help="warehouse file (default: $SITREP_DB, else ./data/sitrep.duckdb)")
    p.add_argument("--csv", action="store_true", help="print CSV instead of a table")
    p.add_argument("--max-rows", type=int, default=100, help="rows shown in table output (default 100)")

    p = commands.add_parser("backfill", help="load older articles published in a date window")
    p.add_argument("--since", required=True, type=_date, help="first day, YYYY-MM-DD (inclusive, UTC)")
    p.add_argument("--until", required=True, type=_date, help="last day, YYYY-MM-DD (inclusive, UTC)")
    p.add_argument(
        "--feed",
        action="append",
        default=[],
        dest="feed_names",
        metavar="NAME",
        help="a feed whose site to search (repeat; default: all)",
    )
    p.add_argument(
        "--source",
        action="append",
        choices=["feed", "sitemap", "urls"],
        dest="sources",
        help="where to look (repeat; default: feed and sitemap; urls with --url/--urls-file)",
    )
    p.add_argument("--url", action="append", default=[], dest="urls", help="an article URL to load (repeat)")
    p.add_argument("--urls-file", default="", help="a file of article URLs, one per line")
    p.add_argument("--feeds", help="feeds file (default: $SITREP_FEEDS, else ./feeds.yaml)")
    p.add_argument("--db", help="warehouse file (default: $SITREP_DB, else ./data/sitrep.duckdb)")

    p = commands.add_parser(
        "retag",
        help="re-apply the current tagger (lexicons, casualty patterns, verdict model) "
        "to stored articles (fetches nothing)",
    )
    p.add_argument("--db", help="warehouse file (default: $SITREP_DB, else ./data/sitrep.duckdb)")
    p.add_argument("--all", action="store_true", help="every article, not only those tagged by another tagger version")

    p = commands.add_parser("export", help="publish a read-only snapshot: a DuckDB copy and Parquet files by month")
    p.add_argument("--db", help="warehouse file (default: $SITREP_DB, else ./data/sitrep.duckdb)")
    p.add_argument("--out", help="folder (default: export/ beside the warehouse)")

    p = commands.add_parser("report", help="write a self-contained HTML report with charts")
    p.add_argument("--db", help="warehouse file (default: $SITREP_DB, else ./data/sitrep.duckdb)")
    p.add_argument("--since", type=_date, help="first UTC day, YYYY-MM-DD (default: 30 days before the newest article)")
    p.add_argument("--out", help="HTML file (default: report.html beside the warehouse)")

    p = commands.add_parser(
        "serve",
        help="serve the flows on this machine: ingest every 15 minutes, maintenance "
        "daily, backfill and retag from the Prefect UI",
    )
    p.add_argument("--feeds", help="feeds file (default: $SITREP_FEEDS, else ./feeds.yaml)")
    p.add_argument("--db", help="warehouse file (default: $SITREP_DB, else ./data/sitrep.duckdb)")
    p.add_argument("--cron", default=INGEST_CRON, help="ingest schedule (default: every 15 minutes)")
    p.add_argument(
        "--port",
        type=int,
        default=4200,
        help="port of the Prefect server and UI started when PREFECT_API_URL is not set (default 4200)",
    )

    args = parser.parse_args(argv)
    from tasks.errors import SitrepError

    try:
        commands_ = {
            "ingest": _ingest,
            "backfill": _backfill,
            "sql": _sql,
            "retag": _retag,
            "export": _export,
            "report": _report,
            "serve": _serve,
        }
        return commands_[args.command](args)
    except SitrepError as e:
        print(f"sitrep: {e}", file=sys.stderr)
        return EXIT_CONFIG


def _ingest(args: argparse.Namespace) -> int:
    from flows.local_server import temporary_server
    from tasks.settings import db_path, feeds_path, load_settings
    from tasks.workers import worker_pool

    with worker_pool() as pool:  # the run's worker processes, which its flow uses, closed at its end
        if not args.dask:
            pool.warm_up()  # the workers' fork server loads what they need while the Prefect server starts
        server = temporary_server()
        load_settings(feeds_path(args.feeds))  # a bad feeds file fails here, before the first flow run
        from flows.ingest import ingest

        server.ready()
        with server.run_settings():
            if args.dask:
                from flows.scale import ingest_on_dask

                address = None if args.dask == "local" else args.dask
                summary = ingest_on_dask(feeds_file=args.feeds, db=args.db, address=address)
            else:
                summary = ingest(feeds_file=args.feeds, db=args.db)
    print(summary.table())
    print(stage_line(summary.seconds))
    where = db_path(args.db)
    if summary.loaded:
        print(
            f"\n{summary.new} new articles stored in {where}; {summary.failed} failures "
            f"(see: sitrep sql \"select stage, url, error from failures where run_id = '{summary.run_id}'\")"
        )
    else:
        print(f"\nsitrep: {summary.message}", file=sys.stderr)
    return 0


def stage_line(seconds: dict[str, float]) -> str:
    """Where the run's time went (read by bench/ingest_bench.py)."""
    parts = [
        f"{stage} {seconds[stage]:.2f}"
        for stage in ("fetch", "extract", "tag", "locate", "spool", "load")
        if stage in seconds
    ]
    if "load_located" in seconds:
        parts[-1] += f" (locations and events {seconds['load_located']:.2f})"
    return "stage seconds: " + ", ".join(parts) + " (fetch: request time summed; extract, tag, locate: worker CPU)"


def _date(value: str):
    import datetime as dt

    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def _backfill(args: argparse.Namespace) -> int:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from flows.local_server import temporary_server
    from tasks.settings import db_path

    sources: list[Source] = args.sources or ["feed", "sitemap"]
    if not args.sources and (args.urls or args.urls_file):
        sources = [*sources, "urls"]
    columns = (TextColumn("backfill"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    server = temporary_server()
    from flows import backfill as module
    from tasks.workers import worker_pool

    server.ready()
    with worker_pool(), server.run_settings(), Progress(*columns, transient=True) as bar:
        job = bar.add_task("articles", total=None)
        module.PROGRESS_HOOKS.append(lambda done, total: bar.update(job, completed=done, total=total))
        summary = module.run_backfill(
            since=args.since,
            until=args.until,
            feeds=args.feed_names,
            sources=sources,
            urls="\n".join(args.urls),
            urls_file=args.urls_file,
            feeds_file=args.feeds or "",
            db=args.db or "",
        )
    print(summary.table(backfill=True))
    if summary.loaded:
        print(f"\n{summary.new} articles published {args.since}..{args.until} stored in {db_path(args.db)}")
    else:
        print(f"\nsitrep: {summary.message}", file=sys.stderr)
    return 0


def _retag(args: argparse.Namespace) -> int:
    from flows.local_server import temporary_server

    server = temporary_server()
    from flows.retag import retag
    from tasks.version import tagger_version
    from tasks.workers import worker_pool

    server.ready()
    with worker_pool(), server.run_settings():
        n = retag(db=args.db, all_articles=args.all)
    print(f"re-tagged {n} articles with tagger version {tagger_version()}")
    return 0


def _export(args: argparse.Namespace) -> int:
    from pathlib import Path

    from tasks.settings import db_path
    from warehouse.export import export_snapshot

    r = export_snapshot(db_path(args.db), Path(args.out) if args.out else None)
    for table, n in r.rows.items():
        print(f"{table:20} {n:>8}  {r.paths[table]}")
    print(f"snapshot: {r.snapshot} ({r.seconds} s)")
    return 0


def _report(args: argparse.Namespace) -> int:
    from pathlib import Path

    from tasks.settings import db_path
    from warehouse.report import write_report

    db = db_path(args.db)
    print(write_report(db, Path(args.out) if args.out else db.parent / "report.html", since=args.since))
    return 0


def _sql(args: argparse.Namespace) -> int:
    import duckdb

    from tasks.errors import SitrepError
    from tasks.settings import db_path
    from warehouse.connection import connect

    db = db_path(args.db)
    if not db.exists():
        raise SitrepError(f"no warehouse at {db} yet: run `sitrep ingest` first (or pass --db)")
    con = connect(db, read_only=True, wait=30.0)
    try:
        rel = con.sql(args.query)
        if rel is None:
            return 0
        if args.csv:
            import csv

            writer = csv.writer(sys.stdout)
            writer.writerow(rel.columns)
            writer.writerows(rel.fetchall())
        else:
            rel.show(max_rows=args.max_rows, max_width=200)
    except duckdb.Error as e:
        raise SitrepError(f"query failed: {e}") from None
    finally:
        con.close()
    return 0


def _serve(args: argparse.Namespace) -> int:
    from flows.local_server import prefect_server

    with prefect_server(args.port):
        from flows.deployments import serve_all  # imports Prefect: after PREFECT_API_URL is set

        serve_all(feeds_file=args.feeds, db=args.db, cron=args.cron)
    return 0


if __name__ == "__main__":
    run()
