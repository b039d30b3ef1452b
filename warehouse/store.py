"""The warehouse's write path: bring the schema up to date and load the spool, holding the file briefly."""

from __future__ import annotations

import logging
from pathlib import Path

from tasks.errors import WarehouseLockedError
from warehouse.connection import connect
from warehouse.load import LoadReport, load_pending
from warehouse.migrate import migrate
from warehouse.search import index_backlog
from warehouse.spool import pending, spool_dir

log = logging.getLogger(__name__)

START_WAIT_SECONDS = 5.0  # at the start of a run a lock is not fatal: the run goes on and spools
LOAD_WAIT_SECONDS = 30.0  # at the end, wait a while for a short-lived holder (another run's load)


def prepare_warehouse(db: Path) -> bool:
    """Migrate and load what earlier runs left in the spool. False when the file is locked (the run can
    still fetch: its batches wait in the spool)."""
    try:
        con = connect(db, wait=START_WAIT_SECONDS)
    except WarehouseLockedError as e:
        log.warning("%s; this run will spool its articles and load them when it can", e)
        return False
    try:
        applied = migrate(con)
        if applied:
            log.info("warehouse %s: applied migrations %s", db, ", ".join(applied))
        if indexed := index_backlog(con):
            log.info("warehouse %s: %d articles stored before the search index were indexed", db, indexed)
        load_pending(con, spool_dir(db))
    finally:
        con.close()
    return True


def load_spool(db: Path) -> LoadReport:
    """Load every pending batch; returns how many new articles landed and the seconds of each step. Raises
    WarehouseLockedError."""
    spool = spool_dir(db)
    try:
        con = connect(db, wait=LOAD_WAIT_SECONDS)
    except WarehouseLockedError as e:
        waiting = len(pending(spool))
        raise WarehouseLockedError(f"{e}; {waiting} batches not loaded") from None
    try:
        migrate(con)
        return load_pending(con, spool)
    finally:
        con.close()
