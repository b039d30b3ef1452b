"""The labelled conflict development corpus (../shared/corpus/conflict-dev), read as sitrep reads a page.

Each page goes through `extract_article` as if its feed item had the manifest's title (as the news site
the acceptance checks serve does); the extracted articles are cached in `bench/.cache/` (not committed:
the texts belong to their publishers) so that evaluation and training take seconds.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared/corpus/conflict-dev"
CACHE = ROOT / "bench/.cache/conflict-dev.json"


def load() -> list[dict]:
    """One dict per page: the corpus label fields plus `title`, `text`, `language`, `language_sure`,
    `words` as extracted (None text when extraction failed)."""
    if not CORPUS.is_dir():
        raise SystemExit(f"the development corpus is not at {CORPUS}")
    labels = json.loads((CORPUS / "labels.json").read_text())
    stamp = _stamp()
    if CACHE.exists():
        cached = json.loads(CACHE.read_text())
        if cached.get("stamp") == stamp and cached.get("n") == len(labels):
            return cached["pages"]
    pages = [_extract(lab, item) for lab, item in _paired(labels)]
    CACHE.parent.mkdir(parents=True, exist_ok=True)
    CACHE.write_text(json.dumps({"stamp": stamp, "n": len(labels), "pages": pages}, ensure_ascii=False))
    return pages


def _stamp() -> str:
    """Changes with the labels and with the code that extracts a page."""
    digest = hashlib.sha1((CORPUS / "labels.json").read_bytes())
    for module in ("extract.py", "html.py", "language.py", "text.py"):
        digest.update((ROOT / "tasks" / module).read_bytes())
    return digest.hexdigest()


def _paired(labels: list[dict]) -> list[tuple[dict, dict]]:
    manifest = {m["id"]: m for m in json.loads((CORPUS / "manifest.json").read_text())}
    return [(lab, manifest[lab["id"]]) for lab in labels]


def fetched_pages() -> list:
    """Every page as the fetch step hands it to a worker (tasks.records.Page)."""
    labels = json.loads((CORPUS / "labels.json").read_text())
    return [_page(item) for _, item in _paired(labels)]


def _page(item: dict):
    from tasks.records import FeedItem, Page
    from tasks.urls import article_id

    url = f"http://127.0.0.1/a/{item['id']}"
    return Page(
        item=FeedItem(feed_name="dev", url=url, article_id=article_id(url), title=item["title"]),
        final_url=url,
        status=200,
        body=(CORPUS / item["path"]).read_bytes(),
        charset="utf-8",
        fetched_at=datetime.now(UTC),
    )


def _extract(label: dict, item: dict) -> dict:
    from tasks.extract import extract_article
    from tasks.language import SURE

    article = extract_article(_page(item))
    out = dict(label)
    text = getattr(article, "text", None)
    out.update(
        title=getattr(article, "title", item["title"]),
        text=text,
        language=getattr(article, "language", None),
        language_sure=getattr(article, "language_confidence", 0.0) >= SURE,
        words=getattr(article, "word_count", 0),
    )
    return out
