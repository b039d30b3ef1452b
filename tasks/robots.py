"""robots.txt per RFC 9309 (parsed by protego): fetched once per host (an hour at most), honoured for sitrep."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx
from protego import Protego

from tasks.errors import FetchError, PermanentFetchError, TransientFetchError
from tasks.settings import FetchSettings

AGENT_TOKEN = "sitrep"  # the product token robots.txt groups name; protego matches it case-insensitively
MAX_ROBOTS_BYTES = 500 * 1024  # RFC 9309 2.5: parse at least 500 KiB; what follows is ignored
TTL_SECONDS = 3600.0  # a long-lived process (sitrep serve) reads robots.txt again after this


@dataclass(frozen=True)
class RobotsRules:
    """One robots.txt, parsed: longest match wins, Allow wins ties, `*` and `$`, groups of one agent merged."""

    parser: Protego

    def allows(self, url: str) -> bool:
        """Whether sitrep may fetch the URL (its own group, else the `*` group, else everything)."""
        return self.parser.can_fetch(url, AGENT_TOKEN)

    @property
    def sitemaps(self) -> list[str]:
        """The values of the `Sitemap:` lines, in order."""
        return list(self.parser.sitemaps)


def parse_robots(body: bytes, *, complete: bool = True) -> RobotsRules:
    """Parse the first MAX_ROBOTS_BYTES of a robots.txt body (UTF-8, a leading BOM ignored). When the body
    was cut (longer than the limit, or `complete=False` for a partial response) the cut last line is
    dropped: half a rule ("Allow: /n" of "Allow: /news") could allow more than the site said."""
    if len(body) > MAX_ROBOTS_BYTES or not complete:
        body = body[:MAX_ROBOTS_BYTES]
        body = body[: body.rfind(b"\n") + 1]
    # utf-8-sig drops a BOM (protego would read "\ufeffUser-agent" as an unknown line and lose the group)
    return RobotsRules(Protego.parse(body.decode("utf-8-sig", errors="replace")))


_cache: dict[str, tuple[float, RobotsRules | FetchError | None]] = {}
_locks: dict[str, threading.Lock] = {}
_guard = threading.Lock()


def check_robots(client: httpx.Client, url: str, settings: FetchSettings) -> None:
    """Raise PermanentFetchError when robots.txt disallows the URL. A missing robots.txt (4xx) allows
    everything; an unreachable one (5xx, timeout) disallows the host for this run (RFC 9309 2.3.1.4)."""
    parts = urlsplit(url)
    origin = f"{parts.scheme}://{parts.netloc}"
    rules = _rules(client, origin, settings)
    if isinstance(rules, FetchError):
        raise TransientFetchError(
            f"robots.txt of {parts.netloc} could not be read ({rules.reason}); the host is skipped this run"
        )
    if rules is not None and not rules.allows(url):
        raise PermanentFetchError(f"disallowed by {origin}/robots.txt for user agent {AGENT_TOKEN!r}")


def _rules(client: httpx.Client, origin: str, settings: FetchSettings) -> RobotsRules | FetchError | None:
    with _guard:
        lock = _locks.setdefault(origin, threading.Lock())
    with lock:  # one fetch of robots.txt per host, however many threads ask
        cached = _cache.get(origin)
        if cached is None or time.monotonic() - cached[0] > TTL_SECONDS:
            cached = _cache[origin] = (time.monotonic(), _fetch_rules(client, origin, settings))
        return cached[1]


def _fetch_rules(client: httpx.Client, origin: str, settings: FetchSettings) -> RobotsRules | FetchError | None:
    """The host's rules; None when there are none to honour (4xx, more than 5 redirects: RFC 9309 2.3.1.3);
    the error when robots.txt is unreachable (5xx, timeout, refused connection)."""
    from tasks.http import fetch  # late: tasks.http imports nothing from here, keep it that way

    # fetched under the pages' size cap, parsed only as far as RFC 9309 2.5 asks (parse_robots)
    once = settings.model_copy(update={"attempts": 1})
    try:
        return parse_robots(fetch(client, origin + "/robots.txt", once, kind="robots").body)
    except PermanentFetchError:
        return None
    except FetchError as e:
        return e


def forget() -> None:
    """Drop cached rules and per-host locks (tests; a long-lived process between runs)."""
    with _guard:
        _cache.clear()
        _locks.clear()
