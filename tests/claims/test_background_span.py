"""An event a span of time before its main clause is background, whatever that clause's mood."""
from __future__ import annotations

from datetime import date

from flashpoint.ingest import read_text_item


def _events(pipeline, text: str):
    return {e.evidence.trigger.text: e
            for e in pipeline.code_article(read_text_item(text, published=date(2024, 3, 14)))}


def test_a_past_event_years_before_a_future_one_is_background(pipeline) -> None:
    evs = _events(pipeline, "Kuwait is about to reopen its embassy in Baghdad almost three years "
                            "after protesters stormed the compound.")
    assert evs["stormed"].background  # the main clause is not factual ("is about to")
    evs = _events(pipeline, "The government will lift the curfew two days after the rebels "
                            "surrender.")
    assert "surrender" in evs and not evs["surrender"].background  # not past: not background
