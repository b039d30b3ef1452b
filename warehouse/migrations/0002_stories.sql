-- 0002: near-duplicate grouping. Reprints of one wire story share a story_id; identical texts point at
-- the first copy. MinHash signatures and their LSH band keys are kept so new articles can join stories.

ALTER TABLE articles ADD COLUMN story_id VARCHAR;
ALTER TABLE articles ADD COLUMN duplicate_of VARCHAR;
COMMENT ON COLUMN articles.story_id IS 'The story the article belongs to: the article_id of the first stored article whose text is near-identical (MinHash of word 5-shingles, estimated Jaccard >= 0.5); its own article_id when it is the first. Count stories, not reprints, with count(distinct story_id).';
COMMENT ON COLUMN articles.duplicate_of IS 'The article_id of the first stored article with exactly the same text (content_hash); NULL when the text is new.';

CREATE TABLE article_fingerprints (
    article_id VARCHAR PRIMARY KEY,
    story_id   VARCHAR NOT NULL,
    signature  UINTEGER[] NOT NULL
);
COMMENT ON TABLE article_fingerprints IS 'One row per article: its MinHash signature, for grouping reprints into stories. Key: article_id.';
COMMENT ON COLUMN article_fingerprints.article_id IS 'The article (articles.article_id).';
COMMENT ON COLUMN article_fingerprints.story_id IS 'The story assigned when the article was loaded (articles.story_id).';
COMMENT ON COLUMN article_fingerprints.signature IS '128 MinHash values (datasketch, affine32 scheme, seed 1) of the text''s case-folded word 5-shingles.';

CREATE TABLE story_bands (
    band_key   BIGINT NOT NULL,
    article_id VARCHAR NOT NULL,
    PRIMARY KEY (band_key, article_id)
);
COMMENT ON TABLE story_bands IS 'LSH index over article_fingerprints: 32 band keys per article; articles sharing a key are compared.';
COMMENT ON COLUMN story_bands.band_key IS 'Hash of one band (4 values) of the signature, with the band''s number.';
COMMENT ON COLUMN story_bands.article_id IS 'The article (articles.article_id).';
