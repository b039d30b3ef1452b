-- 0014: conflict_events becomes a table that each load updates for the stories its batch touches
-- (warehouse/events.py), instead of a view that re-reads every conflict article on each query: the cost
-- of a load and of a query follows the batch and the rows asked for, not the warehouse.
-- The rows already stored are computed once here, by the view 0012 created.

ALTER VIEW conflict_events RENAME TO conflict_events_0012;

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
INSERT INTO conflict_events BY NAME SELECT *, now() AS updated_at FROM conflict_events_0012;
DROP VIEW conflict_events_0012;

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
