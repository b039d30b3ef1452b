-- Page metadata now comes from the page's <head> tags, and the date from htmldate (tasks/extract.py).
COMMENT ON COLUMN articles.authors IS 'Authors separated by "; ": the feed''s, else the page''s author meta tag. NULL when unknown.';
COMMENT ON COLUMN articles.site_name IS 'The publisher''s site name from the page: og:site_name or application-name.';
COMMENT ON COLUMN articles.title IS 'Headline: the feed''s title, else the page''s (og:title, <title> or its first heading).';
