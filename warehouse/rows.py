"""Records -> warehouse rows (dicts keyed by column name), and the typed writers flows spool them with:
flows hand over records, never table names."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from tasks.records import Article, Failure, FeedState, Processed, Retagged, Run, Tagging
from warehouse.spool import write_batch


def article_row(article: Article, run_id: str) -> dict:
    return {**dataclasses.asdict(article), "run_id": run_id}


def tagging_rows(article_id: str, tagging: Tagging) -> dict[str, list[dict]]:
    """The article's conflict verdict, tag rows and casualty figures, by table."""
    version = tagging.lexicon_version
    c = tagging.casualties
    return {
        "article_conflict": [
            {
                "article_id": article_id,
                "is_conflict": tagging.is_conflict,
                "score": tagging.score,
                "probability": tagging.probability,
                "lexicon_version": version,
            }
        ],
        "article_tags": [
            {
                "article_id": article_id,
                "category": t.category,
                "term": t.term,
                "hits": t.hits,
                "weight": t.weight,
                "lexicon_version": version,
            }
            for t in tagging.tags
        ],
        "article_casualties": [
            {
                "article_id": article_id,
                "killed": c.killed,
                "injured": c.injured,
                "evidence": c.evidence,
                "lexicon_version": version,
            }
        ]
        if c
        else [],
    }


def failure_row(failure: Failure, run_id: str, failed_at: datetime) -> dict:
    key = f"{run_id}\0{failure.stage}\0{failure.url}".encode()
    return {
        "failure_id": hashlib.sha1(key).hexdigest()[:20],
        "run_id": run_id,
        "stage": failure.stage,
        "url": failure.url,
        "error": failure.error,
        "feed_name": failure.feed_name,
        "status_code": failure.status,
        "permanent": failure.permanent,
        "article_id": failure.article_id,
        "failed_at": failed_at,
    }


def feed_state_row(state: FeedState) -> dict:
    return dataclasses.asdict(state)


def run_row(run: Run) -> dict:
    return {
        **dataclasses.asdict(run),
        "parameters": json.dumps(run.parameters, default=str),
        "state": "completed_with_failures" if run.failures else "completed",
    }


def batch_tables(processed: list, fetch_failures: list[Failure], run_id: str, now: datetime) -> dict[str, list[dict]]:
    """The spool tables of one batch of pages: articles, verdicts, tags and failures."""
    tables: dict[str, list[dict]] = {
        "articles": [],
        "article_addresses": [],
        "article_fingerprints": [],
        "article_conflict": [],
        "article_tags": [],
        "article_casualties": [],
        "article_places": [],
        "article_locations": [],
        "failures": [],
    }
    failures = list(fetch_failures)
    for outcome in processed:
        if outcome.failure is not None:
            failures.append(outcome.failure)
        if outcome.article is not None:
            tables["articles"].append(article_row(outcome.article, run_id))
            tables["article_addresses"] += [
                {"article_id": outcome.article.article_id, "alias_id": a.alias_id, "url": a.url, "via": a.via}
                for a in outcome.addresses
            ]
            tables["article_fingerprints"].append(
                {"article_id": outcome.article.article_id, "signature": list(outcome.signature)}
            )
            tables["article_locations"] += [
                {"article_id": outcome.article.article_id, **dataclasses.asdict(location)}
                for location in outcome.locations
            ]
            tables["article_places"] += [
                {"article_id": outcome.article.article_id, "country_code": code, "place": place, "hits": hits}
                for code, place, hits in outcome.places
            ]
        if outcome.article is not None and outcome.tagging is not None:
            for table, table_rows in tagging_rows(outcome.article.article_id, outcome.tagging).items():
                tables[table].extend(table_rows)
    tables["failures"] = [failure_row(f, run_id, now) for f in failures]
    return tables


def retag_tables(results: list[Retagged]) -> dict[str, list[dict]]:
    """Spool tables that replace the verdicts, tags, casualty figures and locations of stored articles."""
    tables: dict[str, list[dict]] = {
        "article_conflict": [],
        "article_tags": [],
        "article_casualties": [],
        "article_locations": [],
    }
    for result in results:
        for table, table_rows in tagging_rows(result.article_id, result.tagging).items():
            tables[table].extend(table_rows)
        tables["article_locations"] += [
            {"article_id": result.article_id, **dataclasses.asdict(location)} for location in result.locations
        ]
    return tables


def spool_pages(
    spool: Path, processed: list[Processed], fetch_failures: list[Failure], run_id: str, now: datetime
) -> Path | None:
    """Spool one batch of fetched pages: their articles, verdicts, tags, places, addresses and failures."""
    return write_batch(spool, batch_tables(processed, fetch_failures, run_id, now))


def spool_retag(spool: Path, results: list[Retagged]) -> Path | None:
    """Spool new verdicts, tags, casualty figures and locations for stored articles."""
    return write_batch(spool, retag_tables(results))


def spool_run(
    spool: Path, run: Run, *, feed_states: Iterable[FeedState] = (), failures: Iterable[tuple[Failure, datetime]] = ()
) -> Path | None:
    """Spool a run's own record, the feeds' states after it, and the failures not tied to a page batch
    (feeds, discovery), each with when it happened."""
    return write_batch(
        spool,
        {
            "feed_state": [feed_state_row(s) for s in feed_states],
            "failures": [failure_row(f, run.run_id, at) for f, at in failures],
            "runs": [run_row(run)],
        },
    )
