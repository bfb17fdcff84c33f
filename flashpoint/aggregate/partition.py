"""Splitting a linked component into incidents where a chain of links joins reports that cannot
be one occurrence.

Links (``pair_rule.link_margin``) are judged pair by pair, and a chain of them can join two
occurrences that no single report confuses: the pager blasts of one day and the radio blasts of
the next, joined through a report that says neither day. A component with no pair that
``cannot_link`` is one incident. Otherwise it is clustered by average linkage: start from single
events, and repeatedly merge the two clusters whose links are strongest on average over all
their cross pairs (an unlinked pair counts 0), never two clusters with a pair that cannot link,
until no linked pair of clusters is left. One strong link between two otherwise unlinked groups
counts little, which is what keeps a bridging report from deciding. The result depends only on
the component's events (ties broken by event id), never on the order they arrived in.
"""
from __future__ import annotations

import heapq
from itertools import combinations

from flashpoint.aggregate.pair_rule import cannot_link, link_margin
from flashpoint.aggregate.records import LinkRecord
from flashpoint.aggregate.settings import LinkSettings

# every link counts a little more than its margin over the threshold, so a link that just clears
# it still pulls two clusters together
LINK_FLOOR = 0.01


def split_component(members: list[LinkRecord], s: LinkSettings) -> list[list[LinkRecord]]:
    """The incidents of one connected component (each sorted by event id; the list ordered by
    first event id). A component over ``s.split_max_events`` is kept whole (its pairs are not all
    compared)."""
    ms = sorted(members, key=lambda r: r.event_id)
    n = len(ms)
    if n < 3 or n > s.split_max_events:
        return [ms]
    links: dict[int, dict[int, float]] = {i: {} for i in range(n)}  # cluster -> cluster -> sum
    apart: dict[int, set[int]] = {i: set() for i in range(n)}  # clusters that must stay apart
    for i, j in combinations(range(n), 2):
        m = link_margin(ms[i], ms[j], s)
        if m is not None:
            links[i][j] = links[j][i] = m + LINK_FLOOR
        elif cannot_link(ms[i], ms[j], s):
            apart[i].add(j)
            apart[j].add(i)
    if not any(apart.values()):
        return [ms]
    clusters: dict[int, list[int]] = {i: [i] for i in range(n)}  # label: its smallest index
    version = [0] * n
    # best pair first: (-average link, first label, second label, their versions when pushed);
    # an entry whose clusters changed since is stale and skipped
    heap = [(-w, i, j, 0, 0) for i in range(n) for j, w in links[i].items() if i < j]
    heapq.heapify(heap)
    while heap:
        _, x, y, vx, vy = heapq.heappop(heap)
        if x not in clusters or y not in clusters or (vx, vy) != (version[x], version[y]):
            continue
        if y in apart[x]:
            continue  # never again mergeable: clusters only grow
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
            a, b = (x, z) if x < z else (z, x)
            heapq.heappush(heap, (-w / (size_x * len(clusters[z])), a, b, version[a], version[b]))
    return [[ms[i] for i in sorted(c)] for _, c in sorted(clusters.items())]
