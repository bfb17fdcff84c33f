"""The claim word lists (``resources/lexicon/claims.yaml``) as typed, cached objects."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

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
    same_moment_spans: frozenset[str]


@dataclass(frozen=True)
class CountWords:
    """How count phrases bound their number: qualifier phrase -> kind (lower, upper, near,
    approximate), number words -> value, plural count words -> (low, high)."""

    qualifiers: dict[str, str]
    numbers: dict[str, int]
    ranges: dict[str, tuple[int, int]]


def _path() -> Any:
    return resource_path("lexicon", "claims.yaml")


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    path = _path()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ResourceError(f"{path}: cannot read the claim word lists: {exc}") from exc
    if not isinstance(data, dict):
        raise ResourceError(f"{path}: expected a mapping of word lists")
    return data


@lru_cache(maxsize=1)
def claim_words() -> ClaimWords:
    """Load the word lists of ``claims.yaml`` once per process."""
    data = _data()
    try:
        return ClaimWords(**{k: frozenset(str(w).lower() for w in data[k])
                             for k in ClaimWords.__dataclass_fields__})
    except (KeyError, TypeError) as exc:
        raise ResourceError(f"{_path()}: missing or malformed list {exc}") from exc


@lru_cache(maxsize=1)
def count_words() -> CountWords:
    """Load the count tables of ``claims.yaml`` once per process."""
    data = _data()
    try:
        qualifiers = {str(phrase).lower(): kind for kind, phrases in data["count_qualifiers"].items()
                      for phrase in phrases}
        numbers = {str(k).lower(): int(v) for k, v in data["count_numbers"].items()}
        ranges = {str(k).lower(): (int(v[0]), int(v[1])) for k, v in data["count_ranges"].items()}
    except (KeyError, TypeError, ValueError, IndexError, AttributeError) as exc:
        raise ResourceError(f"{_path()}: missing or malformed count table {exc}") from exc
    if set(qualifiers.values()) - {"lower", "upper", "near", "approximate"}:
        raise ResourceError(f"{_path()}: count_qualifiers kinds must be lower, upper, near, approximate")
    return CountWords(qualifiers, numbers, ranges)
