"""The body of ``POST /articles`` → :class:`Article`: plain text (the RSS-item form works too)
or a JSON object ``{"title", "text", "url", "published", "outlet"}``. Problems are
:class:`BodyError` with a message for people."""
from __future__ import annotations

import json
from datetime import date
from typing import Any

from flashpoint.ingest import read_text_item
from flashpoint.ingest.assemble import assemble_article
from flashpoint.model import Article

MAX_TEXT_CHARS = 200_000
JSON_FIELDS = ("title", "text", "url", "published", "outlet")


class BodyError(ValueError):
    """The request body is not an article; ``status`` is the HTTP status to answer with."""

    def __init__(self, message: str, status: int = 422) -> None:
        super().__init__(message)
        self.status = status


def article_from_body(body: bytes, content_type: str) -> Article:
    ctype = content_type.split(";")[0].strip().lower()
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BodyError(f"the body is not UTF-8 text (bad byte at offset {exc.start})", 400) from exc
    if ctype in ("application/json", ""):
        if ctype == "" and not text.lstrip().startswith("{"):
            return _from_text(text, url=None, published=None)
        return _from_json(text)
    if ctype.startswith("text/"):
        return _from_text(text, url=None, published=None)
    raise BodyError(f"content type {ctype!r} is not supported; send text/plain or "
                    "application/json", 415)


def _from_text(text: str, *, url: str | None, published: date | None) -> Article:
    if not text.strip():
        raise BodyError("the article text is empty")
    if len(text) > MAX_TEXT_CHARS:
        raise BodyError(f"the article text has {len(text)} characters; the limit is "
                        f"{MAX_TEXT_CHARS}", 413)
    return read_text_item(text, url=url, published=published, origin="api")


def _from_json(text: str) -> Article:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BodyError(f"the body is not valid JSON: {exc.msg} at line {exc.lineno} "
                        f"column {exc.colno}", 400) from exc
    if not isinstance(data, dict):
        raise BodyError('the JSON body must be an object such as {"title": …, "text": …}')
    unknown = sorted(set(data) - set(JSON_FIELDS))
    if unknown:
        raise BodyError(f"unknown field(s) {', '.join(unknown)}; allowed: {', '.join(JSON_FIELDS)}")
    for name in JSON_FIELDS:
        if data.get(name) is not None and not isinstance(data[name], str):
            raise BodyError(f"field {name!r} must be a string, not {type(data[name]).__name__}")
    body = data.get("text") or ""
    if not body.strip():
        raise BodyError("field 'text' is required and must not be empty")
    published = _date(data.get("published"))
    title = (data.get("title") or "").strip()
    if not title:
        return _from_text(body, url=data.get("url"), published=published)
    if len(title) + len(body) > MAX_TEXT_CHARS:
        raise BodyError(f"the article has {len(title) + len(body)} characters; the limit is "
                        f"{MAX_TEXT_CHARS}", 413)
    return assemble_article(title=title, caption="", body=body.strip(), url=data.get("url"),
                            outlet=data.get("outlet"), published=published, origin="api")


def _date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError as exc:
        raise BodyError(f"field 'published' must be a date like 2020-01-08, not {value!r}") from exc
