from __future__ import annotations

from datetime import UTC, datetime

import duckdb
import pytest

from tasks.errors import WarehouseLockedError
from tasks.extract import content_hash
from tasks.fingerprint import signature
from tasks.records import Article, Failure, Processed, Tag, Tagging
from warehouse import rows, spool, state
from warehouse.connection import connect
from warehouse.migrate import migrate, migrations
from warehouse.store import load_spool, prepare_warehouse

NOW = datetime(2024, 12, 2, tzinfo=UTC)


def article(n: int, text: str | None = None) -> Article:
    return Article(
        article_id=f"id{n}",
        url=f"http://x/{n}",
        canonical_url=None,
        feed_name="f",
        title=f"T{n}",
        authors=None,
        published_at=NOW,
        published_source="feed",
        fetched_at=NOW,
        language="en",
        language_confidence=0.99,
        text=text or f"story number {n} " + "words " * 30,
        word_count=30,
        site_name=None,
        country=None,
        discovered_via="feed",
        content_hash=content_hash(text or str(n)),
    )


def processed(n: int, terms=("airstrike",), text: str | None = None) -> Processed:
    tags = tuple(Tag("air_or_missile_strike", t, 1, 3.0) for t in terms)
    a = article(n, text)
    return Processed(article=a, tagging=Tagging(tags, True, 9.0, "v1"), signature=tuple(signature(a.text)))


def test_migrations_apply_once_each_in_order(db):
    con = connect(db)
    assert migrate(con) == [name for _, name, _ in migrations()]
    assert migrate(con) == []
    versions = [v for (v,) in con.execute("select version from schema_migrations order by version").fetchall()]
    assert versions == sorted(versions) and len(versions) == len(migrations())


def test_every_column_is_documented(db):
    con = connect(db)
    migrate(con)
    undocumented = con.execute("""
        select c.table_name || '.' || c.column_name from duckdb_columns() c
        join duckdb_tables() t using (database_name, schema_name, table_name)
        where c.database_name = current_database() and c.schema_name = 'main'
          and c.table_name <> 'schema_migrations' and (c.comment is null or c.comment = '')""").fetchall()
    assert undocumented == []
    views = con.execute("select view_name, comment from duckdb_views() where not internal").fetchall()
    assert views and [name for name, comment in views if not comment] == []


def test_a_failing_migration_leaves_nothing_behind(db, monkeypatch, tmp_path):
    bad = tmp_path / "migrations"
    bad.mkdir()
    (bad / "0001_ok.sql").write_text("CREATE TABLE a (x INTEGER);")
    (bad / "0002_bad.sql").write_text("CREATE TABLE b (x INTEGER); SELECT nonsense FROM nowhere;")
    monkeypatch.setattr("warehouse.migrate.MIGRATIONS", bad)
    con = connect(db)
    with pytest.raises(duckdb.Error):
        migrate(con)
    tables = {t for (t,) in con.execute("select table_name from information_schema.tables").fetchall()}
    assert "a" in tables and "b" not in tables
    assert con.execute("select count(*) from schema_migrations").fetchone()[0] == 1


def test_loading_a_batch_twice_stores_nothing_twice(db):
    s = spool.spool_dir(db)
    fail = Failure("fetch", "http://x/gone", "HTTP 404", "f", 404, True, "gone")
    tables = rows.batch_tables([processed(1), processed(2)], [fail], "run1", NOW)
    batch = spool.write_batch(s, tables)
    copy = s / (batch.name + "-again")
    import shutil

    shutil.copytree(batch, copy)  # the same batch twice, as after a kill between commit and delete
    prepare_warehouse(db)
    assert spool.pending(s) == []
    con = connect(db, read_only=True)
    assert con.execute("select count(*), count(distinct article_id) from articles").fetchone() == (2, 2)
    assert con.execute("select count(*) from article_tags").fetchone()[0] == 2
    assert con.execute("select count(*) from failures").fetchone()[0] == 1


def test_retagging_replaces_an_articles_tags(db):
    s = spool.spool_dir(db)
    spool.write_batch(s, rows.batch_tables([processed(1, ("airstrike", "air raid"))], [], "r1", NOW))
    prepare_warehouse(db)
    spool.write_batch(s, rows.batch_tables([processed(1, ("missile",))], [], "r2", NOW))
    load_spool(db)
    con = connect(db, read_only=True)
    assert con.execute("select term from article_tags").fetchall() == [("missile",)]


def test_a_locked_warehouse_keeps_the_spool(db):
    s = spool.spool_dir(db)
    prepare_warehouse(db)
    spool.write_batch(s, rows.batch_tables([processed(1)], [], "r1", NOW))
    import subprocess
    import sys

    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb,time; c=duckdb.connect({str(db)!r}, "
            "read_only=True); print('held', flush=True); time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(WarehouseLockedError, match="locked by process"):
            connect(db, wait=0.5)
        # a reader can still learn what is stored or waiting, so nothing is fetched twice
        assert state.known_ids(db, s, ["id1", "id2"]) == {"id1"}
    finally:
        holder.kill()
        holder.wait()
    assert load_spool(db).articles == 1
    assert spool.pending(s) == []


WIRE = (
    "Government forces and rebels fought for control of the northern town on Tuesday, officials said, "
    "as aid agencies warned that thousands of civilians were trapped without food, water or medicine. "
) * 4


def test_reprints_share_a_story_and_identical_texts_point_at_the_first_copy(db):
    s = spool.spool_dir(db)
    edited = WIRE.replace("on Tuesday", "late on Tuesday") + " Reporting by the Example Wire desk."
    other = "The central bank held interest rates steady on Thursday and signalled cuts next year. " * 4
    spool.write_batch(s, rows.batch_tables([processed(1, text=WIRE), processed(2, text=WIRE)], [], "r1", NOW))
    prepare_warehouse(db)
    spool.write_batch(s, rows.batch_tables([processed(3, text=edited), processed(4, text=other)], [], "r2", NOW))
    load_spool(db)
    con = connect(db, read_only=True)
    rows_ = con.execute("select article_id, story_id, duplicate_of from articles").fetchall()
    got = {a: (st, d) for a, st, d in rows_}
    assert got["id1"] == ("id1", None)
    assert got["id2"] == ("id1", "id1")  # same text, same batch
    assert got["id3"] == ("id1", None)  # an edited reprint, a later load
    assert got["id4"] == ("id4", None)  # a different story


def test_a_reprint_joins_only_a_story_loaded_within_the_window(db):
    s = spool.spool_dir(db)
    edited = WIRE.replace("on Tuesday", "late on Tuesday")
    spool.write_batch(s, rows.batch_tables([processed(1, text=WIRE)], [], "r1", NOW))
    prepare_warehouse(db)
    con = connect(db)
    for table in ("articles", "story_bands", "article_fingerprints"):  # as if loaded 40 days ago
        con.execute(f"update {table} set loaded_at = loaded_at - interval 40 day")
    con.close()
    spool.write_batch(s, rows.batch_tables([processed(2, text=edited)], [], "r2", NOW))
    load_spool(db)
    spool.write_batch(s, rows.batch_tables([processed(3, text=edited + " More.")], [], "r3", NOW))
    load_spool(db)
    con = connect(db, read_only=True)
    got = dict(con.execute("select article_id, story_id from articles").fetchall())
    assert got == {"id1": "id1", "id2": "id2", "id3": "id2"}  # the old story is out of the window
    assert {a for (a,) in con.execute("select distinct article_id from story_bands").fetchall()} == {"id2", "id3"}
    assert con.execute("select count(*) from article_fingerprints").fetchone()[0] == 3  # all signatures kept


def test_a_story_reprinted_many_times_still_takes_new_reprints(db):
    """A wire story in 40 outlets shares every band key with each reprint: a new reprint joins its story
    (bench/scale_bench.py measures what that costs)."""
    s = spool.spool_dir(db)
    spool.write_batch(s, rows.batch_tables([processed(n, text=WIRE) for n in range(40)], [], "r1", NOW))
    prepare_warehouse(db)
    spool.write_batch(
        s, rows.batch_tables([processed(40, text=WIRE + " Updated."), processed(41, text=WIRE)], [], "r2", NOW)
    )
    load_spool(db)
    con = connect(db, read_only=True)
    got = dict(con.execute("select article_id, story_id from articles where article_id in ('id40', 'id41')").fetchall())
    con.close()
    assert got == {"id40": "id0", "id41": "id0"}


def test_search_finds_whole_words_in_any_script_from_the_index(db):
    s = spool.spool_dir(db)
    texts = {
        1: "Serangan udara Suriah dan Rusia menewaskan 400 pemberontak di Idlib. " * 8,
        2: "叙利亚和俄罗斯的空袭在伊德利卜造成四百名叛乱分子死亡。" * 8,
        3: "The harbour festival drew record crowds this weekend in the old town. " * 8,
    }
    spool.write_batch(s, rows.batch_tables([processed(n, text=t) for n, t in texts.items()], [], "r1", NOW))
    prepare_warehouse(db)
    con = connect(db, read_only=True)

    def found(pattern: str) -> set[str]:
        return {r[0] for r in con.execute("select article_id from search_articles(?)", [pattern]).fetchall()}

    assert found("idlib") == found("udara Suriah") == {"id1"}
    assert found("伊德利卜") == {"id2"} and found("harbour festival") == {"id3"}
    assert found("Suriah udara") == {"id1"}  # every word, in any order
    assert found("Suriah harbour") == set()
    assert found("dlib") == set()  # not a word: search_articles matches whole words
    # every stored article is in the index, and its terms are counted once
    assert con.execute("select count(distinct article_id) from search_postings").fetchone()[0] == 3
    assert con.execute("select count(*) = count(distinct (word_id, article_id)) from search_postings").fetchone()[0]


def test_articles_stored_before_the_index_are_indexed_in_chunks_when_the_warehouse_opens(db):
    from warehouse.search import index_backlog

    s = spool.spool_dir(db)
    spool.write_batch(
        s,
        rows.batch_tables(
            [processed(n, text=f"Report number{n} from the northern front. " * 8) for n in range(5)], [], "r1", NOW
        ),
    )
    prepare_warehouse(db)
    con = connect(db)
    con.execute("delete from search_postings")  # as an upgraded warehouse starts: stored, not indexed
    con.execute("insert into search_backlog select article_id from articles")
    assert index_backlog(con, chunk=2) == 5
    assert con.execute("select count(*) from search_backlog").fetchone()[0] == 0
    assert {r[0] for r in con.execute("select article_id from search_articles('number3')").fetchall()} == {"id3"}
    assert index_backlog(con) == 0


def reported(n: int, outlet: str, killed: int | None, text: str = WIRE) -> Processed:
    """An article of outlet `outlet` reporting `killed` dead, located in Idlib, Syria."""
    from dataclasses import replace

    from tasks.records import Casualties, Location

    a = replace(article(n, text), feed_name=outlet, site_name=outlet)
    casualties = Casualties(killed, None, f"{killed} killed") if killed is not None else None
    idlib = Location("Idlib", "Idlib", 169388, "SY", "SY-ID", 35.93, 36.63, 1, 2, True)
    tags = (Tag("air_or_missile_strike", "airstrike", 2, 3.0), Tag("killing_or_casualties", "killed", 1, 2.0))
    return Processed(
        article=a,
        tagging=Tagging(tags, True, 9.0, "v1", 0.95, casualties),
        signature=tuple(signature(a.text)),
        locations=(idlib,),
    )


def test_reprints_in_two_outlets_are_one_event_and_its_toll_spans_the_reports(db):
    s = spool.spool_dir(db)
    edits = [WIRE, WIRE.replace("on Tuesday", "late on Tuesday"), WIRE.replace("officials said", "officials say")]
    batch = [
        reported(1, "wire", 380, edits[0]),
        reported(2, "daily", 400, edits[1]),
        reported(3, "post", 420, edits[2]),
    ]
    spool.write_batch(s, rows.batch_tables(batch, [], "r1", NOW))
    spool.write_batch(s, rows.batch_tables([reported(4, "other", None, "The harbour festival. " * 20)], [], "r2", NOW))
    prepare_warehouse(db)
    con = connect(db, read_only=True)
    events = con.execute("""select articles, outlets, killed_low, killed_median, killed_high, country_code,
                                   admin1_code, category, acled_event_type from conflict_events
                            order by articles desc""").fetchall()
    assert events[0] == (3, 3, 380, 400, 420, "SY", "SY-ID", "air_or_missile_strike", "Explosions/Remote violence")
    assert events[1][:2] == (1, 1) and events[1][2] is None  # an event without a toll
    daily = "select sum(events), sum(articles), sum(killed) from daily_conflict_events where admin1_code = 'SY-ID'"
    assert con.execute(daily).fetchone() == (2, 4, 400)
    located = con.execute("select article_id, place, is_primary from article_locations order by article_id").fetchall()
    assert located[:3] == [("id1", "Idlib", True), ("id2", "Idlib", True), ("id3", "Idlib", True)]


def test_each_load_updates_the_events_its_reports_belong_to(db):
    from tasks.records import Retagged

    s = spool.spool_dir(db)
    edits = [WIRE, WIRE.replace("on Tuesday", "late on Tuesday"), WIRE.replace("officials said", "officials say")]
    event = "select articles, outlets, killed_low, killed_median, killed_high from conflict_events"
    spool.write_batch(s, rows.batch_tables([reported(1, "wire", 380, edits[0])], [], "r1", NOW))
    prepare_warehouse(db)
    with connect(db, read_only=True) as con:
        assert con.execute(event).fetchall() == [(1, 1, 380, 380, 380)]

    # two later reports of the same story, in a later run: the event moves, it is not counted again
    later = [reported(2, "daily", 400, edits[1]), reported(3, "post", 420, edits[2])]
    spool.write_batch(s, rows.batch_tables(later, [], "r2", NOW))
    prepare_warehouse(db)
    with connect(db, read_only=True) as con:
        assert con.execute(event).fetchall() == [(3, 3, 380, 400, 420)]

    # a retag that finds the 420 report is not conflict after all takes it out of the event
    calm = Retagged("id3", Tagging((), False, 0.0, "v2"))
    spool.write_batch(s, rows.retag_tables([calm]))
    load_spool(db)
    with connect(db, read_only=True) as con:
        assert con.execute(event).fetchall() == [(2, 2, 380, 390, 400)]
        located = "select distinct article_id from article_locations order by 1"
        assert con.execute(located).fetchall() == [("id1",), ("id2",)]  # no location kept for id3


def test_a_warehouse_from_before_the_events_table_keeps_its_events(db):
    """Migration 0014 computes the events already stored: the rows the 0012 view gave."""
    import re

    s = spool.spool_dir(db)
    spool.write_batch(s, rows.batch_tables([reported(1, "wire", 380), reported(2, "daily", 400)], [], "r1", NOW))
    prepare_warehouse(db)
    with connect(db) as con:  # as the warehouse stood after migration 0013: events were a view
        old_view = re.search(r"CREATE VIEW conflict_events AS.*?;", migrations()[11][2], re.S)
        assert old_view and migrations()[11][0] == 12
        con.execute("DROP TABLE conflict_events")
        con.execute(old_view.group(0))
        con.execute("DELETE FROM schema_migrations WHERE version >= 14")
        before = con.execute("select * from conflict_events").fetchall()
        assert len(before) == 1
        migrate(con)
        assert con.execute("select * exclude (updated_at) from conflict_events").fetchall() == before
        kind = "select table_type from information_schema.tables where table_name = 'conflict_events'"
        assert con.execute(kind).fetchone() == ("BASE TABLE",)


def test_an_events_location_comes_whole_from_one_report(db):
    from dataclasses import replace

    from tasks.records import Location

    s = spool.spool_dir(db)
    first = reported(1, "wire", 380)  # located only as the country, without coordinates
    first = replace(first, locations=(Location("Suriah", "Syria", None, "SY", None, None, None, 3, 1, True),))
    second = reported(2, "daily", 400, WIRE.replace("on Tuesday", "late on Tuesday"))
    spool.write_batch(s, rows.batch_tables([first, second], [], "r1", NOW))
    prepare_warehouse(db)
    with connect(db, read_only=True) as con:
        where = "select place, admin1_code, geonameid, latitude, longitude, precision from conflict_events"
        assert con.execute(where).fetchall() == [("Syria", None, None, None, None, 3)]


def test_tags_and_places_stay_one_row_per_key_without_a_primary_key(db):
    """The same article twice in one batch and again in a later batch (two runs spooled it while the
    warehouse was locked): one row per tag and per place."""
    s = spool.spool_dir(db)
    from dataclasses import replace

    twice = processed(1, terms=("airstrike", "shelling"), text="Airstrike and shelling in Idlib, Syria. " * 10)
    twice = replace(twice, places=(("SY", "syria", 10), ("SY", "idlib", 10)))
    spool.write_batch(s, rows.batch_tables([twice, twice], [], "r1", NOW))
    spool.write_batch(s, rows.batch_tables([twice], [], "r2", NOW))
    prepare_warehouse(db)
    load_spool(db)
    with connect(db, read_only=True) as con:
        for table, key in (("article_tags", "category, term"), ("article_places", "country_code, place")):
            counts = con.execute(f"select count(*) from {table} group by article_id, {key}").fetchall()
            assert counts and {n for (n,) in counts} == {1}, table
