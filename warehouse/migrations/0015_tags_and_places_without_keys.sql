-- 0015: article_tags and article_places without a primary key. Each load already replaces an article's tags
-- and places whole (delete, then insert its rows once), so the key only cost: its index is kept in memory
-- whole by every load that inserts (250 MB of the load's 1.3 GB on a million-article warehouse, and 0.8 s of
-- its 5.7 s; python bench/scale_bench.py). The rows stay unique by construction, as the load's tests check.

CREATE TABLE article_tags_0015 (
    article_id      VARCHAR NOT NULL,
    category        VARCHAR NOT NULL,
    term            VARCHAR NOT NULL,
    hits            INTEGER NOT NULL,
    weight          DOUBLE NOT NULL,
    lexicon_version VARCHAR NOT NULL
);
INSERT INTO article_tags_0015 SELECT article_id, category, term, hits, weight, lexicon_version FROM article_tags;
DROP TABLE article_tags;
ALTER TABLE article_tags_0015 RENAME TO article_tags;

CREATE TABLE article_places_0015 (
    article_id   VARCHAR NOT NULL,
    country_code VARCHAR NOT NULL,
    place        VARCHAR NOT NULL,
    hits         INTEGER NOT NULL
);
INSERT INTO article_places_0015 SELECT article_id, country_code, place, hits FROM article_places;
DROP TABLE article_places;
ALTER TABLE article_places_0015 RENAME TO article_places;

COMMENT ON TABLE article_tags IS 'One row per lexicon term matched in an article (title and text). Unique on article_id, category and term (each load replaces an article''s tags whole).';
COMMENT ON COLUMN article_tags.article_id IS 'The article (articles.article_id).';
COMMENT ON COLUMN article_tags.category IS 'Conflict category, one of 16 fixed names: armed_clash, air_or_missile_strike, shelling_or_artillery, bombing_or_explosion, terrorism, military_operation, protest, riot_or_violent_unrest, repression_or_crackdown, coup_or_martial_law, killing_or_casualties, hostage_or_abduction, displacement_or_refugees, ceasefire_or_peace_process, military_exercise_or_deployment, arms_or_sanctions.';
COMMENT ON COLUMN article_tags.term IS 'The lexicon term as written in tasks/lexicon/<language>.yaml (all its inflected forms count under it).';
COMMENT ON COLUMN article_tags.hits IS 'How many times the term occurs in the title and text.';
COMMENT ON COLUMN article_tags.weight IS 'The term''s weight in the lexicon (1 weak, 2 strong, 3 unambiguous).';
COMMENT ON COLUMN article_tags.lexicon_version IS 'The tagger version the tags came from: a content hash of the lexicons, casualty patterns, verdict model and the code that applies them.';
COMMENT ON TABLE article_places IS 'One row per country or place (city, region) named in an article''s title and text, recognised in many languages ("Suriah", "Syrie", "Сирия" -> SY). Unique on article_id, country_code and place (each load replaces an article''s places whole).';
COMMENT ON COLUMN article_places.article_id IS 'The article (articles.article_id).';
COMMENT ON COLUMN article_places.country_code IS 'ISO 3166-1 alpha-2 code of the country the place is in (PS for Gaza and the West Bank).';
COMMENT ON COLUMN article_places.place IS 'The name as matched, case-folded (a country name, a city or a region, in the article''s language).';
COMMENT ON COLUMN article_places.hits IS 'Occurrences of the name in the title and text.';
