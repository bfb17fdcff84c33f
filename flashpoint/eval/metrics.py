"""Counts and scores of predicted against gold events.

A :class:`Tally` collects raw counts record by record (``add``); tallies add up (``+``) so that the
overall figures pool the counts of several files (micro-averaging). :meth:`Tally.scores` turns
counts into :class:`Scores`.

Definitions (after :func:`flashpoint.eval.matching.match_record` pairs events one-to-one):

* **type P/R/F1** (micro): a true positive is a pair with the same PLOVER type. Gold events with no
  PLOVER type (CAMEO roots 01/02) are out of scope, and so is a prediction paired with one.
  Predictions in records with no gold event (``noevents``) are false positives.
* **quad macro-F1**: per quad class, a true positive is a pair whose gold and predicted quad class
  are that class; F1 per class, averaged over the classes seen in gold or predictions.
* **dyad F1**: a true positive is a type true positive whose source and target countries also
  agree (:func:`~flashpoint.eval.matching.country_agrees`); same denominators as type P/R.
* **country / sector accuracy**: over all pairs whose gold actor has a known country (resp. a
  sector); sector is right when the predicted sector is one of the gold's accepted sectors.
* **reliability**: predictions in the type scope binned by confidence (10 bins of 0.1); per bin the
  mean confidence and the fraction that are type true positives; ECE = Σ n_b/N · |acc_b − conf_b|.
* **field reliability** (``Scores.field_reliability``): the same table per field of
  ``Event.field_confidence``, over *matched* pairs only: ``type`` (pairs whose gold has a PLOVER
  type; right = same type), ``source`` and ``target`` (pairs whose gold actor has a known
  country; right = the country agrees, as in the country accuracies). Events without a value
  for the field are left out.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from flashpoint.eval.gold import GoldEvent
from flashpoint.eval.matching import country_agrees, match_record, predicted_quad, target_agrees
from flashpoint.model import Actor, Event

NONE = "(none)"  # the confusion-matrix row/column of unmatched events
N_BINS = 10
FIELDS = ("type", "source", "target")  # Event.field_confidence keys checked against gold


def _ratio(num: int, den: int) -> float:
    return num / den if den else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _sector_agrees(gold_sectors: frozenset[str], pred: Actor | None) -> bool:
    return pred is not None and pred.sector is not None and pred.sector in gold_sectors


@dataclass
class ReliabilityBin:
    lower: float
    upper: float
    n: int
    mean_confidence: float
    accuracy: float


@dataclass
class FieldReliability:
    """Reliability of one ``Event.field_confidence`` field on matched pairs."""

    n: int
    accuracy: float  # fraction of the n where the field is right
    mean_confidence: float
    ece: float
    bins: list[ReliabilityBin]


@dataclass
class Scores:
    n_records: int
    n_gold: int
    n_pred: int
    n_gold_typed: int
    n_pred_typed: int
    type_tp: int
    type_p: float
    type_r: float
    type_f1: float
    quad_f1: dict[int, float]
    quad_macro_f1: float
    dyad_tp: int
    dyad_p: float
    dyad_r: float
    dyad_f1: float
    source_country_acc: float
    target_country_acc: float
    source_sector_acc: float
    target_sector_acc: float
    n_source_country: int
    n_target_country: int
    n_source_sector: int
    n_target_sector: int
    confusion: dict[str, dict[str, int]]
    reliability: list[ReliabilityBin]
    ece: float
    field_reliability: dict[str, FieldReliability] = field(default_factory=dict)


@dataclass
class Tally:
    n_records: int = 0
    n_gold: int = 0
    n_pred: int = 0
    n_gold_typed: int = 0
    n_pred_typed: int = 0
    type_tp: int = 0
    dyad_tp: int = 0
    quad_tp: Counter = field(default_factory=Counter)
    quad_gold: Counter = field(default_factory=Counter)
    quad_pred: Counter = field(default_factory=Counter)
    # [right, checked] per actor attribute
    src_country: list[int] = field(default_factory=lambda: [0, 0])
    tgt_country: list[int] = field(default_factory=lambda: [0, 0])
    src_sector: list[int] = field(default_factory=lambda: [0, 0])
    tgt_sector: list[int] = field(default_factory=lambda: [0, 0])
    confusion: Counter = field(default_factory=Counter)  # (gold type, predicted type) → n
    calibration: list[tuple[float, bool]] = field(default_factory=list)
    # field -> (field confidence, field right) over matched pairs (see FIELDS)
    field_points: dict[str, list[tuple[float, bool]]] = field(default_factory=dict)

    def _field_point(self, name: str, event: Event, right: bool) -> None:
        conf = event.field_confidence.get(name)
        if conf is not None:
            self.field_points.setdefault(name, []).append((float(conf), bool(right)))

    def add(self, gold: Sequence[GoldEvent], pred: Sequence[Event], scheme: str) -> list[tuple[int, int]]:
        """Count one record; returns the pairs it matched."""
        pairs = match_record(gold, pred, scheme)
        self.n_records += 1
        self.n_gold += len(gold)
        self.n_pred += len(pred)
        paired_gold = {gi: pi for gi, pi in pairs}
        paired_pred = {pi: gi for gi, pi in pairs}
        untyped_partner = {pi for gi, pi in pairs if gold[gi].event_type is None}
        self.n_gold_typed += sum(1 for g in gold if g.event_type is not None)
        for pi, p in enumerate(pred):
            q = predicted_quad(p, scheme)
            if q is not None:
                self.quad_pred[q] += 1
            if pi in untyped_partner:
                continue
            self.n_pred_typed += 1
            gi = paired_pred.get(pi)
            right = gi is not None and gold[gi].event_type == p.event_type
            self.calibration.append((float(p.confidence), right))
            if gi is None:
                self.confusion[(NONE, p.event_type)] += 1
        for gi, g in enumerate(gold):
            if g.quad_class is not None:
                self.quad_gold[g.quad_class] += 1
            pi = paired_gold.get(gi)
            if pi is None:
                if g.event_type is not None:
                    self.confusion[(g.event_type, NONE)] += 1
                continue
            p = pred[pi]
            pq = predicted_quad(p, scheme)
            if g.quad_class is not None and g.quad_class == pq:
                self.quad_tp[pq] += 1
            src_ok = country_agrees(g.source, p.source)
            tgt_ok = target_agrees(g, p)
            if g.source is not None and g.source.known_country:
                self.src_country[0] += src_ok
                self.src_country[1] += 1
                self._field_point("source", p, src_ok)
            if g.target is not None and g.target.known_country:
                self.tgt_country[0] += tgt_ok
                self.tgt_country[1] += 1
                self._field_point("target", p, tgt_ok)
            if g.source is not None and g.source.sectors:
                self.src_sector[0] += _sector_agrees(g.source.sectors, p.source)
                self.src_sector[1] += 1
            if g.target is not None and g.target.sectors:
                self.tgt_sector[0] += _sector_agrees(g.target.sectors, p.target)
                self.tgt_sector[1] += 1
            if g.event_type is None:
                continue
            self._field_point("type", p, g.event_type == p.event_type)
            self.confusion[(g.event_type, p.event_type)] += 1
            if g.event_type == p.event_type:
                self.type_tp += 1
                if src_ok and tgt_ok:
                    self.dyad_tp += 1
        return pairs

    def __add__(self, other: "Tally") -> "Tally":
        out = Tally()
        for name in ("n_records", "n_gold", "n_pred", "n_gold_typed", "n_pred_typed", "type_tp", "dyad_tp"):
            setattr(out, name, getattr(self, name) + getattr(other, name))
        for name in ("quad_tp", "quad_gold", "quad_pred", "confusion"):
            setattr(out, name, getattr(self, name) + getattr(other, name))
        for name in ("src_country", "tgt_country", "src_sector", "tgt_sector"):
            a, b = getattr(self, name), getattr(other, name)
            setattr(out, name, [a[0] + b[0], a[1] + b[1]])
        out.calibration = self.calibration + other.calibration
        for name in set(self.field_points) | set(other.field_points):
            out.field_points[name] = self.field_points.get(name, []) + other.field_points.get(name, [])
        return out

    def scores(self) -> Scores:
        type_p = _ratio(self.type_tp, self.n_pred_typed)
        type_r = _ratio(self.type_tp, self.n_gold_typed)
        dyad_p = _ratio(self.dyad_tp, self.n_pred_typed)
        dyad_r = _ratio(self.dyad_tp, self.n_gold_typed)
        quad_f1: dict[int, float] = {}
        for q in sorted(set(self.quad_gold) | set(self.quad_pred)):
            quad_f1[q] = _f1(_ratio(self.quad_tp[q], self.quad_pred[q]), _ratio(self.quad_tp[q], self.quad_gold[q]))
        confusion: dict[str, dict[str, int]] = {}
        for (g, p), n in sorted(self.confusion.items()):
            confusion.setdefault(g, {})[p] = n
        bins, ece = reliability(self.calibration)
        return Scores(
            n_records=self.n_records,
            n_gold=self.n_gold,
            n_pred=self.n_pred,
            n_gold_typed=self.n_gold_typed,
            n_pred_typed=self.n_pred_typed,
            type_tp=self.type_tp,
            type_p=type_p,
            type_r=type_r,
            type_f1=_f1(type_p, type_r),
            quad_f1=quad_f1,
            quad_macro_f1=sum(quad_f1.values()) / len(quad_f1) if quad_f1 else 0.0,
            dyad_tp=self.dyad_tp,
            dyad_p=dyad_p,
            dyad_r=dyad_r,
            dyad_f1=_f1(dyad_p, dyad_r),
            source_country_acc=_ratio(*self.src_country),
            target_country_acc=_ratio(*self.tgt_country),
            source_sector_acc=_ratio(*self.src_sector),
            target_sector_acc=_ratio(*self.tgt_sector),
            n_source_country=self.src_country[1],
            n_target_country=self.tgt_country[1],
            n_source_sector=self.src_sector[1],
            n_target_sector=self.tgt_sector[1],
            confusion=confusion,
            reliability=bins,
            ece=ece,
            field_reliability={name: field_reliability(self.field_points[name])
                               for name in FIELDS if self.field_points.get(name)},
        )


def reliability(points: Sequence[tuple[float, bool]], n_bins: int = N_BINS) -> tuple[list[ReliabilityBin], float]:
    """Reliability table (equal-width confidence bins; empty bins left out) and the ECE."""
    groups: dict[int, list[tuple[float, bool]]] = {}
    for conf, right in points:
        b = min(int(max(conf, 0.0) * n_bins), n_bins - 1)
        groups.setdefault(b, []).append((conf, right))
    bins: list[ReliabilityBin] = []
    ece = 0.0
    total = len(points)
    for b in sorted(groups):
        members = groups[b]
        mean_conf = sum(c for c, _ in members) / len(members)
        acc = sum(1 for _, r in members if r) / len(members)
        bins.append(ReliabilityBin(b / n_bins, (b + 1) / n_bins, len(members), mean_conf, acc))
        ece += len(members) / total * abs(acc - mean_conf)
    return bins, ece


def field_reliability(points: Sequence[tuple[float, bool]], n_bins: int = N_BINS) -> FieldReliability:
    """Reliability table, ECE, accuracy and mean confidence of one field's points."""
    bins, ece = reliability(points, n_bins)
    n = len(points)
    return FieldReliability(n=n, accuracy=_ratio(sum(1 for _, r in points if r), n),
                            mean_confidence=sum(c for c, _ in points) / n if n else 0.0,
                            ece=ece, bins=bins)
