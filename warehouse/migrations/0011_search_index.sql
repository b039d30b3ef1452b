-- 0011: search that does not read every text. Each article's words (title and text, lower case; Chinese,
-- Japanese and Korean as overlapping character pairs) go into an inverted index at load; search_articles
-- answers from it: the articles that hold every word of the pattern. (Checking the exact phrase in the
-- candidates' texts reads the whole text column: 17-34 s on a million articles.)

CREATE MACRO search_terms(s) AS (
    list_distinct(flatten(list_transform(
        regexp_extract_all(lower(s), '[\p{L}\p{M}\p{N}]+'),
        lambda w: CASE WHEN length(w) > 1 AND regexp_matches(w, '[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}]')
                       THEN list_transform(range(1, length(w)), lambda i: substr(w, i, 2))
                       ELSE [w] END)))
);
COMMENT ON MACRO search_terms IS 'The search terms of a text: its words in lower case (letters, marks and digits), Chinese, Japanese and Korean runs as overlapping character pairs. What article_words holds and search_articles looks up.';

CREATE TABLE search_words (
    word_id INTEGER NOT NULL,
    word    VARCHAR NOT NULL
);
COMMENT ON TABLE search_words IS 'The vocabulary of the search index: one row per distinct search term (search_terms) of any stored article. Unique by word and by word_id.';
COMMENT ON COLUMN search_words.word_id IS 'The term''s number (search_postings.word_id).';
COMMENT ON COLUMN search_words.word IS 'The term, as search_terms writes it.';

CREATE TABLE search_postings (
    word_id    INTEGER NOT NULL,
    article_id VARCHAR NOT NULL
);
COMMENT ON TABLE search_postings IS 'The search index: one row per term and article whose title or text holds it (written when the article is loaded). search_articles reads it; so can any DuckDB client.';
COMMENT ON COLUMN search_postings.word_id IS 'The term (search_words.word_id).';
COMMENT ON COLUMN search_postings.article_id IS 'The article (articles.article_id).';

-- the articles already stored are indexed after the migration, a bounded number per transaction
-- (warehouse/search.py), so that upgrading a million-article warehouse does not need memory in proportion
CREATE TABLE search_backlog (article_id VARCHAR NOT NULL);
INSERT INTO search_backlog SELECT article_id FROM articles;
COMMENT ON TABLE search_backlog IS 'Articles stored before the search index existed and not indexed yet (empty once the upgrade has run: sitrep indexes them in chunks when it opens the warehouse).';
COMMENT ON COLUMN search_backlog.article_id IS 'The article (articles.article_id).';

CREATE OR REPLACE MACRO search_articles(pattern) AS TABLE
WITH terms AS (SELECT DISTINCT unnest(search_terms(pattern)) AS word),
     found AS (SELECT p.article_id FROM search_postings p
               WHERE p.word_id IN (SELECT w.word_id FROM search_words w WHERE w.word IN (SELECT word FROM terms))
               GROUP BY p.article_id HAVING count(DISTINCT p.word_id) = (SELECT count(*) FROM terms))
SELECT a.article_id, a.published_at, a.feed_name, a.language, a.title, c.is_conflict, a.url
FROM articles a SEMI JOIN found USING (article_id) LEFT JOIN article_conflict c USING (article_id)
ORDER BY a.published_at DESC NULLS LAST;
COMMENT ON MACRO TABLE search_articles IS 'Articles whose title or text holds every word of the pattern (case-insensitive, in any order), newest first, with the conflict verdict; answered from the search index. Whole words only (''Idlib'', ''air strike''; not ''dlib''); for a substring or an exact phrase, filter with ILIKE on articles (which reads every text).';
