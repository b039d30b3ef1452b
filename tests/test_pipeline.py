"""How the pipeline cuts new articles into batches."""

from __future__ import annotations

from flows.pipeline import BATCH_SIZE, batches


def test_batches_are_full_and_a_group_never_waits_for_the_next():
    first_feed, second_feed = list(range(181)), list(range(181, 301))
    sizes = [len(b) for b in batches([first_feed, second_feed])]
    assert BATCH_SIZE == 50
    assert sizes == [50, 50, 50, 31, 50, 50, 20]
    assert [i for b in batches([first_feed, second_feed]) for i in b] == first_feed + second_feed
    assert list(batches([[], [1, 2]])) == [[1, 2]]
