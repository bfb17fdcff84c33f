"""Paths, directories, globs and stdin → a stream of :data:`ReadOutcome`, dispatched by extension.

* a directory is walked recursively (sorted, symlinked directories not followed, hidden files and
  folders skipped); files in it with an unsupported extension are skipped silently;
* a path containing ``* ? [`` that does not exist as such is a glob (``**`` recurses);
* ``-`` reads ``stdin``: JSONL when its first non-blank line is a JSON object (later bad lines
  are rejections), otherwise one text item;
* a file named directly with an unsupported extension is a rejection listing the supported ones.

Text and HTML documents larger than ``max_bytes`` are refused from their size alone, without
being read; JSONL files have no total limit and stream line by line (each line at most
``max_line_bytes``). A ``.json`` file over ``max_bytes`` is read as JSONL.
"""
from __future__ import annotations

import glob
import json
import logging
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TextIO

from flashpoint.errors import InputError
from flashpoint.ingest.decode import decode_bytes
from flashpoint.ingest.html import html_bytes_to_article
from flashpoint.ingest.jsonl import MAX_LINE_BYTES, iter_json_lines, read_json_file, read_jsonl_file
from flashpoint.ingest.outcome import ReadOutcome, rejected
from flashpoint.ingest.text_item import read_text_item

log = logging.getLogger("flashpoint.ingest")

MAX_BYTES = 20_000_000
STDIN = "-"
STDIN_NAME = "<stdin>"
TEXT_EXTENSIONS = frozenset({".txt"})
JSONL_EXTENSIONS = frozenset({".jsonl"})
JSON_EXTENSIONS = frozenset({".json"})
HTML_EXTENSIONS = frozenset({".html", ".htm"})
SUPPORTED_EXTENSIONS = tuple(sorted(TEXT_EXTENSIONS | JSONL_EXTENSIONS | JSON_EXTENSIONS | HTML_EXTENSIONS))
_GLOB_CHARS = frozenset("*?[")


def _size_problem(size: int, max_bytes: int) -> str:
    return (f"file is {size:,} bytes, over the limit of {max_bytes:,} bytes per document "
            "(raise max_bytes to read it)")


def has_words(text: str) -> bool:
    """True when ``text`` has at least one letter."""
    return any(c.isalpha() for c in text)


def text_to_outcome(text: str, where: str) -> ReadOutcome:
    """One text item → Article, or a rejection when it holds no words."""
    if not text.strip():
        return rejected(where, "empty file")
    if not has_words(text):
        return rejected(where, "no words in the text, not a news text")
    return read_text_item(text, origin=where)


def read_text_file(path: Path, *, max_bytes: int = MAX_BYTES) -> Iterator[ReadOutcome]:
    """A ``.txt`` file: one RSS item or plain text."""
    where = str(path)
    data = _read_limited(path, max_bytes)
    if isinstance(data, str):
        yield rejected(where, data)
        return
    try:
        decoded = decode_bytes(data, where)
    except InputError as exc:
        yield rejected(exc.where, exc.problem)
        return
    if decoded.note:
        log.info("%s: %s", where, decoded.note)
    yield text_to_outcome(decoded.text, where)


def read_html_file(path: Path, *, max_bytes: int = MAX_BYTES) -> Iterator[ReadOutcome]:
    """A ``.html``/``.htm`` file: one page."""
    data = _read_limited(path, max_bytes)
    if isinstance(data, str):
        yield rejected(str(path), data)
        return
    if not data.strip():
        yield rejected(str(path), "empty file")
        return
    yield html_bytes_to_article(data, origin=str(path))


def _read_limited(path: Path, max_bytes: int) -> bytes | str:
    """The file's bytes, or a problem (str) when it is over ``max_bytes``."""
    size = path.stat().st_size
    if size > max_bytes:
        return _size_problem(size, max_bytes)
    with path.open("rb") as fh:
        data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:  # the file grew, or is a device that has no size
        return _size_problem(len(data), max_bytes)
    return data


def read_stdin(
    stream: TextIO, *, max_bytes: int = MAX_BYTES, max_line_bytes: int = MAX_LINE_BYTES
) -> Iterator[ReadOutcome]:
    """Standard input: JSONL when its first non-blank line is a JSON object, else one text item."""
    text = stream.read(max_bytes + 1)
    if len(text) > max_bytes:
        yield rejected(STDIN_NAME, f"input is over the limit of {max_bytes:,} characters per document; "
                       "for more, write JSONL to a file")
        return
    lines = text.split("\n")
    first = next((ln for ln in lines if ln.strip()), "")
    if first.lstrip("\ufeff").lstrip().startswith("{") and _is_json_object(first):
        yield from iter_json_lines(lines, STDIN_NAME, max_line_bytes=max_line_bytes)
    else:
        yield text_to_outcome(text, STDIN_NAME)


def _is_json_object(line: str) -> bool:
    try:
        return isinstance(json.loads(line.lstrip("\ufeff")), dict)
    except (json.JSONDecodeError, RecursionError):
        return False


def _walk(directory: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = Path(root, name)
            if not name.startswith(".") and path.suffix.lower() in SUPPORTED_EXTENSIONS:
                yield path


def expand_sources(sources: Iterable[str | Path]) -> Iterator[Path | str | ReadOutcome]:
    """Each source as files to read (``Path``), ``"-"`` for stdin, or a rejection."""
    seen: set[Path] = set()

    def once(path: Path) -> Iterator[Path]:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            yield path

    for source in sources:
        name = str(source)
        if name == STDIN:
            yield STDIN
            continue
        path = Path(name).expanduser()
        if path.is_dir():
            for found in _walk(path):
                yield from once(found)
        elif path.exists():
            yield from once(path)
        elif _GLOB_CHARS & set(name):
            matches = sorted(glob.glob(os.path.expanduser(name), recursive=True))
            if not matches:
                yield rejected(name, "no files match this pattern")
            for match in matches:
                mpath = Path(match)
                if mpath.is_dir():
                    for found in _walk(mpath):
                        yield from once(found)
                elif mpath.suffix.lower() in SUPPORTED_EXTENSIONS:
                    yield from once(mpath)
        else:
            yield rejected(name, "no such file or directory")


def _reader_for(path: Path, max_bytes: int) -> Callable[[], Iterator[ReadOutcome]] | None:
    ext = path.suffix.lower()
    if ext in TEXT_EXTENSIONS:
        return lambda: read_text_file(path, max_bytes=max_bytes)
    if ext in JSONL_EXTENSIONS:
        return lambda: read_jsonl_file(path, max_line_bytes=min(MAX_LINE_BYTES, max_bytes))
    if ext in JSON_EXTENSIONS:
        return lambda: read_json_file(path, max_bytes=max_bytes, max_line_bytes=min(MAX_LINE_BYTES, max_bytes))
    if ext in HTML_EXTENSIONS:
        return lambda: read_html_file(path, max_bytes=max_bytes)
    return None


def read_path(path: Path, *, max_bytes: int = MAX_BYTES) -> Iterator[ReadOutcome]:
    """Read one file by its extension; I/O failures and unknown kinds become rejections."""
    reader = _reader_for(path, max_bytes)
    if reader is None:
        kind = f"extension '{path.suffix}'" if path.suffix else "no extension"
        yield rejected(str(path), f"unsupported file type ({kind}); supported: {', '.join(SUPPORTED_EXTENSIONS)}")
        return
    if not path.is_file():
        yield rejected(str(path), "not a regular file")
        return
    try:
        yield from reader()
    except OSError as exc:
        yield rejected(str(path), f"could not read file ({exc.strerror or exc})")


def iter_articles(
    sources: Iterable[str | Path], *, max_bytes: int = MAX_BYTES, stdin: TextIO | None = None
) -> Iterator[ReadOutcome]:
    """Articles (or rejections) from files, directories, globs and ``"-"`` (stdin), in order.

    Never raises for bad input: every problem is a :class:`Rejected` naming ``path`` or
    ``path:line``, and reading goes on with the next record.
    """
    for item in expand_sources(sources):
        if isinstance(item, Path):
            yield from read_path(item, max_bytes=max_bytes)
        elif item == STDIN:
            try:
                yield from read_stdin(stdin if stdin is not None else sys.stdin, max_bytes=max_bytes)
            except (OSError, UnicodeDecodeError) as exc:
                yield rejected(STDIN_NAME, f"could not read standard input ({exc})")
        else:
            yield item  # a rejection from expansion
