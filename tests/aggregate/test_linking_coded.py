"""Incident linking on events the real pipeline codes from the incident sets' article texts (the
protocol is in coded_incidents.py), and on the held-out sets' written events.

Measured 2026-11-26 (eighth session) with linking.yaml version 9 and lexicon-2026.11.5 /
kb-2026.11.4 (pairwise precision / recall / F1; command: python -m pytest -q
tests/aggregate/test_linking.py tests/aggregate/test_linking_coded.py -s):

| set | events | written events | coded by the pipeline |
|---|---|---|---|
| incidents.yaml (38 incidents; development) | 116 | 1.00 / 1.00 / 1.00 | 0.96 / 0.94 / 0.95 |
| incidents_holdout.yaml (49 incidents) | 185 | 0.96 / 0.93 / 0.94 | 0.93 / 0.81 / 0.87 |
| incidents_holdout2.yaml (60 incidents) | 227 | 0.95 / 0.90 / 0.93 | 0.93 / 0.55 / 0.69 |
| incidents_dense.yaml (41 incidents; dense) | 127 | 0.88 / 0.91 / 0.89 | 0.78 / 0.75 / 0.76 |
| incidents_holdout3.yaml (55 incidents; scored, errors unread) | 228 | 0.90 / 0.86 / 0.88 | 0.86 / 0.75 / 0.80 |
| incidents_holdout4.yaml (57 incidents) | 220 | 0.98 / 0.86 / 0.91 | 0.91 / 0.67 / 0.77 |
| incidents_holdout5.yaml (57 incidents) | 212 | 0.96 / 0.79 / 0.87 | 0.92 / 0.64 / 0.76 |
| incidents_holdout6.yaml (57 incidents) | 229 | 0.97 / 0.93 / 0.95 | 0.94 / 0.49 / 0.64 |
| incidents_holdout7.yaml (58 incidents; first look 0.79 / 0.66) | 241 | 0.98 / 0.94 / 0.96 | 0.90 / 0.59 / 0.71 |
| incidents_holdout8.yaml (60 incidents; first look 0.80 / 0.63) | 230 | 0.87 / 0.81 / 0.84 | 0.71 / 0.55 / 0.62 |
| incidents_holdout9.yaml (56 incidents; blind first look 0.83 / 0.51) | 217 | 0.91 / 0.92 / 0.92 | 0.75 / 0.42 / 0.54 |
| incidents_holdout10.yaml (62 incidents; blind first look 0.70 / 0.56) | 221 | 0.78 / 0.88 / 0.83 | 0.69 / 0.51 / 0.58 |
| incidents_holdout11.yaml (71 incidents; blind first look 0.68 / 0.45) | 225 | 0.84 / 0.77 / 0.81 | 0.70 / 0.35 / 0.46 |
| incidents_holdout12.yaml (66 incidents; blind first look 0.81 / 0.56) | 224 | 0.88 / 0.87 / 0.87 | 0.70 / 0.48 / 0.57 |
| incidents_holdout13.yaml (73 incidents; blind first look 0.81 / 0.59) | 216 | 0.87 / 0.84 / 0.85 | 0.79 / 0.47 / 0.59 |
| incidents_holdout14.yaml (64 incidents; blind first look 0.86 / 0.61) | 203 | 0.91 / 0.85 / 0.88 | 0.90 / 0.47 / 0.62 |
| **incidents_holdout15.yaml (70 incidents; blind first look, version 9)** | 213 | **0.97 / 0.91 / 0.94** | **0.60 / 0.41 / 0.49** |
| **incidents_holdout16.yaml (69 incidents; blind first look, version 9)** | 221 | **0.92 / 0.90 / 0.91** | **0.63 / 0.48 / 0.54** |
| **incidents_holdout17.yaml (68 incidents; blind first look, version 9)** | 216 | **0.88 / 0.89 / 0.89** | **0.76 / 0.51 / 0.61** |

Pooled over the 18 sets (pairs summed), written: 0.92 / 0.88 / 0.90; coded: 0.83 / 0.58 / 0.68.
Pooled over the three first looks with version 9 (holdout15, 16, 17): 0.92 / 0.90 / 0.91.

Version 9 (eighth session): two incidents that are each other's only candidate join, though
their wording differs (partition._join_sole_candidates). A candidate pair passes every test of
the rule but the evidence similarity (pair_rule.link_evidence); candidates now form the
components, the partition joins linked clusters as before, and then joins two clusters where
some candidate pair of theirs names both sources, no pair of theirs is told apart (two targets,
sites, times, nearby places) or cannot link, and neither has another candidate. Found on
holdout13's and holdout14's errors ("Ulan Bator saw its worst violence since ..." and "the
party headquarters was burned down" told the same riot in no shared word). On every set,
written: holdout11 0.751 -> 0.806, holdout12 0.839 -> 0.873, holdout13 0.808 -> 0.850, holdout14
0.862 -> 0.877, holdout4 0.897 -> 0.913, holdout2 0.917 -> 0.927, holdout6, 8 and 9 +0.01, no
set lower; coded: holdout2 0.670 -> 0.693, holdout4 0.760 -> 0.772, holdout3 0.812 -> 0.803
(a meeting and the declaration it adopted), holdout9 and holdout13 -0.003. Without the named
sources condition coded holdout2 fell to 0.668 (a rocket fired "from across the border" joined
the warplanes' strikes). incidents_holdout15.yaml (Osh 2010, Tayouneh 2021, Basra 2018, the
Gambia 2016-17, Lesotho 2014, Bosnia 2014, Tirana 2011, Freetown 2022, Dagestan 2023-24; 70
incidents, 37 of its 213 reports in French) was written blind at the start of the session and
scored once after the change: 0.94 written (precision 0.97, recall 0.91), 0.49 coded (precision
0.60; the coder codes 95 of its 213 reports as their event). The code at the start of the
session (version 8) scored 0.91 / 0.49 on it. Its errors were not read.
incidents_holdout16.yaml (Togo 2017, Paraguay 2017, Iguala 2014, Andijan 2005, Kirkuk 2017,
Malawi 2019, Guinea-Bissau 2022, Serbia 2024-25; 69 incidents, 40 of its 221 reports in French
or Spanish) was written blind after that and scored once with version 9: 0.91 written
(precision 0.92, recall 0.90), 0.54 coded; version 8 scored 0.88 / 0.54 on it. Its errors were
not read. Lexicon 2026.11.5 after that (halting or suspending an offensive is de-escalation,
shutting the internet restricts freedoms, police capturing a man arrest him, dismissing a
ruling rejects it; written from the CAMEO definitions, gold evaluation unchanged) codes 1-4
more reports per set as their event; coded F1 moved -0.005 to +0.005 (holdout11 0.466 -> 0.461,
holdout14 0.620 -> 0.617, holdout16 0.538 -> 0.543). incidents_holdout17.yaml (Athens 2008,
England 2011, Gezi 2013, Bersih 2011, Vietnam 2014, Nuku'alofa 2006, Buenos Aires 2001; 68
incidents, 38 of its 216 reports in French or Spanish) was written blind after that and scored
once: 0.89 written (precision 0.88, recall 0.89), 0.61 coded; version 8 scored 0.85 / 0.62 on
it. Its errors were not read. Tried and not kept: an
undated report published 3-7 days after a dated one linking like a retelling (holdout13 +0.03,
holdout14 +0.02, holdout8, 10 and 12 -0.01 to -0.02), and "for a second day" dating a report
to its publication day (-0.05 written over all sets).

Version 8 (seventh session): holdout11's errors were read first. A report whose sentence says
it adds an occurrence to its article ("also", "separately", "another", "hours later") never
links to another sentence of that article; two different own-type COERCE codes never link (an
arrest and the state of emergency declared with it). Then incidents_holdout12.yaml (Marawi and
Jolo, Kampala 2020 and 2021, Honduras 2017, Eswatini 2021, Quetta and Karachi, Karakalpakstan
2022, Maputo 2024), written blind as an ordinary stream (two thirds sparse incidents), was
scored once: 0.81 written (precision 0.85, recall 0.78), 0.56 coded; the code at the start of
the session scored the same (0.81 / 0.57). Its errors were read after that. Two changes
followed, measured on every set before they were kept: near words match in the evidence
similarity (WordLlama word vectors, cosine at least 0.5: "blast" / "explosion"; written
holdout8 0.815 -> 0.831, holdout9 0.889 -> 0.907, holdout10 0.796 -> 0.821, holdout12 0.813 ->
0.839; coded holdout 0.842 -> 0.860, holdout3 0.781 -> 0.812; dense fell 0.887 -> 0.850
written, won back by a larger penalty for two nearby towns, 0.05 -> 0.08, which cost holdout2
0.930 -> 0.917 and holdout3 0.889 -> 0.880 written and raised holdout11 0.731 -> 0.751), and the
coder places an event by the city naming its place phrase ("the Kampala
suburbs"), a place beside an unknown one, its joined clause or its when clause (coded dense
+0.007, holdout9 +0.011, holdout12 +0.005, holdout11 -0.010). Tried and not kept: a source of
the state's forces and one armed against it cannot be one actor (only holdout12 written rose;
coded fell on three sets), a toll update's day is not the event's (+0.005 / -0.004), a
cohesion criterion and a minimum average link in the partition, thresholds scaled by 0.5 and
1.5, windows of 3 and 4 days, and anchoring reports that name no country, place or actor on
their wording alone (no pair reached it). Non-English reports (21 French in holdout11, 14
Spanish, Portuguese and French in holdout12) share few words with the English ones; on English
reports alone holdout11 scores 0.77 and holdout12 0.81 written (first measured before the word
vectors). The coded figures are held down by the test articles themselves: each is one to three
report sentences with no dateline, and a third of the scored coded events of holdout12 (48 of
156 before the place changes, 44 after) have no country and no place at all.

incidents_holdout13.yaml (Manipur 2023, Cote d'Ivoire 2010-11, Burundi 2015, Madagascar 2009,
Skopje 2017, Port Moresby 2024, Timor-Leste 2006 and 2008; 73 incidents, 32 of its 216 reports in
French or Portuguese) was written blind after every change above, again as an ordinary stream,
and scored once with version 8: 0.81 written (precision 0.86, recall 0.77), 0.59 coded; the code
at the start of the session scored 0.79 / 0.62 on it. On its English reports alone: 0.80. Its
errors, read after: the storming of a parliament and the police clearing it (protesters and
police of one country may be one source), a report placing a shooting in Darwin where the
president was treated, reports published a week or more later with no date of their own. Two
rules tried on them were not kept: state forces and civilians of one country are never one
source (holdout13 0.81 -> 0.855 written, but coded holdout8, 9 and 10 fell by 0.01-0.05: the
coder swaps roles), and an undated report reaching back 120 days like a retelling (-0.04 written
over all sets). incidents_holdout14.yaml (Chisinau 2009, Ulaanbaatar 2008, Khorog 2012 and 2022,
Tivoli Gardens 2010, Fiji 2006, Somaliland 2022-23, Sofia 2013, Libreville 2016; 64 incidents,
203 reports) was written blind the same way after that and scored once with version 8: 0.86
written (precision 0.91, recall 0.82), 0.61 coded; the code at the start of the session scored
0.79 / 0.60 on it. No change was made from its errors.

Version 7 (sixth session): two statements of different types by differently named speakers are two
statements (an accusation and its denial; found on holdout9's errors, read this session); two
reports that name different sites ("the Taj Mahal hotel" / "the Leopold Cafe") weigh against
joining like two targets (found on holdout10's first look: the Mumbai attacks). Coder changes of
the session (an agentless passive takes the actor of its "when"/"as" clause, a passive conjunct's
subject is its patient, "the Bahraini capital" is Manama, crowds and police placed where they act,
"armed with" is no arms transfer, "Castillo's arrest") raised holdout9 coded 0.51 -> 0.56 before
the site rule. The last coder changes (taking a city is occupying it, asset freezes, troops
leaving, announced emergencies, hostages, cleared camps, ordered detentions, "hours after",
dismissals) code 2-13 more reports per set as their event (holdout10 missed 97 -> 83, holdout7 86
-> 75) and raised the gold evaluation's dyad F1 0.441 -> 0.453, but the reports they add link less
well (fewer of their actors have a country): coded F1 moved -0.04 to +0.03 per set (holdout9 0.56
-> 0.52, holdout6 0.61 -> 0.63, holdout11 0.45 -> 0.43). incidents_holdout10.yaml (Libya and Yemen
2011, Belarus 2020, Kazakhstan 2022, Kabul 2021, Mosul 2014, Mumbai 2008) and
incidents_holdout11.yaml (Paris 2015, Brussels 2016, Urumqi 2009, Lhasa 2008, Pakistan 2023, Sudan
2021, Guinea 2021, Senegal 2021, Kashmir 2019, Beirut 2020) were written blind at the start of the
session and scored once with the coder changes and the two-speakers rule in place: holdout10 0.70
written (precision 0.59, recall 0.85), 0.56 coded; holdout11 0.68 written (precision 0.64, recall
0.73), 0.45 coded (the code at the start of the session: 0.70 / 0.56 and 0.67 / 0.45). Both are
crowded: several sites of one city attacked in one night (Mumbai, Paris, Brussels), an arrest and
a state of emergency on one morning in Khartoum. Holdout10's errors were then read for the site
rule; holdout11's were not, and the site rule did not change it: 0.68 written (0.43 coded after
the last coder changes) is the figure a user should expect on new text of that kind, 0.80-0.85 on
sparser text (holdout9).

Version 6 (sentence vectors from wordllama in the evidence similarity; curfews and states of
emergency link only to their own type; a place named as an area is no point; coder: places
through "the streets of", "where" clauses and place modifiers, sector actors take their place's
country, named days further down the clause, "when" clauses; gazetteer regions) was developed on
the sets above holdout7 and on holdout7 after its first look (0.79 written, 0.66 coded: the same
as the code at the start of that session; its curfews joined the crackdowns they followed).
incidents_holdout8.yaml was written blind after all of version 6 but the gazetteer regions and
scored once: 0.80 written (precision 0.83, recall 0.77), 0.63 coded (the code at the start of the
session: 0.79 / 0.59); the regions, measured on every set before they were kept, moved it to 0.78
/ 0.64 (a region-level report, "across Catalonia", now joins the towns' incidents). Its errors
were read after that; one change tried on them (acronyms as words) was not kept.
incidents_holdout9.yaml (Turkey 2016, Tunisia and Bahrain 2011, Kenya 2008, Iran 2009, Gaza
2014, eastern Ukraine 2014, Rakhine 2017, Cameroon 2017) was written blind after the last change
and scored once, errors unread: 0.83 written (precision 0.79, recall 0.88), 0.51 coded (the code
at the start of the session: 0.81 / 0.51) -- the figure a user should expect on new text. Holdout6's written errors were read this
session (a look at what fails, no change made for it alone): 0.89 -> 0.93.

Version 5 on the same sets at the end of the fourth session: 0.99 / 0.94 / 0.89 / 0.88 / 0.88 /
0.83 / 0.84 / 0.89 written and 0.96 / 0.87 / 0.65 / 0.71 / 0.72 / 0.74 / 0.73 / 0.58 coded.

Version 4 (the code at the start of 2026-11-25) gave 0.99 / 0.94 / 0.87 / 0.68 / 0.86 / 0.68 /
0.77 / 0.80 written and 0.96 / 0.88 / 0.59 / 0.55 / 0.68 / 0.59 / 0.61 / 0.51 coded. Version 5
(a crowded day: nearby towns, different targets, morning and evening weigh against joining,
partition.py; counts and synonyms in the evidence similarity; a report naming another's place
too; a night told on either side of midnight; the two sides of a border crossing) was developed
on all of incidents_dense.yaml, so none of the first four sets is blind any more. Four more sets
were written blind by helpers who read neither the linker nor its settings.
incidents_holdout3.yaml (Houthi attacks on ships, US strikes on Yemen, Sudan, Kenya, Georgia,
Sahel) was scored after each later change, and a change was kept only where it and holdout2's
unread half B did not fall; their errors were never read. incidents_holdout4.yaml (Sri Lanka
2019, Idlib, Myanmar, Nagorno-Karabakh, Iran 2022) was scored once, 0.82 written and 0.71 coded,
before its errors were read for one change (a night across midnight); incidents_holdout5.yaml
(France riots 2023, Turkish strikes on Syria and Iraq, Bangladesh 2024, Iraq 2019, Bangkok
arrests 2020, Pulwama) the same, 0.83 and 0.75, before one change (border crossings).
incidents_holdout6.yaml (Honiara 2021, Algeria's Hirak, Karabakh 2023 arrests, Papua 2019,
Anchorage talks, Yeonpyeong, Abqaiq, New Caledonia 2024) was scored once, after the last change,
errors unread: the figure a user should expect on new text. Its coded recall is low because the
coder codes few of its reports as their event: first look 0.57 coded with 121 of 229 reports
missed; its missed reports were then read for lexicon 2026.11.3 (crowds rioting, "took to the
streets", lockdowns): 103 missed, 0.58. Coder changes of the same day
(places of "the outskirts of", participle clauses, victims' country, own names and US states in
the gazetteer, aircraft downed, ships sunk, crowds storming, drills) raised the coded figures.

incidents_holdout.yaml was written by someone who had not seen the linker; its first measurement
(settings version 2) gave 0.80 written and 0.60 coded, and versions 3 and 4 were developed
looking at its errors, so it is no longer held out.

incidents_holdout2.yaml and incidents_dense.yaml were written blind for version 4. First
measurements, before anything was changed for them: holdout2 0.79 written, 0.54 coded (version 3
and the first version 4); dense 0.20 written, 0.22 coded with version 3 (one chain: every strike
on a Ukrainian city in three days one incident) and 0.51 / 0.38 with the first version 4. Changes
after that were chosen on the development sets, half A of holdout2 (its odd incidents) and three
of dense's six clusters (Russian strikes, French protests, Belarus arrests), whose errors were
read; holdout2's half B and dense's other clusters (Israeli strikes, Pakistani arrests,
accusations) were scored, errors unread. Version 3 -> 4 there: holdout2 half B 0.81 -> 0.83
written, 0.55 -> 0.59 coded; dense test clusters 0.22 -> 0.57 written (precision 0.12 -> 0.42),
0.21 -> 0.49 coded. The last change (a report cannot tell what happened after it was published)
raised the development clusters of dense from 0.75 to 0.80 written and 0.57 to 0.68 coded, and
left its test clusters as they were.

What is weak: recall on sparse text whose reports share few rare words ("the balloon" / "a
civilian airship") and whose coded actors differ or are missing; precision in a dense stream
where reports name no place ("the capital", "Ukraine's second-largest city"), and where the coder
misses the places (small towns outside the gazetteer) that tell strikes apart. The floors are the measured values less a margin for coder changes."""
from __future__ import annotations

import pytest
from coded_incidents import coded_corpus
from incident_data import (DATA, DENSE, HOLDOUT, HOLDOUT2, HOLDOUT3, HOLDOUT4, HOLDOUT5,
                           HOLDOUT6, HOLDOUT7, HOLDOUT8, HOLDOUT9, HOLDOUT10, HOLDOUT11,
                           HOLDOUT12, HOLDOUT13, HOLDOUT14, HOLDOUT15, HOLDOUT16,
                           HOLDOUT17, build_corpus, pairwise_scores)

from flashpoint.aggregate import IncidentLinker, link_store, record_from_event
from flashpoint.model import FACTUAL_MODALITIES
from flashpoint.store import Store

# set -> (F1, precision) floors for coded events
CODED_FLOORS = {"dev": (0.92, 0.92), "holdout": (0.83, 0.88), "holdout2": (0.62, 0.88),
                "dense": (0.72, 0.74), "holdout3": (0.74, 0.82), "holdout4": (0.71, 0.88),
                "holdout5": (0.70, 0.81), "holdout6": (0.56, 0.90),
                "holdout7": (0.63, 0.79), "holdout8": (0.59, 0.68),
                "holdout9": (0.49, 0.69), "holdout10": (0.56, 0.64), "holdout11": (0.42, 0.64),
                "holdout12": (0.52, 0.66), "holdout13": (0.55, 0.75),
                "holdout14": (0.57, 0.84), "holdout15": (0.44, 0.55),
                "holdout16": (0.49, 0.58), "holdout17": (0.56, 0.70)}
PATHS = {"dev": DATA, "holdout": HOLDOUT, "holdout2": HOLDOUT2, "dense": DENSE,
         "holdout3": HOLDOUT3, "holdout4": HOLDOUT4, "holdout5": HOLDOUT5, "holdout6": HOLDOUT6,
         "holdout7": HOLDOUT7, "holdout8": HOLDOUT8, "holdout9": HOLDOUT9,
         "holdout10": HOLDOUT10, "holdout11": HOLDOUT11, "holdout12": HOLDOUT12,
         "holdout13": HOLDOUT13, "holdout14": HOLDOUT14, "holdout15": HOLDOUT15,
         "holdout16": HOLDOUT16, "holdout17": HOLDOUT17}
# set -> (F1, precision, recall) floors for written events
WRITTEN_FLOORS = {"holdout": (0.91, 0.91, 0.89), "holdout2": (0.90, 0.91, 0.86),
                  "dense": (0.86, 0.83, 0.86), "holdout3": (0.85, 0.86, 0.81),
                  "holdout4": (0.88, 0.93, 0.81), "holdout5": (0.83, 0.92, 0.74),
                  "holdout6": (0.92, 0.93, 0.88), "holdout7": (0.93, 0.94, 0.89),
                  "holdout8": (0.81, 0.82, 0.77), "holdout9": (0.88, 0.87, 0.87),
                  "holdout10": (0.79, 0.74, 0.83), "holdout11": (0.77, 0.80, 0.73),
                  "holdout12": (0.84, 0.83, 0.82), "holdout13": (0.82, 0.82, 0.79),
                  "holdout14": (0.84, 0.86, 0.80), "holdout15": (0.90, 0.93, 0.86),
                  "holdout16": (0.87, 0.87, 0.85), "holdout17": (0.85, 0.84, 0.84)}
SETS = list(PATHS)


@pytest.fixture(scope="module", params=SETS)
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


@pytest.mark.parametrize("name", SETS[1:])
def test_linking_written_holdout_events(name):
    pairs, gold = build_corpus(PATHS[name])
    assert len(set(gold.values())) >= 30 and len(pairs) >= 90
    scores = _scores([record_from_event(e, a) for a, evs in pairs for e in evs], gold)
    print(f"incident linking on the written events of {name}: {scores}")
    f1, precision, recall = WRITTEN_FLOORS[name]
    assert scores["f1"] >= f1 and scores["recall"] >= recall
    assert scores["precision"] >= precision


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
