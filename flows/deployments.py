"""Serving every flow from one process (`sitrep serve`), without a work pool or worker: ingest every
15 minutes, maintenance daily, backfill and retag on demand (from the UI's "Custom run" form)."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from prefect import serve
from prefect.schedules import Cron

from flows.backfill import backfill
from flows.ingest import ingest
from flows.maintenance import maintenance
from flows.retag import retag
from flows.schedule import INGEST_CRON, MAINTENANCE_CRON, TIMEZONE

if TYPE_CHECKING:
    from prefect.deployments.runner import RunnerDeployment


def ensure_writer_limit() -> None:
    """Create the global concurrency limit that makes loads of concurrent runs take turns, if missing."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.actions import GlobalConcurrencyLimitCreate
    from prefect.exceptions import ObjectNotFound

    from flows.pipeline import WRITER_LIMIT

    with get_client(sync_client=True) as client:
        try:
            client.read_global_concurrency_limit_by_name(WRITER_LIMIT)
        except ObjectNotFound:
            client.create_global_concurrency_limit(GlobalConcurrencyLimitCreate(name=WRITER_LIMIT, limit=1))


def serve_all(*, feeds_file: str | None, db: str | None, cron: str = INGEST_CRON) -> None:
    """Serve the flows until interrupted; schedules stay active when the process stops."""
    ensure_writer_limit()
    # cast: Prefect types to_deployment as a RunnerDeployment or a coroutine (async_dispatch); called from
    # this sync function it runs its sync implementation and returns the RunnerDeployment
    deployments = cast(
        "list[RunnerDeployment]",
        [
            ingest.to_deployment(
                name="ingest",
                parameters={"feeds_file": feeds_file, "db": db},
                schedule=Cron(cron, timezone=TIMEZONE, slug="ingest-every-15-minutes"),
            ),
            maintenance.to_deployment(
                name="maintenance",
                parameters={"db": db or ""},
                schedule=Cron(MAINTENANCE_CRON, timezone=TIMEZONE, slug="maintenance-daily"),
            ),
            backfill.to_deployment(name="backfill", parameters={"feeds_file": feeds_file or "", "db": db or ""}),
            retag.to_deployment(name="retag", parameters={"db": db}),
        ],
    )
    serve(*deployments, pause_on_shutdown=False)
