"""Splitting a component of candidates into incidents.

Two events are candidates where nothing but their wording tells them apart
(``pair_rule.link_evidence``), and linked where their wording is alike enough too; a component is
what a chain of candidates joins. Links are judged pair by pair, and a chain of them can join
two occurrences that no single report confuses: the pager blasts of one day and the radio
blasts of the next, joined through a report that says neither day. A component whose candidate
pairs are all linked, with no pair that ``cannot_link`` or weighs against joining, is one
incident. Otherwise it is clustered by average linkage: start from single events, and
repeatedly merge the two clusters whose links are strongest on average over all their cross
pairs (an unlinked pair counts 0), never two clusters with a pair that cannot link, until no
linked pair of clusters is left. One strong link between two otherwise unlinked groups counts
little, which is what keeps a bridging report from deciding. Then two clusters that are each
other's only candidate join, though their wording differs (``_join_sole_candidates``). The
result depends only on the component's events (ties broken by event id), never on the order
they arrived in.

A crowded news day links through its dyad and its day alone: strikes of one side on several
towns, arrests of different people in one city. What tells two reports apart without forbidding
a link weighs against joining them: two reports naming different targets, or a morning and an
evening, weigh ``told_apart_weight`` (below zero) whatever their wording shares; two nearby but
differently named places lose ``distinct_place_penalty`` from their link (one raid is told at
two scales too). Clusters merge only while their average weight stays above zero.

A war told day after day chains into one ever-growing component through reports that name no
place or day; beyond ``split_max_events`` only the pairs whose dates let them link are judged
(a sweep over time), and a cluster may not spread over days its articles state more than a day
apart, so the cost grows with the component's size times the events of a few days, not with its
square.
"""
from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from itertools import combinations

from flashpoint.aggregate.pair_rule import (cannot_link, distinct_places, distinct_sites,
                                            distinct_targets, distinct_times, link_evidence)
from flashpoint.aggregate.records import LinkRecord
from flashpoint.aggregate.settings import LinkSettings

# every link counts a little more than its margin over the threshold, so a link that just clears
# it still pulls two clusters together
LINK_FLOOR = 0.01


def split_component(members: list[LinkRecord], s: LinkSettings) -> list[list[LinkRecord]]:
    """The incidents of one connected component (each sorted by event id; the list ordered by
    first event id). Up to ``s.split_max_events`` events every pair is judged; a larger
    component (a war told day after day, chained through reports that name no place) judges
    only the pairs its dates let link (``_near_pairs``), and a cluster may not spread over days
    its articles state more than a day apart (pairs further apart in time are not compared)."""
    ms = sorted(members, key=lambda r: r.event_id)
    n = len(ms)
    if n < 2:
        return [ms]
    large = n > s.split_max_events
    links: dict[int, dict[int, float]] = {i: {} for i in range(n)}  # cluster -> cluster -> sum
    apart: dict[int, set[int]] = {i: set() for i in range(n)}  # clusters that must stay apart
    # pairs that weigh against joining: two targets, sites, times or nearby places
    told_apart: list[tuple[int, int]] = []
    candidates: list[tuple[int, int]] = []  # pairs nothing but their wording keeps apart
    for i, j in _near_pairs(ms, s) if large else combinations(range(n), 2):
        evidence = link_evidence(ms[i], ms[j], s)
        m = None if evidence is None or evidence[0] < evidence[1] else evidence[0] - evidence[1]
        if m is None and cannot_link(ms[i], ms[j], s, evidence[0] if evidence else None):
            apart[i].add(j)
            apart[j].add(i)
            continue
        w = 0.0 if m is None else m + LINK_FLOOR
        if s.told_apart_weight is not None and (
                distinct_targets(ms[i], ms[j]) or distinct_sites(ms[i], ms[j])
                or distinct_times(ms[i], ms[j])):
            # two people, two named sites, or a morning and an evening: weighs against joining,
            # however alike the wording ("Islamabad police arrested ..." twice)
            w = s.told_apart_weight
            told_apart.append((i, j))
        elif distinct_places(ms[i], ms[j], s):
            w -= s.distinct_place_penalty  # two towns may be one raid told at two scales
            told_apart.append((i, j))
        elif evidence is not None:
            candidates.append((i, j))
        if w != 0.0:
            links[i][j] = links[j][i] = w
    # days stated by the articles of each cluster (first, last), for large components
    days: dict[int, tuple[date, date] | None] = {
        i: (r.event_date, r.event_date) if large and r.exact_day and r.event_date else None
        for i, r in enumerate(ms)}  # fmt: skip
    if (not any(apart.values()) and not told_apart and not (large and _spread(days.values()) > 1)
            and all(j in links[i] for i, j in candidates)):
        return [ms]  # every candidate pair linked and nothing against: one incident
    clusters: dict[int, list[int]] = {i: [i] for i in range(n)}  # label: its smallest index
    version = [0] * n
    # best pair first: (-average link, first label, second label, their versions when pushed);
    # an entry whose clusters changed since is stale and skipped
    heap = [(-w, i, j, 0, 0) for i in range(n) for j, w in links[i].items() if i < j and w > 0]
    heapq.heapify(heap)
    while heap:
        _, x, y, vx, vy = heapq.heappop(heap)
        if x not in clusters or y not in clusters or (vx, vy) != (version[x], version[y]):
            continue
        if y in apart[x]:
            continue  # never again mergeable: clusters only grow
        if large and _spread((days[x], days[y])) > 1:
            continue  # the same: days only spread further
        days[x] = _span_union(days[x], days.pop(y))
        clusters[x] += clusters.pop(y)
        version[x] += 1
        for z, w in links.pop(y).items():
            del links[z][y]
            if z != x:
                links[x][z] = links[z][x] = links[x].get(z, 0.0) + w
        for z in apart.pop(y):
            apart[z].discard(y)
            if z != x:
                apart[z].add(x)
                apart[x].add(z)
        size_x = len(clusters[x])
        for z, w in links[x].items():
            if w <= 0:
                continue
            a, b = (x, z) if x < z else (z, x)
            heapq.heappush(heap, (-w / (size_x * len(clusters[z])), a, b, version[a], version[b]))
    if s.sole_candidates:
        _join_sole_candidates(ms, clusters, candidates, told_apart, apart,
                              days if large else None)
    return [[ms[i] for i in sorted(c)] for _, c in sorted(clusters.items())]


def _source_named(r: LinkRecord) -> bool:
    return r.source_country is not None or r.source_actor_id is not None


def _join_sole_candidates(ms: list[LinkRecord], clusters: dict[int, list[int]],
                          candidates: list[tuple[int, int]], told_apart: list[tuple[int, int]],
                          apart: dict[int, set[int]],
                          days: dict[int, tuple[date, date] | None] | None) -> None:
    """Join (in place) every two clusters that are each other's only candidate: some pair of
    theirs passes every test of the rule but the wording (a report that tells the burning of
    the party headquarters in other words than the others) and names both sources, and no
    pair of theirs is told apart or cannot link (nor, in a large component, would the joined
    cluster spread over stated days more than a day apart: ``days``). In a quiet news stream
    the only riot of a city and a day is that riot; where several occurrences of one dyad and
    day compete, the wording has to decide. Clusters are keyed by their smallest index, so the
    result does not depend on order."""
    label = {i: x for x, members in clusters.items() for i in members}
    near: dict[int, set[int]] = defaultdict(set)
    blocked: dict[int, set[int]] = defaultdict(set)
    named: set[tuple[int, int]] = set()  # cluster pairs with a candidate pair naming both sources
    for i, j in candidates:
        x, y = label[i], label[j]
        if x != y:
            near[x].add(y)
            near[y].add(x)
            if _source_named(ms[i]) and _source_named(ms[j]):
                named.add((min(x, y), max(x, y)))
    for pairs in (told_apart, ((i, j) for i, js in apart.items() for j in js)):
        for i, j in pairs:
            x, y = label[i], label[j]
            blocked[x].add(y)
            blocked[y].add(x)
    sole = {x: ys - blocked[x] for x, ys in near.items()}
    for x, ys in sorted(sole.items()):
        if len(ys) != 1:
            continue
        y = next(iter(ys))
        if x < y and sole.get(y) == {x} and (x, y) in named and (
                days is None or _spread((days[x], days[y])) <= 1):
            clusters[x] = sorted(clusters[x] + clusters.pop(y))


def _near_pairs(ms: list[LinkRecord], s: LinkSettings) -> Iterator[tuple[int, int]]:
    """Index pairs (i < j) that could link by their dates (pair_rule.dates_compatible): dated
    events whose date windows lie within ``window_days`` of each other (a sweep over the events
    sorted by date), and every pair with an event that has no date or is an undated retelling
    (those link across months)."""
    loose = [i for i, r in enumerate(ms) if r.window_span is None or r.undated_background]
    loose_set = set(loose)
    spans = {i: r.window_span for i, r in enumerate(ms) if i not in loose_set}
    order = sorted(spans, key=lambda i: (spans[i][0], i))  # type: ignore[index]
    reach = timedelta(days=s.window_days)
    for pos, i in enumerate(order):
        end = spans[i][1] + reach  # type: ignore[index]
        for j in order[pos + 1:]:
            if spans[j][0] > end:  # type: ignore[index]
                break
            yield (i, j) if i < j else (j, i)
    for i in loose:
        for j in range(len(ms)):
            if j != i and (j not in loose_set or j > i):
                yield (i, j) if i < j else (j, i)


def _spread(spans: Iterable[tuple[date, date] | None]) -> int:
    """Days from the first to the last of these stated days (0 where fewer than two)."""
    known = [x for x in spans if x is not None]
    if not known:
        return 0
    return (max(x[1] for x in known) - min(x[0] for x in known)).days


def _span_union(a: tuple[date, date] | None, b: tuple[date, date] | None) -> tuple[date, date] | None:
    if a is None or b is None:
        return a or b
    return min(a[0], b[0]), max(a[1], b[1])
