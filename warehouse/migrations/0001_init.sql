-- 0001: the analyst contract: articles, their tags and conflict verdicts, feed state, failures, runs.
-- Column comments are the schema documentation (docs/schema.md is generated from them).

CREATE TABLE articles (
    article_id          VARCHAR PRIMARY KEY,
    url                 VARCHAR NOT NULL,
    canonical_url       VARCHAR,
    feed_name           VARCHAR NOT NULL,
    title               VARCHAR,
    authors             VARCHAR,
    published_at        TIMESTAMPTZ,
    published_source    VARCHAR,
    fetched_at          TIMESTAMPTZ NOT NULL,
    language            VARCHAR,
    language_confidence DOUBLE,
    text                VARCHAR NOT NULL,
    word_count          INTEGER NOT NULL,
    site_name           VARCHAR,
    country             VARCHAR,
    discovered_via      VARCHAR NOT NULL,
    content_hash        VARCHAR NOT NULL,
    run_id              VARCHAR,
    loaded_at           TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE articles IS 'One row per article page, cleaned by trafilatura. Key: article_id.';
COMMENT ON COLUMN articles.article_id IS 'Stable id: first 16 hex digits of the SHA-1 of the normalised URL (tracking parameters, case, default ports and fragments removed).';
COMMENT ON COLUMN articles.url IS 'The address the page was fetched from, as the feed listed it.';
COMMENT ON COLUMN articles.canonical_url IS 'The page''s own canonical address (link rel=canonical or og:url), else the address after redirects.';
COMMENT ON COLUMN articles.feed_name IS 'The name of the configured feed that listed the article (feeds file).';
COMMENT ON COLUMN articles.title IS 'Headline: the feed''s title, else the page''s.';
COMMENT ON COLUMN articles.authors IS 'Authors separated by "; ": the feed''s, else the page''s byline. NULL when unknown.';
COMMENT ON COLUMN articles.published_at IS 'Publication time (UTC instant): the feed''s date first, then the page''s; NULL when neither has one.';
COMMENT ON COLUMN articles.published_source IS 'Where published_at came from: feed or page (a page date without a time is midnight UTC).';
COMMENT ON COLUMN articles.fetched_at IS 'When sitrep fetched the page (UTC).';
COMMENT ON COLUMN articles.language IS 'ISO 639-1 language of the text: detected with py3langid; the feed''s language hint wins unless detection is sure of another.';
COMMENT ON COLUMN articles.language_confidence IS 'Probability of the detected language (0-1); 1 when the feed''s hint was used.';
COMMENT ON COLUMN articles.text IS 'The article''s main text, paragraphs separated by newlines, without navigation, ads or comments.';
COMMENT ON COLUMN articles.word_count IS 'Words in text (each Chinese or Japanese character counts as one word).';
COMMENT ON COLUMN articles.site_name IS 'The publisher''s site name from the page''s metadata.';
COMMENT ON COLUMN articles.country IS 'The feed''s country (ISO 3166-1 alpha-2) from the feeds file; NULL when not configured.';
COMMENT ON COLUMN articles.discovered_via IS 'How sitrep found the article: feed (a configured feed''s current entries).';
COMMENT ON COLUMN articles.content_hash IS 'SHA-1 of the case-folded text with whitespace collapsed: identical texts share it.';
COMMENT ON COLUMN articles.run_id IS 'The run that stored the article (runs.run_id).';
COMMENT ON COLUMN articles.loaded_at IS 'When the row was written to the warehouse (UTC).';

CREATE TABLE article_tags (
    article_id      VARCHAR NOT NULL,
    category        VARCHAR NOT NULL,
    term            VARCHAR NOT NULL,
    hits            INTEGER NOT NULL,
    weight          DOUBLE NOT NULL,
    lexicon_version VARCHAR NOT NULL,
    PRIMARY KEY (article_id, category, term)
);
COMMENT ON TABLE article_tags IS 'One row per lexicon term matched in an article (title and text). Key: article_id, category, term.';
COMMENT ON COLUMN article_tags.article_id IS 'The article (articles.article_id).';
COMMENT ON COLUMN article_tags.category IS 'Conflict category, one of 16 fixed names: armed_clash, air_or_missile_strike, shelling_or_artillery, bombing_or_explosion, terrorism, military_operation, protest, riot_or_violent_unrest, repression_or_crackdown, coup_or_martial_law, killing_or_casualties, hostage_or_abduction, displacement_or_refugees, ceasefire_or_peace_process, military_exercise_or_deployment, arms_or_sanctions.';
COMMENT ON COLUMN article_tags.term IS 'The lexicon term as written in tasks/lexicon/<language>.yaml (all its inflected forms count under it).';
COMMENT ON COLUMN article_tags.hits IS 'How many times the term occurs in the title and text.';
COMMENT ON COLUMN article_tags.weight IS 'The term''s weight in the lexicon (1 weak, 2 strong, 3 unambiguous).';
COMMENT ON COLUMN article_tags.lexicon_version IS 'Content hash of the lexicon files the tags came from.';

CREATE TABLE article_conflict (
    article_id      VARCHAR PRIMARY KEY,
    is_conflict     BOOLEAN NOT NULL,
    score           DOUBLE NOT NULL,
    lexicon_version VARCHAR NOT NULL
);
COMMENT ON TABLE article_conflict IS 'One row per article: is it mainly about organised political violence? Key: article_id.';
COMMENT ON COLUMN article_conflict.article_id IS 'The article (articles.article_id).';
COMMENT ON COLUMN article_conflict.is_conflict IS 'True when the article is mainly about organised political violence (war, strikes, bombings, terrorism, crackdowns, coups, killings by armed groups or states, ceasefire talks about an ongoing war); the rule is in README "Tagging".';
COMMENT ON COLUMN article_conflict.score IS 'Net weighted evidence: conflict terms minus context terms (sport, business, disaster, crime), capped per term, title counted extra.';
COMMENT ON COLUMN article_conflict.lexicon_version IS 'Content hash of the lexicon files the verdict came from.';

CREATE TABLE feed_state (
    feed_name            VARCHAR PRIMARY KEY,
    url                  VARCHAR NOT NULL,
    etag                 VARCHAR,
    last_modified        VARCHAR,
    body_hash            VARCHAR,
    last_status          INTEGER,
    last_polled_at       TIMESTAMPTZ NOT NULL,
    last_success_at      TIMESTAMPTZ,
    consecutive_failures INTEGER NOT NULL,
    last_error           VARCHAR
);
COMMENT ON TABLE feed_state IS 'One row per configured feed: what the last poll saw. Key: feed_name.';
COMMENT ON COLUMN feed_state.feed_name IS 'The feed''s name in the feeds file.';
COMMENT ON COLUMN feed_state.url IS 'The feed''s URL when last polled.';
COMMENT ON COLUMN feed_state.etag IS 'ETag the server sent, sent back as If-None-Match on the next poll.';
COMMENT ON COLUMN feed_state.last_modified IS 'Last-Modified the server sent, sent back as If-Modified-Since.';
COMMENT ON COLUMN feed_state.body_hash IS 'SHA-256 of the last feed body: an unchanged body costs no work even when the server ignores conditional requests.';
COMMENT ON COLUMN feed_state.last_status IS 'HTTP status of the last poll (304: not modified); NULL when no response came.';
COMMENT ON COLUMN feed_state.last_polled_at IS 'When the feed was last polled (UTC).';
COMMENT ON COLUMN feed_state.last_success_at IS 'When a poll last succeeded (200 or 304).';
COMMENT ON COLUMN feed_state.consecutive_failures IS 'Polls in a row that failed; 0 after a success.';
COMMENT ON COLUMN feed_state.last_error IS 'The last poll''s failure reason; NULL when it succeeded.';

CREATE TABLE failures (
    failure_id  VARCHAR PRIMARY KEY,
    run_id      VARCHAR NOT NULL,
    stage       VARCHAR NOT NULL,
    url         VARCHAR NOT NULL,
    error       VARCHAR NOT NULL,
    feed_name   VARCHAR,
    status_code INTEGER,
    permanent   BOOLEAN NOT NULL,
    article_id  VARCHAR,
    failed_at   TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE failures IS 'One row per thing that went wrong in a run: a feed, a page fetch, an extraction, tagging or a load. Key: failure_id.';
COMMENT ON COLUMN failures.failure_id IS 'Deterministic id from run, stage and URL: a reloaded batch adds no duplicate.';
COMMENT ON COLUMN failures.run_id IS 'The run it happened in (runs.run_id).';
COMMENT ON COLUMN failures.stage IS 'feed (getting or parsing a feed), fetch (getting a page), extract (no article text), tag, or load.';
COMMENT ON COLUMN failures.url IS 'The feed or page URL that failed.';
COMMENT ON COLUMN failures.error IS 'What went wrong, in words a person understands.';
COMMENT ON COLUMN failures.feed_name IS 'The feed involved.';
COMMENT ON COLUMN failures.status_code IS 'HTTP status, when a response came.';
COMMENT ON COLUMN failures.permanent IS 'True when retrying will not help (404, 410, wrong content type, too large, no text): such pages are not fetched again.';
COMMENT ON COLUMN failures.article_id IS 'The article id the page would have had (articles.article_id), for page failures.';
COMMENT ON COLUMN failures.failed_at IS 'When it happened (UTC). Named failed_at, not "at": AT is a reserved word in DuckDB 2.';

CREATE TABLE runs (
    run_id           VARCHAR PRIMARY KEY,
    flow             VARCHAR NOT NULL,
    parameters       VARCHAR,
    started_at       TIMESTAMPTZ NOT NULL,
    finished_at      TIMESTAMPTZ,
    state            VARCHAR NOT NULL,
    feeds            INTEGER,
    articles_new     INTEGER,
    articles_skipped INTEGER,
    failures         INTEGER
);
COMMENT ON TABLE runs IS 'One row per flow run. Key: run_id.';
COMMENT ON COLUMN runs.run_id IS 'The Prefect flow run id.';
COMMENT ON COLUMN runs.flow IS 'The flow: ingest.';
COMMENT ON COLUMN runs.parameters IS 'The run''s parameters as JSON.';
COMMENT ON COLUMN runs.started_at IS 'When the run started (UTC).';
COMMENT ON COLUMN runs.finished_at IS 'When the run finished fetching and processing (UTC).';
COMMENT ON COLUMN runs.state IS 'completed, or completed_with_failures when some feed or page failed.';
COMMENT ON COLUMN runs.feeds IS 'Feeds polled.';
COMMENT ON COLUMN runs.articles_new IS 'Articles stored by the run.';
COMMENT ON COLUMN runs.articles_skipped IS 'Feed entries skipped because they were already stored (or failed for good before).';
COMMENT ON COLUMN runs.failures IS 'Failure rows the run recorded.';
