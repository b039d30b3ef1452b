-- 0006: backfills add ways of finding articles and a second flow in runs.

COMMENT ON COLUMN articles.discovered_via IS 'How sitrep found the article: feed (a feed''s current entries), feed-archive (a feed''s older pages, ?paged=N), sitemap (the site''s sitemaps), urls (a list given to a backfill).';
COMMENT ON COLUMN runs.flow IS 'The flow: ingest or backfill.';
COMMENT ON COLUMN runs.state IS 'completed, or completed_with_failures when some feed, sitemap or page failed.';
