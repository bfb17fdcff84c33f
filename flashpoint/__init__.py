"""flashpoint: local-first political event coding from news text.

    >>> import flashpoint
    >>> events = flashpoint.code_text("Iran fired missiles at two U.S. bases in Iraq.")
    >>> store = flashpoint.Store("flashpoint.duckdb")

Heavy parts (spaCy, the knowledge base) load on first use, not at import.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flashpoint.errors import FlashpointError, InputError, ResourceError, StoreError
from flashpoint.model import Actor, Article, Event, Evidence, Location, Span

__version__ = "0.1.0"

__all__ = [
    "Actor", "Article", "Event", "Evidence", "Location", "Span",
    "FlashpointError", "InputError", "ResourceError", "StoreError",
    "Pipeline", "Store", "code_text", "code_file", "__version__",
]

if TYPE_CHECKING:
    from flashpoint.pipeline import Pipeline, code_text
    from flashpoint.store import Store


def __getattr__(name: str) -> Any:
    if name in {"Pipeline", "code_text"}:
        import flashpoint.pipeline as p

        return getattr(p, name)
    if name == "Store":
        from flashpoint.store import Store

        return Store
    if name == "code_file":
        from flashpoint.jobs import code_file

        return code_file
    raise AttributeError(f"module 'flashpoint' has no attribute {name!r}")
