"""Series and escalation alerts on a synthetic store with a planted escalation (day 80)."""
from __future__ import annotations

from datetime import timedelta

import pytest
from synthetic_store import START, SURGE_DAY, synthetic_pairs
from typer.testing import CliRunner

from flashpoint.aggregate import link_store
from flashpoint.aggregate.alerts import alerts
from flashpoint.aggregate.series import series
from flashpoint.errors import InputError
from flashpoint.store import Store


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("trends") / "trends.duckdb"
    with Store(path) as store:
        store.add(synthetic_pairs())
        link_store(store)
    return path


def test_series_counts_incidents_not_articles(db):
    with Store(db, read_only=True) as store:
        s = series(store, dyad="IRN-USA", by="day")
        events = store.sql("SELECT count(*) AS n FROM events WHERE source_country = 'IRN' "
                           "AND event_type = 'ASSAULT'")["n"][0]  # fmt: skip
        assaults = store.sql("SELECT count(*) AS n FROM incidents WHERE event_type = 'ASSAULT'")["n"][0]
    assert events == 3 * assaults  # three outlets told each attack: one incident each
    assert s.height == 120 and s["period"][0] == START
    surge = s.filter(s["period"] >= START + timedelta(days=SURGE_DAY))
    assert surge["q4"].sum() == assaults and surge["q3"].sum() == 0
    assert s["q3"].sum() == SURGE_DAY // 2
    assert surge["mean_goldstein"].max() == pytest.approx(-10.0)
    assert s["articles"].min() >= 8  # filler volume counted for every day
    assert s.to_pandas().shape[0] == 120


def test_series_by_week_country_and_type(db):
    with Store(db, read_only=True) as store:
        weekly = series(store, country="IRN", by="week")
        assault = series(store, event_type="ASSAULT", by="day")
        directed = series(store, dyad="USA-IRN", directed=True)
        with pytest.raises(InputError):
            series(store, dyad="IRN", by="day")
    assert weekly.height in (18, 19) and weekly["period"][0].weekday() == 0
    assert weekly["incidents"].sum() == assault["incidents"].sum() + SURGE_DAY // 2
    assert directed.height == 0  # nobody from USA acted on IRN here


def test_alert_found_at_the_planted_escalation_and_explained(db):
    with Store(db, read_only=True) as store:
        found = alerts(store, min_incidents=5)
        ids = set(store.sql("SELECT id FROM incidents WHERE event_type = 'ASSAULT'")["id"].to_list())
    assert found.height >= 1
    first = found.sort("start").row(0, named=True)
    assert first["dyad"] == "IRN-USA" and first["direction"] == "up"
    planted = START + timedelta(days=SURGE_DAY)
    assert planted <= first["start"] <= planted + timedelta(days=3)
    assert first["detected"] <= planted + timedelta(days=7)
    assert first["incident_ids"] and set(first["incident_ids"]) <= ids
    assert "ASSAULT IRN→USA" in first["explanation"]
    # quiet period: no escalation alert before the surge
    assert found.filter(found["start"] < planted).height == 0


def test_cli_commands(db, tmp_path):
    from flashpoint.cli.main import app
    from flashpoint.cli.aggregate_cmd import register

    if "series" not in {c.name for c in app.registered_commands}:
        register(app)
    runner = CliRunner()
    r = runner.invoke(app, ["incidents", "--db", str(db), "--json", "--limit", "3"])
    assert r.exit_code == 0, r.output
    assert len(r.stdout.strip().splitlines()) == 3
    png = tmp_path / "s.png"
    r = runner.invoke(app, ["series", "--dyad", "IRN-USA", "--by", "week", "--db", str(db),
                            "--plot", str(png), "--json"])  # fmt: skip
    assert r.exit_code == 0, r.output
    assert png.stat().st_size > 5000 and png.read_bytes()[:4] == b"\x89PNG"
    r = runner.invoke(app, ["alerts", "--db", str(db), "--json"])
    assert r.exit_code == 0 and "IRN-USA" in r.stdout
    r = runner.invoke(app, ["series", "--dyad", "IRAN", "--db", str(db)])
    assert r.exit_code == 2
    before = runner.invoke(app, ["series", "--dyad", "IRN-USA", "--db", str(db), "--json"]).stdout
    r = runner.invoke(app, ["link", "--db", str(db), "--compact"])
    assert r.exit_code == 0 and "compacted" in r.output, r.output
    after = runner.invoke(app, ["series", "--dyad", "IRN-USA", "--db", str(db), "--json"]).stdout
    assert after == before and before.strip()
