"""Grouping reprints into stories, as a pure decision over signatures."""

from __future__ import annotations

from tasks.fingerprint import signature
from tasks.stories import NewArticle, group_into_stories

WIRE = (
    "Government forces and rebels fought for control of the northern town on Tuesday, officials said, "
    "as aid agencies warned that thousands of civilians were trapped without food, water or medicine. "
) * 3
OTHER = "The harbour festival drew record crowds this weekend, with boat races, music and food stalls. " * 4


def test_reprints_join_the_first_story_and_identical_texts_point_at_the_first_copy():
    first = NewArticle("a1", signature(WIRE), "h-wire")
    copy = NewArticle("a2", signature(WIRE), "h-wire")
    edited = NewArticle("a3", signature(WIRE + " The ministry did not comment."), "h-edited")
    unrelated = NewArticle("a4", signature(OTHER), "h-other")
    got = {
        a.article_id: (a.story_id, a.duplicate_of)
        for a in group_into_stories([first, copy, edited, unrelated], stored={}, known={}, first_copy={})
    }
    assert got == {"a1": ("a1", None), "a2": ("a1", "a1"), "a3": ("a1", None), "a4": ("a4", None)}


def test_a_stored_candidate_gives_its_story_and_a_stored_text_its_first_copy():
    reprint = NewArticle("new", signature(WIRE), "h-wire")
    got = group_into_stories(
        [reprint], stored={"new": ["old"]}, known={"old": ("story-7", signature(WIRE))}, first_copy={"h-wire": "old"}
    )
    assert [(a.story_id, a.duplicate_of) for a in got] == [("story-7", "old")]
    far = group_into_stories(
        [reprint], stored={"new": ["old"]}, known={"old": ("story-7", signature(OTHER))}, first_copy={}
    )
    assert [(a.story_id, a.duplicate_of) for a in far] == [("new", None)]
