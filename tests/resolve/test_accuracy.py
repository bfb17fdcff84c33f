"""Accuracy of actor and place resolution over a written set of news-style phrases."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from flashpoint.resolve import ActorResolver, PlaceResolver

DATA = Path(__file__).parent / "data" / "actor_place_sentences.yaml"


@pytest.fixture(scope="module")
def items() -> dict:
    return yaml.safe_load(DATA.read_text(encoding="utf-8"))


def test_set_is_large_enough(items: dict) -> None:
    assert len(items["actors"]) + len(items["places"]) >= 80


def test_actor_and_place_accuracy(items: dict, capsys: pytest.CaptureFixture[str]) -> None:
    actors, places = ActorResolver.load(), PlaceResolver.load()
    country_ok = sector_ok = 0
    misses = []
    for it in items["actors"]:
        when = it.get("date")
        r = actors.resolve(it["text"], head=it.get("head"),
                           context_countries=it.get("context") or (),
                           when=when if isinstance(when, date) else None)
        got_c, got_s = (r.country, r.sector) if r else (None, None)
        if it.get("none"):
            ok_c = ok_s = r is None
        else:
            ok_c, ok_s = got_c == it["country"], got_s == it["sector"]
        country_ok += ok_c
        sector_ok += ok_s
        if not (ok_c and ok_s):
            misses.append(f"actor {it['text']!r}: got {got_c}/{got_s}, "
                          f"want {it['country']}/{it['sector']}")
    place_ok = 0
    for it in items["places"]:
        loc = places.resolve(it["place"], context_countries=it.get("context") or ())
        ok = loc is not None and loc.name == it["name"] and loc.country == it["country"]
        place_ok += ok
        if not ok:
            misses.append(f"place {it['place']!r}: got {loc.name if loc else None}/"
                          f"{loc.country if loc else None}, want {it['name']}/{it['country']}")
    n_a, n_p = len(items["actors"]), len(items["places"])
    country_acc, sector_acc, place_acc = country_ok / n_a, sector_ok / n_a, place_ok / n_p
    with capsys.disabled():
        print(f"\nresolver accuracy: country {country_acc:.3f} sector {sector_acc:.3f} "
              f"({n_a} actor phrases), place {place_acc:.3f} ({n_p} places)")
        for m in misses:
            print("  miss:", m)
    assert country_acc >= 0.95
    assert sector_acc >= 0.90
    assert place_acc >= 0.85
