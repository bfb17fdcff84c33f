"""Every event says where its date comes from: the article's words, or the publication date
standing in (GDELT's convention) when the article does not say when."""
from __future__ import annotations

from datetime import date

import pytest

from flashpoint.model import Article, Event


@pytest.mark.slow
def test_date_from_the_text_or_the_publication_date(pipeline):
    said = "Israeli warplanes struck targets in southern Lebanon on Tuesday, the army said."
    unsaid = "Israeli warplanes struck targets in southern Lebanon, the army said."
    pub = date(2024, 9, 26)  # a Thursday
    (ev_said,) = [e for e in pipeline.code_article(Article(title="", body=said, published=pub))
                  if e.event_type == "ASSAULT"]  # fmt: skip
    (ev_unsaid,) = [e for e in pipeline.code_article(Article(title="", body=unsaid, published=pub))
                    if e.event_type == "ASSAULT"]  # fmt: skip
    assert (ev_said.date, ev_said.date_source) == (date(2024, 9, 24), "text")
    assert (ev_unsaid.date, ev_unsaid.date_source) == (pub, "published")
    assert Event.from_dict(ev_said.to_dict()).date_source == "text"  # survives the store's JSON
