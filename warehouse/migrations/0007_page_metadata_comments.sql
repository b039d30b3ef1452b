-- Page metadata comes from the page's <head> tags when the feed gave a title and a date, and from
-- trafilatura's full metadata pass otherwise (tasks/extract.py).
COMMENT ON COLUMN articles.authors IS 'Authors separated by "; ": the feed''s, else the page''s author meta tag (or, for items without a feed title or date, trafilatura''s byline). NULL when unknown.';
COMMENT ON COLUMN articles.site_name IS 'The publisher''s site name from the page: og:site_name or application-name (or, for items without a feed title or date, trafilatura''s guess).';
