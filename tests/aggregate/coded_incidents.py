"""The incident set (data/incidents.yaml) coded from its text by the real pipeline, and the gold
incidents of the events the coder produced.

Protocol: every article of the set is its report sentences joined (as in incident_data), coded by
``Pipeline.code_articles``. A coded event is scored when its evidence sentence is one report's
sentence and its type is the incident's type or one linked to it in ``compatible_types`` (the
report's main event); its gold incident is that report's incident. Other events the coder finds
in the same sentences (side events: "the attack *followed the killing* of…", or a different type
than the report's) are left out of the score and counted (``side_events``); reports with no
scored event are counted as ``reports_missed`` (a coding miss, not a linking one). Where one
report sentence gives several events of a compatible type ("Israel launched air strikes on Gaza
after Hamas fired rockets"), the report's main event is the one whose source and target
countries agree best with the incident's; the others are side events."""
from __future__ import annotations

from collections import defaultdict
from typing import Any

from pathlib import Path

from incident_data import DATA, build_corpus, load_incidents

from flashpoint.aggregate.settings import load_settings
from flashpoint.model import Article, Event


def coded_corpus(
    pipeline: Any, path: Path = DATA,
) -> tuple[list[tuple[Article, list[Event]]], dict[str, str], dict[str, int]]:
    """(article, coded events) pairs, gold incident of every scored event id, and counts."""
    written, _ = build_corpus(path)
    settings = load_settings()
    # report sentence -> incident, per article (sentence text is unique within an article)
    sentence_incident: dict[str, dict[str, tuple[str, str]]] = defaultdict(dict)
    dyads: dict[str, tuple[str | None, str | None]] = {}
    for inc in load_incidents(path):
        for rep in inc["reports"]:
            sentence_incident[rep["a"]][rep["s"]] = (inc["id"], rep.get("type", inc["type"]))
            dyads[inc["id"]] = ((inc.get("src") or {}).get("country"),
                                (inc.get("tgt") or {}).get("country"))
    by_title = {a.title: a for a, _ in written}
    articles = [Article(title=a.title, body=a.body, outlet=a.outlet, published=a.published)
                for a in by_title.values()]
    pairs = list(pipeline.code_articles(articles))
    gold: dict[str, str] = {}
    counts = {"reports": sum(len(v) for v in sentence_incident.values()), "events": 0,
              "side_events": 0, "reports_missed": 0}  # fmt: skip
    covered: set[tuple[str, str]] = set()
    for article, events in pairs:
        key = article.title.removeprefix("Report ")
        by_report: dict[tuple[str, str], list[Event]] = defaultdict(list)
        for ev in events:
            counts["events"] += 1
            hit = None
            for sent, (iid, etype) in sentence_incident[key].items():
                start = article.text.find(sent)
                if start <= ev.evidence.start < start + len(sent):
                    hit = (sent, iid, etype)
            if hit is None or not settings.types_compatible(ev.event_type, hit[2]):
                counts["side_events"] += 1
                continue
            by_report[(hit[0], hit[1])].append(ev)
        for (sent, iid), evs in by_report.items():
            fit = {ev.id: _dyad_fit(ev, dyads[iid]) for ev in evs}
            best = max(fit.values())
            for ev in evs:
                if fit[ev.id] < best:
                    counts["side_events"] += 1
                    continue
                gold[ev.id] = iid
            covered.add((key, sent))
    counts["reports_missed"] = counts["reports"] - len(covered)
    counts["incidents"] = len(set(gold.values()))
    return pairs, gold, counts


def _dyad_fit(ev: Event, dyad: tuple[str | None, str | None]) -> int:
    """How many of the incident's source and target countries the event has in those roles."""
    src, tgt = dyad
    return int(src is not None and ev.source.country == src) + int(
        tgt is not None and ev.target is not None and ev.target.country == tgt)
