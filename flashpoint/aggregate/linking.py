"""Incident linking: a symmetric pairwise rule, a blocking index, and union-find components.

Two events belong to one incident when :func:`same_incident` says so for them, or for a chain of
events between them (connected components). Because the rule is a function of the pair alone and
components do not depend on the order edges are found in, the incidents of a set of events do not
depend on the order in which articles arrived, and linking new events one batch at a time gives
the same incidents as linking everything at once. The blocking index (type family × country or
place × date bucket) finds every pair the rule could accept without comparing all pairs.
"""
from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date

from flashpoint.aggregate.records import LinkRecord
from flashpoint.aggregate.settings import LinkSettings, load_settings
from flashpoint.aggregate.similarity import weighted_jaccard

BlockKey = tuple[str, str, str]


def _may_be_one(c1: str | None, id1: str | None, c2: str | None, id2: str | None) -> bool:
    """Whether two actors, each a country and/or a dictionary actor (either may be unknown), may
    be one: both countries known -> the same country; else the same dictionary actor, or one
    side not named at all. A non-state actor without a country ("islamic_state") is not a
    country's forces."""
    if (c1 is None and id1 is None) or (c2 is None and id2 is None):
        return True
    if c1 is not None and c2 is not None:
        return c1 == c2
    return id1 is not None and id1 == id2


def roles_relation(a: LinkRecord, b: LinkRecord, s: LinkSettings) -> int:
    """1: the sources may be one actor (see _may_be_one); -1: the dyad is reversed and the types
    allow it (a meeting told from either side, an accusation and its denial); 0: the sources
    differ."""
    if _may_be_one(a.source_country, a.source_actor_id, b.source_country, b.source_actor_id):
        return 1
    if not s.reversible(a.event_type, b.event_type):
        return 0
    at, bt = a.link_target, b.link_target
    crossed = (a.source_country is not None and a.source_country == bt) or (
        b.source_country is not None and b.source_country == at)
    fits = bt in (None, a.source_country) and at in (None, b.source_country)
    return -1 if crossed and fits else 0


def _km(a: LinkRecord, b: LinkRecord) -> float:
    assert a.lat is not None and a.lon is not None and b.lat is not None and b.lon is not None
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def place_agreement(a: LinkRecord, b: LinkRecord, s: LinkSettings) -> int:
    """1: same place, 0: unknown (one side has none, or only a country), -1: different places."""
    if a.place is None or b.place is None:
        return 0
    if a.place_country and b.place_country and a.place_country != b.place_country:
        return -1
    if a.place == b.place:
        return 1
    if a.lat is not None and a.lon is not None and b.lat is not None and b.lon is not None:
        return 1 if _km(a, b) <= s.place_km else -1
    return 0


def _gap_days(x: tuple[date, date], y: tuple[date, date]) -> int:
    """Days between two date spans (0 where they overlap)."""
    return max(0, (y[0] - x[1]).days, (x[0] - y[1]).days)


def dates_compatible(a: LinkRecord, b: LinkRecord, s: LinkSettings) -> bool:
    ua, ub = a.undated_background, b.undated_background
    if not ua and not ub:
        sa, sb = a.date_span, b.date_span
        if sa is not None and sb is not None:  # both resolved by the coder
            return _gap_days(sa, sb) <= 1
        da, db = a.ref_date, b.ref_date
        return da is None or db is None or abs((da - db).days) <= s.window_days
    if ua and ub:
        if a.published is None or b.published is None:
            return True
        return abs((a.published - b.published).days) <= s.background_lookback_days
    u, x = (a, b) if ua else (b, a)
    if u.published is None or x.ref_date is None:
        return True
    if x.event_date is not None and x.event_date > u.published:
        return False  # a retelling tells what happened before it was published
    gap = (u.published - x.ref_date).days  # how long before the retelling it happened
    return -s.window_days <= gap <= s.background_lookback_days


def anchored(a: LinkRecord, b: LinkRecord, place: int, relation: int) -> bool:
    """Whether two reports share something concrete besides their wording: a country in the
    same role (either role where the dyad is reversed), the same place, a name both write
    ("Kuriga", "Moskva"), a dictionary actor ("islamic_state"), or one evidence sentence."""
    if place > 0 or a.names & b.names or a.actor_ids & b.actor_ids:
        return True
    if a.article_id == b.article_id and a.sentence == b.sentence:
        return True
    if relation < 0:
        return True  # a reversed dyad already shares its countries
    return (a.source_country is not None and a.source_country == b.source_country) or (
        a.target_country is not None and a.target_country == b.target_country)


def same_incident(a: LinkRecord, b: LinkRecord, s: LinkSettings | None = None) -> bool:
    """Whether two events tell one real-world occurrence (symmetric in ``a`` and ``b``)."""
    s = s or load_settings()
    if a.event_id == b.event_id:
        return True
    if not s.events_compatible(a.event_type, a.cameo, b.event_type, b.cameo):
        return False
    # sources must not differ (unless the dyad is reversed and the types allow it); a differing
    # target only raises the evidence threshold (see agreement): coders get targets wrong more
    # often than sources
    if a.article_id == b.article_id and a.background != b.background:
        return False  # an article's news and the earlier events it retells are not one
    relation = roles_relation(a, b, s)
    if relation == 0:
        return False
    place = place_agreement(a, b, s)
    if place < 0 or not anchored(a, b, place, relation):
        return False
    if not dates_compatible(a, b, s):
        return False
    need = s.min_similarity[agreement(a, b, place, relation)]
    if (a.date_from_text and b.date_from_text and a.exact_day and b.exact_day
            and a.event_date != b.event_date):
        # both articles say when, and they say different days: two events told alike (a strike
        # on the same city the next day), unless the wording is nearly the same
        need = max(need, s.different_days_min_similarity)
    if a.undated_background or b.undated_background:
        # a retelling without a date is matched over months: the wording has to say which
        need = max(need, s.retelling_min_similarity)
    return weighted_jaccard(a.weights, b.weights) >= need


def _keys_agree(x: str | None, y: str | None) -> int:
    if x is None or y is None:
        return 0
    return 1 if x == y else -1


def agreement(a: LinkRecord, b: LinkRecord, place: int, relation: int = 1) -> int:
    """How much the structure of two reports agrees, clipped to -1..3: actors (+1 for each role
    both name alike: same dictionary actor, or country and sector; -1 in all if a role is named
    differently), place (+1 same), date (both resolved to a day: +1 same day, -1 a day apart;
    further apart never links), a rare name both sentences write (+1). The evidence-text
    threshold falls as it rises."""
    if relation < 0:  # compare a's source with b's target and the other way round
        roles = (_keys_agree(a.source_key, b.link_target_key),
                 _keys_agree(a.link_target_key, b.source_key))
    else:
        roles = (_keys_agree(a.source_key, b.source_key),
                 _keys_agree(a.link_target_key, b.link_target_key))
    actors = -1 if -1 in roles else sum(roles)
    day = 0
    if a.exact_day and b.exact_day:
        day = 1 if a.event_date == b.event_date else -1
    elif a.event_date is not None and a.event_date == b.event_date:
        day = 1  # the same publication day standing in: news of the same day
    names = 1 if a.names & b.names else 0
    return max(-1, min(3, actors + max(place, 0) + day + names))


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
    """Keys under which ``same_incident`` partners of ``r`` are filed: every accepted pair has a
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
    >>> linker.add(records)                     # returns the incident roots it touched
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
        """Link new events; returns the event ids whose incident changed (new or merged)."""
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
                if same_incident(r, self._records[other_id], self.settings):
                    touched.add(other_id)
                    self._union(r.event_id, other_id)
        return {m for t in {self._find(x) for x in touched} for m in self._members[t]}

    def record(self, event_id: str) -> LinkRecord:
        return self._records[event_id]

    def group_of(self, event_id: str) -> list[LinkRecord]:
        return [self._records[m] for m in self._members[self._find(event_id)]]

    def groups(self) -> list[list[LinkRecord]]:
        return [[self._records[m] for m in members] for members in self._members.values()]

    def incidents(self) -> dict[str, list[LinkRecord]]:
        """Incident id -> its events (sorted), for every incident."""
        out = {}
        for group in self.groups():
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
