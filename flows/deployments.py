"""Serving the flows on a schedule from one process (`sitrep serve`), without a work pool or worker."""

from __future__ import annotations

from prefect import serve

from flows.ingest import ingest

INGEST_CRON = "*/15 * * * *"
TIMEZONE = "UTC"


def serve_ingest(*, feeds_file: str | None, db: str | None, cron: str = INGEST_CRON) -> None:
    """Serve `ingest` every 15 minutes (by default) until interrupted; schedules stay active on exit."""
    from prefect.schedules import Cron

    deployment = ingest.to_deployment(
        name="ingest-every-15-minutes", schedule=Cron(cron, timezone=TIMEZONE, slug="ingest-schedule"),
        parameters={"feeds_file": feeds_file, "db": db})
    serve(deployment, pause_on_shutdown=False)
