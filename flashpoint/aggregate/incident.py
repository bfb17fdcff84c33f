"""``Incident``: one real-world occurrence and the events (from many articles) that tell it, with
its best-supported reading of actors, place and date."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, TypeVar

from flashpoint.aggregate.linking import incident_id, sort_key
from flashpoint.aggregate.records import LinkRecord

T = TypeVar("T", bound=Hashable)


@dataclass(frozen=True)
class Reading:
    """The best-supported value of one field and the share of (confidence-weighted) support."""

    value: Any
    confidence: float  # support of ``value`` / support of every value given (0 when none given)
    support: int  # events that gave ``value``


@dataclass
class Incident:
    id: str
    event_ids: list[str]
    article_ids: list[str]
    num_events: int
    num_articles: int
    num_sources: int  # distinct outlets (articles without an outlet count as one each)
    first_seen: date | None  # earliest publication (else event date) among its articles
    last_seen: date | None
    event_type: Reading
    source_country: Reading
    target_country: Reading
    source_actor: Reading
    target_actor: Reading
    place: Reading
    date: Reading
    quad_class: int
    goldstein: float | None  # mean over its events
    confidence: float  # mean of the field readings' confidences
    outlets: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        for k in ("first_seen", "last_seen"):
            d[k] = d[k].isoformat() if d[k] else None
        if isinstance(self.date.value, date):
            d["date"]["value"] = self.date.value.isoformat()
        return d


def _vote(records: Sequence[LinkRecord], get: Callable[[LinkRecord], T | None]) -> Reading:
    weight: dict[T, float] = defaultdict(float)
    count: dict[T, int] = defaultdict(int)
    for r in records:
        v = get(r)
        if v is None:
            continue
        weight[v] += max(r.confidence, 0.05)
        count[v] += 1
    if not weight:
        return Reading(None, 0.0, 0)
    # highest weight, then most events, then the smallest value: no dependence on order
    best = min(weight, key=lambda v: (-round(weight[v], 9), -count[v], str(v)))
    return Reading(best, round(weight[best] / sum(weight.values()), 4), count[best])


def build_incident(members: Sequence[LinkRecord]) -> Incident:
    """Summarise the events of one incident (any order)."""
    rs = sorted(members, key=sort_key)
    news = [r for r in rs if not r.background] or rs  # readings from news, not retellings
    articles = sorted({r.article_id for r in rs})
    outlet_of = {r.article_id: r.outlet for r in rs}
    outlets = sorted({o for o in outlet_of.values() if o})
    no_outlet = sum(1 for o in outlet_of.values() if not o)
    seen = [r.published or r.event_date for r in rs]
    seen_d = [d for d in seen if d is not None]
    readings = {
        "event_type": _vote(news, lambda r: r.event_type),
        "source_country": _vote(news, lambda r: r.source_country),
        "target_country": _vote(news, lambda r: r.target_country),
        "source_actor": _vote(news, lambda r: r.source_key),
        "target_actor": _vote(news, lambda r: r.target_key),
        "place": _vote(news, lambda r: r.place),
        "date": _vote(rs, lambda r: r.event_date),
    }
    given = [x.confidence for x in readings.values() if x.support]
    gold = [r.goldstein for r in news if r.goldstein is not None]
    quads = _vote(news, lambda r: r.quad_class)
    return Incident(
        id=incident_id(rs),
        event_ids=[r.event_id for r in rs],
        article_ids=articles,
        num_events=len(rs),
        num_articles=len(articles),
        num_sources=len(outlets) + no_outlet,
        first_seen=min(seen_d) if seen_d else None,
        last_seen=max(seen_d) if seen_d else None,
        quad_class=int(quads.value) if quads.value is not None else 0,
        goldstein=round(sum(gold) / len(gold), 4) if gold else None,
        confidence=round(sum(given) / len(given), 4) if given else 0.0,
        outlets=outlets,
        **readings,
    )
