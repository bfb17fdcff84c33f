"""The unknown-actor review queue: actor texts that nothing in the knowledge base resolved.

Reads the ``payload`` JSON of stored events (``source.resolved`` / ``target.resolved`` are
False for an unresolved actor), groups the texts case-insensitively and counts them, most
frequent first, with example sentences, so that a user can add them to an overlay
(``flashpoint code --actors overlay.yaml``).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from flashpoint.store.duckdb_store import Store

__all__ = ["UnknownActor", "unknown_actors"]

_QUERY = """
WITH mentions AS (
    SELECT json_extract_string(payload, '$.' || role || '.text') AS text,
           json_extract_string(payload, '$.evidence.sentence') AS sentence,
           article_id, role
    FROM events, (VALUES ('source'), ('target')) AS r(role)
    WHERE json_extract_string(payload, '$.' || role || '.text') IS NOT NULL
      AND coalesce(json_extract(payload, '$.' || role || '.resolved')::BOOLEAN, false) = false
)
SELECT lower(trim(text)) AS key, count(*) AS n, count(DISTINCT article_id) AS articles,
       mode(text) AS text, list(DISTINCT sentence)[1:?] AS examples,
       list(DISTINCT role) AS roles
FROM mentions
WHERE length(trim(text)) >= ?
GROUP BY key
ORDER BY n DESC, key
LIMIT ?
"""


@dataclass(frozen=True)
class UnknownActor:
    text: str  # the most frequent spelling
    count: int  # mentions as event source or target
    articles: int  # distinct articles
    roles: list[str] = field(default_factory=list)  # "source" / "target"
    examples: list[str] = field(default_factory=list)  # example sentences

    def to_dict(self) -> dict:
        return {"text": self.text, "count": self.count, "articles": self.articles,
                "roles": self.roles, "examples": self.examples}


def unknown_actors(store: Store, *, limit: int = 50, examples: int = 2,
                   min_length: int = 2) -> list[UnknownActor]:
    """Unresolved actor texts of the store, most frequent first (parameters only, no SQL built
    from input)."""
    frame = store.sql(_QUERY, [examples, min_length, limit])
    return [UnknownActor(text=r["text"], count=int(r["n"]), articles=int(r["articles"]),
                         roles=sorted(r["roles"]), examples=list(r["examples"]))
            for r in frame.iter_rows(named=True)]
