"""How the pipeline cuts new articles into batches."""

from __future__ import annotations

from flows.pipeline import BATCH_SIZE, FIRST_BATCH_SIZE, batches


def test_the_first_batch_is_small_the_rest_full_and_a_group_never_waits_for_the_next():
    first_feed, second_feed = list(range(181)), list(range(181, 301))
    sizes = [len(b) for b in batches([first_feed, second_feed])]
    assert (FIRST_BATCH_SIZE, BATCH_SIZE) == (10, 50)
    assert sizes == [10, 50, 50, 50, 21, 50, 50, 20]
    assert [i for b in batches([first_feed, second_feed]) for i in b] == first_feed + second_feed
    assert list(batches([[], [1, 2]])) == [[1, 2]]
