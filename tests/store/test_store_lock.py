"""A store file held by another process's writer gives a StoreError for people.

DuckDB locks the file per process; inside one process a second connection just shares the open
database, so the lock is held by a real subprocess here.
"""
import subprocess
import sys

import pytest

from flashpoint.errors import StoreError
from flashpoint.store import Store

HOLDER = """
import sys, duckdb
con = duckdb.connect(sys.argv[1])
print("ready", flush=True)
sys.stdin.read()
con.close()
"""


def test_locked_store_says_it_is_in_use(tmp_path):
    path = tmp_path / "news.duckdb"
    Store(path).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        with pytest.raises(StoreError, match="in use by another process"):
            Store(path)
    finally:
        holder.communicate(timeout=30)  # closes stdin: the holder releases the file and exits
    with Store(path) as store:  # usable again once the other process is gone
        assert store.counts()["articles"] == 0
