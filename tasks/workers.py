"""A process pool for the CPU-bound step (extraction and tagging): trafilatura is pure Python, so only
processes use more than one core. The workers are forked from a fork server that has loaded what they
need."""

from __future__ import annotations

import atexit
import contextlib
import gc
import multiprocessing
import os
import signal
import sys
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import forkserver
from pathlib import Path

from tasks.records import Failure, Page, Processed, StoredArticle, Tagging

_pool: ProcessPoolExecutor | None = None
_lock = threading.Lock()


def _process_page(page: Page) -> Processed:
    # imported here, in the worker: the parent process never loads trafilatura, the lexicons or the
    # gazetteer, which keeps sitrep's start-up short
    from tasks.process import process_page
    return process_page(page)


def _retag_article(article: StoredArticle) -> tuple[str, Tagging]:
    from tasks.process import retag_article
    return retag_article(article)


WORKER_NICENESS = 10
# The workers are forked from a fork server (multiprocessing's "forkserver"), a process of its own that
# loads what extraction needs once, before it forks the first worker: each worker then starts with it
# all (2 CPU-s), instead of loading it itself, and a worker that replaces a crashed one starts at once.
# Forking the fork server is safe: it runs no threads. (Forking sitrep itself is not: it runs Prefect's
# and the HTTP client's threads.)
_CONTEXT = multiprocessing.get_context("forkserver")
PRELOAD = "tasks.preload.common"


def lower_priority() -> None:
    """Workers yield the CPU to the parent's fetching (and, on one machine, to the servers it talks to):
    on 2 cores, extraction at full priority starved the downloads that feed it, and workers waited. The
    fork server too, while it loads (the Prefect server is starting then), and the workers inherit it."""
    try:
        os.setpriority(os.PRIO_PROCESS, 0, WORKER_NICENESS)
    except OSError:
        pass


def _start_worker(parent: int) -> None:
    """Each worker exits when sitrep dies (after a kill -9 nothing else would stop it)."""
    lower_priority()
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True, name="parent-watch").start()


def load_common() -> None:
    """Load what extraction and tagging of every page would otherwise load on first use, inside the run:
    trafilatura, the lexicons, the verdict model, py3langid's model (0.6 s), datasketch with scipy (0.8 s)
    and the gazetteer's automaton (0.6 s). A failure here is left for the page that meets it, where it becomes
    that page's failure row.

    Not what only some pages need: every language's casualty tables (0.9 s; a page loads its own
    language's, 0.1 s) and dateparser's data for every locale (2.4-3.3 s; htmldate's date search needs it
    for an undated page whose date only dateparser reads, none of the 181 development pages). Loaded
    here, they kept the fork server busy past the first downloaded pages while the Prefect server
    started (both cores are busy then): the first workers were forked 1.8 s after the first page came."""
    try:
        import tasks.process  # noqa: F401 - trafilatura, htmldate, the lexicons' and gazetteer's code
        from tasks import conflict, fingerprint, language, lexicon, places
        conflict.model()
        language._identifier()
        fingerprint._permutations()
        places._automaton()
        lexicon.matcher_for(None)
        for code in lexicon.languages():
            lexicon.matcher_for(code)
    except Exception:  # noqa: BLE001, S110 - see the docstring
        pass


def freeze_loaded() -> None:
    """In the fork server, after loading: what is loaded moves out of the garbage collector's sight, so
    that the workers' collections do not walk it (nor copy the pages it is on)."""
    gc.collect()
    gc.freeze()


PARENT_CHECK_SECONDS = 2.0


def _exit_with_parent(parent: int) -> None:
    while True:
        time.sleep(PARENT_CHECK_SECONDS)
        if not _alive(parent):
            os._exit(1)


def _alive(pid: int) -> bool:
    """Whether process pid runs (a zombie, killed but not yet reaped, does not)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False
    except OSError:  # no /proc: signal 0 tells whether the process exists
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True


def warm_up() -> None:
    """Start the fork server now, without waiting: it loads what every page needs while the caller goes
    on (the Prefect server starting, feeds being polled). The workers are forked from it when the first
    pages arrive. A fork server already running is left as it is."""
    if worker_count() > 0:
        _shared_pool()


def stop_workers() -> None:
    """Stop the worker processes at once, even mid-way through a page, and their fork server, even
    mid-way through loading; the next batch starts new ones. Used at exit: a short run with nothing new
    to fetch would otherwise wait for a warm-up it never needed."""
    global _pool
    server = forkserver._forkserver  # multiprocessing's own: it has no public way to stop it
    server_pid = getattr(server, "_forkserver_pid", None)
    if server_pid is not None:
        # first, so that a worker still waiting to be forked (the server loading) fails now, not later
        with contextlib.suppress(ProcessLookupError):
            os.kill(server_pid, signal.SIGTERM)
    with _lock:
        pool, _pool = _pool, None
    if pool is not None:
        processes = list((getattr(pool, "_processes", None) or {}).values())
        for process in processes:
            process.terminate()
        deadline = time.monotonic() + 5
        for process in processes:
            # the pool's own thread may reap a worker first: join then returns early, and exitcode is set
            # by that thread a moment later
            while process.exitcode is None and time.monotonic() < deadline:
                process.join(0.05)
        pool.shutdown(wait=False, cancel_futures=True)
    if server_pid is not None and hasattr(server, "_stop"):
        with contextlib.suppress(OSError):
            server._stop()  # what multiprocessing's tests use: reaps the server and forgets it


def worker_count() -> int:
    """$SITREP_WORKERS, else one worker per core; 0 processes in the calling process."""
    value = os.environ.get("SITREP_WORKERS")
    return int(value) if value else (len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                                     else os.cpu_count() or 1)


def _shared_pool() -> ProcessPoolExecutor:
    global _pool
    with _lock:
        if _pool is None:
            _CONTEXT.set_forkserver_preload([_main_module(), PRELOAD])  # when it starts, unless it runs
            forkserver.ensure_running()
            _pool = _new_pool(worker_count())
            atexit.register(_pool.shutdown, cancel_futures=True)
        return _pool


def _new_pool(workers: int) -> ProcessPoolExecutor:
    """Workers forked from the fork server, each watching this process."""
    return ProcessPoolExecutor(workers, mp_context=_CONTEXT, initializer=_start_worker, initargs=(os.getpid(),))


def _main_module() -> str:
    """The fork server's name for this process's main module. multiprocessing runs the main module again
    in every worker, and under a deployment that is `python -m prefect.engine` (1.5 CPU-s of imports in
    each worker): loaded in the fork server, what it imports is loaded once for all. A module run by
    name is preloaded by that name; a script (the `sitrep` command) as "__main__"."""
    spec = getattr(sys.modules.get("__main__"), "__spec__", None)
    name = getattr(spec, "name", None)
    return name if name and name != "__main__" and not name.endswith(".__main__") else "__main__"


class Extraction:
    """Pages extracted and tagged in the worker processes from the moment each is handed over: a batch's
    first pages are extracted while the rest still download. results() waits for them.

    A page that kills its worker (a parser crash, memory) becomes an extract failure, and costs no other
    page: the pages that were in flight when the pool broke, in any batch, are processed again one at a
    time, each alone in a private worker, so that a crash there is that page's own."""

    def __init__(self, *, inline: bool = False):
        self.inline = inline or worker_count() == 0  # inline: in this process (a Dask worker already is one)
        # by id() of the page: its future and the pool it went to (None: the pool broke at once)
        self._futures: dict[int, tuple[Future[Processed], ProcessPoolExecutor] | None] = {}

    def start(self, page: Page) -> None:
        if not self.inline and id(page) not in self._futures:
            self._futures[id(page)] = _submit(page)

    def results(self, pages: list[Page]) -> list[Processed]:
        """The pages' outcomes, in the order of `pages` (those not yet started are started now)."""
        if self.inline:
            return [_process_page(p) for p in pages]
        for page in pages:
            self.start(page)
        outcomes: dict[int, Processed] = {}
        suspects: list[Page] = []
        for page in pages:
            started = self._futures[id(page)]
            if started is None:
                suspects.append(page)
                continue
            future, pool = started
            try:
                outcomes[id(page)] = future.result()
            except BrokenProcessPool:
                _discard(pool)
                suspects.append(page)
        for page, outcome in zip(suspects, _one_at_a_time(suspects), strict=True):
            outcomes[id(page)] = outcome
        return [outcomes[id(p)] for p in pages]


def _submit(page: Page) -> tuple[Future[Processed], ProcessPoolExecutor] | None:
    """The page's future in the shared pool, and the pool; None when the pool broke and its replacement
    did too."""
    for _attempt in range(2):
        pool = _shared_pool()
        try:
            return pool.submit(_process_page, page), pool
        except BrokenProcessPool:
            _discard(pool)
    return None


def _discard(pool: ProcessPoolExecutor) -> None:
    """Forget a broken pool (its own thread has ended its workers): the next page gets a new one, forked
    at once from the fork server that is still running. A pool another thread has already replaced is
    left alone."""
    global _pool
    with _lock:
        if _pool is pool:
            _pool = None
    pool.shutdown(wait=False, cancel_futures=True)


def _one_at_a_time(pages: list[Page]) -> list[Processed]:
    """Each page alone in a private worker, replaced after a crash: a crash is that page's failure."""
    results: list[Processed] = []
    pool: ProcessPoolExecutor | None = None
    try:
        for page in pages:
            pool = pool or _new_pool(1)
            try:
                results.append(pool.submit(_process_page, page).result())
            except BrokenProcessPool:
                pool.shutdown(wait=False)
                pool = None
                results.append(Processed(failure=Failure(
                    "extract", page.item.url, "the extraction worker crashed on this page (parser crash or memory)",
                    page.item.feed_name, permanent=True, article_id=page.item.article_id)))
    finally:
        if pool is not None:
            pool.shutdown()
    return results


def retag_articles(articles: list[StoredArticle]) -> list[tuple[str, Tagging]]:
    """Re-tag stored articles in worker processes (tagging is CPU-bound too)."""
    if worker_count() == 0 or len(articles) < 50:
        return [_retag_article(a) for a in articles]
    return list(_shared_pool().map(_retag_article, articles, chunksize=64))
