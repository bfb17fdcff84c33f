"""The claim word lists (``resources/lexicon/claims.yaml``) as one typed, cached object."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import yaml

from flashpoint.errors import ResourceError
from flashpoint.resources import resource_path


@dataclass(frozen=True)
class ClaimWords:
    attribution_verbs: frozenset[str]
    speculative_verbs: frozenset[str]
    speculative_adverbs: frozenset[str]
    reporting_adverbs: frozenset[str]
    belief_passives: frozenset[str]
    denial_verbs: frozenset[str]
    demand_heads: frozenset[str]
    future_heads: frozenset[str]
    background_preps: frozenset[str]
    background_nouns: frozenset[str]
    background_verbs: frozenset[str]
    background_marks: frozenset[str]


@lru_cache(maxsize=1)
def claim_words() -> ClaimWords:
    """Load ``claims.yaml`` once per process."""
    path = resource_path("lexicon", "claims.yaml")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ResourceError(f"{path}: cannot read the claim word lists: {exc}") from exc
    try:
        return ClaimWords(**{k: frozenset(str(w).lower() for w in data[k])
                             for k in ClaimWords.__dataclass_fields__})
    except (KeyError, TypeError) as exc:
        raise ResourceError(f"{path}: missing or malformed list {exc}") from exc
