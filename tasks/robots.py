"""robots.txt for page fetches: fetched once per host (an hour at most), honoured for sitrep's user agent."""

from __future__ import annotations

import threading
import time
import urllib.robotparser
from urllib.parse import urlsplit

import httpx

from tasks.errors import FetchError, PermanentFetchError, TransientFetchError
from tasks.settings import FetchSettings

AGENT_TOKEN = "sitrep"
MAX_ROBOTS_BYTES = 512 * 1024
TTL_SECONDS = 3600.0  # a long-lived process (sitrep serve) reads robots.txt again after this

_cache: dict[str, tuple[float, urllib.robotparser.RobotFileParser | FetchError | None]] = {}
_locks: dict[str, threading.Lock] = {}
_guard = threading.Lock()


def check_robots(client: httpx.Client, url: str, settings: FetchSettings) -> None:
    """Raise PermanentFetchError when robots.txt disallows the URL. A missing robots.txt (4xx) allows
    everything; an unreachable one (5xx, timeout) disallows the host for this run (RFC 9309 2.3.1.4)."""
    parts = urlsplit(url)
    origin = f"{parts.scheme}://{parts.netloc}"
    rules = _rules(client, origin, settings)
    if isinstance(rules, FetchError):
        raise TransientFetchError(f"robots.txt of {parts.netloc} could not be read ({rules.reason}); "
                                  "the host is skipped this run")
    if rules is not None and not rules.can_fetch(AGENT_TOKEN, url):
        raise PermanentFetchError(f"disallowed by {origin}/robots.txt for user agent {AGENT_TOKEN!r}")


def _rules(client: httpx.Client, origin: str, settings: FetchSettings):
    with _guard:
        lock = _locks.setdefault(origin, threading.Lock())
    with lock:  # one fetch of robots.txt per host, however many threads ask
        cached = _cache.get(origin)
        if cached is None or time.monotonic() - cached[0] > TTL_SECONDS:
            cached = _cache[origin] = (time.monotonic(), _fetch_rules(client, origin, settings))
        return cached[1]


def _fetch_rules(client: httpx.Client, origin: str, settings: FetchSettings):
    from tasks.http import fetch  # late: tasks.http imports nothing from here, keep it that way

    small = settings.model_copy(update={"max_bytes": MAX_ROBOTS_BYTES, "attempts": 1})
    try:
        r = fetch(client, origin + "/robots.txt", small, kind="robots")
    except PermanentFetchError:
        return None  # 4xx, wrong type, too large: no usable rules, everything allowed
    except FetchError as e:
        return e
    parser = urllib.robotparser.RobotFileParser()
    parser.parse(r.body.decode("utf-8", errors="replace").splitlines())
    return parser


def forget() -> None:
    """Drop cached rules (tests; a long-lived process between runs)."""
    with _guard:
        _cache.clear()
