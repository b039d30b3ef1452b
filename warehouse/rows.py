"""Records -> warehouse rows (dicts keyed by column name), the shape spooled batches are written in."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from datetime import datetime

from tasks.feeds import backoff
from tasks.records import Article, Failure, FeedPoll, FeedState, Tagging


def article_row(article: Article, run_id: str) -> dict:
    return {**dataclasses.asdict(article), "run_id": run_id}


def tagging_rows(article_id: str, tagging: Tagging) -> dict[str, list[dict]]:
    """The article's conflict verdict, tag rows and casualty figures, by table."""
    version = tagging.lexicon_version
    c = tagging.casualties
    return {
        "article_conflict": [{"article_id": article_id, "is_conflict": tagging.is_conflict, "score": tagging.score,
                              "probability": tagging.probability, "lexicon_version": version}],
        "article_tags": [{"article_id": article_id, "category": t.category, "term": t.term, "hits": t.hits,
                          "weight": t.weight, "lexicon_version": version} for t in tagging.tags],
        "article_casualties": [{"article_id": article_id, "killed": c.killed, "injured": c.injured,
                                "evidence": c.evidence, "lexicon_version": version}] if c else [],
    }


def failure_row(failure: Failure, run_id: str, failed_at: datetime) -> dict:
    key = f"{run_id}\0{failure.stage}\0{failure.url}".encode()
    return {"failure_id": hashlib.sha1(key).hexdigest()[:20], "run_id": run_id, "stage": failure.stage,
            "url": failure.url, "error": failure.error, "feed_name": failure.feed_name,
            "status_code": failure.status, "permanent": failure.permanent,
            "article_id": failure.article_id, "failed_at": failed_at}


def feed_state_row(poll: FeedPoll, previous: FeedState | None, *, keep_validators: bool) -> dict:
    """The feed's state after a poll. With keep_validators (some page failed and should be retried), the
    previous validators stay, so the next poll gets the whole feed again instead of a 304."""
    ok = poll.failure is None
    same_feed = previous is not None and previous.url == poll.url
    validators = (poll.etag, poll.last_modified, poll.body_hash)
    if not ok or keep_validators:
        validators = (previous.etag, previous.last_modified, previous.body_hash) if same_feed else (None,) * 3
    failures = 0 if ok else (previous.consecutive_failures if same_feed else 0) + 1
    full_body = ok and poll.status == 200
    return {"feed_name": poll.feed_name, "url": poll.url, "etag": validators[0],
            "last_modified": validators[1], "body_hash": validators[2], "last_status": poll.status,
            "last_polled_at": poll.polled_at, "last_success_at": poll.polled_at if ok else None,
            "consecutive_failures": failures, "last_error": None if ok else poll.failure.error,
            "next_poll_at": poll.polled_at + backoff(failures) if failures else None,
            "last_full_at": poll.polled_at if full_body else (previous.last_full_at if same_feed else None)}


def run_row(*, run_id: str, flow: str, parameters: dict, started_at: datetime, finished_at: datetime,
            feeds: int, articles_new: int, articles_skipped: int, failures: int) -> dict:
    return {"run_id": run_id, "flow": flow, "parameters": json.dumps(parameters, default=str),
            "started_at": started_at, "finished_at": finished_at,
            "state": "completed_with_failures" if failures else "completed", "feeds": feeds,
            "articles_new": articles_new, "articles_skipped": articles_skipped, "failures": failures}


def batch_tables(processed: list, fetch_failures: list[Failure], run_id: str, now: datetime) -> dict[str, list[dict]]:
    """The spool tables of one batch of pages: articles, verdicts, tags and failures."""
    tables: dict[str, list[dict]] = {"articles": [], "article_addresses": [], "article_fingerprints": [],
                                     "article_conflict": [], "article_tags": [], "article_casualties": [],
                                     "article_places": [], "failures": []}
    failures = list(fetch_failures)
    for outcome in processed:
        if outcome.failure is not None:
            failures.append(outcome.failure)
        if outcome.article is not None:
            tables["articles"].append(article_row(outcome.article, run_id))
            tables["article_addresses"] += [{"article_id": outcome.article.article_id, "alias_id": a.alias_id,
                                             "url": a.url, "via": a.via} for a in outcome.addresses]
            tables["article_fingerprints"].append(
                {"article_id": outcome.article.article_id, "signature": list(outcome.signature)})
            tables["article_places"] += [{"article_id": outcome.article.article_id, "country_code": code,
                                          "place": place, "hits": hits} for code, place, hits in outcome.places]
        if outcome.article is not None and outcome.tagging is not None:
            for table, table_rows in tagging_rows(outcome.article.article_id, outcome.tagging).items():
                tables[table].extend(table_rows)
    tables["failures"] = [failure_row(f, run_id, now) for f in failures]
    return tables


def retag_tables(results: list[tuple[str, Tagging]]) -> dict[str, list[dict]]:
    """Spool tables that replace the verdicts and tags of already stored articles."""
    tables: dict[str, list[dict]] = {"article_conflict": [], "article_tags": [], "article_casualties": []}
    for article_id, tagging in results:
        for table, table_rows in tagging_rows(article_id, tagging).items():
            tables[table].extend(table_rows)
    return tables
