"""JSONL and JSON readers: good lines come through, bad lines are rejections naming file:line."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from flashpoint.ingest import Rejected, iter_articles
from flashpoint.model import Article

STRIKE = ("Iran fired more than a dozen ballistic missiles at two military bases in Iraq housing "
          "U.S. forces early on Wednesday, the Pentagon said.")
SWAP = ("Ukraine and Russia exchanged 75 prisoners of war on Sunday in a deal brokered by the "
        "United Arab Emirates, the Ukrainian presidency said.")


def _write_jsonl(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_jsonl_with_ids_and_malformed_middle_line(tmp_path: Path) -> None:
    path = _write_jsonl(tmp_path / "news.jsonl", [
        json.dumps({"id": "r-1", "title": "Iran strikes U.S. bases", "text": STRIKE,
                    "url": "https://www.reuters.com/world/x", "published": "2020-01-08T04:10:00Z"}),
        '{"id": "r-2", "text": "unterminated',
        json.dumps({"id": 3, "body": SWAP, "outlet": "Kyiv Independent", "published": "Sun, 7 Jan 2024"}),
    ])
    out = list(iter_articles([path]))
    assert [type(o).__name__ for o in out] == ["Article", "Rejected", "Article"]
    first, bad, third = out
    assert isinstance(first, Article) and isinstance(bad, Rejected) and isinstance(third, Article)
    assert first.record_id == "r-1" and first.public_id == "r-1"
    assert first.title == "Iran strikes U.S. bases" and first.body == STRIKE
    assert first.outlet == "reuters.com"
    assert first.published == date(2020, 1, 8) and first.published_inferred is False
    assert first.origin == f"{path}:1"
    assert bad.error.where == f"{path}:2"
    assert "malformed JSON" in bad.error.problem
    assert str(bad).startswith(f"{path}:2: ")
    assert third.record_id == "3"  # integer ids are kept as text
    assert third.body == SWAP and third.title == ""
    assert third.outlet == "Kyiv Independent"
    assert third.published == date(2024, 1, 7)


def test_jsonl_bad_records_named_by_line(tmp_path: Path) -> None:
    path = _write_jsonl(tmp_path / "bad.jsonl", [
        json.dumps({"text": STRIKE}),
        "[1, 2, 3]",
        json.dumps({"title": "no text here"}),
        json.dumps({"text": "   "}),
        json.dumps({"text": STRIKE, "title": 12}),
        json.dumps({"text": ["a list"]}),
        "",
        json.dumps({"text": SWAP, "id": True}),
        json.dumps({"text": SWAP, "published": "not a date at all"}),
    ])
    out = list(iter_articles([path]))
    problems = {o.error.where: o.error.problem for o in out if isinstance(o, Rejected)}
    assert problems == {
        f"{path}:2": "expected a JSON object, got array",
        f"{path}:3": "no 'text' field (or 'body'); every record needs the article text",
        f"{path}:4": "field 'text' is empty",
        f"{path}:5": "field 'title' must be a string, got int",
        f"{path}:6": "field 'text' must be a string, got array",
        f"{path}:8": "field 'id' must be a string or an integer, got boolean",
    }
    articles = [o for o in out if isinstance(o, Article)]
    assert [a.origin for a in articles] == [f"{path}:1", f"{path}:9"]
    assert articles[1].published is None  # unreadable date: kept the article, no date invented


def test_jsonl_text_in_rss_form_is_split(tmp_path: Path) -> None:
    item = f"Missiles hit bases in Iraq\n\n{STRIKE}\n\nSource: https://www.aljazeera.com/news/2020/1/8/x"
    path = _write_jsonl(tmp_path / "rss.jsonl", [json.dumps({"text": item})])
    (a,) = iter_articles([path])
    assert isinstance(a, Article)
    assert a.title == "Missiles hit bases in Iraq" and a.body == STRIKE
    assert a.outlet == "aljazeera.com"


def test_jsonl_overlong_line_is_skipped_not_loaded(tmp_path: Path) -> None:
    path = tmp_path / "long.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        fh.write(json.dumps({"text": STRIKE}) + "\n")
        fh.write(json.dumps({"text": "x " * 3_000_000}) + "\n")  # ~6 MB line, over the 5 MB limit
        fh.write(json.dumps({"text": SWAP}) + "\n")
    out = list(iter_articles([path]))
    assert [type(o).__name__ for o in out] == ["Article", "Rejected", "Article"]
    assert out[1].error.where == f"{path}:2"
    assert "longer than 5,000,000 bytes" in out[1].error.problem


def test_text_file_named_jsonl_gives_up_early(tmp_path: Path) -> None:
    path = tmp_path / "notes.jsonl"
    path.write_text("\n".join(f"Line {i} of a plain text file." for i in range(500)), encoding="utf-8")
    out = list(iter_articles([path]))
    assert len(out) == 21  # 20 line rejections, then one for the file
    assert out[-1].error.where == str(path)
    assert "is this really JSONL" in out[-1].error.problem


def test_json_array_and_single_object(tmp_path: Path) -> None:
    arr = tmp_path / "arr.json"
    arr.write_text(json.dumps([{"id": "a", "text": STRIKE}, {"id": "b"}]), encoding="utf-8")
    one = tmp_path / "one.json"
    one.write_text(json.dumps({"id": "c", "text": SWAP}, indent=2), encoding="utf-8")
    out = list(iter_articles([arr, one]))
    assert isinstance(out[0], Article) and out[0].record_id == "a"
    assert isinstance(out[1], Rejected) and out[1].error.where == f"{arr}[1]"
    assert isinstance(out[2], Article) and out[2].record_id == "c"


def test_jsonl_utf8_bom_and_cp1252_line(tmp_path: Path) -> None:
    path = tmp_path / "enc.jsonl"
    good = json.dumps({"text": STRIKE}, ensure_ascii=False).encode("utf-8")
    cp = json.dumps({"text": "Le président français a condamné l'attaque contre la base."},
                    ensure_ascii=False).encode("cp1252")
    path.write_bytes(b"\xef\xbb\xbf" + good + b"\n" + cp + b"\n")
    a, b = iter_articles([path])
    assert isinstance(a, Article) and isinstance(b, Article)
    assert "président français" in b.body
