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
    weight: dict[tuple[int, int], float] = {}  # (cluster, cluster) -> summed link strength
    apart: set[tuple[int, int]] = set()  # cluster pairs that must stay apart
    for i, j in combinations(range(n), 2):
        m = link_margin(ms[i], ms[j], s)
        if m is not None:
            weight[(i, j)] = m + LINK_FLOOR
        elif cannot_link(ms[i], ms[j], s):
            apart.add((i, j))
    if not apart:
        return [ms]
    clusters: dict[int, list[int]] = {i: [i] for i in range(n)}  # label: its smallest index
    while True:
        best: tuple[float, int, int] | None = None
        for (x, y), w in weight.items():
            if (x, y) in apart:
                continue
            score = w / (len(clusters[x]) * len(clusters[y]))
            if best is None or (-score, x, y) < (-best[0], best[1], best[2]):
                best = (score, x, y)
        if best is None:
            break
        _, keep, gone = best
        clusters[keep] += clusters.pop(gone)
        _fold_weights(weight, keep, gone)
        apart = {_key(keep if a == gone else a, keep if b == gone else b) for a, b in apart}
    return [[ms[i] for i in sorted(c)] for _, c in sorted(clusters.items())]


def _key(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def _fold_weights(weight: dict[tuple[int, int], float], keep: int, gone: int) -> None:
    """Move cluster ``gone``'s link sums onto ``keep`` after a merge (summing where both had one)."""
    for k in [k for k in weight if gone in k]:
        w = weight.pop(k)
        other = k[0] if k[1] == gone else k[1]
        if other != keep:
            nk = _key(keep, other)
            weight[nk] = weight.get(nk, 0.0) + w
