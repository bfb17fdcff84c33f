"""Metric definitions on hand-built events with known P/R/F1."""
from __future__ import annotations

import pytest

from flashpoint.eval.codes import tables
from flashpoint.eval.gold import GoldEvent
from flashpoint.eval.metrics import NONE, Tally, reliability
from flashpoint.model import Actor, Event, Evidence, Span

SENTENCE = "Iranian forces fired missiles at two bases in Iraq housing US troops on Wednesday."


def pred(event_type: str, cameo: str, src: str | None, tgt: str | None, conf: float = 0.8,
         src_sector: str | None = None, tgt_sector: str | None = None) -> Event:
    quad = tables().plover_quad_class(event_type) or 0
    return Event(
        article_id="a1",
        event_type=event_type,
        cameo=cameo,
        goldstein=None,
        quad_class=quad,
        source=Actor(text="Iranian forces", country=src, sector=src_sector),
        target=Actor(text="US troops", country=tgt, sector=tgt_sector) if tgt or tgt_sector else None,
        evidence=Evidence(sentence=SENTENCE, start=0, end=len(SENTENCE), trigger=Span(15, 20, "fired")),
        confidence=conf,
    )


def gold_cameo(code: str, src: str | None, tgt: str | None) -> GoldEvent:
    tab = tables()
    return GoldEvent(code, tab.plover_type(code), tab.cameo_quad_class(code),
                     tab.cameo_actor(src), tab.cameo_actor(tgt))


def test_perfect_record_scores_one() -> None:
    t = Tally()
    t.add([gold_cameo("190", "IRNMIL", "USAMIL")], [pred("ASSAULT", "190", "IRN", "USA", src_sector="MIL", tgt_sector="MIL")], "cameo")
    s = t.scores()
    assert (s.type_p, s.type_r, s.type_f1) == (1.0, 1.0, 1.0)
    assert s.dyad_f1 == 1.0 and s.quad_macro_f1 == 1.0
    assert s.source_sector_acc == 1.0 and s.target_sector_acc == 1.0
    assert s.confusion == {"ASSAULT": {"ASSAULT": 1}}


def test_known_precision_recall_and_dyad() -> None:
    t = Tally()
    # record 1: two gold, we find one right (with a wrong target country) and one wrong type
    t.add(
        [gold_cameo("190", "IRN", "USA"), gold_cameo("112", "USAGOV", "IRN")],
        [pred("ASSAULT", "190", "IRN", "IRQ"), pred("THREATEN", "130", "USA", "IRN")],
        "cameo",
    )
    # record 2: noevents gold, one prediction = a false positive
    t.add([], [pred("PROTEST", "140", "USA", None)], "cameo")
    # record 3: one gold, nothing predicted = a false negative
    t.add([gold_cameo("042", "USA", "CHN")], [], "cameo")
    s = t.scores()
    assert s.n_records == 3 and s.n_gold == 3 and s.n_pred == 3
    assert s.type_tp == 1
    assert s.type_p == pytest.approx(1 / 3) and s.type_r == pytest.approx(1 / 3)
    assert s.type_f1 == pytest.approx(1 / 3)
    assert s.dyad_tp == 0 and s.dyad_f1 == 0.0  # the ASSAULT has target IRQ, gold USA
    assert s.source_country_acc == 1.0
    assert s.target_country_acc == pytest.approx(0.5)
    assert s.confusion["ACCUSE"] == {"THREATEN": 1}
    assert s.confusion[NONE] == {"PROTEST": 1}
    assert s.confusion["CONSULT"] == {NONE: 1}


def test_quad_macro_f1_by_hand() -> None:
    t = Tally()
    t.add([gold_cameo("190", "IRN", "USA")], [pred("ASSAULT", "190", "IRN", "USA")], "cameo")  # q4 tp
    t.add([gold_cameo("112", "USA", "IRN")], [pred("THREATEN", "130", "USA", "IRN")], "cameo")  # q3 tp
    t.add([gold_cameo("042", "USA", "CHN")], [pred("ASSAULT", "190", "USA", "CHN")], "cameo")  # q1 fn, q4 fp
    s = t.scores()
    # q1: P=0/0 R=0/1 → 0; q3: 1; q4: P=1/2 R=1/1 → 2/3
    assert s.quad_f1 == {1: 0.0, 3: 1.0, 4: pytest.approx(2 / 3)}
    assert s.quad_macro_f1 == pytest.approx((0 + 1 + 2 / 3) / 3)


def test_statement_codes_count_for_quad_not_type() -> None:
    t = Tally()
    # CAMEO 010 (make statement) has no PLOVER type; a prediction paired with it is left out
    t.add([gold_cameo("010", "USAGOV", None)], [pred("CONSULT", "040", "USA", None)], "cameo")
    s = t.scores()
    assert s.n_gold_typed == 0 and s.n_pred_typed == 0
    assert s.type_f1 == 0.0 and s.confusion == {}
    assert s.quad_f1 == {1: 1.0}


def test_matching_prefers_type_then_dyad() -> None:
    t = Tally()
    gold = [gold_cameo("190", "RUS", "UKR"), gold_cameo("190", "UKR", "RUS")]
    preds = [pred("ASSAULT", "190", "UKR", "RUS"), pred("ASSAULT", "190", "RUS", "UKR")]
    pairs = t.add(gold, preds, "cameo")
    assert pairs == [(0, 1), (1, 0)]
    assert t.scores().dyad_f1 == 1.0


def test_compound_and_reciprocal_plover_actors() -> None:
    tab = tables()
    src = tab.plover_actor([{"actorText": "Hungarian", "code": "HUN", "sector": "GOV"},
                            {"actorText": "Romanian", "code": "ROU", "sector": "GOV"}])
    g = GoldEvent(None, "AGREE", 1, src, None, reciprocal=True)
    t = Tally()
    t.add([g], [pred("AGREE", "030", "ROU", "HUN", src_sector="GOV")], "plover")
    s = t.scores()
    assert s.dyad_f1 == 1.0 and s.source_sector_acc == 1.0
    t2 = Tally()
    t2.add([g], [pred("AGREE", "030", "ROU", "SRB")], "plover")
    assert t2.scores().dyad_f1 == 0.0


def test_tallies_pool_counts() -> None:
    a, b = Tally(), Tally()
    a.add([gold_cameo("190", "IRN", "USA")], [pred("ASSAULT", "190", "IRN", "USA")], "cameo")
    b.add([gold_cameo("190", "IRN", "USA")], [pred("ACCUSE", "112", "IRN", "USA")], "cameo")
    s = (a + b).scores()
    assert s.n_records == 2 and s.type_tp == 1 and s.type_f1 == pytest.approx(0.5)


def test_reliability_and_ece() -> None:
    points = [(0.95, True), (0.9, True), (0.92, False), (0.15, False), (0.1, True)]
    bins, ece = reliability(points)
    assert [(b.lower, b.n) for b in bins] == [(0.1, 2), (0.9, 3)]
    high = bins[1]
    assert high.accuracy == pytest.approx(2 / 3)
    expected = 3 / 5 * abs(2 / 3 - (0.95 + 0.9 + 0.92) / 3) + 2 / 5 * abs(0.5 - 0.125)
    assert ece == pytest.approx(expected)
    assert reliability([(1.0, True)])[0][0].lower == 0.9  # confidence 1.0 falls in the top bin


def _with_fields(event: Event, **conf: float) -> Event:
    event.field_confidence = dict(conf)
    return event


def test_field_reliability_on_matched_pairs() -> None:
    t = Tally()
    # right type, right source, wrong target country
    t.add([gold_cameo("190", "IRN", "USA")],
          [_with_fields(pred("ASSAULT", "190", "IRN", "IRQ"), type=0.9, source=0.8, target=0.7)], "cameo")
    # wrong type, right source, right target
    t.add([gold_cameo("112", "USA", "IRN")],
          [_with_fields(pred("THREATEN", "130", "USA", "IRN"), type=0.6, source=0.8, target=0.3)], "cameo")
    # unmatched prediction (no gold event): counts for the event table only, not for fields
    t.add([], [_with_fields(pred("PROTEST", "140", "USA", None), type=0.9, source=0.9, target=0.0)], "cameo")
    # gold source of unknown country: not checked for source
    t.add([gold_cameo("190", "---", "USA")],
          [_with_fields(pred("ASSAULT", "190", "RUS", "USA"), type=0.9, source=0.2, target=0.9)], "cameo")
    fr = t.scores().field_reliability
    assert set(fr) == {"type", "source", "target"}
    assert (fr["type"].n, fr["type"].accuracy) == (3, pytest.approx(2 / 3))
    assert (fr["source"].n, fr["source"].accuracy) == (2, 1.0)
    assert fr["source"].ece == pytest.approx(0.2)  # both at 0.8, both right
    assert (fr["target"].n, fr["target"].accuracy) == (3, pytest.approx(2 / 3))
    # target bins: 0.3 (right), 0.7 (wrong), 0.9 (right)
    assert [(b.lower, b.n, b.accuracy) for b in fr["target"].bins] == [
        (0.3, 1, 1.0), (0.7, 1, 0.0), (0.9, 1, 1.0)]
    assert fr["target"].ece == pytest.approx((0.7 + 0.7 + 0.1) / 3)
    pooled = (t + Tally()).scores().field_reliability
    assert pooled["type"].n == 3  # points survive pooling
