"""How the pipeline cuts new articles into batches."""

from __future__ import annotations

from flows.pipeline import BATCH_SIZE, batches


def test_batches_are_full_and_a_group_never_waits_for_the_next():
    first_feed, second_feed = list(range(181)), list(range(181, 301))
    sizes = [len(b) for b in batches([first_feed, second_feed])]

    def cut(n: int) -> list[int]:  # full batches, then what is left of the group
        return [BATCH_SIZE] * (n // BATCH_SIZE) + ([n % BATCH_SIZE] if n % BATCH_SIZE else [])

    assert sizes == cut(181) + cut(120)
    assert [i for b in batches([first_feed, second_feed]) for i in b] == first_feed + second_feed
    assert list(batches([[], [1, 2]])) == [[1, 2]]
