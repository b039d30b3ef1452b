-- 0008: is_conflict comes from a model over where the evidence is (tasks/conflict.py), and one tagger
-- version covers the lexicons, the casualty patterns, the model and the code that applies them.

ALTER TABLE article_conflict ADD COLUMN probability DOUBLE;
COMMENT ON COLUMN article_conflict.probability IS 'The verdict model''s probability (0-1) that the article is mainly about organised political violence; is_conflict is true at or above the model''s threshold (tasks/conflict_model.json). NULL for verdicts made before the model (sitrep retag fills it).';
COMMENT ON COLUMN article_conflict.is_conflict IS 'True when the article is mainly about organised political violence (war, strikes, bombings, terrorism, crackdowns, coups, killings by armed groups or states, ceasefire talks about an ongoing war): the verdict model''s probability at or above its threshold; the rule is in README "Tagging".';
COMMENT ON COLUMN article_conflict.score IS 'Net weighted evidence: conflict terms minus context terms (sport, business, disaster, crime, courts, history, diplomacy, defence policy, old ordnance and hoaxes), capped per term, title counted extra. Evidence, not the verdict: see probability.';
COMMENT ON COLUMN article_conflict.lexicon_version IS 'The tagger version the verdict came from: a content hash of the lexicons, casualty patterns, verdict model and the code that applies them (sitrep retag re-applies a newer one).';
COMMENT ON COLUMN article_tags.lexicon_version IS 'The tagger version the tags came from: a content hash of the lexicons, casualty patterns, verdict model and the code that applies them.';
COMMENT ON COLUMN article_casualties.lexicon_version IS 'The tagger version the figures came from: a content hash of the lexicons, casualty patterns, verdict model and the code that applies them.';
