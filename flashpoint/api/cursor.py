"""Opaque page cursors of ``GET /events``: the sort and the keyset of the last row, base64url."""
from __future__ import annotations

import base64
import binascii
import json
from datetime import date
from typing import Any


class BadCursor(ValueError):
    """A cursor this server did not write, or one written for another sort."""


def encode_cursor(sort: str, after: tuple[Any, str]) -> str:
    key, event_id = after
    if isinstance(key, date):
        key = key.isoformat()
    raw = json.dumps([sort, key, event_id], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, sort: str) -> tuple[Any, str]:
    """The keyset in ``cursor``; BadCursor when it is damaged or for another ``sort``."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        got_sort, key, event_id = json.loads(raw)
    except (binascii.Error, ValueError, TypeError) as exc:
        raise BadCursor("cursor is damaged; pass the next_cursor of the previous page unchanged") from exc
    if got_sort != sort or not isinstance(event_id, str):
        raise BadCursor(f"cursor was made for sort={got_sort!r}, not sort={sort!r}; "
                        "start again without a cursor when you change the sort")
    if key is None:
        pass  # the last row had no value for the sort key
    elif sort.lstrip("-") == "date":
        try:
            key = date.fromisoformat(key)
        except (TypeError, ValueError) as exc:
            raise BadCursor("cursor is damaged (bad date)") from exc
    elif not isinstance(key, (int, float)):
        raise BadCursor("cursor is damaged (bad sort key)")
    return key, event_id
