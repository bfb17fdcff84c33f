"""Place resolution: gazetteer, curated bases/regions, countries, ambiguity rules."""
from __future__ import annotations

import pytest

from flashpoint.errors import ResourceError
from flashpoint.resolve import PlaceResolver


@pytest.fixture(scope="module")
def places() -> PlaceResolver:
    return PlaceResolver.load()


def test_context_then_population(places: PlaceResolver) -> None:
    erbil = places.resolve("Erbil", context_countries=["IRQ"])
    assert (erbil.name, erbil.country, erbil.feature) == ("Erbil", "IRQ", "city")
    assert erbil.geonames_id == 95446 and 35 < erbil.lat < 37
    assert places.resolve("Paris").country == "FRA"
    # context beats a namesake up to ~10x larger, not a far more prominent one: news names a
    # small namesake with its state ("Paris, Texas", see test_qualifier_after_comma)
    assert places.resolve("Birmingham", context_countries=["USA"]).admin1 == "Alabama"
    assert places.resolve("Paris", context_countries=["USA"]).country == "FRA"
    assert places.resolve("Tripoli", context_countries=["LBN"]).country == "LBN"
    assert places.resolve("Tripoli").country == "LBY"


def test_own_name_beats_an_alternate_name_of_a_larger_city(places: PlaceResolver) -> None:
    # GeoNames lists old and foreign names: "Islamabad" is an old name of Chattogram (3.9M
    # people, Bangladesh), "Porto" one of Bordeaux; a city whose own name is written wins
    assert places.resolve("Islamabad").country == "PAK"
    assert places.resolve("Porto").country == "PRT"
    assert places.resolve("Zaragoza").country == "ESP"
    # an alternate name still resolves where no place has it as its own name
    assert places.resolve("Chittagong").country == "BGD"
    assert places.resolve("Khan Younis").name == "Khan Yunis"


def test_us_states_are_places_unless_a_large_city_has_the_name(places: PlaceResolver) -> None:
    sc = places.resolve("South Carolina")
    assert (sc.name, sc.country, sc.feature) == ("South Carolina", "USA", "state")
    assert 32 < sc.lat < 35.5 and -83.5 < sc.lon < -78.5  # inside the state
    assert places.resolve("California").feature == "state"  # not California, Maryland
    assert places.grain(sc) == 1  # a finer place named with it wins
    assert places.resolve("New York").name == "New York City"
    assert places.resolve("Washington").feature == "city"
    assert places.resolve("New York state").feature == "state"
    assert places.resolve("Georgia").country == "GEO"


def test_qualifier_after_comma(places: PlaceResolver) -> None:
    p = places.resolve("Paris, Texas")
    assert (p.country, p.admin1) == ("USA", "Texas")
    assert places.resolve("Paris, TX").admin1 == "Texas"
    assert places.resolve("Paris, France").country == "FRA"


def test_alternate_spellings_and_articles(places: PlaceResolver) -> None:
    assert places.resolve("Irbil").name == "Erbil"
    assert places.resolve("Kiev").name == "Kyiv"
    assert places.resolve("Hodeidah").country == "YEM"


def test_curated_bases_and_regions(places: PlaceResolver) -> None:
    base = places.resolve("the Ain al-Asad air base")
    assert (base.country, base.admin1, base.feature) == ("IRQ", "Anbar", "airbase")
    assert places.resolve("Al Asad Air Base").name == base.name
    assert places.resolve("Incirlik").country == "TUR"
    gaza = places.resolve("the Gaza Strip")
    assert (gaza.country, gaza.feature) == ("PSE", "region")
    assert places.resolve("Crimea").country == "UKR"


def test_airportsdata_airbase(places: PlaceResolver) -> None:
    p = places.resolve("Bagram Air Base")
    assert p.country == "AFG" and p.feature == "airbase"
    p = places.resolve("Nellis Air Force Base")
    assert p is not None and p.country == "USA" and p.feature == "airbase"


def test_country_names_and_centroids(places: PlaceResolver) -> None:
    iraq = places.resolve("Iraq")
    assert (iraq.country, iraq.feature) == ("IRQ", "country")
    assert places.resolve("Britain").country == "GBR"
    loc = places.country_location("IRN")
    assert (loc.name, loc.feature) == ("Iran", "country")
    assert 25 < loc.lat < 40 and 44 < loc.lon < 63
    assert places.country_location("XKX").country == "XKX"
    with pytest.raises(ResourceError):
        places.country_location("ZZZ")


def test_unknown_place(places: PlaceResolver) -> None:
    assert places.resolve("Nowhereville Junction") is None
    assert places.resolve("") is None


def test_first_level_regions(places: PlaceResolver) -> None:
    """GeoNames admin1 regions (places/regions.tsv): by name where no town has it, always with
    a region word; a town keeps its own name; generic names are no region alone."""
    for name, country in (("KwaZulu-Natal", "ZAF"), ("Cabo Delgado province", "MOZ"),
                          ("Eastern Cape", "ZAF"), ("the Bago Region", "MMR"),
                          ("Zamfara state", "NGA"), ("Basra province", "IRQ")):
        loc = places.resolve(name)
        assert loc is not None and (loc.country, loc.feature) == (country, "region"), name
    bago = places.resolve("Bago")
    assert bago is not None and bago.feature == "city"  # the town, not its region
    central = places.resolve("Central")
    assert central is None or central.feature != "region"
    assert places.grain(places.resolve("KwaZulu-Natal")) == 1
