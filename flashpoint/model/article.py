"""The typed news article every ingest path produces."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date


def content_hash(title: str, caption: str, body: str) -> str:
    """Stable id of an article: sha256 over its normalised text (whitespace collapsed)."""
    norm = "\n".join(" ".join(part.split()) for part in (title, caption, body))
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:24]


@dataclass(frozen=True)
class Article:
    """One news item. ``text`` is the coded text; every event offset points into it."""

    title: str
    body: str
    caption: str = ""
    url: str | None = None
    outlet: str | None = None
    published: date | None = None
    published_inferred: bool = False
    language: str = "en"
    record_id: str | None = None  # id given by the input (JSONL "id"), never the dedup key
    origin: str | None = None  # file path / "<stdin>" / feed url the article came from
    id: str = field(default="")

    def __post_init__(self) -> None:
        if not self.id:
            object.__setattr__(self, "id", content_hash(self.title, self.caption, self.body))

    @property
    def text(self) -> str:
        """Title, caption and body joined by blank lines (empty parts skipped)."""
        return "\n\n".join(p for p in (self.title, self.caption, self.body) if p)

    @property
    def public_id(self) -> str:
        """The id a user sees: the input's own record id where it had one, else the content hash."""
        return self.record_id or self.id
