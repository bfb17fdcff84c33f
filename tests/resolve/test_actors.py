"""Unit tests of each actor-matching rule, on phrases as they appear in news copy."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from flashpoint.errors import ResourceError
from flashpoint.resolve import ActorResolver


@pytest.fixture(scope="module")
def actors() -> ActorResolver:
    return ActorResolver.load()


def test_load_is_cached(actors: ActorResolver) -> None:
    assert ActorResolver.load() is actors
    assert actors.version.startswith("kb-")


@pytest.mark.parametrize("phrase, actor_id", [
    ("Gen. Qassem Soleimani", "qassem_soleimani"),
    ("Revolutionary Guards commander Qassim Suleimani", "qassem_soleimani"),
    ("Ayatollah Khamenei", "ali_khamenei"),
    ("Iranian Foreign Minister Javad Zarif", "javad_zarif"),
    ("President Donald J. Trump", "donald_trump"),
    ("Turkish President Recep Tayyip Erdoğan", "recep_tayyip_erdogan"),
])
def test_named_person_with_titles(actors: ActorResolver, phrase: str, actor_id: str) -> None:
    r = actors.resolve(phrase)
    assert r is not None and r.actor_id == actor_id
    assert r.confidence >= 0.9


@pytest.mark.parametrize("spelling", ["Kasem Sulaimani", "Qasim Soleimani", "Qassem Sulaymani"])
def test_transliteration_variants(actors: ActorResolver, spelling: str) -> None:
    r = actors.resolve(f"Iranian commander {spelling}")
    assert r is not None and r.actor_id == "qassem_soleimani" and r.country == "IRN"
    assert r.sector == "MIL"


def test_al_prefix_and_diacritics(actors: ActorResolver) -> None:
    assert actors.resolve("Bashar el-Asad").actor_id == "bashar_al_assad"
    assert actors.resolve("President Erdogan").actor_id == "recep_tayyip_erdogan"


@pytest.mark.parametrize("surname, actor_id", [
    ("Khamenei", "ali_khamenei"), ("Soleimani", "qassem_soleimani"), ("Zarif", "javad_zarif"),
    ("Trump", "donald_trump"), ("Macron", "emmanuel_macron")])
def test_distinctive_surnames(actors: ActorResolver, surname: str, actor_id: str) -> None:
    assert actors.resolve(surname).actor_id == actor_id


def test_common_surname_alone_is_not_a_person(actors: ActorResolver) -> None:
    # "Johnson" is not distinctive (surnames: [] for Boris Johnson)
    r = actors.resolve("Johnson")
    assert r is None or r.actor_id is None


def test_longest_alias_wins(actors: ActorResolver) -> None:
    assert actors.resolve("Fox News host").actor_id == "fox_news"
    assert actors.resolve("the U.N. Security Council").actor_id == "un_security_council"


def test_country_word_plus_sector(actors: ActorResolver) -> None:
    r = actors.resolve("U.S. forces", head="forces")
    assert (r.country, r.sector, r.actor_id) == ("USA", "MIL", None)
    assert actors.resolve("Iraqi security forces", head="forces").sector == "COP"
    assert actors.resolve("Palestinian protesters").country == "PSE"
    r = actors.resolve("Iranian state television")
    assert (r.country, r.sector) == ("IRN", "MED")


def test_head_selects_sector(actors: ActorResolver) -> None:
    assert actors.resolve("anti-government protesters", context_countries=["IRQ"]).sector == "CVL"
    assert actors.resolve("police and protesters", head="police", context_countries=["FRA"]).sector == "COP"


def test_sponsor_country_is_not_the_actor(actors: ActorResolver) -> None:
    r = actors.resolve("U.S.-backed Iraqi forces")
    assert (r.country, r.sector) == ("IRQ", "MIL")
    # the counterpart of a preposition is not the actor either
    assert actors.resolve("the U.S. envoy to Iran").country == "USA"


def test_sector_noun_with_context_country(actors: ActorResolver) -> None:
    r = actors.resolve("protesters", context_countries=["IRN", "USA"])
    assert (r.country, r.sector) == ("IRN", "CVL")
    assert r.confidence < actors.resolve("Iranian protesters").confidence
    r = actors.resolve("protesters")
    assert (r.country, r.sector) == (None, "CVL")


def test_country_alone_and_metonyms(actors: ActorResolver) -> None:
    assert (actors.resolve("Iran").country, actors.resolve("Iran").sector) == ("IRN", None)
    for phrase, country, sector in [("Washington", "USA", "GOV"), ("the White House", "USA", "GOV"),
                                    ("the Pentagon", "USA", "MIL"), ("the Kremlin", "RUS", "GOV"),
                                    ("Tehran", "IRN", "GOV"), ("Kiev", "UKR", "GOV"),
                                    ("Downing Street", "GBR", "GOV"), ("Foggy Bottom", "USA", "GOV")]:
        r = actors.resolve(phrase)
        assert (r.country, r.sector) == (country, sector), phrase


def test_weak_noun_yields_to_institution(actors: ActorResolver) -> None:
    assert actors.resolve("a Pentagon spokesman").sector == "MIL"
    assert actors.resolve("Kremlin spokesman").sector == "GOV"


def test_possessor_gives_country_noun_gives_sector(actors: ActorResolver) -> None:
    r = actors.resolve("Assad's forces", head="forces")
    assert (r.country, r.sector, r.actor_id) == ("SYR", "MIL", None)


def test_role_at_date(actors: ActorResolver) -> None:
    r = actors.resolve("Iran's foreign minister", head="minister", when=date(2020, 1, 8))
    assert r.actor_id == "javad_zarif" and (r.country, r.sector) == ("IRN", "GOV")
    r = actors.resolve("Iran's foreign minister", head="minister", when=date(2022, 1, 8))
    assert r.actor_id == "hossein_amir_abdollahian"
    r = actors.resolve("the U.S. president", when=date(2022, 3, 1))
    assert r.actor_id == "joe_biden"
    # no date, or a "former" holder: generic country + GOV
    r = actors.resolve("Iran's foreign minister")
    assert (r.country, r.sector, r.actor_id) == ("IRN", "GOV", None)
    assert actors.resolve("the former U.S. president", when=date(2022, 3, 1)).actor_id is None
    # the KB knows no holder: generic
    assert actors.resolve("Chad's foreign minister", when=date(2020, 1, 8)).actor_id is None


def test_role_sector_of_person_at_date(actors: ActorResolver) -> None:
    assert actors.resolve("Mike Pompeo", when=date(2017, 6, 1)).sector == "SPY"
    assert actors.resolve("Mike Pompeo", when=date(2019, 6, 1)).sector == "GOV"
    assert actors.resolve("the Taliban", when=date(2019, 6, 1)).sector == "REB"
    assert actors.resolve("the Taliban", when=date(2022, 6, 1)).sector == "GOV"


def test_groups_and_igos(actors: ActorResolver) -> None:
    r = actors.resolve("Hezbollah fighters")
    assert (r.country, r.sector, r.group) == ("LBN", "REB", "HEZ")
    r = actors.resolve("al-Qaida militants")
    assert (r.country, r.sector, r.group) == (None, "REB", "ALQ")
    assert actors.resolve("NATO allies").country == "IGO"
    assert actors.resolve("the European Union").country == "EUR"
    assert actors.resolve("the International Committee of the Red Cross").country == "NGO"


def test_pronouns_and_unknowns(actors: ActorResolver) -> None:
    for phrase in ("he", "They", "us", "the", ""):
        assert actors.resolve(phrase) is None, phrase
    assert actors.resolve("the weather") is None


def test_acronyms_need_capitals(actors: ActorResolver) -> None:
    assert actors.resolve("US troops").country == "USA"
    assert actors.resolve("the statement angered us and our allies") is None or \
        actors.resolve("the statement angered us and our allies").country != "USA"


def test_country_of(actors: ActorResolver) -> None:
    assert actors.country_of("Iranian") == "IRN"
    assert actors.country_of("Washington") == "USA"
    assert actors.country_of("Tehran") == "IRN"
    assert actors.country_of("North Korean") == "PRK"
    assert actors.country_of("Kosovo") == "XKX"
    assert actors.country_of("Palestinians") == "PSE"
    assert actors.country_of("nothing here") is None


def test_find_countries_offsets(actors: ActorResolver) -> None:
    text = ("Iran fired missiles at two U.S. bases in Iraq after the killing of an Iranian general; "
            "North Korea and the Kremlin stayed silent.")
    found = actors.find_countries(text)
    assert [c for _, _, c in found] == ["IRN", "USA", "IRQ", "IRN", "PRK", "RUS"]
    for start, end, _ in found:
        assert text[start:end] in {"Iran", "U.S.", "Iraq", "Iranian", "North Korea", "Kremlin"}


def test_overlay_adds_actor(tmp_path: Path) -> None:
    overlay = tmp_path / "my_actors.yaml"
    overlay.write_text(
        "- {id: esmail_qaani, name: Esmail Qaani, kind: person, country: IRN, sector: MIL,\n"
        "   aliases: [Ismail Qaani, Esmail Ghaani]}\n", encoding="utf-8")
    r = ActorResolver.load(overlay).resolve("Quds Force commander Esmail Ghaani")
    assert r.actor_id == "esmail_qaani"
    assert ActorResolver.load().resolve("Esmail Qaani") is None or \
        ActorResolver.load().resolve("Esmail Qaani").actor_id != "esmail_qaani"


@pytest.mark.parametrize("body, message", [
    ("- {id: x, name: X, country: ZZZ, sector: GOV}\n", "country 'ZZZ'"),
    ("- {id: x, name: X, country: IRN, sector: BOSS}\n", "sector 'BOSS'"),
    ("- {id: x, country: IRN}\n", "'name' is required"),
    ("- {id: x, name: X, country: IRN, roles: [{role: president, start: 2020-13-01}]}\n", "ISO date"),
    ("- {id: x, name: X, country: IRN, colour: red}\n", "unknown field"),
    ("{id: x}\n", "expected a list"),
])
def test_overlay_errors_name_file_and_entry(tmp_path: Path, body: str, message: str) -> None:
    overlay = tmp_path / "bad.yaml"
    overlay.write_text(body, encoding="utf-8")
    with pytest.raises(ResourceError) as err:
        ActorResolver.load(overlay)
    assert "bad.yaml" in str(err.value) and message in str(err.value)


def test_missing_overlay(tmp_path: Path) -> None:
    with pytest.raises(ResourceError, match="not found"):
        ActorResolver.load(tmp_path / "nope.yaml")


@pytest.mark.parametrize("phrase,head", [
    ("the al-Asad base", "base"), ("Kennedy airport", "airport"),
    ("the Soleimani mosque", "mosque"), ("a Putin museum", "museum"),
])  # fmt: skip
def test_person_name_modifying_a_place_noun_is_not_the_person(
    actors: ActorResolver, phrase: str, head: str
) -> None:
    r = actors.resolve(phrase, head=head)
    assert r is None or r.actor_id is None


def test_person_possessive_or_head_still_resolves(actors: ActorResolver) -> None:
    assert actors.resolve("Putin's palace", head="palace").country == "RUS"
    assert actors.resolve("Vladimir Putin", head="Putin").actor_id == "vladimir_putin"


def test_acronym_with_possessive_ending(actors: ActorResolver) -> None:
    r = actors.resolve("The IRGC's aerospace force", head="force")
    assert (r.country, r.sector) == ("IRN", "MIL")
    assert actors.resolve("irgc's force", head="force") is None or \
        actors.resolve("irgc's force", head="force").country != "IRN"
