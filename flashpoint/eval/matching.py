"""One-to-one matching of predicted to gold events within one record.

Every (gold, predicted) pair gets a score: 4 for the same PLOVER type, 2 for the same quad class,
1 each for source and target country agreement. Pairs are taken greedily, best score first (ties:
gold order, then predicted order), each event at most once, until one side runs out. Pairs that
agree on nothing are still paired: they feed the confusion matrix and the actor accuracies of
records where the type was missed. Scores then count only what each pair agrees on.
"""
from __future__ import annotations

from collections.abc import Sequence

from flashpoint.eval.codes import GoldActor, tables
from flashpoint.eval.gold import GoldEvent
from flashpoint.model import Actor, Event


def predicted_quad(event: Event, scheme: str) -> int | None:
    """Quad class of a prediction under the gold file's convention.

    CAMEO gold uses the CAMEO root of the code, PLOVER gold the PLOVER type; a prediction is read
    the same way so that both sides follow one convention (they differ for e.g. CAMEO 081, root 08
    = quad 2, PLOVER CONCEDE = quad 1). Falls back to ``event.quad_class``.
    """
    tab = tables()
    quad = tab.plover_quad_class(event.event_type) if scheme == "plover" else tab.cameo_quad_class(event.cameo or "")
    return quad if quad is not None else event.quad_class


def country_agrees(gold: GoldActor | None, pred: Actor | None, *, reciprocal_with: GoldActor | None = None) -> bool:
    """Does the predicted actor's country agree with the gold actor?

    * gold actor absent (no target coded): right when the prediction has no target country, or —
      for reciprocal PLOVER compounds (``reciprocal_with`` = the compound source) — when the
      predicted target is one of the compound's countries;
    * gold country unknown ("---", quoted new actors, no code): not checkable, counted as agreeing;
    * otherwise the predicted country must be one of the gold's accepted countries (any member of a
      compound actor).
    """
    pred_country = pred.country if pred is not None else None
    if gold is None:
        if pred_country is None:
            return True
        return reciprocal_with is not None and pred_country in reciprocal_with.countries
    if not gold.known_country:
        return True
    return pred_country is not None and pred_country in gold.countries


def target_agrees(gold: GoldEvent, pred: Event) -> bool:
    return country_agrees(gold.target, pred.target, reciprocal_with=gold.source if gold.reciprocal else None)


def match_record(gold: Sequence[GoldEvent], pred: Sequence[Event], scheme: str) -> list[tuple[int, int]]:
    """Pairs ``(gold_index, pred_index)``, one-to-one, greedy by agreement score."""
    scored: list[tuple[int, int, int]] = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            score = 0
            if g.event_type is not None and g.event_type == p.event_type:
                score += 4
            if g.quad_class is not None and g.quad_class == predicted_quad(p, scheme):
                score += 2
            score += country_agrees(g.source, p.source) + target_agrees(g, p)
            scored.append((-score, gi, pi))
    scored.sort()
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, gi, pi in scored:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        pairs.append((gi, pi))
    return sorted(pairs)
