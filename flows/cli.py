"""The `sitrep` command line: ingest now, query the warehouse, serve the schedule."""

from __future__ import annotations

import argparse
import os
import sys

# before Prefect is imported: its telemetry call fails offline and has locked the local server's database
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

EXIT_CONFIG = 2


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="sitrep", description="News ingestion for conflict monitoring.")
    commands = parser.add_subparsers(dest="command", required=True)

    p = commands.add_parser("ingest", help="poll every feed once, now, and store new articles")
    p.add_argument("--feeds", help="feeds file (default: $SITREP_FEEDS, else ./feeds.yaml)")
    p.add_argument("--db", help="warehouse file (default: $SITREP_DB, else ./data/sitrep.duckdb)")

    p = commands.add_parser("sql", help="run a read-only SQL query on the warehouse and print a table")
    p.add_argument("query")
    p.add_argument("--db", help="warehouse file (default: $SITREP_DB, else ./data/sitrep.duckdb)")
    p.add_argument("--csv", action="store_true", help="print CSV instead of a table")
    p.add_argument("--max-rows", type=int, default=100, help="rows shown in table output (default 100)")

    p = commands.add_parser("retag", help="re-apply the current lexicons to stored articles (fetches nothing)")
    p.add_argument("--db", help="warehouse file (default: $SITREP_DB, else ./data/sitrep.duckdb)")
    p.add_argument("--all", action="store_true", help="every article, not only those tagged by older lexicons")

    p = commands.add_parser("serve", help="run ingest on its schedule (every 15 minutes) on this machine")
    p.add_argument("--feeds", help="feeds file (default: $SITREP_FEEDS, else ./feeds.yaml)")
    p.add_argument("--db", help="warehouse file (default: $SITREP_DB, else ./data/sitrep.duckdb)")
    p.add_argument("--cron", default="*/15 * * * *", help="schedule (default: every 15 minutes)")

    args = parser.parse_args(argv)
    from tasks.errors import SitrepError

    try:
        return {"ingest": _ingest, "sql": _sql, "retag": _retag, "serve": _serve}[args.command](args)
    except SitrepError as e:
        print(f"sitrep: {e}", file=sys.stderr)
        return EXIT_CONFIG


def _ingest(args: argparse.Namespace) -> int:
    from flows.ingest import ingest
    from tasks.settings import db_path, feeds_path, load_settings

    load_settings(feeds_path(args.feeds))  # a bad feeds file fails here, before Prefect starts
    summary = ingest(feeds_file=args.feeds, db=args.db)
    print(summary.table())
    where = db_path(args.db)
    if summary.loaded:
        print(f"\n{summary.new} new articles stored in {where}; {summary.failed} failures "
              f"(see: sitrep sql \"select stage, url, error from failures where run_id = '{summary.run_id}'\")")
    else:
        print(f"\nsitrep: {summary.message}", file=sys.stderr)
    return 0


def _retag(args: argparse.Namespace) -> int:
    from flows.retag import retag
    from tasks.lexicon import lexicon_version

    n = retag(db=args.db, all_articles=args.all)
    print(f"re-tagged {n} articles with lexicon version {lexicon_version()}")
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
    from flows.deployments import serve_ingest

    serve_ingest(feeds_file=args.feeds, db=args.db, cron=args.cron)
    return 0


if __name__ == "__main__":
    sys.exit(main())
