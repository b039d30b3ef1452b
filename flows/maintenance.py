"""The daily maintenance flow: load leftovers, checkpoint, data checks, a snapshot for readers, and the
feed-health and conflict summary as a Prefect artifact."""

from __future__ import annotations

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE

from flows.pipeline import WRITER_LIMIT
from tasks.settings import db_path
from warehouse.checks import CheckResult, run_checks
from warehouse.connection import connect
from warehouse.store import LOAD_WAIT_SECONDS, prepare_warehouse


@task(name="checkpoint-and-check", cache_policy=NO_CACHE)
def checkpoint_and_check(db: str | None) -> list[CheckResult]:
    """Load what waits in the spool, fold the WAL into the file, and run the data checks."""
    from prefect.concurrency.sync import concurrency

    db_file = db_path(db)
    with concurrency(WRITER_LIMIT, occupy=1, strict=False):
        prepare_warehouse(db_file)
        con = connect(db_file, wait=LOAD_WAIT_SECONDS)
        try:
            con.execute("CHECKPOINT")
            return run_checks(con)
        finally:
            con.close()


@task(name="export-snapshot", cache_policy=NO_CACHE)
def export_task(db: str | None) -> str:
    from warehouse.export import export_snapshot

    return str(export_snapshot(db_path(db)).snapshot)


@task(name="summary-report", cache_policy=NO_CACHE)
def summary_task(db: str | None) -> str:
    from warehouse.report import report_markdown

    return report_markdown(db_path(db))


@flow(name="maintenance", log_prints=True)
def maintenance(db: str = "") -> list[CheckResult]:
    """Daily upkeep of the warehouse.

    Args:
        db: The warehouse file; empty means $SITREP_DB, else ./data/sitrep.duckdb.
    """
    logger = get_run_logger()
    results = checkpoint_and_check(db or None)
    for r in results:
        if r.offending:
            logger.warning("data check %r: %d offending rows, e.g. %s", r.name, r.offending, r.sample[:3])
    exported = export_task(db or None)
    logger.info("snapshot published: %s", exported)
    checks = "\n".join(f"| {r.name} | {r.offending} |" for r in results)
    create_markdown_artifact(
        key="warehouse-summary",
        markdown=summary_task(db or None) + "\n\n## Data checks\n\n| check | offending rows |\n|---|---|\n" + checks,
        description="Daily summary: conflict articles, feed health, data checks",
    )
    return results
