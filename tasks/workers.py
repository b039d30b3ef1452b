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


def _start_worker(parent: int) -> None:
    """Workers yield the CPU to the parent's fetching (and, on one machine, to the servers it talks to):
    on 2 cores, extraction at full priority starved the downloads that feed it, and workers waited.
    And they exit when sitrep dies: after a kill -9 nothing else would stop them."""
    try:
        os.nice(WORKER_NICENESS)
    except OSError:
        pass
    # the parent's pid comes from the parent: a worker still starting when sitrep died would read 1 here
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True, name="parent-watch").start()


PARENT_CHECK_SECONDS = 2.0


def _exit_with_parent(parent: int) -> None:
    while True:
        time.sleep(PARENT_CHECK_SECONDS)
        if os.getppid() != parent:  # re-parented: sitrep is gone
            os._exit(1)


def _ready() -> bool:
    import tasks.process  # noqa: F401 - loads trafilatura, lexicons and the gazetteer in the worker
    from tasks.lexicon import matcher_for
    from tasks.places import find_places
    matcher_for(None)
    find_places("")
    return True


def warm_up() -> None:
    """Start the worker processes and load what they need, without waiting: call it early in a run so
    this overlaps with polling feeds and fetching the first pages."""
    if worker_count() > 0:
        pool = _shared_pool()
        for _ in range(worker_count()):
            pool.submit(_ready)


def worker_count() -> int:
    """$SITREP_WORKERS, else one worker per core; 0 processes in the calling process."""
    value = os.environ.get("SITREP_WORKERS")
    return int(value) if value else (len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                                     else os.cpu_count() or 1)


def _shared_pool() -> ProcessPoolExecutor:
    global _pool
    with _lock:
        if _pool is None:
            # spawn, not fork: the parent runs threads (Prefect, HTTP), and forking them is unsafe
            _pool = ProcessPoolExecutor(worker_count(), mp_context=multiprocessing.get_context("spawn"),
                                        initializer=_start_worker, initargs=(os.getpid(),))
            atexit.register(_pool.shutdown, cancel_futures=True)
        return _pool


def _reset_pool() -> None:
    global _pool
    with _lock:
        if _pool is not None:
            _pool.shutdown(wait=False, cancel_futures=True)
        _pool = None


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
        _reset_pool()
    results = []
    for page in pages:  # one at a time, to find the page that breaks the worker
        try:
            results.append(_shared_pool().submit(_process_page, page).result())
        except BrokenProcessPool:
            _reset_pool()
            results.append(Processed(failure=Failure(
                "extract", page.item.url, "the extraction worker crashed on this page (parser crash or memory)",
                page.item.feed_name, permanent=True, article_id=page.item.article_id)))
    return results


def retag_articles(articles: list[StoredArticle]) -> list[tuple[str, Tagging]]:
    """Re-tag stored articles in worker processes (tagging is CPU-bound too)."""
    if worker_count() == 0 or len(articles) < 50:
        return [_retag_article(a) for a in articles]
    return list(_shared_pool().map(_retag_article, articles, chunksize=64))
