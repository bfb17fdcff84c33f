"""Who acted and where, when the sentence says it only around the event: an agentless passive
whose "when" clause names the actor, a passive conjunct that shares its auxiliary, "the
Bahraini capital", a crowd placed by where it gathered rather than by a country the sentence
names elsewhere. Real spaCy pipeline, news-style sentences."""
from __future__ import annotations

from datetime import date

from flashpoint.model import Article, Event
from flashpoint.resolve import PlaceResolver


def _events(pipeline, text: str) -> list[Event]:
    article = Article(title="Report", body=text, outlet="Wire", published=date(2021, 3, 1))
    return pipeline.code_article(article)


def _by_trigger(events: list[Event], word: str) -> Event:
    hits = [e for e in events if e.evidence.trigger.text == word]
    assert hits, f"no event triggered by {word!r}: {[e.evidence.trigger.text for e in events]}"
    return hits[0]


def test_an_agentless_killing_takes_the_actor_of_its_when_clause(pipeline) -> None:
    events = _events(pipeline, "One protester was killed and several others wounded on Monday "
                               "when police fired tear gas and birdshot at a march in Manama.")
    killed, wounded = _by_trigger(events, "killed"), _by_trigger(events, "wounded")
    for ev in (killed, wounded):
        assert ev.source.text == "police" and ev.source.country == "BHR", ev.source
    assert killed.target is not None and killed.target.text == "One protester"
    # "several others" were wounded: the passive conjunct's subject is whom it happened to
    assert wounded.target is not None and wounded.target.text == "several others"


def test_an_as_clause_names_who_shot(pipeline) -> None:
    ev = _by_trigger(_events(pipeline, "A teenager was shot dead in Kisumu as police fired on "
                                       "opposition supporters."), "shot")
    assert ev.source.text == "police" and ev.source.country == "KEN"


def test_a_weapon_in_the_when_clause_names_no_actor(pipeline) -> None:
    for text in ("Two people were killed when their car hit a landmine near Kandahar.",
                 "Three people were killed when Israeli jets struck a house in Rafah."):
        killed = _by_trigger(_events(pipeline, text), "killed")
        assert killed.source.text is None, (text, killed.source)


def test_armed_with_describes_the_attackers_it_is_no_arms_transfer(pipeline) -> None:
    events = _events(pipeline, "Militants armed with guns and knives staged coordinated raids on "
                               "police posts in the north of the township.")
    assert not [e for e in events if e.cameo.startswith("07")], [(e.cameo, e.evidence.trigger.text)
                                                                for e in events]
    assert any(e.event_type == "ASSAULT" for e in events)


def test_the_demonym_capital_is_the_capital_city() -> None:
    places = PlaceResolver.load()
    for name, city, iso in (("the Bahraini capital", "Manama", "BHR"),
                            ("Turkey's capital", "Ankara", "TUR"),
                            ("the Afghan capital", "Kabul", "AFG")):
        loc = places.resolve(name)
        assert loc is not None and loc.name == city and loc.country == iso, (name, loc)
    assert places.resolve("the regional capital") is None


def test_an_event_in_the_demonym_capital_is_placed_in_the_city(pipeline) -> None:
    ev = _by_trigger(_events(pipeline, "Riot police raided the protest camp in the Bahraini capital "
                                       "before dawn on Thursday."), "raided")
    assert ev.location is not None and ev.location.name == "Manama"


def test_a_crowd_is_where_it_gathers_not_the_country_of_an_embassy(pipeline) -> None:
    ev = _by_trigger(_events(pipeline, "Protesters demonstrated outside the US embassy in Baghdad."),
                     "demonstrated")
    assert ev.source.country == "IRQ" and ev.target is not None and ev.target.country == "USA"
    # troops are not placed so: they fight abroad ("troops operating in Rafah" stay Israel's)
    ev = _by_trigger(_events(pipeline, "The Israeli army said troops operating in Rafah had "
                                       "called in an airstrike on a cell of gunmen."), "called")
    assert ev.source.country != "PSE"


def test_a_crowd_gathering_in_a_city_protests_at_its_government(pipeline) -> None:
    ev = _by_trigger(_events(pipeline, "Crowds gathered again in eastern Honiara on Friday, the "
                                       "third day of unrest."), "gathered")
    assert ev.target is not None and (ev.target.country, ev.target.sector) == ("SLB", "GOV")


def test_a_name_possessing_an_arrest_is_who_was_arrested(pipeline) -> None:
    ev = _by_trigger(_events(pipeline, "Castillo's arrest last week has sparked protests across "
                                       "the country."), "arrest")
    assert ev.source.text is None and ev.target is not None and ev.target.text == "Castillo's"
    assert ev.location is None  # a person, not the town of Castillo
    ev = _by_trigger(_events(pipeline, "Iran's arrest of two British nationals angered London."),
                     "arrest")
    assert ev.source.country == "IRN" and ev.target is not None and ev.target.country == "GBR"


def test_taking_a_city_is_occupying_territory(pipeline) -> None:
    ev = _by_trigger(_events(pipeline, "Militants captured Tikrit, Saddam Hussein's home town, on "
                                       "Wednesday."), "captured")
    assert (ev.event_type, ev.cameo) == ("COERCE", "192") and ev.target is not None
    assert ev.location is not None and ev.location.name == "Tikrit"
    ev = _by_trigger(_events(pipeline, "Islamist militants seized control of Iraq's second city "
                                       "Mosul on Tuesday."), "seized")
    assert ev.cameo == "192" and ev.target is not None and ev.target.country == "IRQ"
    ev = _by_trigger(_events(pipeline, "Police seized weapons and cash in the raid."), "seized")
    assert ev.cameo == "1711"  # property, not territory


def test_an_order_freezing_assets_is_a_sanction_by_who_signed_it(pipeline) -> None:
    ev = _by_trigger(_events(pipeline, "President Barack Obama signed an executive order freezing "
                                       "the assets of Muammar Gaddafi."), "freezing")
    assert ev.cameo == "163" and ev.source.country == "USA"
    assert ev.target is not None and ev.target.text == "Muammar Gaddafi"


def test_troops_leaving_a_country_withdraw_from_it(pipeline) -> None:
    ev = _by_trigger(_events(pipeline, "Russian troops began leaving Kazakhstan on Thursday."),
                     "leaving")
    assert ev.event_type == "RETREAT" and ev.source.country == "RUS"
    assert ev.target is not None and ev.target.country == "KAZ"
    assert not [e for e in _events(pipeline, "Tourists began leaving Kazakhstan on Thursday.")
                if e.evidence.trigger.text == "leaving"]


def test_an_announced_state_of_emergency_is_coded(pipeline) -> None:
    ev = _by_trigger(_events(pipeline, "President Ali Abdullah Saleh announced a state of emergency "
                                       "across Yemen."), "announced")
    assert ev.cameo == "1724" and ev.source.country == "YEM"
    ev = _by_trigger(_events(pipeline, "Yemen's parliament approved emergency laws on Wednesday."),
                     "approved")
    assert ev.cameo == "1724"
    assert not [e for e in _events(pipeline, "The government announced that talks would resume "
                                             "on Monday.") if e.cameo.startswith("172")]


def test_hours_after_is_the_same_news_not_background(pipeline) -> None:
    article = Article(title="Report", body="Rajapaksa resigned as prime minister on Monday, hours "
                      "after his supporters beat peaceful demonstrators in Colombo.", outlet="Wire",
                      published=date(2022, 5, 11))
    beat = _by_trigger(pipeline.code_article(article), "beat")
    assert not beat.background and beat.date == date(2022, 5, 9)  # Monday, the main clause's day
    article = Article(title="Report", body="Iran fired missiles at US bases in Iraq after the US "
                      "killed Soleimani.", outlet="Wire", published=date(2020, 1, 8))
    killed = _by_trigger(pipeline.code_article(article), "killed")
    assert killed.background and killed.date is None  # earlier context, its day not told


def test_fighters_entering_or_taking_over_a_place_occupy_it(pipeline) -> None:
    events = _events(pipeline, "Taliban fighters entered Kabul on Sunday and took over the "
                               "presidential palace.")
    entered, took = _by_trigger(events, "entered"), _by_trigger(events, "took")
    assert entered.cameo == took.cameo == "192" and entered.target is not None
    assert entered.target.country == "AFG"
    assert not [e for e in _events(pipeline, "Tourists entered Paris on Sunday.")
                if e.cameo == "192"]
    assert not [e for e in _events(pipeline, "The company took over its rival in a $2 billion "
                                             "deal.") if e.cameo == "192"]


def test_taking_people_hostage_is_an_abduction_of_them(pipeline) -> None:
    ev = _by_trigger(_events(pipeline, "The rebels took 30 foreign workers hostage at the gas "
                                       "plant."), "took")
    assert ev.cameo == "181" and ev.target is not None and ev.target.text == "30 foreign workers"


def test_sanctions_agreed_or_approved_are_sanctions_imposed(pipeline) -> None:
    ev = _by_trigger(_events(pipeline, "The UN Security Council unanimously agreed sanctions "
                                       "against Libya's leader."), "agreed")
    assert ev.cameo == "163" and ev.target is not None and ev.target.country == "LBY"
    ev = _by_trigger(_events(pipeline, "The EU approved new sanctions on Russia."), "approved")
    assert ev.cameo == "163" and ev.target is not None and ev.target.country == "RUS"
    ev = _by_trigger(_events(pipeline, "Iran and Iraq agreed on a new border crossing."), "agreed")
    assert ev.cameo == "030"


def test_an_ordered_detention_is_a_detention_an_ordered_investigation_a_demand(pipeline) -> None:
    events = _events(pipeline, "Turkish authorities ordered the detention of 2,745 judges on "
                               "Saturday.")
    ev = _by_trigger(events, "detention")
    assert ev.cameo == "173" and ev.source.country == "TUR" and ev.target is not None
    assert not [e for e in events if e.evidence.trigger.text == "ordered"]
    ev = _by_trigger(_events(pipeline, "Obama ordered an investigation against Iran."), "ordered")
    assert ev.cameo.startswith("10")


def test_riot_weapons_used_on_people_and_cleared_camps_are_repression(pipeline) -> None:
    ev = _by_trigger(_events(pipeline, "Police used tear gas against protesters in Nairobi on "
                                       "Thursday."), "used")
    assert ev.cameo == "175" and ev.source.country == "KEN" and ev.target is not None
    events = _events(pipeline, "Liberian riot police used tear gas to disperse demonstrators.")
    assert [e.evidence.trigger.text for e in events if e.cameo == "175"] == ["disperse"]
    ev = _by_trigger(_events(pipeline, "Riot police cleared the protest camp in Manama before "
                                       "dawn."), "cleared")
    assert ev.cameo == "175"
    assert not _events(pipeline, "Bulldozers cleared the rubble from the road.")


def test_removing_officials_and_dissolving_parliament_are_administrative_sanctions(pipeline) -> None:
    events = _events(pipeline, "The prime minister sacked the regional president on Friday and "
                               "dissolved the regional parliament.")
    sacked, dissolved = _by_trigger(events, "sacked"), _by_trigger(events, "dissolved")
    assert sacked.cameo == dissolved.cameo == "172"
    assert dissolved.target is not None and dissolved.target.text == "the regional parliament"
    ev = _by_trigger(_events(pipeline, "Troops fired rockets at the base."), "fired")
    assert ev.cameo == "195" and ev.target is not None and ev.target.text == "the base"
    ev = _by_trigger(_events(pipeline, "The president dismissed the allegations as lies."),
                     "dismissed")
    assert ev.cameo == "120"


def test_a_place_named_around_the_place_phrase_places_the_event(pipeline) -> None:
    """The city naming a place noun ("the Lagos suburbs"), a city set beside an unknown ward
    ("in Ward 9, Bulawayo"), the clause an event is joined to ("escaped from a prison in Kaduna,
    and four were killed") and the clause that says when ("... killed when soldiers stormed
    the camp in the region of Tillaberi") say where it happened."""
    cases = [
        ("Armed youths attacked traders in the Lagos suburbs of Ikorodu and Agege on Friday.",
         "attacked", "NGA"),
        ("Riot police clashed with opposition supporters in Ward 9, Bulawayo, on Saturday.",
         "clashed", "ZWE"),
        ("Hundreds of inmates escaped from a prison in Kaduna on Sunday, and four were killed "
         "in a shootout with guards.", "killed", "NGA"),
        ("Twelve people were killed when soldiers stormed a camp in the region of Tillaberi.",
         "killed", "NER"),
    ]
    for text, trigger, country in cases:
        ev = _by_trigger(_events(pipeline, text), trigger)
        assert ev.location is not None and ev.location.country == country, (text, ev.location)
        assert ev.location.feature != "country", (text, ev.location)


def test_halting_an_offensive_and_cutting_the_internet_and_capturing_a_fugitive(pipeline) -> None:
    # lexicon-2026.11.5: halting or suspending military operations is de-escalation (087),
    # shutting communications restricts political freedoms (1721), police capturing a man
    # arrest him (173) where rebels capturing soldiers abduct them (181)
    ev = _by_trigger(_events(pipeline, "The army suspended its offensive against the rebels on "
                                       "Friday."), "suspended")
    assert (ev.event_type, ev.cameo) == ("RETREAT", "087")
    ev = _by_trigger(_events(pipeline, "The authorities switched off mobile networks and the "
                                       "internet across the region on Tuesday."), "switched")
    assert (ev.event_type, ev.cameo) == ("COERCE", "1721") and ev.source.sector == "GOV"
    assert not _events(pipeline, "The supermarket chain cut prices on Tuesday.")
    ev = _by_trigger(_events(pipeline, "Police captured the gang leader in Kingston on "
                                       "Tuesday."), "captured")
    assert ev.cameo == "173" and ev.target is not None
    ev = _by_trigger(_events(pipeline, "Rebels captured three soldiers near the border."),
                     "captured")
    assert ev.cameo == "181"
    ev = _by_trigger(_events(pipeline, "The opposition leader dismissed the court's ruling as "
                                       "a denial of justice."), "dismissed")
    assert ev.event_type == "REJECT"
