"""Parameterised WHERE fragments shared by every query on dyads and countries (no user value is
ever formatted into SQL: fragments hold ``?`` placeholders, values travel as parameters)."""
from __future__ import annotations

from typing import Any


def dyad_clause(a: str, b: str, *, directed: bool, prefix: str = "") -> tuple[str, list[Any]]:
    """Events between ``a`` and ``b``: A→B only when ``directed``, else either direction."""
    src, tgt = f"{prefix}source_country", f"{prefix}target_country"
    if directed:
        return f"({src} = ? AND {tgt} = ?)", [a, b]
    return f"(({src} = ? AND {tgt} = ?) OR ({src} = ? AND {tgt} = ?))", [a, b, b, a]


def country_clause(country: str, *, prefix: str = "") -> tuple[str, list[Any]]:
    """Events with ``country`` as source or target."""
    return f"({prefix}source_country = ? OR {prefix}target_country = ?)", [country, country]
