"""The extraction worker processes: forked with what they need loaded, gone when their run closes them or
their process dies, and a page that kills its worker costs that page only."""

from __future__ import annotations

import gc
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
    """Run inside a worker: whether it started with the fork server's loaded (and frozen) objects."""
    return {
        "trafilatura": "trafilatura" in sys.modules,
        "langid": "py3langid" in sys.modules,
        "frozen": gc.get_freeze_count() > 100_000,
        "dateparser": "dateparser" in sys.modules,
    }


def test_a_worker_has_loaded_what_it_needs_before_its_first_page():
    with workers.WorkerPool(1) as pool:
        pool.warm_up()
        # nothing in the worker has asked for these: they come loaded from the fork server (dateparser's
        # locales, which only some pages need, are left for the page that needs them)
        loaded = pool.executor().submit(loaded_in_this_process).result(timeout=120)
    assert loaded == {"trafilatura": True, "langid": True, "frozen": True, "dateparser": False}


def page(name: str, body: bytes) -> Page:
    url = f"http://news.test/a/{name}"
    return Page(FeedItem("news", url, name), url, 200, body, "utf-8", datetime.now(UTC))


class KillsTheWorker(bytes):
    """A page body that ends the worker process that unpickles it, as a parser crash would."""

    def __reduce__(self):
        return os._exit, (3,)


def test_a_page_that_kills_its_worker_is_a_failure_and_the_others_are_processed():
    seed = (FIXTURES / "pages" / "seed.html").read_bytes()
    shelling = (FIXTURES / "pages" / "shelling.html").read_bytes()
    with workers.WorkerPool(2) as pool:
        results = workers.Extraction(pool=pool).results(
            [page("seed", seed), page("bad", KillsTheWorker(b"x")), page("shelling", shelling)]
        )
        assert [r.article.article_id if r.article else None for r in results] == ["seed", None, "shelling"]
        assert results[1].failure.stage == "extract" and "worker crashed" in results[1].failure.error
        assert results[1].failure.permanent and results[1].failure.article_id == "bad"
        # and the pool works again afterwards
        assert workers.Extraction(pool=pool).results([page("seed-again", seed)])[0].article is not None


def after_a_second(body: bytes) -> bytes:
    time.sleep(1.0)
    return body


class TakesASecond(bytes):
    """A page body that keeps the worker that unpickles it busy for a second."""

    def __reduce__(self):
        return after_a_second, (bytes(self),)


def test_a_crash_in_one_batch_costs_another_batch_nothing(monkeypatch):
    """Batches share the workers: a page that kills one breaks the pages then in flight in every batch.
    Those are processed again, each alone, and only the page that crashes alone is a failure."""
    alone: list[str] = []
    one_at_a_time = workers.one_at_a_time
    monkeypatch.setattr(
        workers, "one_at_a_time", lambda pages: alone.extend(p.item.article_id for p in pages) or one_at_a_time(pages)
    )
    seed = (FIXTURES / "pages" / "seed.html").read_bytes()
    with workers.WorkerPool(2) as pool:
        assert list(pool.executor().map(time.sleep, [0.5, 0.5])) == [None, None]  # both workers forked, idle
        innocent, culprit = workers.Extraction(pool=pool), workers.Extraction(pool=pool)
        busy = page("busy", TakesASecond(seed))
        innocent.start(busy)  # one worker is busy with it for a second
        bad = page("bad", KillsTheWorker(b"x"))
        culprit.start(bad)  # the other one dies meanwhile
        assert innocent.results([busy])[0].article is not None
        failure = culprit.results([bad])[0].failure
    assert failure is not None and "worker crashed" in failure.error
    assert "busy" in alone  # it was in flight when the pool broke, and was processed again


def test_pages_are_extracted_while_the_rest_of_their_batch_downloads(site):
    seed_page: list[Page] = []
    seen_done: dict[str, bool] = {}
    with workers.WorkerPool(1) as pool:
        extraction = workers.Extraction(pool=pool)
        extraction.results([page("warm", (FIXTURES / "pages" / "seed.html").read_bytes())])  # a worker is ready

        def start(fetched: Page) -> None:
            extraction.start(fetched)
            if fetched.item.article_id == "slow":  # 3 s after the seed page came
                seen_done["seed"] = extraction.done(seed_page[0])
            else:
                seed_page.append(fetched)

        settings = FetchSettings(allow_private_addresses=True, attempts=1)
        items = [FeedItem("news", site.url("/a/seed"), "seed"), FeedItem("news", site.url("/f/slow"), "slow")]
        with make_client(settings) as client:
            fetched = fetch_pages(client, items, settings, on_page=start)
        assert [f.item.article_id for f in fetched] == ["seed", "slow"]  # in the items' order
        assert seen_done == {"seed": True}
        results = extraction.results([f for f in fetched if isinstance(f, Page)])
    assert results[0].article is not None and results[0].article.article_id == "seed"


def test_the_run_pool_is_the_one_its_flow_uses_and_is_closed_at_its_end():
    with workers.worker_pool() as pool:
        with workers.worker_pool() as inner:  # a flow inside a command that opened the pool
            assert inner is pool and workers.current_pool() is pool
            assert workers.Extraction().pool is pool
        assert workers.current_pool() is pool
    assert workers.current_pool() is not pool


HOLDS_WORKERS = """
import os, sys, time
from tasks.workers import new_executor
if __name__ == "__main__":
    executor = new_executor(1)
    worker, server = executor.submit(os.getpid).result(timeout=120), executor.submit(os.getppid).result(timeout=120)
    print(worker, server, flush=True)
    {then}
"""


def processes_of(script: str, tmp_path) -> tuple[subprocess.Popen, int, int]:
    """Run `script` (HOLDS_WORKERS), with its worker's and fork server's pids."""
    path = tmp_path / "holds_workers.py"
    path.write_text(script)
    holder = subprocess.Popen([sys.executable, str(path)], stdout=subprocess.PIPE, text=True)
    worker, server = map(int, holder.stdout.readline().split())
    assert workers.alive(worker) and workers.alive(server)
    return holder, worker, server


def gone(*pids: int, within: float) -> bool:
    deadline = time.monotonic() + within
    while any(workers.alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    return not any(workers.alive(p) for p in pids)


def test_workers_and_their_fork_server_exit_with_their_process(tmp_path):
    holder, worker, server = processes_of(HOLDS_WORKERS.format(then="executor.shutdown(wait=False)"), tmp_path)
    assert holder.wait(30) == 0
    assert gone(worker, server, within=5)


def test_workers_and_their_fork_server_exit_when_their_process_is_killed(tmp_path):
    holder, worker, server = processes_of(HOLDS_WORKERS.format(then="time.sleep(600)"), tmp_path)
    holder.kill()  # kill -9: no exit handler runs
    holder.wait()
    assert gone(worker, server, within=20)  # a worker looks for its parent every PARENT_CHECK_SECONDS


def test_the_main_module_of_a_flow_run_is_imported_once_not_in_every_worker(tmp_path):
    """Under a deployment the main module is `python -m prefect.engine`, and multiprocessing runs it again
    in every worker: what it imports must come loaded from the fork server."""
    (tmp_path / "heavy_dependency.py").write_text(
        "import os\nwith open(os.environ['IMPORTED_BY'], 'a') as f:\n    f.write(f'{os.getpid()}\\n')\n"
    )
    (tmp_path / "flow_run_main.py").write_text(
        "import os\nimport heavy_dependency\nfrom tasks import workers\n"
        "if __name__ == '__main__':\n"
        "    with workers.worker_pool() as pool:\n"
        "        pool.warm_up()\n"
        "        executor = workers.new_executor(2)\n"
        "        print(sorted({executor.submit(os.getpid).result(timeout=120) for _ in range(8)}))\n"
        "        executor.shutdown()\n"
    )
    imported_by = tmp_path / "imported_by.txt"
    run = subprocess.run(
        [sys.executable, "-m", "flow_run_main"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "IMPORTED_BY": str(imported_by), "SITREP_WORKERS": "2"},
        timeout=180,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    worker_pids = set(run.stdout.strip().strip("[]").split(", "))
    importers = set(imported_by.read_text().split())
    assert worker_pids and not worker_pids & importers  # the parent and the fork server imported it; no worker did
    assert len(importers) == 2
