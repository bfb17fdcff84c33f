"""Worker-process coding gives exactly the events of the single-process path, in input order."""
from __future__ import annotations

import pytest

from flashpoint.ingest import read_text_item
from flashpoint.pipeline import Pipeline

TEXTS = [
    "Israeli jets struck targets in southern Lebanon overnight, the army said.",
    "The weather was mild in Oslo on Tuesday.",
    "Police arrested 40 protesters in Nairobi on Monday after clashes near parliament.",
    "Iran's foreign minister met his Turkish counterpart in Ankara on Wednesday.",
    "Russia said it would not send troops to Syria.",
    "The European Union imposed new sanctions on Belarus on Monday.",
]


@pytest.mark.slow
def test_workers_match_single_process(pipeline):
    articles = [read_text_item(t) for t in TEXTS]
    single = [(a.id, [e.to_dict() for e in evs]) for a, evs in pipeline.code_articles(articles)]
    parallel = Pipeline(n_process=2, batch_size=8)
    multi = [(a.id, [e.to_dict() for e in evs]) for a, evs in parallel.code_articles(articles)]
    assert multi == single
    assert [i for i, _ in multi] == [a.id for a in articles]
    assert any(evs for _, evs in multi)
    assert parallel.timings["spacy"] > 0
