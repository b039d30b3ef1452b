"""A process pool for the CPU-bound step (extraction and tagging): trafilatura is pure Python, so only
processes use more than one core. A run opens one pool (`worker_pool()`) and closes it at its end; the
workers are forked from a fork server that has loaded what they need."""

from __future__ import annotations

import contextlib
import contextvars
import functools
import gc
import multiprocessing
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from tasks.records import Failure, Page, Processed, Retagged, StoredArticle


def _process_page(page: Page) -> Processed:
    # imported here, in the worker: the parent process never loads trafilatura, the lexicons or the
    # gazetteer, which keeps sitrep's start-up short
    from tasks.process import process_page

    return process_page(page)


def _retag_article(article: StoredArticle) -> Retagged:
    from tasks.process import retag_article

    return retag_article(article)


WORKER_NICENESS = 10
# The workers are forked from a fork server (multiprocessing's "forkserver" start method), a process of its
# own that imports PRELOAD once, before it forks the first worker (set_forkserver_preload): each worker then
# starts with what extraction needs loaded (2 CPU-s), instead of loading it itself, and a worker that
# replaces a crashed one starts at once. Forking the fork server is safe: it runs no threads. (Forking
# sitrep itself is not: it runs Prefect's and the HTTP client's threads.)
_CONTEXT = multiprocessing.get_context("forkserver")
PRELOAD = "tasks.preload.common"
PARENT_CHECK_SECONDS = 2.0


def worker_count() -> int:
    """$SITREP_WORKERS, else one worker per core; 0 processes in the calling process."""
    value = os.environ.get("SITREP_WORKERS")
    return (
        int(value)
        if value
        else (len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)
    )


class WorkerPool:
    """The worker processes of one run.

    `warm_up()` starts the fork server at once, in the background: it loads what every page needs while
    the caller goes on (the Prefect server starting, feeds being polled), and the workers are forked from
    it when the first pages arrive. `close()` lets the workers go: an idle one exits at once, a busy one
    when its page is done; pages not yet started are cancelled. A pool used again after close() starts
    new workers. The fork server stays for the life of the process (multiprocessing has no public way to
    stop it): it exits with the process, at once unless it is still loading, and then after the step it is
    on (`load_common`)."""

    def __init__(self, workers: int | None = None):
        self.workers = worker_count() if workers is None else workers
        self._lock = threading.Lock()
        self._executor: ProcessPoolExecutor | None = None
        self._warming: threading.Thread | None = None

    def warm_up(self) -> None:
        """Start the fork server now, without waiting (a pool already warm is left as it is)."""
        with self._lock:
            if self.workers <= 0 or self._warming is not None:
                return
            _set_preload()
            self._warming = threading.Thread(target=_start_fork_server, daemon=True, name="worker-warm-up")
        self._warming.start()

    def submit(self, page: Page) -> tuple[Future[Processed], ProcessPoolExecutor] | None:
        """The page's future, and the executor it went to; None when the pool broke and its replacement
        did too."""
        for _attempt in range(2):
            executor = self.executor()
            try:
                return executor.submit(_process_page, page), executor
            except BrokenProcessPool:
                self.discard(executor)
        return None

    def retag(self, articles: list[StoredArticle]) -> list[Retagged]:
        return list(self.executor().map(_retag_article, articles, chunksize=64))

    def discard(self, executor: ProcessPoolExecutor) -> None:
        """Forget a broken executor (its own thread has ended its workers): the next page gets a new one,
        forked at once from the fork server that is still running. One another thread has already
        replaced is left alone."""
        with self._lock:
            if self._executor is executor:
                self._executor = None
        executor.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def executor(self) -> ProcessPoolExecutor:
        """The executor the pool submits to now (a new one after close() or a break)."""
        with self._lock:
            if self._executor is None:
                _set_preload()
                self._executor = new_executor(self.workers)
            return self._executor


def new_executor(workers: int) -> ProcessPoolExecutor:
    """Workers forked from the fork server, each watching this process."""
    return ProcessPoolExecutor(workers, mp_context=_CONTEXT, initializer=_start_worker, initargs=(os.getpid(),))


def _set_preload() -> None:
    """What the fork server imports when it starts (no effect once it runs)."""
    _CONTEXT.set_forkserver_preload([_main_module(), PRELOAD])


def _start_fork_server() -> None:
    """Start one process the way the workers start, which starts the fork server and waits for its
    loading (in this thread only): the first worker is then forked at once."""
    with contextlib.suppress(Exception):  # at interpreter exit, say: the first page will start it instead
        process = _CONTEXT.Process(target=lower_priority, daemon=True, name="sitrep-warm-up")
        process.start()
        process.join()


def _main_module() -> str:
    """The fork server's name for this process's main module. multiprocessing runs the main module again
    in every worker, and under a deployment that is `python -m prefect.engine` (1.5 CPU-s of imports in
    each worker): loaded in the fork server, what it imports is loaded once for all. A module run by
    name is preloaded by that name; a script (the `sitrep` command) as "__main__"."""
    spec = getattr(sys.modules.get("__main__"), "__spec__", None)
    name = getattr(spec, "name", None)
    return name if name and name != "__main__" and not name.endswith(".__main__") else "__main__"


# The run's pool, for code that cannot be handed it: Prefect tasks take no such arguments (their inputs
# are hashed), and Prefect runs each task in a thread with a copy of the context it was submitted from.
_run_pool: contextvars.ContextVar[WorkerPool | None] = contextvars.ContextVar("sitrep_worker_pool", default=None)
_process_pool: WorkerPool | None = None
_process_pool_lock = threading.Lock()


@contextlib.contextmanager
def worker_pool(workers: int | None = None) -> Iterator[WorkerPool]:
    """The run's pool: the one already open in this context (a command opens it before its flow runs, to
    warm it up while Prefect starts), else a new one, closed when the block ends."""
    if (pool := _run_pool.get()) is not None:
        yield pool
        return
    pool = WorkerPool(workers)
    token = _run_pool.set(pool)
    try:
        yield pool
    finally:
        _run_pool.reset(token)
        pool.close()


def current_pool() -> WorkerPool:
    """The run's pool (worker_pool()); outside any, this process's own, created on first use (a flow run
    that opened none, under a deployment; closed by stop_workers() or at exit)."""
    global _process_pool
    if (pool := _run_pool.get()) is not None:
        return pool
    with _process_pool_lock:
        if _process_pool is None:
            _process_pool = WorkerPool()
        return _process_pool


def warm_up() -> None:
    """current_pool().warm_up(): the flows call it when the first pages are about to download."""
    current_pool().warm_up()


def stop_workers() -> None:
    """Close the pool of this process that no run opened (current_pool() outside worker_pool())."""
    with _process_pool_lock:
        pool = _process_pool
    if pool is not None:
        pool.close()


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


def _exit_with_parent(parent: int) -> None:
    while True:
        time.sleep(PARENT_CHECK_SECONDS)
        if not alive(parent):
            os._exit(1)


def alive(pid: int) -> bool:
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


def load_common() -> None:
    """Load what extraction and tagging of every page would otherwise load on first use, inside the run:
    trafilatura, the lexicons, the verdict model, py3langid's model (0.6 s), datasketch with scipy (0.8 s),
    the gazetteer's automaton (0.6 s) and the towns' (1 s), each by a first call of the function that needs
    it. A failure here is left for the page that meets it, where it becomes that page's failure row.

    Not what only some pages need: every language's casualty tables (0.9 s; a page loads its own
    language's, 0.1 s) and dateparser's data for every locale (2.4-3.3 s; htmldate's date search needs it
    for an undated page whose date only dateparser reads, none of the 181 development pages). Loaded
    here, they kept the fork server busy past the first downloaded pages while the Prefect server
    started (both cores are busy then): the first workers were forked 1.8 s after the first page came.

    In the fork server, loading stops between steps once the process that started it has exited (a
    command that ended before the loading did): nothing would use what it loads."""
    parent = os.getppid()
    try:
        import tasks.process  # noqa: F401 - trafilatura, htmldate, the lexicons' and gazetteer's code
        from tasks import conflict, fingerprint, language, lexicon, locations, places

        steps: list[Callable[[], object]] = [
            conflict.model,
            lambda: language.detect_language("the fork server loads the language model"),
            lambda: fingerprint.signature("the fork server loads the permutations of the minhash"),
            lambda: places.find_places("Aleppo"),
            lambda: locations.find_locations("Airstrikes on Aleppo", None, "en"),  # the towns' gazetteer (1 s)
            lambda: lexicon.matcher_for(None),
        ]
        steps += [functools.partial(lexicon.matcher_for, code) for code in lexicon.languages()]
        for step in steps:
            if os.getppid() != parent:
                os._exit(0)
            step()
    except Exception:  # noqa: BLE001, S110 - see the docstring
        pass


def freeze_loaded() -> None:
    """In the fork server, after loading: what is loaded moves out of the garbage collector's sight, so
    that the workers' collections do not walk it (nor copy the pages it is on)."""
    gc.collect()
    gc.freeze()


class Extraction:
    """Pages extracted and tagged in the worker processes from the moment each is handed over: a batch's
    first pages are extracted while the rest still download. results() waits for them.

    A page that kills its worker (a parser crash, memory) becomes an extract failure, and costs no other
    page: the pages that were in flight when the pool broke, in any batch, are processed again one at a
    time, each alone in a private worker, so that a crash there is that page's own."""

    def __init__(self, *, inline: bool = False, pool: WorkerPool | None = None):
        self.pool = pool or current_pool()
        self.inline = inline or self.pool.workers == 0  # inline: in this process (a Dask worker already is one)
        # by id() of the page: its future and the executor it went to (None: the pool broke at once)
        self._futures: dict[int, tuple[Future[Processed], ProcessPoolExecutor] | None] = {}

    def start(self, page: Page) -> None:
        if not self.inline and id(page) not in self._futures:
            self._futures[id(page)] = self.pool.submit(page)

    def done(self, page: Page) -> bool:
        """Whether the page, once started, has been processed."""
        started = self._futures.get(id(page))
        return started is not None and started[0].done()

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
            future, executor = started
            try:
                outcomes[id(page)] = future.result()
            except BrokenProcessPool:
                self.pool.discard(executor)
                suspects.append(page)
        for page, outcome in zip(suspects, one_at_a_time(suspects), strict=True):
            outcomes[id(page)] = outcome
        return [outcomes[id(p)] for p in pages]


def one_at_a_time(pages: list[Page]) -> list[Processed]:
    """Each page alone in a private worker, replaced after a crash: a crash is that page's failure."""
    results: list[Processed] = []
    executor: ProcessPoolExecutor | None = None
    try:
        for page in pages:
            executor = executor or new_executor(1)
            try:
                results.append(executor.submit(_process_page, page).result())
            except BrokenProcessPool:
                executor.shutdown(wait=False)
                executor = None
                results.append(
                    Processed(
                        failure=Failure(
                            "extract",
                            page.item.url,
                            "the extraction worker crashed on this page (parser crash or memory)",
                            page.item.feed_name,
                            permanent=True,
                            article_id=page.item.article_id,
                        )
                    )
                )
    finally:
        if executor is not None:
            executor.shutdown()
    return results


def retag_articles(articles: list[StoredArticle], pool: WorkerPool | None = None) -> list[Retagged]:
    """Re-tag stored articles in worker processes (tagging is CPU-bound too)."""
    pool = pool or current_pool()
    if pool.workers == 0 or len(articles) < 50:
        return [_retag_article(a) for a in articles]
    return pool.retag(articles)
