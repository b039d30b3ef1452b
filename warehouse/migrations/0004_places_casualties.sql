-- 0004: countries and places mentioned in the text, and the headline casualty figures.

CREATE TABLE article_places (
    article_id   VARCHAR NOT NULL,
    country_code VARCHAR NOT NULL,
    place        VARCHAR NOT NULL,
    hits         INTEGER NOT NULL,
    PRIMARY KEY (article_id, country_code, place)
);
COMMENT ON TABLE article_places IS 'One row per country or place (city, region) named in an article''s title and text, recognised in many languages ("Suriah", "Syrie", "Сирия" -> SY). Key: article_id, country_code, place.';
COMMENT ON COLUMN article_places.article_id IS 'The article (articles.article_id).';
COMMENT ON COLUMN article_places.country_code IS 'ISO 3166-1 alpha-2 code of the country the place is in (PS for Gaza and the West Bank).';
COMMENT ON COLUMN article_places.place IS 'The name as matched, case-folded (a country name, a city or a region, in the article''s language).';
COMMENT ON COLUMN article_places.hits IS 'Occurrences of the name in the title and text.';

CREATE TABLE article_casualties (
    article_id      VARCHAR PRIMARY KEY,
    killed          INTEGER,
    injured         INTEGER,
    evidence        VARCHAR NOT NULL,
    lexicon_version VARCHAR NOT NULL
);
COMMENT ON TABLE article_casualties IS 'The headline casualty figures an article states (one row per article that states any). Key: article_id.';
COMMENT ON COLUMN article_casualties.article_id IS 'The article (articles.article_id).';
COMMENT ON COLUMN article_casualties.killed IS 'The headline number killed: the title''s figure, else the first stated in the text ("at least 400 rebels killed" -> 400). Number words count by convention: dozens 24, hundreds 200, puluhan 20, ratusan 200. NULL when only injuries are stated.';
COMMENT ON COLUMN article_casualties.injured IS 'The number injured stated with it (or first elsewhere); NULL when not stated.';
COMMENT ON COLUMN article_casualties.evidence IS 'The sentence the figure was read from.';
COMMENT ON COLUMN article_casualties.lexicon_version IS 'Content hash of the lexicon files in use when the figures were read.';
