-- 0009: an article reached by a second address (an old link that redirects to it, an AMP copy naming it
-- as canonical) is that article, with the address kept as an alias (tasks/identity.py).

ALTER TABLE articles ADD COLUMN final_url VARCHAR;
COMMENT ON COLUMN articles.final_url IS 'The address the page was read at, after HTTP redirects and a quick <meta http-equiv=refresh>; NULL for articles stored before sitrep kept it.';

CREATE TABLE article_aliases (
    alias_id        VARCHAR PRIMARY KEY,
    article_id      VARCHAR NOT NULL,
    url             VARCHAR NOT NULL,
    via             VARCHAR NOT NULL,
    first_seen_at   TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE article_aliases IS 'Other addresses of stored articles: where an article''s link redirected to, the canonical URL it names, and feed links that turned out to be an article already stored. A feed item at an alias is not fetched again; count articles, not aliases.';
COMMENT ON COLUMN article_aliases.alias_id IS 'The id the address would have as an article (the first 16 hex digits of the SHA-1 of its normalised URL, like articles.article_id); unique.';
COMMENT ON COLUMN article_aliases.article_id IS 'The article this address is (articles.article_id).';
COMMENT ON COLUMN article_aliases.url IS 'The address as it was met: a redirect target, a canonical URL, or a feed item''s link.';
COMMENT ON COLUMN article_aliases.via IS '''redirect'': the article''s link led there, or a link led to the article''s page; ''canonical'': the page names it as its own (rel=canonical or og:url), with the same title or text as the article, and not a site''s home page.';
COMMENT ON COLUMN article_aliases.first_seen_at IS 'When the load that recorded the alias ran.';
