"""Who did the act an accusation, blame, praise or arrest names with "of"/"for" + gerund: the
accused (the object, or the passive subject), never the accuser."""
from __future__ import annotations

import pytest

from flashpoint.model import Article

CASES = [
    ("Iran accused Israel of killing a senior commander in Damascus.", "ASSAULT", "ISR", "IRN"),
    ("Washington blamed Tehran for attacking an oil tanker in the Gulf of Oman.", "ASSAULT", "IRN",
     "USA"),
    ("Israel was accused of detonating thousands of pagers across Lebanon.", "ASSAULT", "ISR", None),
    ("Turkey was blamed for shelling Kurdish villages near the Syrian border.", "ASSAULT", "TUR", None),
    ("Ukraine accused Russia of shelling the Zaporizhzhia nuclear plant.", "ASSAULT", "RUS", "UKR"),
]  # fmt: skip


@pytest.mark.slow
@pytest.mark.parametrize("text,etype,actor,accuser", CASES)
def test_gerund_act_is_done_by_the_accused(pipeline, text, etype, actor, accuser):
    events = pipeline.code_article(Article(title="", body=text))
    acts = [e for e in events if e.event_type == etype]
    assert acts, [(e.event_type, e.source.text) for e in events]
    assert acts[0].source.country == actor
    assert acts[0].modality in ("reported", "speculated")  # an allegation, not asserted fact
    if accuser is not None:
        accusations = [e for e in events if e.event_type == "ACCUSE"]
        assert accusations and accusations[0].source.country == accuser
        assert accusations[0].target.country == actor
