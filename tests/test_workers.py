"""The extraction worker processes: loaded before their first page, stopped without waiting."""

from __future__ import annotations

import os
import sys

from tasks import workers


def loaded_in_this_process() -> dict[str, bool]:
    """Run inside a worker: what it has loaded so far."""
    from tasks import fingerprint, language, places
    return {"automaton": places._automaton.cache_info().currsize == 1,
            "minhash": fingerprint._minhash.cache_info().currsize == 1,
            "langid": language._identifier.cache_info().currsize == 1,
            "dateparser": "dateparser" in sys.modules,
            "pid": os.getpid() != os.getppid()}


def test_a_worker_has_loaded_everything_before_its_first_page():
    workers.warm_up()
    # the first task a worker runs comes after its initializer: nothing has asked for these yet
    loaded = workers._shared_pool().submit(loaded_in_this_process).result(timeout=120)
    assert loaded == {"automaton": True, "minhash": True, "langid": True, "dateparser": True, "pid": True}


def test_stopping_the_workers_does_not_wait_for_them():
    workers.warm_up()
    processes = list(workers._shared_pool()._processes.values())
    assert processes
    workers.stop_workers()
    assert not any(p.is_alive() for p in processes)
    assert workers._pool is None
    # the next batch gets new workers
    assert workers._shared_pool().submit(loaded_in_this_process).result(timeout=120)["automaton"]
