-- 0005: views for the common questions. Views hold no data: they always reflect the tables.

CREATE VIEW article_countries AS
WITH text_places AS (
    SELECT article_id, country_code, sum(hits) AS hits
    FROM article_places GROUP BY article_id, country_code
), ranked AS (
    SELECT *, max(hits) OVER (PARTITION BY article_id) AS top_hits FROM text_places
)
SELECT article_id, country AS country_code, 'feed' AS source, NULL::INTEGER AS hits
FROM articles WHERE country IS NOT NULL
UNION ALL
SELECT r.article_id, r.country_code, 'text' AS source, r.hits::INTEGER
FROM ranked r JOIN articles a USING (article_id)
WHERE (r.hits = r.top_hits OR r.hits >= greatest(2, r.top_hits * 0.3))
  AND r.country_code IS DISTINCT FROM a.country;
COMMENT ON VIEW article_countries IS 'The countries an article is about: the feed''s country, and countries named in the text that are the most named or named at least twice and at least 30% as often as the most named (passing mentions are left out).';

CREATE VIEW daily_conflict_counts AS
SELECT CAST(timezone('UTC', coalesce(a.published_at, a.fetched_at)) AS DATE) AS day,
       a.language,
       ac.country_code AS country,
       t.category,
       count(DISTINCT a.article_id) AS articles,
       count(DISTINCT coalesce(a.story_id, a.article_id)) AS stories
FROM articles a
JOIN article_conflict c ON c.article_id = a.article_id AND c.is_conflict
JOIN (SELECT DISTINCT article_id, category FROM article_tags) t ON t.article_id = a.article_id
LEFT JOIN (SELECT DISTINCT article_id, country_code FROM article_countries) ac ON ac.article_id = a.article_id
GROUP BY ALL;
COMMENT ON VIEW daily_conflict_counts IS 'Conflict articles (is_conflict) per day (UTC date of published_at, else fetched_at), language, country (article_countries; NULL when none) and tagged category. An article counts once in each of its countries and categories, so sum over one dimension at a time. stories counts distinct story_id (reprints once).';

CREATE VIEW feed_health AS
WITH recent AS (
    SELECT feed_name,
           count(*) FILTER (WHERE fetched_at >= now() - INTERVAL 1 DAY) AS articles_24h,
           count(*) FILTER (WHERE fetched_at >= now() - INTERVAL 7 DAY) AS articles_7d,
           max(fetched_at) AS last_article_at
    FROM articles GROUP BY feed_name
), page_failures AS (
    SELECT feed_name, count(*) AS failed_7d
    FROM failures
    WHERE stage IN ('fetch', 'extract') AND failed_at >= now() - INTERVAL 7 DAY
    GROUP BY feed_name
)
SELECT s.feed_name, s.url, s.last_status, s.last_polled_at, s.last_success_at, s.consecutive_failures,
       s.last_error, s.next_poll_at, r.last_article_at,
       coalesce(r.articles_24h, 0) AS articles_24h,
       coalesce(r.articles_7d, 0) AS articles_7d,
       coalesce(p.failed_7d, 0) AS pages_failed_7d,
       round(coalesce(r.articles_7d, 0) / nullif(coalesce(r.articles_7d, 0) + coalesce(p.failed_7d, 0), 0), 3)
           AS extracted_share_7d
FROM feed_state s
LEFT JOIN recent r USING (feed_name)
LEFT JOIN page_failures p USING (feed_name);
COMMENT ON VIEW feed_health IS 'One row per feed: last poll and success, consecutive failures, articles stored in the last 24 hours and 7 days, and the share of its new pages in the last 7 days that were fetched and extracted successfully (NULL with no pages). A feed that went quiet has articles_7d = 0 or an old last_article_at.';

CREATE VIEW run_summary AS
SELECT r.run_id, r.flow, r.state, r.started_at, r.finished_at,
       date_diff('second', r.started_at, r.finished_at) AS seconds,
       r.feeds, r.articles_new, r.articles_skipped, r.failures,
       count(f.failure_id) FILTER (WHERE f.stage = 'feed') AS feed_failures,
       count(f.failure_id) FILTER (WHERE f.stage = 'fetch') AS fetch_failures,
       count(f.failure_id) FILTER (WHERE f.stage = 'extract') AS extract_failures,
       r.parameters
FROM runs r LEFT JOIN failures f USING (run_id)
GROUP BY ALL
ORDER BY r.started_at DESC;
COMMENT ON VIEW run_summary IS 'One row per run, newest first: duration, counts, and failures by stage.';

CREATE MACRO search_articles(pattern) AS TABLE
SELECT a.article_id, a.published_at, a.feed_name, a.language, a.title, c.is_conflict, a.url
FROM articles a LEFT JOIN article_conflict c USING (article_id)
WHERE a.title ILIKE '%' || pattern || '%' OR a.text ILIKE '%' || pattern || '%'
ORDER BY a.published_at DESC NULLS LAST;
