from datetime import UTC, datetime

from warehouse.checks import CHECKS, run_checks
from warehouse.connection import connect
from warehouse.migrate import migrate


def test_checks_find_offending_rows_and_pass_on_healthy_data(db):
    con = connect(db)
    migrate(con)
    assert all(r.offending == 0 for r in run_checks(con)) and len(run_checks(con)) == len(CHECKS)
    now = datetime.now(UTC)
    con.execute(
        """insert into articles (article_id, url, feed_name, fetched_at, text, word_count, discovered_via,
                   content_hash, loaded_at, published_at) values ('a1', 'http://x/1', 'f', ?, 'short', 1, 'feed', 'h',
                   ?, ?)""",
        [now, now, datetime(2999, 1, 1, tzinfo=UTC)],
    )
    con.execute("insert into article_tags values ('ghost', 'protest', 'march', 1, 1, 'v')")
    found = {r.name: r.offending for r in run_checks(con)}
    assert found["articles without a conflict verdict"] == 1
    assert found["tags of articles that do not exist"] == 1
    assert found["articles with too little text"] == 1
    assert found["articles published in the future"] == 1
    assert found["articles without a story"] == 1
    assert found["articles stored twice under one URL"] == 0
