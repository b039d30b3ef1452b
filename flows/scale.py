"""Past one machine: the same flows with their batch tasks on a Dask cluster (prefect-dask).

The flow itself (polling, selection, the load) stays in one process, so the warehouse keeps one
writer; batch tasks (fetch, extract, tag, spool) run on the cluster's workers, each extracting in its own
process. The spool folder must be reachable by every worker at the same path (one machine, or a shared
filesystem); see README "Past one machine".
"""

from __future__ import annotations

import os


def dask_runner(address: str | None = None, workers: int | None = None):
    """A DaskTaskRunner: on the scheduler at `address`, or on a LocalCluster of worker processes."""
    from prefect_dask import DaskTaskRunner

    if address:
        return DaskTaskRunner(address=address)
    n = workers or len(os.sched_getaffinity(0))
    return DaskTaskRunner(
        cluster_class="distributed.LocalCluster",
        cluster_kwargs={"n_workers": n, "threads_per_worker": 1, "processes": True, "dashboard_address": None},
    )


def ingest_on_dask(*, feeds_file: str | None, db: str | None, address: str | None = None, workers: int | None = None):
    from flows.ingest import ingest

    return ingest.with_options(task_runner=dask_runner(address, workers))(feeds_file=feeds_file, db=db)
