"""Coreference in articles, the unknown-actor review queue, the config file and overlays."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flashpoint.config import load_config
from flashpoint.errors import InputError, ResourceError
from flashpoint.ingest import read_text_item
from flashpoint.resolve.actors import validate_overlay
from flashpoint.resolve.coref import Antecedent, DocMemory
from flashpoint.store import Store
from flashpoint.store.unknown_actors import unknown_actors

ERDOGAN = ("Turkish President Recep Tayyip Erdogan met Vladimir Putin in Sochi on Monday. "
           "He later accused Greece of provocations in the Aegean.")
UNKNOWN = ("Gunmen from the Zorbanian Liberation Front attacked a village in Mali on Sunday. "
           "The Zorbanian Liberation Front also kidnapped two aid workers. "
           "Separately, Vexlar Dynamics accused the government of fraud.")


def _events(pipeline, text: str, when: date = date(2019, 10, 12)):
    return pipeline.code_article(read_text_item(text, published=when))


def test_memory_prefers_the_latest_subject_and_gender() -> None:
    m = DocMemory()
    m.remember(Antecedent("Erdogan", "TUR", "GOV", "erdogan", "Erdogan", kind="person"), subject=True)
    m.remember(Antecedent("Putin", "RUS", "GOV", "putin", "Putin", kind="person"), subject=False)
    m.remember(Antecedent("Angela Merkel", "DEU", "GOV", "merkel", "Merkel", kind="person",
                          gender="f"), subject=False)
    assert m.pronoun("he").antecedent.actor_id == "erdogan"
    assert m.pronoun("she").antecedent.actor_id == "merkel"
    assert m.pronoun("it") is None  # no organisation named yet
    assert m.description("the chancellor", "chancellor") is None  # no role words known
    assert m.surname("Merkel").antecedent.actor_id == "merkel"


def test_pronoun_after_two_people_is_the_earlier_subject(pipeline) -> None:
    events = _events(pipeline, ERDOGAN)
    accuse = next(e for e in events if e.evidence.trigger.text == "accused")
    assert accuse.source.actor_id == "recep_tayyip_erdogan"
    assert 0 < accuse.source.confidence < 0.95


def test_definite_description_and_surname_after_first_mention(pipeline) -> None:
    text = ("Iran's foreign minister met his Iraqi counterpart in Baghdad on Sunday. The minister "
            "later condemned the United States. A State Department spokesman, Ned Price, "
            "criticized Tehran. Price also accused Iran of backing militias.")
    events = _events(pipeline, text, date(2020, 1, 5))
    cond = next(e for e in events if e.evidence.trigger.text == "condemned")
    assert (cond.source.country, cond.source.sector, cond.source.actor_id) == ("IRN", "GOV", "javad_zarif")
    crit = next(e for e in events if e.evidence.trigger.text == "criticized")
    assert (crit.source.country, crit.source.sector) == ("USA", "GOV")


def test_unknown_actor_queue_lists_unresolved_names(pipeline, tmp_path: Path) -> None:
    article = read_text_item(UNKNOWN, published=date(2021, 3, 1))
    events = pipeline.code_article(article)
    assert any(not e.source.resolved for e in events)
    with Store(tmp_path / "q.duckdb") as store:
        store.add([(article, events)])
    with Store(tmp_path / "q.duckdb", read_only=True) as store:
        rows = unknown_actors(store, limit=10)
    assert rows, "an unresolved actor should be queued"
    assert all(r.count >= 1 and r.examples for r in rows)
    assert rows == sorted(rows, key=lambda r: -r.count)
    texts = " ".join(r.text for r in rows)
    assert "Zorbanian" in texts or "Vexlar" in texts
    # the CLI is a shell over the same call
    import typer

    from flashpoint.cli import actors_cmd

    app = typer.Typer()
    app.command("noop")(lambda: None)
    actors_cmd.register(app)
    out = CliRunner().invoke(app, ["actors", "unknown", "--db", str(tmp_path / "q.duckdb"), "--json"])
    assert out.exit_code == 0, out.output
    lines = [json.loads(x) for x in out.stdout.splitlines() if x.strip()]
    assert [x["text"] for x in lines] == [r.text for r in rows]


def test_config_file_and_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    overlay = tmp_path / "mine.yaml"
    overlay.write_text("- {id: zorb_front, name: Zorbanian Liberation Front, country: MLI, "
                       "sector: REB, aliases: [ZLF]}\n", encoding="utf-8")
    cfg = tmp_path / "flashpoint.toml"
    cfg.write_text('[actors]\noverlay = "mine.yaml"\n', encoding="utf-8")
    assert load_config(cfg).actors_overlay == overlay
    monkeypatch.chdir(tmp_path)
    assert load_config(None).actors_overlay == Path("mine.yaml")
    assert validate_overlay(overlay) == 1
    cfg.write_text('[actors]\noverlay = "missing.yaml"\n', encoding="utf-8")
    with pytest.raises(InputError, match="flashpoint.toml.*overlay.*missing.yaml"):
        load_config(cfg)
    cfg.write_text('[actor]\noverlay = "mine.yaml"\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"unknown section \[actor\]"):
        load_config(cfg)
    cfg.write_text('[actors]\noverlay = \n', encoding="utf-8")
    with pytest.raises(InputError, match="not valid TOML"):
        load_config(cfg)
    bad = tmp_path / "bad.yaml"
    bad.write_text("- {id: x, name: X, country: MLI, sector: NOPE}\n", encoding="utf-8")
    with pytest.raises(ResourceError, match=r"bad.yaml: entry 0 \(id 'x'\): sector 'NOPE'"):
        validate_overlay(bad)


def test_overlay_resolves_new_actor(tmp_path: Path) -> None:
    from flashpoint.resolve import ActorResolver

    overlay = tmp_path / "mine.yaml"
    overlay.write_text("- {id: zorb_front, name: Zorbanian Liberation Front, country: MLI, "
                       "sector: REB, aliases: [ZLF]}\n", encoding="utf-8")
    r = ActorResolver.load(overlay=overlay).resolve("the ZLF", head="ZLF")
    assert r is not None and (r.country, r.sector, r.actor_id) == ("MLI", "REB", "zorb_front")
    assert ActorResolver.load().resolve("the ZLF", head="ZLF") is None
