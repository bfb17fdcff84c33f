"""Linking settings read from ``resources/aggregate/linking.yaml`` (thresholds, type groups,
stopwords), loaded once per call site that asks, never at import."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import yaml

from flashpoint.aggregate.similarity import stem
from flashpoint.errors import ResourceError
from flashpoint.resources import resource_path


@dataclass(frozen=True)
class LinkSettings:
    window_days: int
    bucket_days: int
    background_lookback_days: int
    place_km: float
    min_similarity: dict[int, float]
    compatible_types: frozenset[frozenset[str]]
    stopwords: frozenset[str]
    common_names: frozenset[str] = frozenset()  # country names and demonyms, lower-cased words

    @property
    def content_stopwords(self) -> frozenset[str]:
        """Words evidence similarity leaves out: stopwords, and country names and demonyms (the
        dyad is compared on its own)."""
        return _union(self.stopwords, self.common_names)
    symmetric_types: frozenset[str] = frozenset()  # "A met B" tells what "B met A" does
    retelling_min_similarity: float = 0.0  # an undated background retelling and another event
    different_days_min_similarity: float = 0.0  # two events the articles date to different days

    # CAMEO codes (and the codes below them) that link within their own type only
    own_type_codes: frozenset[str] = frozenset()
    split_max_events: int = 300  # up to this size a component judges all its pairs (partition)
    split_place_km: float = 60.0  # places further apart keep events in separate incidents
    statement_types: frozenset[str] = frozenset()  # their place does not tell reports apart
    same_place_km: float | None = None  # two differently named points this close are one place
    distinct_place_penalty: float = 0.0  # weighs against joining two nearby, different places
    # weight of a pair that names two different targets or a morning and an evening, however
    # alike its wording (negative: against joining; 0: as if unlinked; None: not looked at)
    told_apart_weight: float | None = None
    # two incidents that are each other's only candidate join, though their wording differs
    # (partition._join_sole_candidates)
    sole_candidates: bool = False
    # words that say which part of the day ("early": dawn, morning; "late": evening, night)
    parts_of_day: tuple[tuple[str, re.Pattern[str]], ...] = ()
    number_weight: float = 0.0  # weight of a count both reports give ("27 killed"), as a word's
    # stemmed word -> the stem its synonym group is compared under (resources/aggregate/synonyms)
    synonyms: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
    # sentence vectors (aggregate/vectors.py): a pair's similarity is at least
    # vector_weight * (cosine - vector_floor); vector_weight 0: words alone
    vector_weight: float = 0.0
    vector_floor: float = 0.0
    # words of two reports match where their vectors are at least this near ("blast" /
    # "explosion": vectors.soft_weighted_jaccard); None: only the same words match
    word_match: float | None = None
    # the name before a site noun ("the Oberoi hotel"): similarity.site_tokens; None: not looked at
    site_pattern: re.Pattern[str] | None = field(default=None, compare=False, hash=False)
    # words by which a report adds an occurrence to those its article told before it ("also",
    # "separately", "another"), by language: pair_rule.told_as_another
    additive: dict[str, re.Pattern[str]] = field(default_factory=dict, compare=False, hash=False)

    def part_of_day(self, sentence: str) -> str | None:
        """The one part of the day a sentence names (None where it names none, or several:
        "hours after the morning strike, an evening attack")."""
        found = {name for name, pattern in self.parts_of_day if pattern.search(sentence)}
        return found.pop() if len(found) == 1 else None

    def types_compatible(self, a: str, b: str) -> bool:
        return a == b or any(a in g and b in g for g in self.compatible_types)

    def events_compatible(self, type_a: str, code_a: str | None, type_b: str,
                          code_b: str | None) -> bool:
        """Types compatible, and neither an own-type code ("173" arrest) across types nor two
        different own-type codes (an arrest and a state of emergency, "1724")."""
        ra, rb = self.own_root(code_a), self.own_root(code_b)
        if ra is not None and rb is not None and ra != rb:
            return False
        if type_a == type_b:
            return True
        if ra is not None or rb is not None:
            return False
        return self.types_compatible(type_a, type_b)

    def own_root(self, code: str | None) -> str | None:
        """The code of ``own_type_codes`` that ``code`` is or lies below ("1723", a curfew,
        under "172"), if any."""
        if code is None:
            return None
        return next((c for c in self.own_type_codes if code.startswith(c)), None)

    def reversible(self, a: str, b: str) -> bool:
        """Whether reports of these types may tell one occurrence with the dyad reversed."""
        return a in self.symmetric_types and b in self.symmetric_types and self.types_compatible(a, b)


def _country_words() -> frozenset[str]:
    """Every word of every country name and demonym in the actor dictionary (lower case)."""
    path = resource_path("actors", "countries.yaml")
    words: set[str] = set()
    for c in yaml.safe_load(path.read_text(encoding="utf-8")):
        for name in [*c.get("names", []), *c.get("demonyms", []), c.get("name") or ""]:
            words.update(w.strip("(),.'-") for w in str(name).lower().split())
    return frozenset(w for w in words if w)


def _synonyms() -> dict[str, str]:
    """resources/aggregate/synonyms.yaml as stemmed word -> stemmed first word of its group."""
    path = resource_path("aggregate", "synonyms.yaml")
    out: dict[str, str] = {}
    for group in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("groups") or ():
        head = stem(str(group[0]).lower())
        for word in group:
            out.setdefault(stem(str(word).lower()), head)
    return out


def _site_pattern(nouns) -> re.Pattern[str] | None:
    """Capitalised words (with "de", "al", "of" ... inside: "Stade de France") right before a
    site noun, the noun in any case ("Leopold Cafe", "the Oberoi hotel")."""
    if not nouns:
        return None
    name = r"[A-Z][\w'\u2019.-]*+"  # possessive: no backtracking into a word
    inner = rf"(?:{name}|de|du|des|la|le|al|el|of)"
    # one lower-case word may stand between: "the Bataclan concert hall", "Maelbeek metro station"
    return re.compile(rf"\b({name}(?:\s+{inner}){{0,4}})\s+([a-z]+\s+)?"
                      rf"(?i:{'|'.join(map(re.escape, nouns))})\b")


def _any_word(words) -> re.Pattern[str]:
    """Any of ``words`` (words, or regular expressions) as a whole word, in any case."""
    return re.compile(r"\b(?:" + "|".join(words) + r")\b", re.I)


@lru_cache(maxsize=8)
def _union(a: frozenset[str], b: frozenset[str]) -> frozenset[str]:
    return a | b


@lru_cache(maxsize=1)
def load_settings() -> LinkSettings:
    path = resource_path("aggregate", "linking.yaml")
    try:
        d = yaml.safe_load(path.read_text(encoding="utf-8"))
        vectors = d.get("sentence_vectors") or {}
        return LinkSettings(
            window_days=int(d["window_days"]),
            bucket_days=int(d["bucket_days"]),
            background_lookback_days=int(d["background_lookback_days"]),
            place_km=float(d["place_km"]),
            min_similarity={int(k): float(v) for k, v in d["min_similarity"].items()},
            compatible_types=frozenset(frozenset(g) for g in d["compatible_types"]),
            stopwords=frozenset(str(d["stopwords"]).split()),
            common_names=_country_words(),
            symmetric_types=frozenset(d.get("symmetric_types") or ()),
            own_type_codes=frozenset(str(c) for c in d.get("own_type_codes") or ()),
            retelling_min_similarity=float(d.get("retelling_min_similarity", 0.0)),
            different_days_min_similarity=float(d.get("different_days_min_similarity", 0.0)),
            split_max_events=int(d.get("split_max_events", 300)),
            split_place_km=float(d.get("split_place_km", 60.0)),
            statement_types=frozenset(d.get("statement_types") or ()),
            same_place_km=float(d["same_place_km"]) if "same_place_km" in d else None,
            distinct_place_penalty=float(d.get("distinct_place_penalty", 0.0)),
            number_weight=float(d.get("number_weight", 0.0)),
            synonyms=_synonyms() if d.get("synonyms", True) else {},
            vector_weight=float(vectors.get("weight", 0.0)),
            vector_floor=float(vectors.get("floor", 0.0)),
            word_match=float(vectors["word_match"]) if vectors.get("word_match") else None,
            told_apart_weight=float(d["told_apart_weight"])
            if d.get("told_apart_weight") is not None else None,
            sole_candidates=bool(d.get("sole_candidates", False)),
            site_pattern=_site_pattern(d.get("site_nouns") or ()),
            additive={lang: _any_word(words)
                      for lang, words in (d.get("additive_words") or {}).items()},
            parts_of_day=tuple((name, _any_word(words))
                               for name, words in (d.get("parts_of_day") or {}).items()),
        )
    except (OSError, KeyError, TypeError, ValueError, yaml.YAMLError) as exc:
        raise ResourceError(f"{path}: cannot read incident linking settings: {exc}") from exc
