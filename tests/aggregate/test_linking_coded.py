"""Incident linking on events the real pipeline codes from the incident sets' article texts (the
protocol is in coded_incidents.py), and on the held-out set's written events.

Measured 2026-11-25 with linking.yaml version 3 (pairwise precision / recall / F1):

| set | events | written events | coded by the pipeline |
|---|---|---|---|
| incidents.yaml (38 incidents; development) | 116 | 0.93 / 0.98 / 0.96 | 0.83 / 0.94 / 0.88 (77 scored) |
| incidents_holdout.yaml (49 incidents) | 185 | 0.85 / 0.95 / 0.90 (0.896) | 0.84 / 0.79 / 0.81 (148 scored) |

The held-out set was written by someone who had not seen the linker. Its first measurement,
with version 2 of the settings, gave 0.80 (written) and 0.60 (coded); version 3 was then
developed looking at its errors, so it is no longer fully held out. Its near misses (two
strikes on one city a day apart, two marches a week apart with a retelling between them, an
expulsion and a visa ban two days apart) are what precision loses on: single-link components
chain through one wrong link. The floors are the measured values less a margin for coder changes."""
from __future__ import annotations

import pytest
from coded_incidents import coded_corpus
from incident_data import DATA, HOLDOUT, build_corpus, pairwise_scores

from flashpoint.aggregate import IncidentLinker, link_store, record_from_event
from flashpoint.model import FACTUAL_MODALITIES
from flashpoint.store import Store

# set -> (F1, precision) floors for coded events
CODED_FLOORS = {"dev": (0.83, 0.78), "holdout": (0.77, 0.78)}
PATHS = {"dev": DATA, "holdout": HOLDOUT}


@pytest.fixture(scope="module", params=["dev", "holdout"])
def coded(request, pipeline):
    return request.param, coded_corpus(pipeline, PATHS[request.param])


def _scores(records, gold):
    linker = IncidentLinker()
    linker.add(records)
    pred = {r.event_id: iid for iid, members in linker.incidents().items() for r in members}
    return pairwise_scores(pred, gold)


@pytest.mark.slow
def test_linking_coded_events_pairwise_f1(coded):
    name, (pairs, gold, counts) = coded
    assert counts["incidents"] >= 25 and len(gold) >= 60  # enough scored to mean something
    scores = _scores([record_from_event(e, a) for a, evs in pairs for e in evs if e.id in gold],
                     gold)  # fmt: skip
    print(f"incident linking on coded events ({name}): {scores}, {counts}")
    f1, precision = CODED_FLOORS[name]
    assert scores["f1"] >= f1
    assert scores["precision"] >= precision


def test_linking_written_holdout_events():
    pairs, gold = build_corpus(HOLDOUT)
    assert len(set(gold.values())) >= 30 and len(pairs) >= 90
    scores = _scores([record_from_event(e, a) for a, evs in pairs for e in evs], gold)
    print(f"incident linking on the held-out written events: {scores}")
    assert scores["f1"] >= 0.87 and scores["recall"] >= 0.9


@pytest.mark.slow
def test_store_linking_of_coded_articles_matches_in_memory(coded, tmp_path):
    """The store path (blocking in SQL, partial seeding) links coded events as the in-memory
    linker does, every factual event included (side events too)."""
    _, (pairs, _, _) = coded
    linker = IncidentLinker()
    linker.add(record_from_event(e, a) for a, evs in pairs for e in evs
               if e.modality in FACTUAL_MODALITIES)
    expected = sorted(sorted(r.event_id for r in m) for m in linker.incidents().values())
    with Store(tmp_path / "coded.duckdb") as store:
        for i in range(0, len(pairs), 5):
            store.add(pairs[i : i + 5])
            link_store(store, article_ids=[a.id for a, _ in pairs[i : i + 5]])
        rows = store.sql("SELECT incident_id, list(event_id ORDER BY event_id) AS ids "
                         "FROM incident_events WHERE incident_id IS NOT NULL GROUP BY 1").rows()
    assert sorted(ids for _, ids in rows) == expected
