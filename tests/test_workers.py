"""The extraction worker processes: loaded before their first page, stopped without waiting, and a page
that kills its worker costs that page only."""

from __future__ import annotations

import os
import sys
from datetime import UTC, datetime

from tasks import workers
from tasks.records import FeedItem, Page
from tests.site import FIXTURES


def loaded_in_this_process() -> dict[str, bool]:
    """Run inside a worker: what it has loaded so far."""
    from tasks import fingerprint, language, places
    return {"automaton": places._automaton.cache_info().currsize == 1,
            "minhash": fingerprint._minhash.cache_info().currsize == 1,
            "langid": language._identifier.cache_info().currsize == 1,
            "dateparser": "dateparser" in sys.modules}


def test_a_worker_has_loaded_what_it_needs_before_its_first_page():
    workers.stop_workers()
    workers.warm_up()
    # the first task a worker runs comes after its initializer: nothing has asked for these yet
    loaded = workers._shared_pool().submit(loaded_in_this_process).result(timeout=120)
    assert loaded == {"automaton": True, "minhash": True, "langid": True, "dateparser": False}
    workers.stop_workers()
    workers.warm_up(complete=True)  # sitrep ingest's: everything, while the Prefect server starts
    loaded = workers._shared_pool().submit(loaded_in_this_process).result(timeout=120)
    assert loaded == {"automaton": True, "minhash": True, "langid": True, "dateparser": True}


def test_stopping_the_workers_does_not_wait_for_them():
    workers.warm_up()
    processes = list(workers._shared_pool()._processes.values())
    assert processes
    workers.stop_workers()
    assert not any(p.is_alive() for p in processes)
    assert workers._pool is None
    # the next batch gets new workers
    assert workers._shared_pool().submit(loaded_in_this_process).result(timeout=120)["automaton"]


class KillsTheWorker(bytes):
    """A page body that ends the worker process that unpickles it, as a parser crash would."""

    def __reduce__(self):
        return os._exit, (3,)


def page(name: str, body: bytes) -> Page:
    url = f"http://news.test/a/{name}"
    return Page(FeedItem("news", url, name), url, 200, body, "utf-8", datetime.now(UTC))


def test_a_page_that_kills_its_worker_is_a_failure_and_the_others_are_processed():
    seed = (FIXTURES / "pages" / "seed.html").read_bytes()
    shelling = (FIXTURES / "pages" / "shelling.html").read_bytes()
    results = workers.process_pages([page("seed", seed), page("bad", KillsTheWorker(b"x")),
                                     page("shelling", shelling)])
    assert [r.article.article_id if r.article else None for r in results] == ["seed", None, "shelling"]
    assert results[1].failure.stage == "extract" and "worker crashed" in results[1].failure.error
    assert results[1].failure.permanent and results[1].failure.article_id == "bad"
    # and the pool works again afterwards
    assert workers.process_pages([page("seed-again", seed)])[0].article is not None
