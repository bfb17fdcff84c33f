"""A corpus (files, directories, globs of JSONL / JSON / text / HTML / Parquet) → partitions.

A JSONL file is cut into chunks of ``chunk_size`` non-blank lines (byte ranges, so a worker
seeks straight to its chunk); a Parquet file into row ranges; any other file is one partition.
Each partition has a stable key (path, size, modification time, range): its output file name,
so a rerun over unchanged input finds the partitions already done.
"""
from __future__ import annotations

import hashlib
import itertools
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyarrow.parquet as pq

from flashpoint.ingest.jsonl import MAX_LINE_BYTES, iter_json_lines, record_to_article
from flashpoint.ingest.outcome import ReadOutcome, Rejected, rejected
from flashpoint.ingest.sources import SUPPORTED_EXTENSIONS, expand_sources, read_path

PARQUET = ".parquet"
CORPUS_EXTENSIONS = (*SUPPORTED_EXTENSIONS, PARQUET)


@dataclass(frozen=True)
class Partition:
    """``kind``: jsonl (byte range ``start``–``stop``, first line number ``first_line``), parquet
    (rows ``start``–``stop``) or file (the whole file)."""

    path: str
    kind: str
    start: int = 0
    stop: int = 0
    first_line: int = 1
    key: str = ""

    @property
    def label(self) -> str:
        return self.path if self.kind == "file" else f"{self.path}[{self.start}:{self.stop}]"


def _key(path: Path, kind: str, start: int, stop: int) -> str:
    st = path.stat()
    raw = f"{path.resolve()}|{st.st_size}|{st.st_mtime_ns}|{kind}|{start}|{stop}"
    return hashlib.sha256(raw.encode()).hexdigest()[:20]


def _walk(directory: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and Path(name).suffix.lower() in CORPUS_EXTENSIONS:
                yield Path(root, name)


def corpus_files(sources: Iterable[str | Path]) -> tuple[list[Path], list[Rejected]]:
    """Files of the corpus in order (directories walked sorted, as ``iter_articles`` does)."""
    files: list[Path] = []
    problems: list[Rejected] = []
    for source in sources:
        path = Path(source).expanduser()
        if path.is_dir():
            files.extend(_walk(path))
        elif path.suffix.lower() == PARQUET and path.is_file():
            files.append(path)
        else:
            for item in expand_sources([source]):
                if isinstance(item, Path):
                    files.append(item)
                elif isinstance(item, Rejected):
                    problems.append(item)
                else:
                    problems.append(rejected(str(source), "standard input cannot be coded on Dask; write it to a file"))
    seen: set[Path] = set()
    unique = [f for f in files if not (f.resolve() in seen or seen.add(f.resolve()))]
    return unique, problems


def _jsonl_ranges(path: Path, chunk_size: int) -> Iterator[tuple[int, int, int]]:
    """``(start_offset, stop_offset, first_line)`` of chunks of ``chunk_size`` non-blank lines."""
    with path.open("rb") as fh:
        start, first, count, pos = 0, 1, 0, 0
        for lineno, raw in enumerate(fh, start=1):
            if raw.strip():
                if count == chunk_size:
                    yield start, pos, first
                    start, first, count = pos, lineno, 0
                count += 1
            pos += len(raw)
        yield start, pos, first


def plan_partitions(sources: Iterable[str | Path], *, chunk_size: int = 500) -> tuple[list[Partition], list[Rejected]]:
    """Partitions of the corpus in input order, and the sources that could not be planned."""
    if chunk_size < 1:
        raise ValueError("chunk_size must be at least 1")
    files, problems = corpus_files(sources)
    parts: list[Partition] = []
    for path in files:
        ext = path.suffix.lower()
        try:
            if ext == ".jsonl":
                for start, stop, first in _jsonl_ranges(path, chunk_size):
                    parts.append(Partition(str(path), "jsonl", start, stop, first, _key(path, "jsonl", start, stop)))
            elif ext == PARQUET:
                rows = pq.ParquetFile(path).metadata.num_rows
                for start in range(0, max(rows, 1), chunk_size):
                    stop = min(rows, start + chunk_size)
                    parts.append(Partition(str(path), "parquet", start, stop, key=_key(path, "parquet", start, stop)))
            else:
                parts.append(Partition(str(path), "file", key=_key(path, "file", 0, 0)))
        except OSError as exc:
            problems.append(rejected(str(path), f"could not read file ({exc.strerror or exc})"))
        except Exception as exc:  # pyarrow on a broken Parquet footer
            problems.append(rejected(str(path), f"unreadable Parquet file ({type(exc).__name__}: {exc})"))
    return parts, problems


def _jsonl_lines(path: str, start: int, stop: int) -> Iterator[bytes | None]:
    with open(path, "rb") as fh:
        fh.seek(start)
        while fh.tell() < stop:
            raw = fh.readline(MAX_LINE_BYTES + 1)
            if not raw:
                return
            if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
                while (rest := fh.readline(1 << 20)) and not rest.endswith(b"\n"):
                    pass
                yield None
            else:
                yield raw


def read_partition(part: Partition) -> Iterator[ReadOutcome]:
    """The outcomes of one partition, named as the single-process readers name them."""
    if part.kind == "jsonl":
        lines = itertools.chain(itertools.repeat("", part.first_line - 1),
                                _jsonl_lines(part.path, part.start, part.stop))
        yield from iter_json_lines(lines, part.path)
    elif part.kind == "parquet":
        try:
            table = pq.read_table(part.path).slice(part.start, part.stop - part.start)
        except Exception as exc:  # a broken file: one rejection, not a crashed worker
            yield rejected(part.path, f"unreadable Parquet file ({type(exc).__name__}: {exc})")
            return
        for i, record in enumerate(table.to_pylist(), start=part.start + 1):
            yield record_to_article(record, f"{part.path}:{i}")
    else:
        yield from read_path(Path(part.path))
