"""Source expansion (directories, globs, stdin) and bad input: every problem is a rejection."""
from __future__ import annotations

import io
import json
import time
import tracemalloc
from pathlib import Path

from flashpoint.ingest import Rejected, iter_articles
from flashpoint.model import Article

ITEM = ("Turkey launches air strikes on Kurdish militants in northern Iraq\n\n"
        "Turkish warplanes struck targets of the Kurdistan Workers Party (PKK) in northern Iraq on "
        "Saturday, the defence ministry in Ankara said.")
ITEM_2 = ("Sudan army and RSF agree to a week-long ceasefire\n\n"
          "Sudan's army and the paramilitary Rapid Support Forces agreed to a seven-day ceasefire "
          "starting on Monday, Saudi Arabia and the United States said in a joint statement.")


def _only(outcomes: list) -> Rejected:
    assert len(outcomes) == 1 and isinstance(outcomes[0], Rejected), outcomes
    return outcomes[0]


def test_directory_recursive_and_glob(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "deep").mkdir()
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "a" / "one.txt").write_text(ITEM, encoding="utf-8")
    (tmp_path / "a" / "deep" / "two.TXT").write_text(ITEM_2, encoding="utf-8")
    (tmp_path / "a" / "notes.md").write_text("# not news", encoding="utf-8")
    (tmp_path / ".hidden" / "x.txt").write_text(ITEM, encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(json.dumps({"id": "j1", "text": ITEM_2}) + "\n", encoding="utf-8")

    from_dir = list(iter_articles([tmp_path]))
    assert all(isinstance(o, Article) for o in from_dir)
    # top-down walk, names sorted; hidden folders and unsupported files skipped
    assert [o.origin for o in from_dir] == [
        f"{tmp_path / 'b.jsonl'}:1", str(tmp_path / "a" / "one.txt"), str(tmp_path / "a" / "deep" / "two.TXT")]

    from_glob = list(iter_articles([str(tmp_path / "a" / "*.txt"), str(tmp_path / "**" / "*.jsonl")]))
    assert [o.origin for o in from_glob] == [str(tmp_path / "a" / "one.txt"), f"{tmp_path / 'b.jsonl'}:1"]

    # the same file named twice is read once
    assert len(list(iter_articles([tmp_path / "a" / "one.txt", str(tmp_path / "a" / "one.txt")]))) == 1


def test_missing_path_and_empty_glob(tmp_path: Path) -> None:
    out = list(iter_articles([tmp_path / "nope.txt", str(tmp_path / "*.html")]))
    assert [o.error.problem for o in out] == ["no such file or directory", "no files match this pattern"]


def test_stdin_text_item() -> None:
    (a,) = iter_articles(["-"], stdin=io.StringIO(ITEM))
    assert isinstance(a, Article)
    assert a.title.startswith("Turkey launches air strikes") and a.origin == "<stdin>"


def test_stdin_jsonl() -> None:
    lines = [json.dumps({"id": "s1", "text": ITEM}), "{broken", json.dumps({"id": "s2", "text": ITEM_2})]
    out = list(iter_articles(["-"], stdin=io.StringIO("\n".join(lines))))
    assert [type(o).__name__ for o in out] == ["Article", "Rejected", "Article"]
    assert out[0].record_id == "s1" and out[2].record_id == "s2"
    assert out[1].error.where == "<stdin>:2"


def test_empty_file(tmp_path: Path) -> None:
    for name in ("empty.txt", "empty.jsonl", "empty.html", "blank.txt"):
        (tmp_path / name).write_text("" if name != "blank.txt" else " \n\n \t\n", encoding="utf-8")
        r = _only(list(iter_articles([tmp_path / name])))
        assert r.error.where == str(tmp_path / name) and r.error.problem == "empty file"


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    r = _only(list(iter_articles([path])))
    assert str(r) == f"{path}: binary file (NUL byte at offset 8), not a news text"
    jl = tmp_path / "photo.jsonl"
    jl.write_bytes(path.read_bytes())
    assert "binary file" in _only(list(iter_articles([jl]))).error.problem


def test_cp1252_file(tmp_path: Path) -> None:
    path = tmp_path / "legacy.txt"
    text = ("Président Macron says France “will not back down”\n\n"
            "Le président Emmanuel Macron a déclaré mardi que la France ne reculerait pas face à la menace.")
    path.write_bytes(text.encode("cp1252"))
    (a,) = iter_articles([path])
    assert isinstance(a, Article)
    assert a.title == "Président Macron says France “will not back down”"
    assert "déclaré mardi" in a.body


def test_mixed_encoding_file_does_not_crash(tmp_path: Path) -> None:
    path = tmp_path / "mixed.txt"
    path.write_bytes("Kyiv says “talks are over”\n\n".encode("utf-8")
                     + "Le ministre a déclaré que les négociations étaient terminées.".encode("cp1252"))
    (a,) = iter_articles([path])
    assert isinstance(a, Article)
    assert a.title == "Kyiv says “talks are over”" and "déclaré" in a.body


def test_utf16_file(tmp_path: Path) -> None:
    path = tmp_path / "utf16.txt"
    path.write_bytes(ITEM.encode("utf-16"))
    (a,) = iter_articles([path])
    assert isinstance(a, Article) and a.title.startswith("Turkey launches")


def test_unknown_extension(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(b"%PDF-1.4 ...")
    r = _only(list(iter_articles([path])))
    assert r.error.problem == "unsupported file type (extension '.pdf'); supported: .htm, .html, .json, .jsonl, .txt"


def test_oversize_document_rejected_by_size(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text(ITEM * 50, encoding="utf-8")
    r = _only(list(iter_articles([path], max_bytes=1000)))
    assert r.error.where == str(path)
    assert r.error.problem.startswith(f"file is {path.stat().st_size:,} bytes, over the limit of 1,000 bytes")
    assert isinstance(next(iter(iter_articles([path]))), Article)  # default limit: fine


def test_50mb_text_file_rejected_quickly_without_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)  # sparse: 50 MB on paper, nothing to write
    tracemalloc.start()
    t0 = time.perf_counter()
    r = _only(list(iter_articles([path])))
    elapsed = time.perf_counter() - t0
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert "over the limit of 20,000,000 bytes" in r.error.problem
    assert elapsed < 1.0 and peak < 5_000_000


def test_50mb_jsonl_streams_line_by_line(tmp_path: Path) -> None:
    path = tmp_path / "huge.jsonl"
    line = (json.dumps({"text": ITEM_2 + " " + "Padding sentence for size. " * 60}) + "\n").encode("utf-8")
    with path.open("wb") as fh:
        fh.write(line * (50_000_000 // len(line) + 1))
    tracemalloc.start()
    stream = iter_articles([path])
    first = [next(stream) for _ in range(3)]
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert all(isinstance(o, Article) for o in first)
    assert first[2].origin == f"{path}:3"
    assert peak < 10_000_000  # the 50 MB file is never held in memory
