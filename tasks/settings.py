"""The feeds file: typed, validated settings with defaults in one place and loud errors on unknown keys."""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from tasks.errors import ConfigError

DEFAULT_FEEDS = Path("feeds.yaml")
DEFAULT_DB = Path("data/sitrep.duckdb")
USER_AGENT = "sitrep/0.1 (+https://github.com/sitrep-news/sitrep; conflict-monitoring research crawler)"

# A publication date outside these bounds cannot be right (an item dated 2100, a zero timestamp at the Unix
# epoch): it is not used, and the next source of a date (the page's own) is tried. Constants, not feeds-file
# settings, because the page's date is checked in the extraction workers, which are handed only the page.
EARLIEST_PUBLISHED = datetime(1990, 1, 1, tzinfo=UTC)
MAX_PUBLISHED_AHEAD = timedelta(days=1)  # time zones and clock skew, not scheduled posts


def plausible_published(value: datetime | None, now: datetime | None = None) -> datetime | None:
    """The publication date if it can be right (from 1990 to a day after `now`), else None."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    latest = (now or datetime.now(UTC)) + MAX_PUBLISHED_AHEAD
    return value if EARLIEST_PUBLISHED <= value <= latest else None


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FetchSettings(_Strict):
    """How sitrep talks to the web; every field has a safe default."""

    allow_private_addresses: bool = False
    user_agent: str = USER_AGENT
    connect_timeout: float = Field(default=10.0, gt=0)
    read_timeout: float = Field(default=20.0, gt=0)
    total_timeout: float = Field(default=45.0, gt=0, description="wall-clock limit for one request, body included")
    max_redirects: int = Field(default=5, ge=0, le=20)
    max_bytes: int = Field(default=10 * 2**20, gt=0, description="cap on a body, after decompression")
    concurrency: int = Field(default=8, ge=1, le=64, description="page fetches in flight at once")
    per_host: int = Field(default=2, ge=1, le=16, description="page fetches in flight per host")
    attempts: int = Field(default=2, ge=1, le=5, description="tries for a transient error within one run")
    # 5000, not a few hundred: a first run over a feed that lists a few thousand pages (an archive, a
    # labelled corpus served as one feed) should take them all; the cap is for feeds of tens of thousands
    max_new_per_feed: int = Field(
        default=5000,
        ge=1,
        description="new pages fetched per feed in one run, newest first; the rest wait for the next run",
    )


class FeedConfig(_Strict):
    """One configured feed."""

    name: str
    url: str
    language: str | None = None
    country: str | None = None

    @field_validator("name")
    @classmethod
    def _name(cls, v: str) -> str:
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,79}", v):
            raise ValueError("must be 1-80 letters, digits, '-', '_' or '.', starting with a letter or digit")
        return v

    @field_validator("url")
    @classmethod
    def _url(cls, v: str) -> str:
        if not re.match(r"https?://[^/\s]+", v):
            raise ValueError("must be an absolute http:// or https:// URL")
        return v

    @field_validator("language")
    @classmethod
    def _language(cls, v: str | None) -> str | None:
        if v is not None and not re.fullmatch(r"[a-z]{2}", v):
            raise ValueError("must be a two-letter ISO 639-1 code such as 'id' or 'en'")
        return v

    @field_validator("country")
    @classmethod
    def _country(cls, v: str | None) -> str | None:
        if v is not None and not re.fullmatch(r"[A-Z]{2}", v):
            raise ValueError("must be a two-letter ISO 3166-1 code in capitals such as 'ID'")
        return v


class Settings(_Strict):
    """The whole feeds file."""

    fetch: FetchSettings = FetchSettings()
    feeds: tuple[FeedConfig, ...]

    @model_validator(mode="after")
    def _unique_names(self) -> Settings:
        seen: set[str] = set()
        for i, feed in enumerate(self.feeds):
            if feed.name in seen:
                raise ValueError(f"feeds[{i}].name: {feed.name!r} is used by an earlier feed; names must be unique")
            seen.add(feed.name)
        return self

    def feed(self, name: str) -> FeedConfig:
        return next(f for f in self.feeds if f.name == name)


def feeds_path(arg: str | os.PathLike | None = None) -> Path:
    """The feeds file: the argument, else $SITREP_FEEDS, else ./feeds.yaml."""
    return Path(arg or os.environ.get("SITREP_FEEDS") or DEFAULT_FEEDS)


def db_path(arg: str | os.PathLike | None = None) -> Path:
    """The warehouse file: the argument, else $SITREP_DB, else ./data/sitrep.duckdb."""
    return Path(arg or os.environ.get("SITREP_DB") or DEFAULT_DB)


def load_settings(path: str | os.PathLike) -> Settings:
    """Read and validate a feeds file; a ConfigError names the file, the entry and the field."""
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"feeds file {path} does not exist (set --feeds or SITREP_FEEDS)") from None
    except yaml.YAMLError as e:
        raise ConfigError(f"feeds file {path} is not valid YAML: {e}") from None
    if not isinstance(raw, dict):
        raise ConfigError(f"feeds file {path} must be a mapping with a 'feeds:' list")
    try:
        return Settings.model_validate(raw)
    except ValidationError as e:
        raise ConfigError(f"feeds file {path} is invalid:\n" + _describe(e, raw)) from None


def _describe(error: ValidationError, raw: dict) -> str:
    """One line per problem, naming the feed by its name where it has one."""
    lines = []
    for err in error.errors():
        loc = list(err["loc"])
        where = ".".join(str(p) for p in loc) or "(top level)"
        if len(loc) >= 2 and loc[0] == "feeds" and isinstance(loc[1], int):
            entries = raw.get("feeds") or []
            entry = entries[loc[1]] if loc[1] < len(entries) else None
            name = entry.get("name") if isinstance(entry, dict) else None
            field = ".".join(str(p) for p in loc[2:]) or "(entry)"
            where = f"feeds[{loc[1]}]" + (f" ({name})" if name else "") + f" field {field!r}"
        message = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            message = "unknown key (check the spelling)"
        lines.append(f"  - {where}: {message}")
    return "\n".join(lines)
