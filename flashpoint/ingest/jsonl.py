"""JSONL (one article object per line) and JSON (one object, or an array of objects).

Keys read: ``text`` (required; ``body`` is accepted as an alias), ``title``, ``id`` (→
``Article.record_id``; a string or an integer), ``url``, ``published``, ``outlet``,
``language``. Other keys are ignored. Each line is read on its own, at most ``max_line_bytes``
long, so a file of any size streams through in constant memory; each bad line becomes a
:class:`Rejected` naming ``path:line`` and the reader goes on with the next line.
"""
from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from flashpoint.errors import InputError
from flashpoint.ingest.assemble import assemble_article
from flashpoint.ingest.dates import parse_published
from flashpoint.ingest.decode import decode_bytes, normalise_text
from flashpoint.ingest.outcome import ReadOutcome, Rejected, rejected
from flashpoint.ingest.text_item import split_text_item

log = logging.getLogger("flashpoint.ingest")

MAX_LINE_BYTES = 5_000_000
GIVE_UP_AFTER = 20  # consecutive bad lines, with no good one yet, before a file is deemed not JSONL
_CHUNK = 1 << 20
_STRING_KEYS = ("title", "url", "published", "outlet", "language")


def _type_name(value: Any) -> str:
    return "null" if value is None else {dict: "object", list: "array", bool: "boolean"}.get(
        type(value), type(value).__name__
    )


def record_to_article(record: Any, where: str) -> ReadOutcome:
    """Validate one decoded JSON value and build the article, or say what is wrong with it."""
    if not isinstance(record, dict):
        return rejected(where, f"expected a JSON object, got {_type_name(record)}")
    key = "text" if record.get("text") is not None else "body"
    text = record.get(key)
    if text is None:
        return rejected(where, "no 'text' field (or 'body'); every record needs the article text")
    if not isinstance(text, str):
        return rejected(where, f"field '{key}' must be a string, got {_type_name(text)}")
    for name in _STRING_KEYS:
        value = record.get(name)
        if value is not None and not isinstance(value, str):
            return rejected(where, f"field '{name}' must be a string, got {_type_name(value)}")
    rid = record.get("id")
    if rid is not None and (isinstance(rid, bool) or not isinstance(rid, str | int)):
        return rejected(where, f"field 'id' must be a string or an integer, got {_type_name(rid)}")
    title = record.get("title")
    parts = split_text_item(text, title=normalise_text(title) if title else None)
    if not (parts.title or parts.caption or parts.body).strip():
        return rejected(where, f"field '{key}' is empty")
    published = None
    if record.get("published"):
        published = parse_published(record["published"])
        if published is None:
            log.warning("%s: could not read published date %r; inferring it from the text",
                        where, record["published"][:80])
    url = (record.get("url") or "").strip() or parts.url
    language = (record.get("language") or "").strip().lower() or None
    return assemble_article(
        title=parts.title,
        caption=parts.caption,
        body=parts.body,
        url=url,
        outlet=(record.get("outlet") or "").strip() or None,
        published=published,
        language=language,
        record_id=None if rid is None else str(rid),
        origin=where,
    )


def parse_json_line(line: str, where: str) -> ReadOutcome | None:
    """One JSONL line → outcome; ``None`` for a blank line."""
    if not line.strip():
        return None
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return rejected(where, f"malformed JSON ({exc.msg} at column {exc.colno})")
    except RecursionError:
        return rejected(where, "malformed JSON (nested too deeply)")
    return record_to_article(record, where)


def _skip_rest_of_line(fh: IO[bytes]) -> None:
    while True:
        chunk = fh.readline(_CHUNK)
        if not chunk or chunk.endswith(b"\n"):
            return


def _raw_lines(fh: IO[bytes], max_line_bytes: int) -> Iterator[bytes | None]:
    """Lines of ``fh``; ``None`` stands for a line over the limit (already skipped)."""
    while True:
        raw = fh.readline(max_line_bytes + 1)
        if not raw:
            return
        if len(raw) > max_line_bytes and not raw.endswith(b"\n"):
            _skip_rest_of_line(fh)
            yield None
        else:
            yield raw


def iter_json_lines(
    lines: Iterable[bytes | str | None], where: str, *, max_line_bytes: int = MAX_LINE_BYTES
) -> Iterator[ReadOutcome]:
    """Outcomes of JSONL ``lines`` (``None`` = an over-long line); ``where`` names the source."""
    good, bad_run = 0, 0
    for lineno, raw in enumerate(lines, start=1):
        at = f"{where}:{lineno}"
        if raw is None:
            outcome: ReadOutcome | None = rejected(at, f"line longer than {max_line_bytes:,} bytes, skipped")
        else:
            try:
                line = decode_bytes(raw, at).text if isinstance(raw, bytes) else raw
            except InputError:
                line = None
            if lineno == 1 and line:
                line = line.lstrip("\ufeff")
            if line is None:
                outcome = rejected(at, "NUL or control bytes in line, not JSON")
            else:
                outcome = parse_json_line(line, at)
        if outcome is None:
            continue
        if isinstance(outcome, Rejected):
            bad_run += 1
            yield outcome
            if good == 0 and bad_run >= GIVE_UP_AFTER:
                yield rejected(where, f"stopped reading: none of the first {GIVE_UP_AFTER} records is a valid "
                               "JSON article object; is this really JSONL?")
                return
        else:
            good, bad_run = good + 1, 0
            yield outcome
    if good == 0 and bad_run == 0:
        yield rejected(where, "empty file (no records)")


def read_jsonl_file(path: Path, *, max_line_bytes: int = MAX_LINE_BYTES) -> Iterator[ReadOutcome]:
    """Stream a JSONL file line by line (never the whole file in memory)."""
    where = str(path)
    with path.open("rb") as fh:
        head = fh.read(8192)
        nul = head.find(b"\x00")
        if nul >= 0 and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
            yield rejected(where, f"binary file (NUL byte at offset {nul}), not JSONL")
            return
        if not head.strip():
            yield rejected(where, "empty file")
            return
        fh.seek(0)
        yield from iter_json_lines(_raw_lines(fh, max_line_bytes), where, max_line_bytes=max_line_bytes)


def read_json_file(path: Path, *, max_bytes: int, max_line_bytes: int = MAX_LINE_BYTES) -> Iterator[ReadOutcome]:
    """A ``.json`` file: one object or an array of objects; anything else is read as JSONL."""
    where = str(path)
    if path.stat().st_size > max_bytes:
        # too big to parse as one document: it can still be JSONL, read line by line
        yield from read_jsonl_file(path, max_line_bytes=max_line_bytes)
        return
    data = path.read_bytes()
    try:
        text = decode_bytes(data, where).text.lstrip("\ufeff")
    except InputError as exc:
        yield rejected(exc.where, exc.problem)
        return
    if not text.strip():
        yield rejected(where, "empty file")
        return
    try:
        document = json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        yield from iter_json_lines(text.split("\n"), where, max_line_bytes=max_line_bytes)
        return
    if isinstance(document, list):
        for i, record in enumerate(document):
            yield record_to_article(record, f"{where}[{i}]")
    else:
        yield record_to_article(document, where)

