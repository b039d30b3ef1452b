"""A process pool for the CPU-bound step (extraction and tagging): trafilatura is pure Python, so only
processes use more than one core."""

from __future__ import annotations

import atexit
import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

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


def _start_worker(parent: int, complete: bool) -> None:
    """Workers yield the CPU to the parent's fetching (and, on one machine, to the servers it talks to):
    on 2 cores, extraction at full priority starved the downloads that feed it, and workers waited.
    They exit when sitrep dies: after a kill -9 nothing else would stop them. And they load what they
    need before their first page (`_load`)."""
    try:
        os.nice(WORKER_NICENESS)
    except OSError:
        pass
    # the parent's pid comes from the parent: a worker still starting when sitrep died would read 1 here
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True, name="parent-watch").start()
    _load(complete)


def _load(complete: bool) -> None:
    """Load what extraction and tagging would otherwise load on first use, inside the run.

    Always what every page needs: trafilatura, the lexicons, py3langid's model (0.6 s), datasketch with
    scipy (0.8 s) and the gazetteer's automaton (0.6 s). With `complete`, also what only some pages
    need: all casualty tables (1.3 s; otherwise one language at a time) and dateparser's data for every
    locale (2.4 s; htmldate's date search needs it for the first undated page whose date only
    dateparser reads). `sitrep ingest` asks for it: its workers load while the Prefect server starts, on
    CPU that would otherwise stay idle. A failure here is left for the page that meets it, where it
    becomes that page's failure row."""
    try:
        import tasks.process  # noqa: F401 - trafilatura, htmldate, the lexicons' and gazetteer's code
        from tasks import casualties, fingerprint, language, lexicon, places
        language._identifier()
        fingerprint._minhash()
        places._automaton()
        lexicon.matcher_for(None)
        for code in lexicon.languages():
            lexicon.matcher_for(code)
        if complete:
            from htmldate.extractors import _external_date
            casualties._lexicons_for(None)
            _external_date("7 qqq 2019")  # a date in no locale's words: dateparser compiles every locale's
    except Exception:  # noqa: BLE001, S110 - see the docstring
        pass


PARENT_CHECK_SECONDS = 2.0


def _exit_with_parent(parent: int) -> None:
    while True:
        time.sleep(PARENT_CHECK_SECONDS)
        if os.getppid() != parent:  # re-parented: sitrep is gone
            os._exit(1)


def _started() -> bool:
    return True


def warm_up(*, complete: bool = False) -> None:
    """Start the worker processes now, without waiting: each loads what it needs (`_load`; with
    `complete`, also what only some pages need) while the caller goes on (the Prefect server starting,
    feeds being polled). Workers already running are left as they are."""
    if worker_count() > 0:
        pool = _shared_pool(complete=complete)
        for _ in range(worker_count()):
            pool.submit(_started)


def stop_workers() -> None:
    """Stop the worker processes at once, even mid-way through loading; the next batch starts new ones.
    Used at exit (concurrent.futures would wait for each worker to finish what it is doing, and a short
    run with nothing new to fetch would wait for a warm-up it never needed) and after a worker crash."""
    global _pool
    with _lock:
        pool, _pool = _pool, None
    if pool is None:
        return
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        process.terminate()
    deadline = time.monotonic() + 5
    for process in processes:
        # the pool's own thread may reap a worker first: join then returns early, and exitcode is set by
        # that thread a moment later
        while process.exitcode is None and time.monotonic() < deadline:
            process.join(0.05)
    pool.shutdown(wait=False, cancel_futures=True)


def worker_count() -> int:
    """$SITREP_WORKERS, else one worker per core; 0 processes in the calling process."""
    value = os.environ.get("SITREP_WORKERS")
    return int(value) if value else (len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                                     else os.cpu_count() or 1)


def _shared_pool(*, complete: bool = False) -> ProcessPoolExecutor:
    global _pool
    with _lock:
        if _pool is None:
            # spawn, not fork: the parent runs threads (Prefect, HTTP), and forking them is unsafe
            _pool = ProcessPoolExecutor(worker_count(), mp_context=multiprocessing.get_context("spawn"),
                                        initializer=_start_worker, initargs=(os.getpid(), complete))
            atexit.register(_pool.shutdown, cancel_futures=True)
        return _pool


def process_pages(pages: list[Page], *, inline: bool = False) -> list[Processed]:
    """Extract and tag pages in worker processes, keeping their order. A page that kills its worker
    (a parser crash, memory) becomes an extract failure; the other pages are processed again. With
    inline (the caller already is a worker process, e.g. on a Dask cluster), in this process."""
    if not pages:
        return []
    if inline or worker_count() == 0:
        return [_process_page(p) for p in pages]
    try:
        return list(_shared_pool().map(_process_page, pages))
    except BrokenProcessPool:
        stop_workers()
    results = []
    for page in pages:  # one at a time, to find the page that breaks the worker
        try:
            results.append(_shared_pool().submit(_process_page, page).result())
        except BrokenProcessPool:
            stop_workers()
            results.append(Processed(failure=Failure(
                "extract", page.item.url, "the extraction worker crashed on this page (parser crash or memory)",
                page.item.feed_name, permanent=True, article_id=page.item.article_id)))
    return results


def retag_articles(articles: list[StoredArticle]) -> list[tuple[str, Tagging]]:
    """Re-tag stored articles in worker processes (tagging is CPU-bound too)."""
    if worker_count() == 0 or len(articles) < 50:
        return [_retag_article(a) for a in articles]
    return list(_shared_pool().map(_retag_article, articles, chunksize=64))
