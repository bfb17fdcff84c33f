"""Sentence vectors in evidence similarity (flashpoint.aggregate.vectors): two reports of one
occurrence that share no content word still link where their structure agrees, and the vectors
come from the wordllama wheel, not from the network."""
from __future__ import annotations

import dataclasses

import pytest

from test_crowded_day import _incidents, _report

from flashpoint.aggregate.pair_rule import evidence_similarity
from flashpoint.aggregate.settings import load_settings
from flashpoint.aggregate.similarity import weighted_jaccard
from flashpoint.aggregate.vectors import DIM, cosine, sentence_vector, soft_weighted_jaccard

VILLAGE = ("Kumbo", 6.2, 10.68)


def test_paraphrases_are_nearer_than_unrelated_sentences():
    raid = "Gunmen stormed a village at dawn, torching huts and abducting women."
    told = "Armed raiders attacked the settlement early, burning houses and kidnapping residents."
    gas = "Police fired tear gas and water cannon at protesters."
    hoses = "Officers used chemical irritants and hoses to disperse demonstrators."
    farmers = "Farmers blocked a motorway with tractors to demand lower diesel prices."
    talks = "The foreign minister held talks with his counterpart on trade and visas."
    for x, y in ((raid, told), (gas, hoses)):
        assert cosine(x, y) > 0.3
        assert cosine(x, y) > max(cosine(x, farmers), cosine(x, talks), cosine(y, farmers),
                                  cosine(y, talks)) + 0.15
    v = sentence_vector(raid)
    assert v.shape == (DIM,) and abs(float(v @ v) - 1.0) < 1e-4
    assert cosine(raid, raid) == 1.0 and cosine(raid, told) == cosine(told, raid)


def test_reports_that_share_no_word_link_through_their_vectors():
    s = load_settings()
    a = _report("v1", "Gunmen stormed a village at dawn, torching huts and abducting women.",
                place=VILLAGE, source="CMR", target="CMR")
    b = _report("v2", "Armed raiders attacked the settlement early, burning houses and "
                      "kidnapping residents.", place=VILLAGE, source="CMR", target="CMR")
    assert weighted_jaccard(a.weights, b.weights) == 0.0
    assert evidence_similarity(a, b, s) > 0
    assert _incidents([a, b]) == [["v1", "v2"]]
    # (two reports that are each other's only candidate would join on their structure alone)
    words_alone = dataclasses.replace(s, vector_weight=0.0, word_match=None,
                                      sole_candidates=False)
    assert evidence_similarity(a, b, words_alone) == 0.0
    assert _incidents([a, b], words_alone) == [["v1"], ["v2"]]


def test_vectors_never_join_reports_of_different_stated_days():
    # the next day's raid on the same village, told in nearly the same words: the vectors are
    # close, but different days both articles state need the wording itself to match
    s = load_settings()
    a = _report("w1", "Gunmen stormed a village at dawn, torching huts and abducting women.",
                place=VILLAGE, source="CMR", target="CMR", day=14, published=14)
    b = _report("w2", "Armed raiders attacked the settlement at dawn, burning houses and "
                      "kidnapping residents.", place=VILLAGE, source="CMR", target="CMR",
                day=15, published=15)
    assert cosine(a.sentence, b.sentence) > 0.3
    assert s.vector_weight * (1 - s.vector_floor) < s.different_days_min_similarity
    assert _incidents([a, b]) == [["w1"], ["w2"]]


def test_the_model_loads_from_the_installed_wheel_only(monkeypatch):
    import requests

    def no_network(*args, **kwargs):
        raise AssertionError("vectors must not download anything")

    monkeypatch.setattr(requests, "get", no_network)
    from flashpoint.aggregate import vectors

    vectors._model.cache_clear()
    vectors.sentence_vector.cache_clear()
    assert sentence_vector("A bridge was blown up overnight.").shape == (DIM,)


def test_near_words_count_as_shared_and_unrelated_ones_do_not():
    s = load_settings()
    gunfire = _report("g1", "Gunfire broke out at the Kano depot before dawn.", place=None)
    shooting = _report("g2", "A shooting broke out at the Kano depot before dawn.", place=None)
    airport = _report("g3", "Soldiers guarded the Kano airport before dawn.", place=None)
    soft = soft_weighted_jaccard(gunfire.weights, shooting.weights, s.word_match)
    assert soft > weighted_jaccard(gunfire.weights, shooting.weights) + 0.05
    assert soft == pytest.approx(
        soft_weighted_jaccard(shooting.weights, gunfire.weights, s.word_match))
    # nothing near: only the shared words ("Kano", "dawn") count
    assert soft_weighted_jaccard(gunfire.weights, airport.weights, s.word_match) == (
        pytest.approx(weighted_jaccard(gunfire.weights, airport.weights)))
    assert soft_weighted_jaccard(gunfire.weights, gunfire.weights, s.word_match) == (
        pytest.approx(1.0))
    assert soft_weighted_jaccard({"#9": 4.0}, {"#8": 4.0}, s.word_match) == 0.0  # counts: exact
