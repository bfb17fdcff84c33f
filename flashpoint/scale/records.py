"""Articles and events ↔ rows of the partition Parquet files (JSON strings: exact round trip)."""
from __future__ import annotations

import dataclasses
import json
from datetime import date
from typing import Any

import pyarrow as pa

from flashpoint.errors import InputError
from flashpoint.model import Article, Event

PARTITION_SCHEMA = pa.schema([
    ("seq", pa.int64()),  # order within the partition
    ("article_id", pa.string()),
    ("article", pa.string()),  # Article as JSON; null for a rejection
    ("events", pa.string()),  # JSON list of Event.to_dict()
    ("rejected_where", pa.string()),
    ("rejected_problem", pa.string()),
])


def article_to_json(article: Article) -> str:
    d = dataclasses.asdict(article)
    d["published"] = article.published.isoformat() if article.published else None
    return json.dumps(d, ensure_ascii=False)


def article_from_json(text: str) -> Article:
    d: dict[str, Any] = json.loads(text)
    if d.get("published"):
        d["published"] = date.fromisoformat(d["published"])
    return Article(**d)


def rows_to_table(results: list[tuple[Article, list[Event]]], rejections: list[InputError]) -> pa.Table:
    rows = [
        {"seq": i, "article_id": a.id, "article": article_to_json(a),
         "events": json.dumps([e.to_dict() for e in evs], ensure_ascii=False, default=str),
         "rejected_where": None, "rejected_problem": None}
        for i, (a, evs) in enumerate(results)
    ]
    rows += [
        {"seq": len(results) + i, "article_id": None, "article": None, "events": None,
         "rejected_where": err.where, "rejected_problem": err.problem}
        for i, err in enumerate(rejections)
    ]
    return pa.Table.from_pylist(rows, schema=PARTITION_SCHEMA)


def table_to_rows(table: pa.Table) -> tuple[list[tuple[Article, list[Event]]], list[InputError]]:
    results: list[tuple[Article, list[Event]]] = []
    rejections: list[InputError] = []
    for row in table.sort_by("seq").to_pylist():
        if row["article"] is None:
            rejections.append(InputError(row["rejected_where"], row["rejected_problem"]))
        else:
            events = [Event.from_dict(d) for d in json.loads(row["events"])]
            results.append((article_from_json(row["article"]), events))
    return results, rejections
