-- 0014: conflict_events becomes a table that each load updates for the stories its batch touches
-- (warehouse/events.py), instead of a view that re-reads every conflict article on each query: the cost
-- of a load and of a query follows the batch and the rows asked for, not the warehouse.
-- The events already stored are computed once here.

DROP VIEW conflict_events;

CREATE TABLE conflict_events (
    event_id              VARCHAR NOT NULL,
    first_reported_at     TIMESTAMPTZ,
    last_reported_at      TIMESTAMPTZ,
    country_code          VARCHAR,
    admin1_code           VARCHAR,
    place                 VARCHAR,
    geonameid             BIGINT,
    latitude              DOUBLE,
    longitude             DOUBLE,
    precision             TINYINT,
    category              VARCHAR,
    acled_event_type      VARCHAR,
    acled_sub_event_type  VARCHAR,
    killed_low            INTEGER,
    killed_median         DOUBLE,
    killed_high           INTEGER,
    injured_low           INTEGER,
    injured_median        DOUBLE,
    injured_high          INTEGER,
    articles              BIGINT NOT NULL,
    outlets               BIGINT NOT NULL,
    languages             BIGINT NOT NULL,
    title                 VARCHAR,
    article_ids           VARCHAR[] NOT NULL,
    updated_at            TIMESTAMPTZ NOT NULL
);
-- every stored event, computed as warehouse/events.py computes a load's (a location comes whole from one report)
INSERT INTO conflict_events BY NAME
SELECT * EXCLUDE (location), location.* FROM (
WITH reports AS (
    SELECT a.article_id, coalesce(a.story_id, a.article_id) AS event_id,
           coalesce(a.published_at, a.fetched_at) AS reported_at, a.duplicate_of,
           coalesce(a.site_name, a.feed_name) AS outlet, a.language, a.title
    FROM articles a JOIN article_conflict c USING (article_id) WHERE c.is_conflict),
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
GROUP BY r.event_id);

COMMENT ON TABLE conflict_events IS 'One row per conflict story (reprints and translations of one report are one event: articles.story_id): when it was first and last reported, where (the primary location of its first located report), its main category with ACLED''s event and sub-event type, the killed and injured figures over its distinct reports (low, median, high), and how many articles, outlets and languages reported it. A table: each load (and sitrep retag) recomputes the events of the stories its articles belong to.';
COMMENT ON COLUMN conflict_events.event_id IS 'The story''s id (articles.story_id; an article that is its own story gives its article_id).';
COMMENT ON COLUMN conflict_events.first_reported_at IS 'The earliest publication time (else fetch time) of its conflict reports.';
COMMENT ON COLUMN conflict_events.last_reported_at IS 'The latest publication time (else fetch time) of its conflict reports.';
COMMENT ON COLUMN conflict_events.country_code IS 'ISO 3166-1 alpha-2 country of the primary location of its first located report; NULL when no report was located.';
COMMENT ON COLUMN conflict_events.admin1_code IS 'ISO 3166-2 first-level region of that location (SY-ID), when known.';
COMMENT ON COLUMN conflict_events.place IS 'The GeoNames name of that location (a town, a region or the country).';
COMMENT ON COLUMN conflict_events.geonameid IS 'The GeoNames id of that town or city; NULL for a region or a country.';
COMMENT ON COLUMN conflict_events.latitude IS 'WGS84 latitude of that location.';
COMMENT ON COLUMN conflict_events.longitude IS 'WGS84 longitude of that location.';
COMMENT ON COLUMN conflict_events.precision IS 'As ACLED''s geo_precision: 1 a town or city, 2 a district or first-level region, 3 the country only.';
COMMENT ON COLUMN conflict_events.category IS 'The main category: the one with the most weighted evidence over its reports (article_tags.category).';
COMMENT ON COLUMN conflict_events.acled_event_type IS 'ACLED event type of the main category (acled_crosswalk).';
COMMENT ON COLUMN conflict_events.acled_sub_event_type IS 'ACLED sub-event type of the main category (acled_crosswalk).';
COMMENT ON COLUMN conflict_events.killed_low IS 'The smallest headline death toll among its distinct reports (an identical reprint counts once); NULL when none gives one.';
COMMENT ON COLUMN conflict_events.killed_median IS 'The median of those tolls.';
COMMENT ON COLUMN conflict_events.killed_high IS 'The largest of those tolls.';
COMMENT ON COLUMN conflict_events.injured_low IS 'The smallest headline injured figure among its distinct reports.';
COMMENT ON COLUMN conflict_events.injured_median IS 'The median of those figures.';
COMMENT ON COLUMN conflict_events.injured_high IS 'The largest of those figures.';
COMMENT ON COLUMN conflict_events.articles IS 'How many stored conflict articles report it (reprints included).';
COMMENT ON COLUMN conflict_events.outlets IS 'How many distinct outlets (site name, else feed name) report it.';
COMMENT ON COLUMN conflict_events.languages IS 'How many languages report it.';
COMMENT ON COLUMN conflict_events.title IS 'The title of its first report.';
COMMENT ON COLUMN conflict_events.article_ids IS 'Its conflict articles (articles.article_id), oldest report first.';
COMMENT ON COLUMN conflict_events.updated_at IS 'When a load last recomputed the event.';

-- the same view over the table
CREATE OR REPLACE VIEW daily_conflict_events AS
SELECT CAST(timezone('UTC', first_reported_at) AS DATE) AS day, country_code, admin1_code,
       count(*) AS events, sum(killed_median) AS killed, sum(articles) AS articles
FROM conflict_events
GROUP BY ALL
ORDER BY day DESC, events DESC;
COMMENT ON VIEW daily_conflict_events IS 'Conflict events per UTC day (of first report), country and first-level region, with the sum of their median death tolls and their articles.';
