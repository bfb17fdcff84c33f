"""``evaluate``: code every gold record with the normal pipeline and score it against the gold."""
from __future__ import annotations

import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flashpoint.eval.gold import GoldSet, load_gold
from flashpoint.eval.metrics import Scores, Tally
from flashpoint.eval.overlay import write_overlay
from flashpoint.model import Actor, Event

if TYPE_CHECKING:
    from flashpoint.pipeline import Pipeline

PEER_SCHEME = "petr_validate"  # PETRARCH unit-test suites: reported apart, never in "overall"
HEADLINE_KEYS = ("type_p", "type_r", "type_f1", "quad_macro_f1", "dyad_f1",
                 "source_country_acc", "target_country_acc")


@dataclass
class RecordResult:
    """One record's outcome, for error analysis (``EvalReport.records``)."""

    file: str
    id: str
    gold: list[str]  # "TYPE SRC>TGT" per gold event
    pred: list[str]
    pairs: list[tuple[int, int]]


@dataclass
class FileResult:
    name: str
    path: str
    scheme: str
    scores: Scores
    dropped: dict[str, int]
    seconds: float
    peer_suite: bool  # PETRARCH unit tests: fictional actors, run with their dictionary as overlay


@dataclass
class EvalReport:
    files: list[FileResult]
    overall: Scores
    overall_files: list[str]  # the files pooled into `overall` (the peer suites are left out)
    records: list[RecordResult] = field(default_factory=list)
    # raw counts and (confidence, right) points per gold file name (calibration fitting)
    tallies: dict[str, Tally] = field(default_factory=dict, repr=False)

    def to_dict(self, *, with_records: bool = False) -> dict[str, Any]:
        """One JSON object: the overall headline figures at the top level, then per file."""
        o = self.overall
        out: dict[str, Any] = {
            "n_records": o.n_records,
            "n_gold": o.n_gold,
            "n_pred": o.n_pred,
            **{k: round(getattr(o, k), 4) for k in HEADLINE_KEYS},
            "ece": round(o.ece, 4),
            "field_reliability": _field_reliability_dict(o),
            "overall_files": self.overall_files,
            "overall": _scores_dict(o),
            "files": {
                f.name: {
                    "path": f.path,
                    "scheme": f.scheme,
                    "peer_suite": f.peer_suite,
                    "dropped": f.dropped,
                    "seconds": round(f.seconds, 2),
                    **_scores_dict(f.scores),
                }
                for f in self.files
            },
        }
        if with_records:
            out["records"] = [asdict(r) for r in self.records]
        return out


def _scores_dict(s: Scores) -> dict[str, Any]:
    d = asdict(s)
    for k, v in list(d.items()):
        if isinstance(v, float):
            d[k] = round(v, 4)
    d["quad_f1"] = {str(k): round(v, 4) for k, v in s.quad_f1.items()}
    d["reliability"] = [_rounded(b) for b in d["reliability"]]
    d["field_reliability"] = _field_reliability_dict(s)
    return d


def _rounded(d: dict[str, Any]) -> dict[str, Any]:
    return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in d.items()}


def _field_reliability_dict(s: Scores) -> dict[str, Any]:
    """Per field of ``Event.field_confidence``: n, accuracy, mean confidence, ECE and bins."""
    out: dict[str, Any] = {}
    for name, fr in s.field_reliability.items():
        d = asdict(fr)
        d["bins"] = [_rounded(b) for b in d["bins"]]
        out[name] = _rounded(d)
    return out


def _describe_gold(ev: Any) -> str:
    def a(x: Any) -> str:
        return "/".join(sorted(x.countries)) if x is not None and x.countries else "-"

    return f"{ev.event_type or ev.code} {a(ev.source)}>{a(ev.target)}"


def _describe_pred(ev: Any) -> str:
    def a(x: Any) -> str:
        return (x.country or "-") if x is not None else "-"

    return f"{ev.event_type}({ev.cameo}) {a(ev.source)}>{a(ev.target)} {ev.confidence:.2f}"


def evaluate(
    paths: Iterable[Path | str],
    pipeline: "Pipeline | None" = None,
    *,
    petrarch_dicts: Path | None = None,
    keep_records: bool = False,
) -> EvalReport:
    """Score the pipeline on gold JSONL files.

    ``pipeline``: used for the CAMEO and PLOVER gold files (default: a fresh ``Pipeline()``).
    PETRARCH unit-test files (``code_scheme == "petr_validate"``) get their own pipeline whose actor
    overlay is built from ``petrarch_dicts/PETR.Validate.actors.txt`` (default: the
    ``petrarch_validation_dicts`` folder beside the gold file's folder).
    """
    from flashpoint.pipeline import Pipeline

    sets = [load_gold(p) for p in paths]
    if not sets:
        raise ValueError("evaluate needs at least one gold file")
    results: list[FileResult] = []
    tallies: dict[str, Tally] = {}
    records: list[RecordResult] = []
    peer_pipeline: Pipeline | None = None
    back: dict[str, str] = {}
    peer_sets = [g for g in sets if g.scheme == PEER_SCHEME]
    with tempfile.TemporaryDirectory(prefix="flashpoint-eval-") as tmp:
        for gold in sets:
            peer = gold.scheme == PEER_SCHEME
            if peer:
                if peer_pipeline is None:
                    dicts = petrarch_dicts or gold.path.resolve().parent.parent / "petrarch_validation_dicts"
                    overlay = write_overlay(
                        dicts / "PETR.Validate.actors.txt",
                        Path(tmp) / "petr_overlay.yaml",
                        texts=[r.text for g in peer_sets for r in g.records],
                        gold_codes={c for g in peer_sets for r in g.records for e in r.events
                                    for a in (e.source, e.target) if a is not None for c in a.countries},
                    )
                    back = overlay.back
                    peer_pipeline = Pipeline(actors_overlay=overlay.path)
                runner = peer_pipeline
            else:
                pipeline = pipeline or Pipeline()
                runner = pipeline
            start = time.perf_counter()
            tally = _score_set(gold, runner, records if keep_records else None, back if peer else {})
            tallies[gold.name] = tally
            results.append(FileResult(gold.name, str(gold.path), gold.scheme, tally.scores(), gold.dropped,
                                      time.perf_counter() - start, peer))
    pooled = [r.name for r in results if not r.peer_suite] or [r.name for r in results]
    total = Tally()
    for name in pooled:
        total = total + tallies[name]
    return EvalReport(files=results, overall=total.scores(), overall_files=pooled, records=records,
                      tallies=tallies)


def _relabel(event: Event, back: dict[str, str]) -> Event:
    """The event with stand-in country codes of the PETRARCH overlay turned back into the suite's."""
    def actor(a: Actor | None) -> Actor | None:
        if a is None or a.country not in back:
            return a
        return replace(a, country=back[a.country])

    return replace(event, source=actor(event.source) or event.source, target=actor(event.target))


def _score_set(gold: GoldSet, pipeline: "Pipeline", records: list[RecordResult] | None,
               back: dict[str, str]) -> Tally:
    tally = Tally()
    by_id = {r.id: r for r in gold.records}
    seen: set[str] = set()
    articles = [r.article() for r in gold.records]
    for article, events in pipeline.code_articles(articles):
        rid = article.record_id or ""
        rec = by_id[rid]
        seen.add(rid)
        # Gold sets code what happened (and statements of intent, which flashpoint codes as
        # asserted AGREE/THREATEN events); planned, demanded, conditional or negated acts are not
        # coded there, so only factual events (modality asserted/reported) are scored.
        events = [e for e in events if e.is_factual]
        if back:
            events = [_relabel(e, back) for e in events]
        pairs = tally.add(rec.events, events, gold.scheme)
        if records is not None:
            records.append(RecordResult(gold.name, rid, [_describe_gold(e) for e in rec.events],
                                        [_describe_pred(e) for e in events], pairs))
    missing: Sequence[str] = [r.id for r in gold.records if r.id not in seen]
    if missing:
        raise RuntimeError(f"{gold.path}: the pipeline returned no result for records {missing[:5]}")
    return tally
