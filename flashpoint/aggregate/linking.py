"""Incident linking: a symmetric pairwise rule, a blocking index, and union-find components.

Two events are candidates when :func:`~flashpoint.aggregate.pair_rule.link_evidence` finds
nothing but their wording against their telling one occurrence, and linked when their wording
is alike enough too (:func:`~flashpoint.aggregate.pair_rule.same_incident`). Candidates and
chains of them form components, which :mod:`flashpoint.aggregate.partition` splits into
incidents: linked events join, events that cannot be one occurrence
(:func:`~flashpoint.aggregate.pair_rule.cannot_link`) never do, and two groups that are each
other's only candidates join though their wording differs. Because the rule is a
function of the pair alone, components do not depend on the order links are found in, and the
split depends on a component's events alone, the incidents of a set of events do not depend on
the order in which articles arrived, and linking new events one batch at a time gives the same
incidents as linking everything at once. The blocking index (type family × country or
place × date bucket) finds every pair the rule could accept without comparing all pairs.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date

from flashpoint.aggregate.pair_rule import link_evidence
from flashpoint.aggregate.partition import split_component
from flashpoint.aggregate.records import LinkRecord
from flashpoint.aggregate.settings import LinkSettings, load_settings

BlockKey = tuple[str, str, str]


def type_families(s: LinkSettings) -> dict[str, str]:
    """Type -> name of its family (types linked through ``compatible_types`` share one)."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    for group in s.compatible_types:
        first, *rest = sorted(group)
        for t in rest:
            ra, rb = find(first), find(t)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    return {t: find(t) for t in parent}


def block_keys(r: LinkRecord, families: dict[str, str]) -> list[BlockKey]:
    """Keys under which candidate partners of ``r`` are filed: every candidate pair has a
    compatible type and shares a country (in either role), a place, a name, a dictionary actor
    or an article."""
    fam = families.get(r.event_type, r.event_type)
    keys: list[BlockKey] = [(fam, "c", c) for c in {r.source_country, r.target_country} if c]
    if r.place:
        keys.append((fam, "p", r.place))
    keys.extend((fam, "n", n) for n in sorted(r.names))
    keys.extend((fam, "k", k) for k in sorted(r.actor_ids))
    keys.append((fam, "a", r.article_id))
    return keys


class IncidentLinker:
    """Links events into incidents incrementally (see the module docstring).

    >>> linker = IncidentLinker()               # doctest: +SKIP
    >>> linker.add(records)                     # returns the events whose component changed
    >>> linker.incidents()                      # {incident id: [records]}
    """

    def __init__(self, settings: LinkSettings | None = None) -> None:
        self.settings = settings or load_settings()
        self._families = type_families(self.settings)
        self._records: dict[str, LinkRecord] = {}
        self._parent: dict[str, str] = {}
        self._members: dict[str, list[str]] = {}
        # key -> date bucket -> event ids; dated events by their date, undated background events
        # by their article's publication date
        self._dated: dict[BlockKey, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
        self._undated: dict[BlockKey, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
        self.comparisons = 0

    def __len__(self) -> int:
        return len(self._records)

    # -- union-find ----------------------------------------------------------------------------
    def _find(self, x: str) -> str:
        root = x
        while self._parent[root] != root:
            root = self._parent[root]
        while self._parent[x] != root:
            self._parent[x], x = root, self._parent[x]
        return root

    def _union(self, a: str, b: str) -> str:
        ra, rb = self._find(a), self._find(b)
        if ra == rb:
            return ra
        if len(self._members[ra]) < len(self._members[rb]):
            ra, rb = rb, ra
        self._parent[rb] = ra
        self._members[ra].extend(self._members.pop(rb))
        return ra

    # -- index ---------------------------------------------------------------------------------
    def _bucket(self, d: date) -> int:
        return d.toordinal() // self.settings.bucket_days

    def _buckets(self, d: date | None, before: int, after: int,
                 until: date | None = None) -> Iterable[int] | None:
        """Buckets from ``before`` days before ``d`` to ``after`` days after ``until`` (``d``)."""
        if d is None:
            return None
        end = until or d
        return range(self._bucket(d) - before // self.settings.bucket_days - 1,
                     self._bucket(end) + after // self.settings.bucket_days + 2)  # fmt: skip

    def _candidates(self, r: LinkRecord) -> Iterator[str]:
        s = self.settings
        if r.undated_background:
            ranges = (
                (self._dated, self._buckets(r.published, s.background_lookback_days, s.window_days)),
                (self._undated, self._buckets(
                    r.published, s.background_lookback_days, s.background_lookback_days)),
            )  # fmt: skip
        else:
            span = r.window_span
            lo, hi = span if span else (None, None)
            ranges = (
                (self._dated, self._buckets(lo, s.window_days, s.window_days, hi)),
                (self._undated, self._buckets(lo, s.window_days, s.background_lookback_days, hi)),
            )
        for key in block_keys(r, self._families):
            for index, buckets in ranges:
                by_bucket = index.get(key)
                if not by_bucket:
                    continue
                if buckets is None:  # no date at all: every bucket of the key
                    for ids in by_bucket.values():
                        yield from ids
                else:
                    for b in buckets:
                        yield from by_bucket.get(b, ())
                # records without any date are filed under bucket 0 and always looked at
                if buckets is not None:
                    yield from by_bucket.get(0, ())

    def _file(self, r: LinkRecord) -> None:
        """File a record under every bucket its dates cover (a month-dated event under the
        month's), so that a partner searching around its own date finds it."""
        if r.undated_background:
            index, span = self._undated, ((r.published, r.published) if r.published else None)
        else:
            index, span = self._dated, r.window_span
        buckets = range(self._bucket(span[0]), self._bucket(span[1]) + 1) if span else (0,)
        for key in block_keys(r, self._families):
            for bucket in buckets:
                index[key][bucket].append(r.event_id)

    # -- public --------------------------------------------------------------------------------
    def seed(self, groups: Iterable[list[LinkRecord]]) -> None:
        """Load events already linked (one list per stored incident) without comparing them."""
        for group in groups:
            for r in group:
                self._insert(r)
            for r in group[1:]:
                self._union(group[0].event_id, r.event_id)

    def _insert(self, r: LinkRecord) -> bool:
        if r.event_id in self._records:
            return False
        self._records[r.event_id] = r
        self._parent[r.event_id] = r.event_id
        self._members[r.event_id] = [r.event_id]
        self._file(r)
        return True

    def add(self, records: Iterable[LinkRecord]) -> set[str]:
        """Join new events to their candidates; returns the ids of every event whose component
        changed (new or merged); their incidents are re-split from the whole component."""
        touched: set[str] = set()
        for r in records:
            if not self._insert(r):
                continue
            touched.add(r.event_id)
            seen: set[str] = {r.event_id}
            for other_id in self._candidates(r):
                if other_id in seen:
                    continue
                seen.add(other_id)
                if self._find(other_id) == self._find(r.event_id):
                    continue
                self.comparisons += 1
                if link_evidence(r, self._records[other_id], self.settings) is not None:
                    touched.add(other_id)
                    self._union(r.event_id, other_id)
        return {m for t in {self._find(x) for x in touched} for m in self._members[t]}

    def record(self, event_id: str) -> LinkRecord:
        return self._records[event_id]

    def component_of(self, event_id: str) -> list[LinkRecord]:
        """Every event joined to this one by a chain of candidates."""
        return [self._records[m] for m in self._members[self._find(event_id)]]

    def components(self) -> list[list[LinkRecord]]:
        return [[self._records[m] for m in members] for members in self._members.values()]

    def incidents(self) -> dict[str, list[LinkRecord]]:
        """Incident id -> its events (sorted), for every incident: each component split where
        it joins events that cannot be one occurrence (partition.split_component)."""
        out = {}
        for component in self.components():
            for group in split_component(component, self.settings):
                members = sorted(group, key=sort_key)
                out[incident_id(members)] = members
        return out


def sort_key(r: LinkRecord) -> tuple[int, int, str]:
    """Earliest first: dated news before undated retellings, then date, then event id."""
    d = r.ref_date
    return (int(r.undated_background), d.toordinal() if d else 10**7, r.event_id)


def incident_id(members: Iterable[LinkRecord]) -> str:
    """Canonical id of an incident: from its earliest event's id (does not depend on order)."""
    return "inc-" + min(members, key=sort_key).event_id
