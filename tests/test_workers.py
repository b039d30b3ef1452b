"""The extraction worker processes: forked with what they need loaded, stopped without waiting, and a page
that kills its worker costs that page only."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import UTC, datetime

from tasks import workers
from tasks.http import make_client
from tasks.pages import fetch_pages
from tasks.records import FeedItem, Page
from tasks.settings import FetchSettings
from tests.site import FIXTURES


def loaded_in_this_process() -> dict[str, bool]:
    """Run inside a worker: what it has loaded so far."""
    from tasks import fingerprint, language, places
    return {"automaton": places._automaton.cache_info().currsize == 1,
            "minhash": fingerprint._permutations.cache_info().currsize == 1,
            "langid": language._identifier.cache_info().currsize == 1,
            "dateparser": "dateparser" in sys.modules}


def test_a_worker_has_loaded_what_it_needs_before_its_first_page():
    workers.stop_workers()
    workers.warm_up()
    # nothing in the worker has asked for these yet: they come loaded from the fork server (dateparser's
    # locales, which only some pages need, are left for the page that needs them)
    loaded = workers._shared_pool().submit(loaded_in_this_process).result(timeout=120)
    assert loaded == {"automaton": True, "minhash": True, "langid": True, "dateparser": False}


def test_stopping_the_workers_stops_them_and_their_fork_server():
    workers.stop_workers()
    workers._shared_pool().submit(os.getpid).result(timeout=120)  # workers are forked on demand
    processes = list(workers._shared_pool()._processes.values())
    server = workers.forkserver._forkserver._forkserver_pid
    assert processes and workers._alive(server)
    workers.stop_workers()
    assert not any(p.is_alive() for p in processes) and not workers._alive(server)
    assert workers._pool is None
    # the next batch gets new workers, from a new fork server
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
    results = workers.Extraction().results([page("seed", seed), page("bad", KillsTheWorker(b"x")),
                                            page("shelling", shelling)])
    assert [r.article.article_id if r.article else None for r in results] == ["seed", None, "shelling"]
    assert results[1].failure.stage == "extract" and "worker crashed" in results[1].failure.error
    assert results[1].failure.permanent and results[1].failure.article_id == "bad"
    # and the pool works again afterwards
    assert workers.Extraction().results([page("seed-again", seed)])[0].article is not None


class TakesASecond(bytes):
    """A page body that keeps its worker busy for a second while the page is extracted."""

    def decode(self, *args, **kwargs) -> str:
        time.sleep(1.0)
        return super().decode(*args, **kwargs)


def test_a_crash_in_one_batch_costs_another_batch_nothing(monkeypatch):
    """Batches share the workers: a page that kills one breaks the pages then in flight in every batch.
    Those are processed again, each alone, and only the page that crashes alone is a failure."""
    monkeypatch.setenv("SITREP_WORKERS", "2")
    workers._discard(workers._shared_pool())  # a new pool: both its workers forked and busy at once
    assert list(workers._shared_pool().map(time.sleep, [0.5, 0.5])) == [None, None]
    alone: list[str] = []
    one_at_a_time = workers._one_at_a_time
    monkeypatch.setattr(workers, "_one_at_a_time",
                        lambda pages: alone.extend(p.item.article_id for p in pages) or one_at_a_time(pages))
    seed = (FIXTURES / "pages" / "seed.html").read_bytes()
    innocent, culprit = workers.Extraction(), workers.Extraction()
    busy = page("busy", TakesASecond(seed))
    innocent.start(busy)  # one worker is busy with it for a second
    bad = page("bad", KillsTheWorker(b"x"))
    culprit.start(bad)  # the other one dies meanwhile
    assert innocent.results([busy])[0].article is not None
    failure = culprit.results([bad])[0].failure
    assert failure is not None and "worker crashed" in failure.error
    assert "busy" in alone  # it was in flight when the pool broke, and was processed again


def test_pages_are_extracted_while_the_rest_of_their_batch_downloads(site):
    workers._shared_pool().submit(os.getpid).result(timeout=120)  # a worker is ready
    extraction = workers.Extraction()
    seen_done: dict[str, bool] = {}

    def start(fetched: Page) -> None:
        extraction.start(fetched)
        if fetched.item.article_id == "slow":  # 3 s after the seed page came
            seen_done["seed"] = extraction._futures[id(seed_page[0])][0].done()
        else:
            seed_page.append(fetched)

    seed_page: list[Page] = []
    settings = FetchSettings(allow_private_addresses=True, attempts=1)
    items = [FeedItem("news", site.url("/a/seed"), "seed"), FeedItem("news", site.url("/f/slow"), "slow")]
    with make_client(settings) as client:
        fetched = fetch_pages(client, items, settings, on_page=start)
    assert [f.item.article_id for f in fetched] == ["seed", "slow"]  # in the items' order
    assert seen_done == {"seed": True}
    results = extraction.results([f for f in fetched if isinstance(f, Page)])
    assert results[0].article is not None and results[0].article.article_id == "seed"


HOLDS_WORKERS = """
import os, sys, time
from tasks import workers
if __name__ == "__main__":
    worker = workers._shared_pool().submit(os.getpid).result(timeout=120)
    server = workers.forkserver._forkserver._forkserver_pid
    print(worker, server, flush=True)
    time.sleep(600)
"""


def test_workers_and_their_fork_server_exit_when_their_process_is_killed(tmp_path):
    script = tmp_path / "holds_workers.py"
    script.write_text(HOLDS_WORKERS)
    holder = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    try:
        worker, server = map(int, holder.stdout.readline().split())
        assert workers._alive(worker) and workers._alive(server)
    finally:
        holder.kill()  # kill -9: no exit handler runs
        holder.wait()
    deadline = time.monotonic() + 20  # a worker looks for its parent every PARENT_CHECK_SECONDS
    while (workers._alive(worker) or workers._alive(server)) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not workers._alive(worker) and not workers._alive(server)


def test_the_main_module_of_a_flow_run_is_imported_once_not_in_every_worker(tmp_path):
    """Under a deployment the main module is `python -m prefect.engine`, and multiprocessing runs it again
    in every worker: what it imports must come loaded from the fork server."""
    (tmp_path / "heavy_dependency.py").write_text(
        "import os\nwith open(os.environ['IMPORTED_BY'], 'a') as f:\n    f.write(f'{os.getpid()}\\n')\n")
    (tmp_path / "flow_run_main.py").write_text(
        "import os\nimport heavy_dependency\nfrom tasks import workers\n"
        "if __name__ == '__main__':\n"
        "    pool = workers._shared_pool()\n"
        "    print(sorted({pool.submit(os.getpid).result(timeout=120) for _ in range(8)}))\n"
        "    workers.stop_workers()\n")
    imported_by = tmp_path / "imported_by.txt"
    run = subprocess.run([sys.executable, "-m", "flow_run_main"], cwd=tmp_path, capture_output=True, text=True,
                         env={**os.environ, "IMPORTED_BY": str(imported_by), "SITREP_WORKERS": "2"}, timeout=180)
    assert run.returncode == 0, run.stderr[-2000:]
    worker_pids = set(run.stdout.strip().strip("[]").split(", "))
    importers = set(imported_by.read_text().split())
    assert worker_pids and not worker_pids & importers  # the parent and the fork server imported it; no worker did
    assert len(importers) == 2
