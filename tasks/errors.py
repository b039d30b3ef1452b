"""Every error sitrep raises, in one place.

    SitrepError                 run-level problems: the run cannot go on as asked
     ├── ConfigError            the feeds file (or a parameter) is invalid; names the entry and field
     └── WarehouseLockedError   another process holds the DuckDB file; fetched work stays in the spool
    FetchError                  one URL could not be fetched: an outcome, recorded as a failure row
     ├── TransientFetchError    worth retrying later (timeouts, 5xx, resets, 429)
     └── PermanentFetchError    not retried (404, 410, wrong content type, too large, refused address)

Only SitrepError reaches the user as a run failure; FetchErrors become rows in `failures`.
"""

from __future__ import annotations


class SitrepError(Exception):
    """A run-level problem, with a message meant for a person."""


class ConfigError(SitrepError):
    """The feeds file or a run parameter is invalid."""


class WarehouseLockedError(SitrepError):
    """The warehouse file is locked by another process."""


class FetchError(Exception):
    """One URL could not be fetched; `reason` is what a person reads in `failures.error`."""

    permanent = False

    def __init__(self, reason: str, status: int | None = None, retry_after: float | None = None):
        super().__init__(reason)
        self.reason = reason
        self.status = status
        self.retry_after = retry_after  # seconds the server asked us to wait (429/503 Retry-After)


class TransientFetchError(FetchError):
    """Worth retrying on a later attempt or run."""


class PermanentFetchError(FetchError):
    """Retrying will not help; recorded once."""

    permanent = True
