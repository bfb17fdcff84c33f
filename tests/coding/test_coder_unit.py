"""Unit tests of the event coder on hand-built parses (spacy.blank + explicit heads/deps).

No statistical model is involved: these pin the coder's syntax rules on exactly the tree given.
"""
from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from flashpoint.coding.coder import EventCoder

NLP = spacy.blank("en")


def parse(rows: list[tuple[str, str, int, str, str, str]]) -> Doc:
    """rows: (word, lemma, head index, dep, pos, tag); sentence is the whole doc."""
    words = [r[0] for r in rows]
    return Doc(
        NLP.vocab,
        words=words,
        lemmas=[r[1] for r in rows],
        heads=[r[2] for r in rows],
        deps=[r[3] for r in rows],
        pos=[r[4] for r in rows],
        tags=[r[5] for r in rows],
        sent_starts=[True] + [False] * (len(rows) - 1),
    )


@pytest.fixture(scope="module")
def coder() -> EventCoder:
    return EventCoder()


def test_active_verb_with_object_sense_and_prep_target(coder):
    doc = parse([
        ("Iran", "Iran", 1, "nsubj", "PROPN", "NNP"),
        ("fired", "fire", 1, "ROOT", "VERB", "VBD"),
        ("missiles", "missile", 1, "dobj", "NOUN", "NNS"),
        ("at", "at", 1, "prep", "ADP", "IN"),
        ("bases", "base", 3, "pobj", "NOUN", "NNS"),
        (".", ".", 1, "punct", "PUNCT", "."),
    ])
    [c] = coder.code_doc(doc)
    assert c.sense.cameo == "195"
    assert c.source.text == "Iran" and c.target.text == "bases"
    assert c.modality == "asserted"


def test_fire_without_weapon_object_is_not_an_attack(coder):
    doc = parse([
        ("The", "the", 1, "det", "DET", "DT"),
        ("company", "company", 2, "nsubj", "NOUN", "NN"),
        ("fired", "fire", 2, "ROOT", "VERB", "VBD"),
        ("workers", "worker", 2, "dobj", "NOUN", "NNS"),
    ])
    assert coder.code_doc(doc) == []


def test_passive_with_agent_swaps_roles(coder):
    doc = parse([
        ("Soldiers", "soldier", 2, "nsubjpass", "NOUN", "NNS"),
        ("were", "be", 2, "auxpass", "AUX", "VBD"),
        ("killed", "kill", 2, "ROOT", "VERB", "VBN"),
        ("by", "by", 2, "agent", "ADP", "IN"),
        ("rebels", "rebel", 3, "pobj", "NOUN", "NNS"),
    ])
    [c] = coder.code_doc(doc)
    assert c.source.text == "rebels" and c.target.text == "Soldiers" and c.passive


def test_negation_marks_event_negated(coder):
    doc = parse([
        ("Israel", "Israel", 3, "nsubj", "PROPN", "NNP"),
        ("did", "do", 3, "aux", "AUX", "VBD"),
        ("not", "not", 3, "neg", "PART", "RB"),
        ("attack", "attack", 3, "ROOT", "VERB", "VB"),
        ("Syria", "Syria", 3, "dobj", "PROPN", "NNP"),
    ])
    [c] = coder.code_doc(doc)
    assert c.modality == "negated"


def test_accident_has_no_acting_party(coder):
    doc = parse([
        ("The", "the", 1, "det", "DET", "DT"),
        ("plane", "plane", 2, "nsubj", "NOUN", "NN"),
        ("crashed", "crash", 2, "ROOT", "VERB", "VBD"),
        (",", ",", 2, "punct", "PUNCT", ","),
        ("killing", "kill", 2, "advcl", "VERB", "VBG"),
        ("176", "176", 6, "nummod", "NUM", "CD"),
        ("people", "people", 4, "dobj", "NOUN", "NNS"),
    ])
    assert coder.code_doc(doc) == []


def test_relative_clause_subject_is_the_modified_noun(coder):
    doc = parse([
        ("the", "the", 2, "det", "DET", "DT"),
        ("drone", "drone", 2, "compound", "NOUN", "NN"),
        ("strike", "strike", 2, "ROOT", "NOUN", "NN"),
        ("that", "that", 4, "nsubj", "PRON", "WDT"),
        ("killed", "kill", 2, "relcl", "VERB", "VBD"),
        ("Soleimani", "Soleimani", 4, "dobj", "PROPN", "NNP"),
    ])
    cands = coder.code_doc(doc)
    kill = [c for c in cands if c.trigger.lemma_ == "kill"]
    assert kill and kill[0].source.text == "strike" and kill[0].target.text == "Soleimani"


def test_nominal_trigger_with_light_verb_takes_its_subject(coder):
    doc = parse([
        ("Iran", "Iran", 1, "nsubj", "PROPN", "NNP"),
        ("launched", "launch", 1, "ROOT", "VERB", "VBD"),
        ("an", "an", 3, "det", "DET", "DT"),
        ("attack", "attack", 1, "dobj", "NOUN", "NN"),
        ("on", "on", 3, "prep", "ADP", "IN"),
        ("forces", "force", 4, "pobj", "NOUN", "NNS"),
    ])
    [c] = coder.code_doc(doc)
    assert c.nominal and c.source.text == "Iran" and c.target.text == "forces"


def test_complement_of_denial_is_negated(coder):
    doc = parse([
        ("Russia", "Russia", 1, "nsubj", "PROPN", "NNP"),
        ("denied", "deny", 1, "ROOT", "VERB", "VBD"),
        ("sending", "send", 1, "xcomp", "VERB", "VBG"),
        ("troops", "troop", 2, "dobj", "NOUN", "NNS"),
        ("to", "to", 2, "prep", "ADP", "IN"),
        ("Syria", "Syria", 4, "pobj", "PROPN", "NNP"),
    ])
    [c] = coder.code_doc(doc)
    assert c.sense.cameo == "154" and c.modality == "negated" and c.source.text == "Russia"


def test_object_control_makes_the_urged_party_the_source(coder):
    doc = parse([
        ("France", "France", 1, "nsubj", "PROPN", "NNP"),
        ("urged", "urge", 1, "ROOT", "VERB", "VBD"),
        ("Iran", "Iran", 1, "dobj", "PROPN", "NNP"),
        ("to", "to", 4, "aux", "PART", "TO"),
        ("release", "release", 1, "xcomp", "VERB", "VB"),
        ("sailors", "sailor", 4, "dobj", "NOUN", "NNS"),
    ])
    cands = {c.trigger.lemma_: c for c in coder.code_doc(doc)}
    assert cands["urge"].target.text == "Iran"
    assert cands["release"].source.text == "Iran" and cands["release"].modality == "demanded"
