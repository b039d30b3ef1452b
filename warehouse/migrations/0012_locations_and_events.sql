-- 0012: where it happened and how many died. article_locations holds every place an article names,
-- resolved to GeoNames (tasks/locations.py); conflict_events counts conflict stories, not articles.

CREATE TABLE article_locations (
    article_id    VARCHAR NOT NULL,
    name          VARCHAR NOT NULL,
    place         VARCHAR NOT NULL,
    geonameid     BIGINT,
    country_code  VARCHAR NOT NULL,
    admin1_code   VARCHAR,
    latitude      DOUBLE,
    longitude     DOUBLE,
    precision     TINYINT NOT NULL,
    hits          INTEGER NOT NULL,
    is_primary    BOOLEAN NOT NULL
);
COMMENT ON TABLE article_locations IS 'Every place a conflict article names (title and text), resolved offline to GeoNames (data: GeoNames, CC BY 4.0): one row per article and place. is_primary marks where the main event happened. Written by the load that stores the article; replaced by sitrep retag.';
COMMENT ON COLUMN article_locations.article_id IS 'The article (articles.article_id).';
COMMENT ON COLUMN article_locations.name IS 'The name as the article writes it, at its first mention.';
COMMENT ON COLUMN article_locations.place IS 'The GeoNames name of the place (for a region, its GeoNames or ISO 3166-2 name; for a country, its English name).';
COMMENT ON COLUMN article_locations.geonameid IS 'The GeoNames id of a town or city (geonames.org/<id>); NULL for a region or a country.';
COMMENT ON COLUMN article_locations.country_code IS 'ISO 3166-1 alpha-2 country code (XK for Kosovo).';
COMMENT ON COLUMN article_locations.admin1_code IS 'ISO 3166-2 code of the first-level region (SY-ID Idlib), when known; NULL for a country.';
COMMENT ON COLUMN article_locations.latitude IS 'WGS84 latitude of the town, or of the region''s representative point; NULL when unknown.';
COMMENT ON COLUMN article_locations.longitude IS 'WGS84 longitude, as latitude.';
COMMENT ON COLUMN article_locations.precision IS 'As ACLED''s geo_precision: 1 a town or city, 2 a district or first-level region, 3 the country only.';
COMMENT ON COLUMN article_locations.hits IS 'How many times the article names the place.';
COMMENT ON COLUMN article_locations.is_primary IS 'True for the location of the main event the article reports (not the capital a statement came from, not a country named in passing). When several rows are primary (a town, its region, its country), the most precise is the event''s place.';

CREATE TABLE acled_crosswalk (
    category        VARCHAR PRIMARY KEY,
    event_type      VARCHAR NOT NULL,
    sub_event_type  VARCHAR NOT NULL
);
COMMENT ON TABLE acled_crosswalk IS 'sitrep''s conflict categories (article_tags.category) mapped to ACLED''s event type and sub-event type (ACLED Codebook), the nearest each has; a category broader than ACLED''s types maps to the type most of its reports fall under.';
COMMENT ON COLUMN acled_crosswalk.category IS 'The sitrep category.';
COMMENT ON COLUMN acled_crosswalk.event_type IS 'ACLED event type: Battles, Explosions/Remote violence, Violence against civilians, Protests, Riots, Strategic developments.';
COMMENT ON COLUMN acled_crosswalk.sub_event_type IS 'ACLED sub-event type.';
INSERT INTO acled_crosswalk VALUES
    ('armed_clash', 'Battles', 'Armed clash'),
    ('military_operation', 'Battles', 'Armed clash'),
    ('air_or_missile_strike', 'Explosions/Remote violence', 'Air/drone strike'),
    ('shelling_or_artillery', 'Explosions/Remote violence', 'Shelling/artillery/missile attack'),
    ('bombing_or_explosion', 'Explosions/Remote violence', 'Remote explosive/landmine/IED'),
    ('terrorism', 'Violence against civilians', 'Attack'),
    ('killing_or_casualties', 'Violence against civilians', 'Attack'),
    ('hostage_or_abduction', 'Violence against civilians', 'Abduction/forced disappearance'),
    ('protest', 'Protests', 'Peaceful protest'),
    ('repression_or_crackdown', 'Protests', 'Excessive force against protesters'),
    ('riot_or_violent_unrest', 'Riots', 'Violent demonstration'),
    ('coup_or_martial_law', 'Strategic developments', 'Change to group/activity'),
    ('ceasefire_or_peace_process', 'Strategic developments', 'Agreement'),
    ('displacement_or_refugees', 'Strategic developments', 'Other'),
    ('military_exercise_or_deployment', 'Strategic developments', 'Other'),
    ('arms_or_sanctions', 'Strategic developments', 'Other');

CREATE VIEW conflict_events AS
WITH reports AS (
    SELECT a.article_id, coalesce(a.story_id, a.article_id) AS event_id,
           coalesce(a.published_at, a.fetched_at) AS reported_at, a.duplicate_of,
           coalesce(a.site_name, a.feed_name) AS outlet, a.language, a.title
    FROM articles a JOIN article_conflict c USING (article_id)
    WHERE c.is_conflict),
located AS (
    SELECT article_id, country_code, admin1_code, place, geonameid, latitude, longitude, precision
    FROM article_locations WHERE is_primary
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
       arg_min(l.country_code, r.reported_at) FILTER (WHERE l.country_code IS NOT NULL) AS country_code,
       arg_min(l.admin1_code, r.reported_at) FILTER (WHERE l.country_code IS NOT NULL) AS admin1_code,
       arg_min(l.place, r.reported_at) FILTER (WHERE l.country_code IS NOT NULL) AS place,
       arg_min(l.geonameid, r.reported_at) FILTER (WHERE l.country_code IS NOT NULL) AS geonameid,
       arg_min(l.latitude, r.reported_at) FILTER (WHERE l.country_code IS NOT NULL) AS latitude,
       arg_min(l.longitude, r.reported_at) FILTER (WHERE l.country_code IS NOT NULL) AS longitude,
       arg_min(l.precision, r.reported_at) FILTER (WHERE l.country_code IS NOT NULL) AS precision,
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
       arg_min(r.title, r.reported_at) AS title,
       list(r.article_id ORDER BY r.reported_at, r.article_id) AS article_ids
FROM reports r
LEFT JOIN located l USING (article_id)
LEFT JOIN main_category m USING (event_id)
LEFT JOIN acled_crosswalk x USING (category)
LEFT JOIN tolls t USING (event_id)
GROUP BY r.event_id;
COMMENT ON VIEW conflict_events IS 'One row per conflict story (reprints and translations of one report are one event: articles.story_id): when it was first and last reported, where (the primary location of its first located report), its main category with ACLED''s event and sub-event type, the killed and injured figures over its distinct reports (low, median, high), and how many articles, outlets and languages reported it.';

CREATE VIEW daily_conflict_events AS
SELECT CAST(timezone('UTC', first_reported_at) AS DATE) AS day, country_code, admin1_code,
       count(*) AS events, sum(killed_median) AS killed, sum(articles) AS articles
FROM conflict_events
GROUP BY ALL
ORDER BY day DESC, events DESC;
COMMENT ON VIEW daily_conflict_events IS 'Conflict events per UTC day (of first report), country and first-level region, with the sum of their median death tolls and their articles.';
