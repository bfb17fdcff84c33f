"""Context rules of actor and place resolution (kb-2026.11.2): qualifiers beat capital readings,
a body's name gives the country code and the head noun the sector, weak heads take a strong
modifier's sector, population against context for places, the event's own place chosen among the
places of its clause, and the actor's own place before the other participant's countries."""
from __future__ import annotations

from datetime import date

import pytest

from flashpoint.ingest import read_text_item
from flashpoint.resolve import ActorResolver, PlaceResolver
from flashpoint.resolve.dates import _written, resolve_date


@pytest.fixture(scope="module")
def actors() -> ActorResolver:
    return ActorResolver.load()


@pytest.fixture(scope="module")
def places() -> PlaceResolver:
    return PlaceResolver.load()


# ------------------------------------------------------------------ actors, no spaCy
def test_us_state_qualifier_beats_the_capital(actors: ActorResolver) -> None:
    found = actors.find_countries("Police in Paris, Texas arrested a man. Officials in Paris, France did not.")
    assert [iso for _, _, iso in found] == ["USA", "FRA"]
    assert actors.find_countries("Paris, TX")[0][2] == "USA"
    r = actors.resolve("Police in Paris, Texas", head="police", context_countries=["FRA"])
    assert (r.country, r.sector) == ("USA", "COP")
    r = actors.resolve("police in Paris", head="police")
    assert (r.country, r.sector) == ("FRA", "COP")  # no qualifier: the capital


@pytest.mark.parametrize("phrase, head, want", [
    ("G7 leaders", "leader", ("IGO", "GOV")),
    ("European leaders", "leader", ("EUR", "GOV")),
    ("EU foreign ministers", "minister", ("EUR", "GOV")),
    ("NATO leaders", "leader", ("IGO", "MIL")),  # a body with its own sector keeps it
    ("Hezbollah chief", "chief", ("LBN", "REB")),
    ("ECOWAS", None, ("IGO", "IGO")),
])
def test_bodies_and_their_members(actors: ActorResolver, phrase: str, head: str | None,
                                  want: tuple[str, str]) -> None:
    r = actors.resolve(phrase, head=head)
    assert r is not None and (r.country, r.sector) == want


@pytest.mark.parametrize("phrase, head, sector", [
    ("a senior jihadist leader", "leader", "REB"),
    ("the police chief", "chief", "COP"),
    ("rebel positions", "position", "REB"),
    ("Ukrainian positions", "position", "MIL"),
    ("the opposition leader", "leader", "OPP"),
    ("the party leader", "leader", "PTY"),
])
def test_weak_head_takes_a_strong_modifier(actors: ActorResolver, phrase: str, head: str,
                                           sector: str) -> None:
    r = actors.resolve(phrase, head=head, context_countries=["MLI"])
    assert r is not None and r.sector == sector


# ------------------------------------------------------------------ places, no spaCy
def test_a_capital_beats_a_small_namesake_in_context(places: PlaceResolver) -> None:
    # a story naming the United States first, about strikes near Damascus
    assert places.resolve("Damascus", context_countries=["USA", "GBR", "FRA", "SYR"]).country == "SYR"
    assert places.resolve("Tripoli", context_countries=["LBN"]).country == "LBN"  # LBY's is 5x
    assert places.resolve("Alexandria", context_countries=["USA"]).country == "EGY"  # 30x
    assert places.resolve("Alexandria, Virginia").country == "USA"


def test_provinces_and_grain(places: PlaceResolver) -> None:
    p = places.resolve("Sistan-Baluchestan province")
    assert (p.name, p.country, p.feature) == ("Sistan and Baluchestan", "IRN", "region")
    assert places.resolve("Baluchistan").country == "PAK"
    assert places.grain(p) == 1
    assert places.grain(places.resolve("Jenin")) == 2
    assert places.grain(places.country_location("IRQ")) == 0


def test_written_dates_match_dateparser_without_it() -> None:
    pub = date(2021, 1, 10)
    assert _written("january 7, 2020", pub).date == date(2020, 1, 7)
    assert _written("on tuesday, march 3", pub).date == date(2020, 3, 3)  # no year: looks back
    assert _written("7 january 2020", pub).date == date(2020, 1, 7)
    assert (_written("sept. 11, 2001", pub).date, _written("may 2019", pub).precision) == (
        date(2001, 9, 11), "month")
    assert _written("february 29", pub) is None  # not a day in 2020/21 reading: dateparser decides
    assert resolve_date("Jan. 7", pub).date == date(2021, 1, 7)


# ------------------------------------------------------------------ through the pipeline
def _event(pipeline, text: str, trigger: str):
    events = pipeline.code_article(read_text_item(text, published=date(2024, 5, 14)))
    ev = next((e for e in events if e.evidence.trigger.text == trigger), None)
    assert ev is not None, [e.evidence.trigger.text for e in events]
    return ev


@pytest.mark.parametrize("text, trigger, place", [
    ("Israeli warplanes struck Khan Younis overnight.", "struck", ("Khan Yunis", "PSE")),
    ("Russian air defences shot down three drones over Belgorod on Monday.", "shot", ("Belgorod", "RUS")),
    ("Police in Springfield, Illinois arrested two men after a shooting.", "arrested", ("Springfield", "USA")),
    ("The army fired artillery at what it described as militant positions near Kandahar.", "fired",
     ("Kandahar", "AFG")),
    ("Saboteurs attacked a tanker off the port of Aden.", "attacked", ("Aden", "YEM")),
    # a part of a place, named by "of", and one nested a phrase deeper
    ("A drone hit a car on the outskirts of Sidon on Sunday.", "hit", ("Sidon", "LBN")),
    ("A shell struck a school in the centre of Donetsk.", "struck", ("Donetsk", "UKR")),
    # a participle clause happens where its main clause does
    ("Rebels shelled a market in Goma, killing nine traders.", "killing", ("Goma", "COD")),
    # a place noun named by "of" as the target ("attacked the town of X")
    ("Rebels shelled the city of Malakal on Monday.", "shelled", ("Malakal", "SSD")),
    ("Israeli warplanes bombed a building near Sidon on Monday, causing heavy damage and "
     "wounding three people.", "wounding", ("Sidon", "LBN")),
])
def test_event_place_among_the_places_of_the_clause(pipeline, text: str, trigger: str,
                                                    place: tuple[str, str]) -> None:
    loc = _event(pipeline, text, trigger).location
    assert loc is not None and (loc.name, loc.country) == place
    assert loc.feature == "city"


def test_a_person_arrested_is_not_the_place_of_the_arrest(pipeline) -> None:
    """spaCy calls "Khan" a person; the gazetteer knows a town it could be (Haan, Germany)."""
    loc = _event(pipeline, "Khan was arrested by paramilitary Rangers on Tuesday, sparking riots "
                           "across Pakistan.", "arrested").location
    assert loc is None or loc.country == "PAK"


def test_an_air_strike_told_without_a_place_is_not_in_the_attackers_country(pipeline) -> None:
    """A weapon or an air strike fired from afar: with no place named, neither the event nor its
    target takes the attacker's country (as police firing on protesters do)."""
    ev = _event(pipeline, "A Saudi-led coalition airstrike hit a bus carrying children on "
                          "Thursday.", "hit")
    assert ev.source.country == "SAU"
    assert ev.target is None or ev.target.country != "SAU"
    assert ev.location is None or ev.location.country != "SAU"
    ev = _event(pipeline, "American warplanes attacked three nuclear facilities overnight.",
                "attacked")
    assert ev.source.country == "USA" and (ev.target is None or ev.target.country != "USA")
    ev = _event(pipeline, "Kenyan police fired live rounds at protesters on Tuesday.", "fired")
    assert ev.location is not None and ev.location.country == "KEN"


def test_people_killed_where_the_place_is_stated_are_of_its_country(pipeline) -> None:
    """Victims named only as people take the country of the place stated, not the first country
    of the story ("Israeli" comes first here); a victim named with a country keeps it."""
    ev = _event(pipeline, "An Israeli air strike destroyed a house in Rafah on Monday, killing six "
                          "people.", "killing")
    assert ev.target is not None and ev.target.country == "PSE"
    assert ev.location is not None and ev.location.name == "Rafah"
    ev = _event(pipeline, "Russian troops shelled Kherson, killing three civilians.", "shelled")
    assert ev.target is not None and ev.target.country == "UKR"  # spaCy: "Kherson" is an ORG
    ev = _event(pipeline, "Iranian drones attacked a base in Iraq, wounding four American "
                          "soldiers.", "wounding")
    assert ev.target is not None and ev.target.country == "USA"


def test_strikes_with_a_military_modifier_are_attacks_not_a_walkout(pipeline) -> None:
    ev = _event(pipeline, "Pakistan's army said it had begun retaliatory strikes against targets "
                          "in India.", "strikes")
    assert ev.event_type == "ASSAULT" and ev.source.country == "PAK"
    ev = _event(pipeline, "Nurses in Kenya began a strike over unpaid wages on Monday.", "strike")
    assert ev.event_type == "PROTEST"


def test_qualified_city_keeps_its_state(pipeline) -> None:
    loc = _event(pipeline, "Police in Springfield, Illinois arrested two men after a shooting.",
                 "arrested").location
    assert loc.admin1 == "Illinois"


def test_actor_country_from_its_clause_place_not_the_other_countries(pipeline) -> None:
    ev = _event(pipeline, "Soldiers opened fire on protesters in Khartoum on Monday, a week after "
                          "the Egyptian ambassador left.", "opened")
    assert (ev.source.country, ev.source.sector) == ("SDN", "MIL")
    ev = _event(pipeline, "Russian warplanes bombed rebel positions near Hama.", "bombed")
    assert (ev.target.country, ev.target.sector) == ("SYR", "REB")  # not the attacker's country


def test_meetings_abroad_do_not_give_the_venue_country(pipeline) -> None:
    """Talks and visits (CAMEO 04) happen on foreign or neutral ground: a delegation meeting in
    Geneva is not Swiss, while police arresting in Kano are Nigerian."""
    ev = _event(pipeline, "The delegation met the Iranian foreign minister in Geneva.", "met")
    assert ev.location is not None and ev.location.country == "CHE"
    assert ev.source.country != "CHE"
    ev = _event(pipeline, "Police in Kano arrested dozens of protesters.", "arrested")
    assert ev.source.country == "NGA"


@pytest.mark.parametrize("text, trigger, place", [
    # a part of a place as the object, or reached "to" ("the streets of X")
    ("Tens of thousands of Serbs filled the streets of Novi Sad on Saturday.", "filled",
     ("Novi Sad", "SRB")),
    ("Students took to the streets of Rangoon to demand new elections.", "took", ("Yangon", "MMR")),
    ("Thousands marched through central Kampala on Friday.", "marched", ("Kampala", "UGA")),
    # a place phrase of a conjoined verb, nested a phrase deeper
    ("Rioters looted shops and set fire to cars in several districts of Bordeaux overnight.",
     "looted", ("Bordeaux", "FRA")),
    # "where" points at the place it follows
    ("The unrest spread to Kisumu, where protesters attacked a police station.", "attacked",
     ("Kisumu", "KEN")),
    # a place named as a modifier of a nominal event
    ("Doctors said the toll from the Kabul bombing had risen to 40.", "bombing",
     ("Kabul", "AFG")),
])
def test_event_place_in_parts_relatives_and_modifiers(pipeline, text: str, trigger: str,
                                                     place: tuple[str, str]) -> None:
    loc = _event(pipeline, text, trigger).location
    assert loc is not None and (loc.name, loc.country) == place


def test_a_nationality_modifier_is_not_the_place(pipeline) -> None:
    """"The Kabul bombing" is in Kabul; "the U.S. drone strike" is not in the United States."""
    ev = _event(pipeline, "The U.S. drone strike killed a senior Iranian commander.", "killed")
    assert ev.location is None or ev.location.country != "USA"


def test_a_sector_actor_takes_the_country_of_the_place_its_event_happens(pipeline) -> None:
    """"Security forces" or "demonstrators" named by their sector alone act where the event is
    stated to happen; not the attackers of an air strike, fired across a border."""
    ev = _event(pipeline, "Security forces fired on a crowd of mourners in Bhamo on Sunday.",
                "fired")
    assert (ev.source.country, ev.source.sector) == ("MMR", "COP")
    ev = _event(pipeline, "Demonstrators blocked the main road into Cochabamba.", "blocked")
    assert ev.source.country == "BOL"
    ev = _event(pipeline, "Warplanes bombed a market in Maaret al-Numan.", "bombed")
    assert ev.source.country != "SYR"


def test_an_event_takes_a_named_day_further_down_its_clause_not_a_span(pipeline) -> None:
    """Published Tuesday 14 May 2024: "on Sunday" below the clause (under its object) is the
    event's day; "since 2014" and "last month's attack" are not."""
    ev = _event(pipeline, "Protesters set fire to the regional assembly and the homes of two "
                          "ministers on Sunday.", "set")
    assert (ev.date, ev.date_source) == (date(2024, 5, 12), "text")
    ev = _event(pipeline, "Riot police fired rubber bullets at hundreds of farmers at the main "
                          "roundabout of Nakuru on Friday evening.", "fired")
    assert (ev.date, ev.date_source) == (date(2024, 5, 10), "text")
    # a "when" clause happens at the time of the clause it tells
    ev = _event(pipeline, "The march turned violent on Sunday, when riot police charged the "
                          "crowd with batons.", "charged")
    assert (ev.date, ev.date_source) == (date(2024, 5, 12), "text")
    ev = _event(pipeline, "Militants fired rockets at Ashkelon for the first time since 2014.",
                "fired")
    assert ev.date == date(2024, 5, 14) and ev.date_source == "published"
