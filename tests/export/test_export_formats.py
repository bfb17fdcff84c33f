"""Every export format writes a file that reads back with the events in it."""
import csv
import json
from dataclasses import replace
from datetime import datetime, timezone

import polars as pl
import pytest

from flashpoint.export import FORMATS, export_events, gdelt_columns, global_event_id
from flashpoint.export.gdelt import write_gdelt
from flashpoint.model import Event
from flashpoint.store import FRAME_SCHEMA, Store


def by_trigger(events, word):
    return next(e for e in events if e.evidence.trigger.text == word)


def test_unknown_format_lists_the_supported_ones(tmp_path, events):
    with pytest.raises(ValueError, match="unknown export format 'acled'.*plover, gdelt"):
        export_events(events, "acled", tmp_path / "out.csv")
    assert set(FORMATS) == {"plover", "gdelt", "parquet", "csv", "jsonl"}


def test_jsonl_round_trips_events(tmp_path, events):
    out = tmp_path / "events.jsonl"
    assert export_events(events, "jsonl", out) == 6
    lines = out.read_text(encoding="utf-8").splitlines()
    back = [Event.from_dict(json.loads(line)) for line in lines]
    assert back == events
    first = json.loads(lines[0])
    assert first["date"] == "2020-01-08"
    assert first["article_id"] == "rss-2020-01-08-001"  # the public id of the article


def test_parquet_reads_back_with_polars(tmp_path, events, articles):
    out = tmp_path / "nested" / "events.parquet"
    assert export_events(events, "parquet", out, articles=articles) == 6
    frame = pl.read_parquet(out)
    assert frame.columns == list(FRAME_SCHEMA)
    assert frame.height == 6
    strike = frame.filter(pl.col("cameo") == "195").row(0, named=True)
    assert strike["source_country"] == "IRN" and strike["target_sector"] == "MIL"
    assert strike["location_lat"] == pytest.approx(33.7856)
    assert strike["date"].isoformat() == "2020-01-08"
    assert strike["article_outlet"] == "Example News"


def test_csv_has_a_header_and_one_row_per_event(tmp_path, events):
    out = tmp_path / "events.csv"
    assert export_events(events, "csv", out) == 6
    with out.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == list(FRAME_SCHEMA)
    assert len(rows) == 6
    assert sorted(r["event_type"] for r in rows).count("PROTEST") == 2
    assert {r["sentence"] for r in rows} >= {
        "Police arrested several protesters near the Green Zone, witnesses said."
    }


@pytest.mark.parametrize("name", ["events.json", "events.jsonl"])
def test_plover_records(tmp_path, events, articles, name):
    out = tmp_path / name
    assert export_events(events, "plover", out, articles=articles) == 6
    text = out.read_text(encoding="utf-8")
    records = (
        [json.loads(line) for line in text.splitlines()] if name.endswith("l") else json.loads(text)
    )
    assert len(records) == 6
    strike = next(r for r in records if r["id"] == by_trigger(events, "fired").id)
    assert (strike["event_type"], strike["mode"]) == ("ASSAULT", "heavy-weapons")
    assert (strike["source"], strike["source_agent"]) == ("IRN", "GOV")
    assert (strike["target"], strike["target_agent"]) == ("USA", "MIL")
    assert strike["target_actor"] == "United States military"
    assert strike["context"] == ["military"]
    assert strike["event_text"].startswith("Iran fired more than a dozen ballistic missiles")
    assert strike["location"]["name"] == "Ain al-Asad Air Base"
    assert strike["publisher"] == "Example News"
    assert strike["url"].startswith("https://example-news.org/")
    assert strike["version"].startswith("PLOVER")
    accuse = next(r for r in records if r["id"] == by_trigger(events, "said").id)
    assert accuse["target"] is None and accuse["target_actor"] is None


def test_plover_writes_media_sector_as_journalists(tmp_path, events):
    out = tmp_path / "events.json"
    export_events(events, "plover", out)
    accusation = next(r for r in json.loads(out.read_text()) if r["event_text"].startswith("Iraqi"))
    assert accusation["source_agent"] == "JRN"  # flashpoint/CAMEO MED (media) -> PLOVER JRN


def test_empty_exports_are_valid_files(tmp_path):
    assert export_events([], "plover", tmp_path / "none.json") == 0
    assert json.loads((tmp_path / "none.json").read_text()) == []
    assert export_events(iter([]), "parquet", tmp_path / "none.parquet") == 0
    assert pl.read_parquet(tmp_path / "none.parquet").columns == list(FRAME_SCHEMA)


def test_store_export_applies_filters(tmp_path, sample_results):
    with Store(tmp_path / "news.duckdb") as store:
        store.add(sample_results)
        n = store.export("plover", tmp_path / "iraq.json", source_country="IRQ")
    records = json.loads((tmp_path / "iraq.json").read_text())
    assert n == len(records) == 3
    assert {r["source"] for r in records} == {"IRQ"}
    assert {r["url"] for r in records} == {"https://example-wire.com/iraq/baghdad-march"}


class TestGdelt:
    ADDED = datetime(2020, 1, 9, 6, 30, 0, tzinfo=timezone.utc)

    @pytest.fixture
    def rows(self, tmp_path, events, articles):
        out = tmp_path / "events.tsv"
        assert write_gdelt(events, out, articles, added=self.ADDED) == 6
        lines = out.read_text(encoding="utf-8").split("\n")
        assert lines[-1] == ""  # newline-terminated, no header
        cols = gdelt_columns()
        return {
            line.split("\t")[cols.index("GLOBALEVENTID")]: dict(zip(cols, line.split("\t")))
            for line in lines[:-1]
        }

    def test_sixty_one_tab_separated_fields(self, tmp_path, events):
        out = tmp_path / "events.tsv"
        export_events(events, "gdelt", out)
        lines = out.read_text(encoding="utf-8").splitlines()
        assert len(lines) == 6
        assert all(len(line.split("\t")) == 61 for line in lines)
        assert len(gdelt_columns()) == 61
        assert gdelt_columns()[0] == "GLOBALEVENTID" and gdelt_columns()[-1] == "SOURCEURL"

    def test_missile_strike_row(self, rows, events):
        strike = by_trigger(events, "fired")
        r = rows[str(global_event_id(strike.id))]
        assert (r["SQLDATE"], r["MonthYear"], r["Year"]) == ("20200108", "202001", "2020")
        assert r["FractionDate"] == "2020.1041"  # 2020 + (1 * 30 + 8) / 365, as GDELT computes it
        assert (r["Actor1Code"], r["Actor1CountryCode"], r["Actor1Type1Code"]) == (
            "IRNGOV", "IRN", "GOV",
        )  # fmt: skip
        assert (r["Actor2Code"], r["Actor2Name"]) == ("USAMIL", "UNITED STATES MILITARY")
        assert (r["EventCode"], r["EventBaseCode"], r["EventRootCode"]) == ("195", "195", "19")
        assert (r["QuadClass"], r["GoldsteinScale"]) == ("4", "-10.0")
        assert r["NumMentions"] == r["NumSources"] == r["NumArticles"] == "1"
        assert r["IsRootEvent"] == "1"  # first sentence of the body
        assert (r["ActionGeo_Type"], r["ActionGeo_CountryCode"]) == ("4", "IZ")  # FIPS for Iraq
        assert r["ActionGeo_FullName"] == "Ain al-Asad Air Base, Anbar, Iraq"
        assert (r["ActionGeo_Lat"], r["ActionGeo_Long"]) == ("33.7856", "42.4412")
        assert r["Actor1Geo_Type"] == "0" and r["Actor1Geo_FullName"] == ""
        assert r["DATEADDED"] == "20200109063000"
        assert r["SOURCEURL"] == "https://example-news.org/2020/01/08/iran-missiles-iraq-bases"
        assert r["AvgTone"] == "" and r["Actor1EthnicCode"] == ""

    def test_root_codes_and_geography_of_other_events(self, rows, events):
        march = rows[str(global_event_id(by_trigger(events, "marched").id))]
        # a bare CAMEO root "14" is written as its "not specified" code 140
        assert (march["EventCode"], march["EventBaseCode"], march["EventRootCode"]) == (
            "140", "140", "14",
        )  # fmt: skip
        rally = rows[str(global_event_id(by_trigger(events, "rallied").id))]
        assert (rally["ActionGeo_Type"], rally["ActionGeo_CountryCode"]) == ("3", "US")  # US city
        assert rally["IsRootEvent"] == "0"  # third paragraph
        accusation = rows[str(global_event_id(by_trigger(events, "accused").id))]
        assert accusation["EventRootCode"] == "11"
        assert accusation["SQLDATE"] == "20200124"  # undated event: the publication date
        assert accusation["ActionGeo_Type"] == "0"
        said = rows[str(global_event_id(by_trigger(events, "said").id))]
        assert said["Actor2Code"] == "" and said["Actor2Geo_Type"] == "0"

    def test_global_event_id_is_stable_and_fits_bigint(self, events):
        ids = [global_event_id(e.id) for e in events]
        assert ids == [global_event_id(e.id) for e in events]
        assert len(set(ids)) == len(ids)
        assert all(0 < i < 2**63 for i in ids)


def test_gdelt_folds_tabs_and_newlines_inside_values(tmp_path, events):
    strike = events[0]
    odd = replace(strike, source=replace(strike.source, name="Islamic Revolutionary\tGuard\nCorps"))
    out = tmp_path / "events.tsv"
    export_events([odd], "gdelt", out)
    (line,) = out.read_text(encoding="utf-8").splitlines()
    fields = line.split("\t")
    assert len(fields) == 61
    assert fields[gdelt_columns().index("Actor1Name")] == "ISLAMIC REVOLUTIONARY GUARD CORPS"
