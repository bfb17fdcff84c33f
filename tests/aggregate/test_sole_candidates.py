"""Two incidents that are each other's only candidate join, though their wording differs
(partition._join_sole_candidates): a report that tells the only shelling of a town that day in
other words ("the hospital had run out of beds") joins it; with a second occurrence of the same
dyad and day nearby, or without a named source, the wording has to decide and it stays apart."""
from __future__ import annotations

import dataclasses

from incident_data import HOLDOUT13, build_corpus
from store_batches import incidents_in_store
from test_crowded_day import _incidents, _report

from flashpoint.aggregate import record_from_event
from flashpoint.aggregate.pair_rule import link_evidence, same_incident
from flashpoint.aggregate.settings import load_settings

KUTAISI = ("Kutaisi", 42.27, 42.70)
ZESTAPONI = ("Zestaponi", 42.11, 43.05)  # 33 km east of Kutaisi

SHELLING = [
    _report("a1", "Army artillery shelled the market in Kutaisi on Tuesday, killing four traders.",
            place=KUTAISI, source="GEO", target="GEO"),
    _report("a2", "Four traders died when troops fired shells at the Kutaisi market on Tuesday.",
            place=KUTAISI, source="GEO", target="GEO"),
]
# the same day and dyad, no place, no word in common with the shelling's reports
AFTERMATH = "Residents said the hospital had run out of beds and blood by nightfall."


def test_the_only_candidate_of_a_report_told_in_other_words_is_its_incident():
    s = load_settings()
    aftermath = _report("b", AFTERMATH, place=None, source="GEO", target="GEO")
    for report in SHELLING:
        assert link_evidence(aftermath, report, s) is not None  # nothing but the wording differs
        assert not same_incident(aftermath, report, s)  # and the wording shares nothing
    assert _incidents([*SHELLING, aftermath]) == [["a1", "a2", "b"]]
    assert _incidents([*SHELLING, aftermath], dataclasses.replace(s, sole_candidates=False)) == [
        ["a1", "a2"], ["b"]]


def test_with_a_second_occurrence_that_day_the_wording_has_to_decide():
    aftermath = _report("b", AFTERMATH, place=None, source="GEO", target="GEO")
    depot = [
        _report("c1", "Soldiers fired mortars at a bus depot in Zestaponi on Tuesday, wounding "
                      "six drivers.", place=ZESTAPONI, source="GEO", target="GEO"),
        _report("c2", "Six bus drivers were hurt when mortar rounds hit the Zestaponi depot on "
                      "Tuesday.", place=ZESTAPONI, source="GEO", target="GEO"),
    ]
    assert link_evidence(aftermath, depot[0], load_settings()) is not None
    assert _incidents([*SHELLING, aftermath, *depot]) == [["a1", "a2"], ["b"], ["c1", "c2"]]


def test_a_report_that_names_no_source_is_not_joined_on_structure_alone():
    unsourced = _report("b", AFTERMATH, place=None, source=None, target="GEO")
    assert link_evidence(unsourced, SHELLING[0], load_settings()) is not None
    assert _incidents([*SHELLING, unsourced]) == [["a1", "a2"], ["b"]]


def test_joining_sole_candidates_does_not_depend_on_arrival_order():
    aftermath = _report("b", AFTERMATH, place=None, source="GEO", target="GEO")
    reports = [*SHELLING, aftermath]
    for order in (reports, reports[::-1], [reports[2], reports[0], reports[1]]):
        assert _incidents(order) == [["a1", "a2", "b"]]


def test_store_linking_in_any_order_joins_sole_candidates_as_in_memory(tmp_path):
    """On a held-out set where sole candidates join (incidents_holdout13.yaml), linking articles
    into a store in small batches, in two orders, gives the in-memory linker's incidents."""
    pairs, _ = build_corpus(HOLDOUT13)
    records = [record_from_event(e, a) for a, evs in pairs for e in evs]

    expected = _incidents(records)
    without = _incidents(records, dataclasses.replace(load_settings(), sole_candidates=False))
    assert len(expected) < len(without)  # some incidents joined as sole candidates
    for seed in (1, 2):
        assert incidents_in_store(pairs, tmp_path / f"h{seed}.duckdb", seed=seed,
                                  batch=4) == expected, seed
