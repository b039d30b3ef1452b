from warehouse.schema_doc import README, SCHEMA_MD, readme_with, schema_markdown


def test_docs_match_the_comments_in_the_migrations():
    """docs/schema.md and the README's schema section are generated: regenerate with
    `python -m warehouse.schema_doc` after changing a migration."""
    schema = schema_markdown()
    assert schema in SCHEMA_MD.read_text(encoding="utf-8")
    readme = README.read_text(encoding="utf-8")
    assert readme_with(schema, readme) == readme
    for table in ("articles", "article_tags", "article_conflict", "feed_state", "failures", "daily_conflict_counts"):
        assert f"**`{table}`**" in schema
