"""Gold loading and code normalisation."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from flashpoint.errors import InputError
from flashpoint.eval.codes import tables
from flashpoint.eval.gold import load_gold
from flashpoint.eval.petrarch import read_actors, read_agents

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"


@pytest.mark.parametrize(
    ("code", "countries", "sectors"),
    [
        ("USAGOV", {"USA"}, {"GOV"}),
        ("IRQMUS", {"IRQ"}, set()),  # MUS is a religion, not a sector
        ("PSEGZA", {"PSE"}, set()),  # GZA is a region
        ("PSEGZACVL", {"PSE"}, {"CVL"}),
        ("SYROPPHRI", {"SYR"}, {"OPP", "HRI"}),
        ("---REB", set(), {"REB"}),
        ("ROM", {"ROU"}, set()),
        ("BRAPPL", {"BRA"}, {"CVL"}),
        ("USAMED", {"USA"}, {"MED", "JRN"}),
        ('"INJURY TOLL"', set(), set()),
    ],
)
def test_cameo_actor_codes(code: str, countries: set[str], sectors: set[str]) -> None:
    actor = tables().cameo_actor(code)
    assert actor is not None
    assert actor.countries == countries and actor.sectors == sectors


def test_igo_codes_accept_the_named_body() -> None:
    tab = tables()
    un = tab.cameo_actor("IGOUNOMIL")
    assert un is not None and {"IGO", "UNO"} <= un.countries and un.sectors == {"MIL"}
    eu = tab.cameo_actor("IGOEUREEC")
    assert eu is not None and {"IGO", "EUR", "EEC"} <= eu.countries


def test_plover_actor_lists_and_sectors() -> None:
    tab = tables()
    a = tab.plover_actor([{"actorText": "Tokyo", "code": "JAP"}])
    assert a is not None and a.countries == {"JPN"} and not a.sectors
    b = tab.plover_actor([{"actorText": "Kurdish refugees", "code": "TUR", "sector": "REFkur"},
                          {"actorText": "Swiss doctors", "code": "CHE", "sector": "MED"}])
    assert b is not None and b.countries == {"TUR", "CHE"} and b.sectors == {"REF", "MED", "HLH"}
    c = tab.plover_actor([{"actorText": "Libyans", "code": "LBY", "sector": "CIV"}])
    assert c is not None and c.sectors == {"CVL"}
    assert tab.plover_actor([{"actorText": "x", "code": "ISR", "sector": "***"}]).sectors == frozenset()


def test_cameo_to_plover_most_specific_first() -> None:
    tab = tables()
    assert tab.plover_type("0813") == "RETREAT"  # 4-digit row beats root 08 → CONCEDE
    assert tab.plover_type("081") == "CONCEDE"
    assert tab.plover_type("1712") == "ASSAULT"  # crosses root 17 (COERCE)
    assert tab.plover_type("1951") == "ASSAULT"  # not in the table: falls back to root 19
    assert tab.plover_type("010") is None and tab.plover_type("023") is None
    assert tab.cameo_quad_class("0352") == 1 and tab.cameo_quad_class("023") == 1
    assert tab.cameo_quad_class("081") == 2 and tab.plover_quad_class("CONCEDE") == 1


def _write(tmp_path: Path, records: list[dict]) -> Path:
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return path


def test_load_petr_validate_drops_non_cameo_and_error_records(tmp_path: Path) -> None:
    base = {"code_scheme": "petr_validate", "date": "19950101"}
    path = _write(tmp_path, [
        {**base, "id": "A", "text": "Arnor is about to restore full diplomatic ties with Gondor.",
         "events": [{"source": "ARN", "target": "GON", "code": "064", "plover": None}]},
        {**base, "id": "B", "text": "Arnor left for Gondor.", "events": [{"source": "ARN", "target": "GON", "code": "903"}]},
        {**base, "id": "C", "text": "Bad dateline", "events": [], "expected_error": "dateline"},
        {**base, "id": "D", "text": "Nothing happened in Bree.", "events": []},
    ])
    gold = load_gold(path)
    assert gold.scheme == "petr_validate"
    assert [r.id for r in gold.records] == ["A", "D"]
    assert gold.dropped == {"non-CAMEO code": 1, "expects an input error": 1}
    ev = gold.records[0].events[0]
    assert ev.event_type == "COOPERATE" and ev.quad_class == 2
    assert ev.source is not None and ev.source.countries == {"ARN"}  # suite codes kept as they are
    art = gold.records[0].article()
    assert art.record_id == "A" and art.published == date(1995, 1, 1) and art.text == gold.records[0].text


def test_load_gold_errors_name_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "x", "text": "t", "events": [], "code_scheme": "cameo"}\n{not json\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"bad.jsonl:2: not valid JSON"):
        load_gold(path)
    path.write_text('{"id": "x", "text": "t", "events": [], "code_scheme": "weis"}\n', encoding="utf-8")
    with pytest.raises(InputError, match="unknown code_scheme 'weis'"):
        load_gold(path)
    with pytest.raises(InputError, match="cannot read"):
        load_gold(tmp_path / "missing.jsonl")


@pytest.mark.skipif(not SHARED.is_dir(), reason="shared/data (gold sets) not present beside the repo")
def test_shipped_gold_sets_load() -> None:
    gsr = load_gold(SHARED / "gold" / "plover_gsr.jsonl")
    assert gsr.scheme == "plover" and len(gsr.records) == 217
    assert sum(len(r.events) for r in gsr.records) == 222
    assert all(e.event_type for r in gsr.records for e in r.events)
    up = load_gold(SHARED / "gold" / "universalpetrarch_gsr_validation.jsonl")
    assert len(up.records) == 58 and not up.dropped
    noevents = [r for r in up.records if not r.events]
    assert noevents, "the GSR validation set has noevents records"
    pv = load_gold(SHARED / "gold" / "petrarch2_validation.jsonl")
    assert pv.dropped["non-CAMEO code"] > 0
    assert all(tables().is_cameo(e.code or "") for r in pv.records for e in r.events)


@pytest.mark.skipif(not SHARED.is_dir(), reason="shared/data (PETRARCH dictionaries) not present beside the repo")
def test_petrarch_dictionaries_parse() -> None:
    d = SHARED / "petrarch_validation_dicts"
    actors = {a.names[0]: a for a in read_actors(d / "PETR.Validate.actors.txt")}
    assert actors["GONDOR"].names == ["GONDOR", "MINAS TIRITH", "ANORIEN"]
    gollum = actors["GOLLUM"]
    assert [c.code for c in gollum.codes] == ["HOB", "HOBGOV", "HOBREB"]
    assert gollum.codes[1].start == date(1995, 6, 1) and gollum.codes[1].end == date(1999, 8, 15)
    assert actors["ENT"].codes[0].code == "ENT"  # code block on the next line
    agents = {n: a for a in read_agents(d / "PETR.Validate.agents.txt") for n in a.names}
    assert agents["CONGRESSWOMEN"].code == "LEG"
    assert agents["MINISTER OF SILLY WALKS"].code == "GOV"
    assert agents["HUMAN RIGHTS BODY"].prefix and agents["HUMAN RIGHTS BODY"].code == "NGO"
