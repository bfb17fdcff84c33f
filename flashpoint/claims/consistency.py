"""Consistency of one article with itself: events that tell the same occurrence but disagree on
its source actor, place or date are flagged, each with both readings' spans.

Two events tell the same occurrence when they have the same PLOVER type and CAMEO root, the same
background status, and the same target (same dictionary actor, else the same head word or the
same name up to spelling: "Qassem Soleimani" / "Qassim Suleimani"). Spelling variants of one
actor are the same actor, never a contradiction. The reading that more mentions support is kept
as is; each minority event's ``field_confidence`` for the disputed field is halved.
Pure functions over ``flashpoint.model`` events (no spaCy).
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence

from flashpoint.model import Actor, Event, Flag, Span

MINORITY_FACTOR = 0.5
_VOWELS = re.compile(r"[aeiouy]")
_STOP = {"the", "a", "an", "two", "three", "four", "several", "some", "at", "least", "u.s.", "us",
         "of", "in"}
_PREPS = {"in", "at", "near", "on", "outside", "inside", "from", "across", "along", "off", "around"}


def name_key(text: str | None) -> str | None:
    """A spelling-tolerant key of a name: the last word before any place phrase ("bases in
    Iraq" -> bases), without accents, vowels or doubled letters ("Suleimani" and "Soleimani"
    -> "slmn")."""
    if not text:
        return None
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z][a-z.'-]*", plain)
    cut = next((i for i, w in enumerate(words) if w in _PREPS and i > 0), len(words))
    words = [w for w in words[:cut] if w not in _STOP]  # "ships in the Red Sea" -> ships
    if not words:
        return None
    last = words[-1].rstrip("s") if len(words[-1]) > 3 else words[-1]  # "bases" ~ "base"
    skeleton = last[0] + _VOWELS.sub("", last[1:])
    return re.sub(r"(.)\1+", r"\1", skeleton)


def same_actor(a: Actor | None, b: Actor | None) -> bool | None:
    """True / False where both are known, None where either is missing (nothing to compare)."""
    if a is None or b is None or a.text is None or b.text is None:
        return None
    if a.actor_id and b.actor_id:
        return a.actor_id == b.actor_id
    if a.actor_id or b.actor_id:  # one in the dictionary, the other not: compare by country
        if a.country and b.country:
            return a.country == b.country
    if name_key(a.text) == name_key(b.text):
        return True
    if a.country and b.country:
        return a.country == b.country
    return None


def same_occurrence(a: Event, b: Event) -> bool:
    if a.event_type != b.event_type or a.cameo[:2] != b.cameo[:2] or a.background != b.background:
        return False
    if a.evidence.trigger.start == b.evidence.trigger.start:
        return False
    return bool(same_actor(a.target, b.target))


def occurrence_groups(events: Sequence[Event], *, singletons: bool = False) -> list[list[Event]]:
    """Events grouped by occurrence (single-link: a ~ b ~ c); groups of one event only with
    ``singletons``."""
    parent = list(range(len(events)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(events)):
        for j in range(i + 1, len(events)):
            if same_occurrence(events[i], events[j]):
                parent[find(i)] = find(j)
    groups: dict[int, list[Event]] = {}
    for i, e in enumerate(events):
        groups.setdefault(find(i), []).append(e)
    return [g for g in groups.values() if singletons or len(g) > 1]


def _source_key(e: Event) -> str | None:
    s = e.source
    if s.text is None:
        return None
    return s.actor_id or s.country or name_key(s.text)


def _place_key(e: Event) -> str | None:
    loc = e.location
    if loc is None or loc.span is None:  # a place guessed from an actor's country is no reading
        return None
    return loc.country or (loc.name or "").lower() or None


def _date_key(e: Event) -> str | None:
    if e.date is None or e.date_precision not in {"day", "part-of-day"}:
        return None
    return e.date.isoformat()


FIELDS: tuple[tuple[str, str, Callable[[Event], str | None], Callable[[Event], Span | None]], ...] = (
    ("source", "source", _source_key, lambda e: e.source.span),
    ("place", "location", _place_key, lambda e: e.location.span if e.location else None),
)


def consistency_flags(events: Sequence[Event], *, dated: Sequence[Event] = ()) -> int:
    """Flag contradictions among the events of one article (in place); returns flags added.
    ``dated``: the events whose date came from their own words (only those can contradict
    each other on the date)."""
    added = 0
    own_date = {id(e) for e in dated}
    fields = list(FIELDS) + [("date", "date", lambda e: _date_key(e) if id(e) in own_date else None,
                              lambda e: e.evidence.trigger)]
    for group in occurrence_groups(events):
        for name, conf_field, key, span_of in fields:
            readings = [(key(e), e) for e in group]
            readings = [(k, e) for k, e in readings if k is not None]
            counts = Counter(k for k, _ in readings)
            if len(counts) < 2:
                continue
            top = counts.most_common()
            tie = top[0][1] == top[1][1]
            spans = [s for s in (span_of(e) for _, e in readings) if s is not None]
            described = "; ".join(f"'{span_of(e).text if span_of(e) else k}' ({counts[k]}x)"
                                  for k, e in _first_per_key(readings))
            message = f"the article disagrees on the {name} of this {group[0].event_type} event: {described}"
            for k, e in readings:
                e.flags.append(Flag(kind=f"contradiction:{name}", message=message, spans=list(spans)))
                added += 1
                if tie or k != top[0][0]:
                    e.field_confidence[conf_field] = round(
                        e.field_confidence.get(conf_field, 0.5) * MINORITY_FACTOR, 3)
    return added


def _first_per_key(readings: list[tuple[str, Event]]) -> list[tuple[str, Event]]:
    seen: dict[str, Event] = {}
    for k, e in readings:
        seen.setdefault(k, e)
    return list(seen.items())
