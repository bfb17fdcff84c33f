"""Schema creation, versioning and migrations of the DuckDB store."""
import duckdb
import pytest

from flashpoint.errors import StoreError
from flashpoint.store import LATEST_VERSION, MIGRATIONS, Store
from flashpoint.store.migrations import Migration, apply_migrations, current_version


def test_new_store_has_every_table_and_the_latest_version(tmp_path):
    path = tmp_path / "news.duckdb"
    with Store(path) as store:
        assert store.schema_version == LATEST_VERSION == MIGRATIONS[-1].number
    con = duckdb.connect(str(path), read_only=True)
    tables = {
        r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()
    }
    indexes = {r[0] for r in con.execute("SELECT index_name FROM duckdb_indexes()").fetchall()}
    versions = con.execute("SELECT version, description FROM schema_version").fetchall()
    con.close()
    assert {"schema_version", "articles", "events", "evidence", "actors"} <= tables
    assert {"events_article_id", "events_date", "events_dyad", "events_event_type"} <= indexes
    assert [v for v, _ in versions] == [m.number for m in MIGRATIONS]


def test_migrations_are_numbered_in_order():
    numbers = [m.number for m in MIGRATIONS]
    assert numbers == list(range(1, len(numbers) + 1))


def test_reopening_applies_nothing_and_keeps_data(tmp_path, sample_results):
    path = tmp_path / "news.duckdb"
    with Store(path) as store:
        store.add(sample_results)
    with Store(path) as store:
        assert store.schema_version == LATEST_VERSION
        assert store.counts()["events"] == 6
        n_versions = store.sql("SELECT count(*) AS n FROM schema_version")["n"][0]
    assert n_versions == len(MIGRATIONS)


def test_store_written_by_newer_flashpoint_is_refused(tmp_path):
    path = tmp_path / "news.duckdb"
    Store(path).close()
    con = duckdb.connect(str(path))
    con.execute("INSERT INTO schema_version VALUES (?, 'from the future', now()::TIMESTAMP)",
                [LATEST_VERSION + 1])  # fmt: skip
    con.close()
    with pytest.raises(StoreError, match=r"schema version \d+.*Upgrade flashpoint"):
        Store(path)
    with pytest.raises(StoreError, match="Upgrade flashpoint"):
        Store(path, read_only=True)


def test_read_only_store_refuses_writes_and_missing_files(tmp_path, sample_results):
    path = tmp_path / "news.duckdb"
    with pytest.raises(StoreError, match="no such store"):
        Store(path, read_only=True)
    with Store(path) as store:
        store.add(sample_results)
    with Store(path, read_only=True) as store:
        assert store.counts()["articles"] == 2
        with pytest.raises(StoreError, match="read-only"):
            store.add(sample_results)


def test_file_that_is_not_a_database_gives_a_store_error(tmp_path):
    path = tmp_path / "notes.duckdb"
    path.write_text("Iran fired missiles at two bases in Iraq.\n" * 50)
    with pytest.raises(StoreError, match="cannot open the store"):
        Store(path)


def test_failing_migration_leaves_the_store_at_its_old_version(tmp_path, sample_results):
    path = tmp_path / "news.duckdb"
    with Store(path) as store:
        store.add(sample_results)
    later = (
        *MIGRATIONS,
        Migration(LATEST_VERSION + 1, "dyad table", ("CREATE TABLE dyads (source VARCHAR)",)),
        Migration(LATEST_VERSION + 2, "broken", ("ALTER TABLE no_such_table ADD COLUMN x INT",)),
    )
    con = duckdb.connect(str(path))
    try:
        with pytest.raises(StoreError, match=f"migration to schema version {LATEST_VERSION + 2}"):
            apply_migrations(con, str(path), later)
        assert current_version(con) == LATEST_VERSION
        tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        assert "dyads" not in tables  # the whole run was rolled back, not just the failing step
        assert apply_migrations(con, str(path), later[:-1]) == [LATEST_VERSION + 1]
        assert current_version(con) == LATEST_VERSION + 1
        assert con.execute("SELECT count(*) FROM events").fetchall() == [(6,)]
    finally:
        con.close()


def test_a_version_6_store_keeps_its_incidents_as_components(tmp_path):
    """Incidents linked before splitting (version 6) were whole components: migration 7 records
    each incident as its own component, so linking later articles re-splits nothing it should
    not."""
    path = tmp_path / "v6.duckdb"
    con = duckdb.connect(str(path))
    apply_migrations(con, str(path), MIGRATIONS[:6])
    con.execute("INSERT INTO incident_events VALUES ('e1', 'inc-e1'), ('e2', 'inc-e1'), "
                "('e3', NULL)")
    con.close()
    with Store(path) as store:
        assert store.schema_version == 7
        rows = store.sql("SELECT event_id, incident_id, component_id FROM incident_events "
                         "ORDER BY event_id").rows()
    assert rows == [("e1", "inc-e1", "inc-e1"), ("e2", "inc-e1", "inc-e1"), ("e3", None, None)]
