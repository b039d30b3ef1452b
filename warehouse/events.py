"""Keep conflict_events current: recompute, inside a load's transaction, the events of the stories that the
load's articles belong to (a new report, a new verdict or new locations), and only those."""

from __future__ import annotations

import duckdb

# The stories of the batch's articles (held-back second addresses are not in articles: they touch nothing).
TOUCHED = """
    CREATE OR REPLACE TEMP TABLE load_events AS
    SELECT DISTINCT coalesce(story_id, article_id) AS event_id FROM articles
    WHERE article_id IN (SELECT article_id FROM read_parquet($files, union_by_name = true))"""
FORGET = "DELETE FROM conflict_events WHERE event_id IN (SELECT event_id FROM load_events)"
# Their articles, found first with one filtered pass: joined whole, the articles table would be held in
# memory (150 MB on a million articles) to meet a few thousand rows.
THEIR_ARTICLES = """
    CREATE OR REPLACE TEMP TABLE load_event_articles AS
    SELECT article_id, coalesce(story_id, article_id) AS event_id,
           coalesce(published_at, fetched_at) AS reported_at, duplicate_of,
           coalesce(site_name, feed_name) AS outlet, language, title
    FROM articles WHERE coalesce(story_id, article_id) IN (SELECT event_id FROM load_events)"""
# An event is recomputed from all its reports, old and new, so a later report moves its toll range and
# counts; a story whose last conflict report is re-tagged as not conflict has no row after this.
RECOMPUTE = """
INSERT INTO conflict_events BY NAME
SELECT * EXCLUDE (location), location.* FROM (
WITH reports AS (
    SELECT * FROM load_event_articles
    WHERE article_id IN (SELECT article_id FROM article_conflict WHERE is_conflict)),
located AS (
    SELECT article_id, country_code, admin1_code, place, geonameid, latitude, longitude, precision
    FROM article_locations WHERE is_primary AND article_id IN (SELECT article_id FROM reports)
    QUALIFY row_number() OVER (PARTITION BY article_id ORDER BY precision, hits DESC) = 1),
categories AS (
    SELECT r.event_id, t.category, sum(t.weight * t.hits) AS evidence
    FROM reports r JOIN article_tags t USING (article_id) GROUP BY ALL),
main_category AS (
    SELECT event_id, arg_max(category, evidence) AS category FROM categories GROUP BY event_id),
figures AS (  -- each distinct text counts once: an identical reprint repeats its figure, it does not confirm it
    SELECT r.event_id, k.killed, k.injured FROM reports r JOIN article_casualties k USING (article_id)
    WHERE r.duplicate_of IS NULL),
tolls AS (
    SELECT event_id,
           min(killed) AS killed_low, median(killed) AS killed_median, max(killed) AS killed_high,
           min(injured) AS injured_low, median(injured) AS injured_median, max(injured) AS injured_high
    FROM figures GROUP BY event_id)
SELECT r.event_id,
       min(r.reported_at) AS first_reported_at,
       max(r.reported_at) AS last_reported_at,
       -- the whole location of one report (arg_min skips NULLs: taken field by field, a place could come
       -- from one report and coordinates from another)
       arg_min({'country_code': l.country_code, 'admin1_code': l.admin1_code, 'place': l.place,
                'geonameid': l.geonameid, 'latitude': l.latitude, 'longitude': l.longitude,
                'precision': l.precision}, (r.reported_at, r.article_id))
           FILTER (WHERE l.country_code IS NOT NULL) AS location,
       any_value(m.category) AS category,
       any_value(x.event_type) AS acled_event_type,
       any_value(x.sub_event_type) AS acled_sub_event_type,
       any_value(t.killed_low) AS killed_low, any_value(t.killed_median) AS killed_median,
       any_value(t.killed_high) AS killed_high,
       any_value(t.injured_low) AS injured_low, any_value(t.injured_median) AS injured_median,
       any_value(t.injured_high) AS injured_high,
       count(*) AS articles,
       count(DISTINCT r.outlet) AS outlets,
       count(DISTINCT r.language) AS languages,
       arg_min(r.title, (r.reported_at, r.article_id)) AS title,  -- ties broken as the location's
       list(r.article_id ORDER BY r.reported_at, r.article_id) AS article_ids,
       now() AS updated_at
FROM reports r
LEFT JOIN located l USING (article_id)
LEFT JOIN main_category m USING (event_id)
LEFT JOIN acled_crosswalk x USING (category)
LEFT JOIN tolls t USING (event_id)
GROUP BY r.event_id)"""


def refresh_events(con: duckdb.DuckDBPyConnection, files: list[str]) -> None:
    """Recompute the events of the stories the articles in these spooled files belong to; call it inside
    the load's transaction, after the articles, verdicts, tags, tolls and locations are stored."""
    con.execute(TOUCHED, {"files": files})
    con.execute(FORGET)
    con.execute(THEIR_ARTICLES)
    con.execute(RECOMPUTE)
