-- 0010: a load's cost follows its batch, not the warehouse. Reprints of a wire story appear within days, so a
-- new article is compared only with articles loaded in the last 30 days (warehouse/stories.py,
-- STORY_WINDOW_DAYS): story_bands keeps only their band keys, and neither it nor article_fingerprints
-- carries a primary-key index any more (a load checked every key ever stored against it: 32 million on
-- a million-article warehouse). Rows are appended in load order, so a filter on loaded_at reads only the
-- newest row groups.

CREATE TABLE story_bands_windowed AS
SELECT b.band_key, b.article_id, a.loaded_at
FROM story_bands b JOIN articles a USING (article_id)
WHERE a.loaded_at >= now() - INTERVAL 30 DAY
ORDER BY a.loaded_at;
DROP TABLE story_bands;
ALTER TABLE story_bands_windowed RENAME TO story_bands;
COMMENT ON TABLE story_bands IS 'LSH index over the fingerprints of articles loaded in the story window (30 days): 32 band keys per article; a new article is compared with those sharing a key. Older rows are deleted at each load.';
COMMENT ON COLUMN story_bands.band_key IS 'Hash of one band (4 values) of the signature, with the band''s number.';
COMMENT ON COLUMN story_bands.article_id IS 'The article (articles.article_id).';
COMMENT ON COLUMN story_bands.loaded_at IS 'When the article was loaded (articles.loaded_at): rows older than the story window are deleted.';

CREATE TABLE article_fingerprints_unkeyed AS
SELECT f.article_id, f.story_id, f.signature, a.loaded_at
FROM article_fingerprints f JOIN articles a USING (article_id)
ORDER BY a.loaded_at;
DROP TABLE article_fingerprints;
ALTER TABLE article_fingerprints_unkeyed RENAME TO article_fingerprints;
COMMENT ON TABLE article_fingerprints IS 'One row per article: its MinHash signature, for grouping reprints into stories (kept for every article; matching reads those in the story window). Unique by article_id (written once, by the load that stores the article).';
COMMENT ON COLUMN article_fingerprints.article_id IS 'The article (articles.article_id).';
COMMENT ON COLUMN article_fingerprints.story_id IS 'The story assigned when the article was loaded (articles.story_id).';
COMMENT ON COLUMN article_fingerprints.signature IS '128 MinHash values (datasketch, affine32 scheme, seed 1) of the text''s case-folded word 5-shingles.';
COMMENT ON COLUMN article_fingerprints.loaded_at IS 'When the article was loaded (articles.loaded_at).';
