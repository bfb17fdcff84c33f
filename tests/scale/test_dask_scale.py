"""Dask scale-out: the same events as the single-process path, partition outputs, resume."""
from __future__ import annotations

import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "faults"))
from fp_corpus import article, write_jsonl  # noqa: E402

from flashpoint.jobs import code_sources  # noqa: E402
from flashpoint.scale import code_corpus, plan_partitions, read_partition  # noqa: E402
from flashpoint.store import Store  # noqa: E402

distributed = pytest.importorskip("distributed")
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("corpus")
    (root / "wire").mkdir()
    write_jsonl(root / "wire" / "a.jsonl", 0, 9)
    with (root / "wire" / "a.jsonl").open("a") as fh:
        fh.write("\n{not json}\n")  # a blank and a bad line: the rejection names its line
    write_jsonl(root / "wire" / "b.jsonl", 100, 3)
    (root / "item.txt").write_text("Turkey shells Kurdish positions\n\nANKARA - Turkish artillery "
                                   "shelled Kurdish militia positions in northern Syria on Sunday.\n")
    pq.write_table(pa.Table.from_pylist([article(i) for i in range(200, 204)]), root / "more.parquet")
    return root


def test_partitions_cover_the_corpus_in_order(corpus):
    parts, problems = plan_partitions([corpus], chunk_size=4)
    assert not problems
    kinds = [(Path(p.path).name, p.kind) for p in parts]
    assert kinds == [("item.txt", "file"), ("more.parquet", "parquet"), ("a.jsonl", "jsonl"), ("a.jsonl", "jsonl"),
                     ("a.jsonl", "jsonl"), ("b.jsonl", "jsonl")]
    read = [o for p in parts for o in read_partition(p)]
    ids = [o.record_id for o in read if hasattr(o, "record_id")]
    assert sorted(i for i in ids if i) == sorted([f"wire-{i:05d}" for i in [*range(9), *range(100, 103), *range(200, 204)]])
    bad = [o for o in read if not hasattr(o, "record_id")]
    assert len(bad) == 1 and bad[0].where.endswith("a.jsonl:11") and "malformed JSON" in bad[0].problem


def _contents(db: Path):
    with Store(db, read_only=True) as s:
        arts = s.sql("SELECT id, record_id, title, body, published, origin FROM articles ORDER BY id").rows()
        events = sorted((e.article_id, e.id, str(e.to_dict())) for e in s.events())
    return arts, events


def test_dask_matches_single_process_and_resumes(corpus, tmp_path, pipeline):
    single = tmp_path / "single.duckdb"
    with Store(single) as store:
        rep = code_sources([corpus / "wire", corpus / "item.txt"], store=store, pipeline=pipeline)
        assert len(rep.rejected) == 1
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                                  dashboard_address=None, memory_limit=0) as cluster, \
            distributed.Client(cluster) as client:
        dask_db = tmp_path / "dask.duckdb"
        out = tmp_path / "parts"
        with Store(dask_db) as store:
            report = code_corpus([corpus / "wire", corpus / "item.txt"], store=store, out_dir=out,
                                 chunk_size=4, client=client)
        assert report.partitions == 5 and report.partitions_skipped == 0
        assert report.articles_coded == report.articles_loaded == 13
        assert [str(r) for r in report.rejected] == [f"{corpus / 'wire' / 'a.jsonl'}:11: "
                                                     "malformed JSON (Expecting property name enclosed in double quotes at column 2)"]
        assert _contents(dask_db) == _contents(single)
        assert _contents(single)[1], "the corpus has events"

        # resume: a finished partition is skipped; a lost one (no output) is coded again
        lost = sorted(out.glob("part-*.parquet"))[0]
        lost.unlink()
        with Store(dask_db) as store:
            again = code_corpus([corpus / "wire", corpus / "item.txt"], store=store, out_dir=out,
                                chunk_size=4, client=client)
        assert again.partitions_skipped == 4 and again.articles_loaded == 0
        assert 1 <= again.articles_coded <= 4 and not list(out.glob("*.tmp"))
        assert _contents(dask_db) == _contents(single)

        # Parquet input codes like the same records as JSONL
        with Store(tmp_path / "pq.duckdb") as store:
            pq_report = code_corpus([corpus / "more.parquet"], store=store, out_dir=out, client=client)
        assert pq_report.articles_loaded == 4
