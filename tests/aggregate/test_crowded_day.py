"""A crowded news day: several occurrences with one dyad and one type on one day (strikes on
neighbouring towns, arrests of different people in one city, a morning and an evening strike on
one city). Nothing in any single pair of reports forbids a link, so what keeps them apart is
what weighs against joining (pair_rule.distinct_places, distinct_targets, distinct_times) when
partition.split_component clusters the component."""
from __future__ import annotations

import dataclasses
from datetime import date

from flashpoint.aggregate import IncidentLinker
from flashpoint.aggregate.pair_rule import (distinct_places, distinct_sites, distinct_targets,
                                            distinct_times)
from flashpoint.aggregate.records import LinkRecord, make_record
from flashpoint.aggregate.settings import LinkSettings, load_settings


def _report(eid: str, sentence: str, *, place: tuple[str, float, float] | None,
            event_type: str = "ASSAULT", source: str = "ISR", target: str = "PSE",
            target_text: str | None = None, day: int = 14, published: int = 14,
            from_text: bool = True, article: str | None = None) -> LinkRecord:
    name, lat, lon = place if place else (None, None, None)
    return make_record(
        event_id=eid, article_id=article or "a" + eid, outlet="outlet " + eid,
        published=date(2023, 11, published), event_type=event_type, quad_class=4,
        goldstein=-10.0, confidence=0.8, source_country=source, source_sector="MIL",
        source_actor_id=None, target_country=target, target_sector="CVL", target_actor_id=None,
        target_text=target_text, location_name=name, location_country=target if name else None,
        lat=lat, lon=lon, event_date=date(2023, 11, day), background=False, sentence=sentence,
        date_source="text" if from_text else "published", cameo="195")  # fmt: skip


def _incidents(records: list[LinkRecord], settings: LinkSettings | None = None) -> list[list[str]]:
    linker = IncidentLinker(settings)
    linker.add(records)
    return sorted(sorted(r.event_id for r in m) for m in linker.incidents().values())


def _without(field: str) -> LinkSettings:
    return dataclasses.replace(load_settings(), **{field: 0.0 if "penalty" in field else None})


DEIR = ("Deir al-Balah", 31.417, 34.351)
BEIT_LAHIA = ("Beit Lahia", 31.546, 34.495)  # 20 km north-east of Deir al-Balah


def test_strikes_on_two_neighbouring_towns_stay_two_incidents():
    reports = [
        _report("d1", "An Israeli air strike on a house in Deir al-Balah killed seven members of "
                      "the Abu Hamad family on Tuesday, medics said.", place=DEIR),
        _report("d2", "Seven relatives died when Israeli jets bombed their home in Deir al-Balah "
                      "on Tuesday, the health ministry said.", place=DEIR),
        _report("b1", "Israeli warplanes struck a school sheltering displaced families in Beit "
                      "Lahia on Tuesday, killing at least ten people.", place=BEIT_LAHIA),
        _report("b2", "At least ten displaced people were killed on Tuesday when an Israeli strike "
                      "hit a school in Beit Lahia, civil defence said.", place=BEIT_LAHIA),
    ]
    assert distinct_places(reports[0], reports[2], load_settings())
    assert not distinct_places(reports[0], reports[1], load_settings())
    assert _incidents(reports) == [["b1", "b2"], ["d1", "d2"]]
    # what keeps them apart is the weight against joining two nearby towns: 20 km is within
    # place_km, so without it the four reports of one dyad and day are one incident
    assert _incidents(reports, _without("distinct_place_penalty")) == [["b1", "b2", "d1", "d2"]]


def test_a_report_naming_the_nearby_city_still_joins_its_incident():
    """The power plant of a town 35 km from the capital, reported by one outlet as "near
    Kyiv": the rare name the reports share outweighs the two place names."""
    ukrainka, kyiv = ("Ukrainka", 50.15, 30.74), ("Kyiv", 50.45, 30.52)
    reports = [
        _report("u1", "Russian missiles destroyed the Trypilska thermal power plant in Ukrainka "
                      "on Thursday, Centrenergo said.", place=ukrainka, source="RUS",
                target="UKR"),
        _report("u2", "The Trypilska plant in the town of Ukrainka was wrecked by a Russian "
                      "missile barrage on Thursday, its operator Centrenergo said.",
                place=ukrainka, source="RUS", target="UKR"),
        _report("k1", "A Russian strike on Thursday destroyed the Trypilska power station near "
                      "Kyiv, Centrenergo said.", place=kyiv, source="RUS", target="UKR"),
    ]
    assert distinct_places(reports[0], reports[2], load_settings())
    assert _incidents(reports) == [["k1", "u1", "u2"]]


ISLAMABAD = ("Islamabad", 33.72, 73.04)


def test_arrests_of_different_people_in_one_city_on_one_day_stay_apart():
    def arrest(eid: str, sentence: str, who: str) -> LinkRecord:
        return _report(eid, sentence, place=ISLAMABAD, event_type="COERCE", source="PAK",
                       target="PAK", target_text=who)

    reports = [
        arrest("q1", "Police arrested former foreign minister Mahmood Qureshi at his home in "
                     "Islamabad on Tuesday.", "former foreign minister Mahmood Qureshi"),
        arrest("q2", "Mahmood Qureshi was taken into custody by Islamabad police on Tuesday, "
                     "his party said.", "Mahmood Qureshi"),
        arrest("m1", "Police in Islamabad detained opposition senator Ali Zaidi outside the "
                     "parliament on Tuesday.", "opposition senator Ali Zaidi"),
        arrest("m2", "Senator Ali Zaidi was arrested outside parliament in Islamabad on "
                     "Tuesday, police said.", "Senator Ali Zaidi"),
    ]
    assert distinct_targets(reports[0], reports[2])
    assert not distinct_targets(reports[0], reports[1])
    assert _incidents(reports) == [["m1", "m2"], ["q1", "q2"]]
    assert len(_incidents(reports, _without("told_apart_weight"))) == 1


def test_a_name_spelled_two_ways_is_one_target():
    a = _report("k1", "Masked men seized opposition leader Maria Kolesnikova in central Minsk on "
                      "Monday.", place=("Minsk", 53.9, 27.57), event_type="COERCE",
                source="BLR", target="BLR", target_text="opposition leader Maria Kolesnikova")
    b = _report("k2", "Maria Kalesnikava was bundled into a van in Minsk on Monday, witnesses "
                      "said.", place=("Minsk", 53.9, 27.57), event_type="COERCE", source="BLR",
                target="BLR", target_text="Maria Kalesnikava")
    assert not distinct_targets(a, b)


def test_a_morning_and_an_evening_strike_on_one_city_stay_apart():
    s = load_settings()
    odesa = ("Odesa", 46.48, 30.72)

    def strike(eid: str, sentence: str) -> LinkRecord:
        return _report(eid, sentence, place=odesa, source="RUS", target="UKR")

    reports = [
        strike("m1", "Russian missiles hit the port of Odesa at dawn on Tuesday, damaging grain "
                     "silos, the governor said."),
        strike("m2", "Grain silos in Odesa's port were damaged by Russian missiles on Tuesday "
                     "morning, officials said."),
        strike("e1", "A Russian drone slammed into a residential building in Odesa on Tuesday "
                     "evening, wounding four people."),
        strike("e2", "Four people were wounded late on Tuesday when a Russian drone hit an "
                     "apartment building in Odesa."),
    ]
    assert [r.part_of_day for r in reports] == ["early", "early", "late", "late"]
    assert s.part_of_day("Russian missiles hit Odesa at dawn, hours before an evening raid.") is None
    assert distinct_times(reports[0], reports[2]) and not distinct_times(reports[0], reports[1])
    assert _incidents(reports) == [["e1", "e2"], ["m1", "m2"]]
    assert len(_incidents(reports, _without("told_apart_weight"))) == 1


def test_one_raid_on_several_places_named_in_one_report():
    """Reports of one raid place it at different sites far apart; a report that names both
    sites keeps them from being told apart (not a cannot-link, no penalty)."""
    s = load_settings()
    aden, mukalla = ("Aden", 12.78, 45.04), ("Mukalla", 14.54, 49.12)  # 480 km apart
    a = _report("r1", "Coalition jets struck air defence sites in Aden on Friday.", place=aden,
                source="SAU", target="YEM")
    b = _report("r2", "Saudi-led jets bombed radar sites in Mukalla and Aden on Friday, the "
                      "coalition said.", place=mukalla, source="SAU", target="YEM")
    c = _report("r3", "Coalition jets struck a port in Mukalla on Friday.", place=mukalla,
                source="SAU", target="YEM")
    from flashpoint.aggregate.pair_rule import cannot_link, place_agreement

    assert place_agreement(a, b, s) == 0 and not cannot_link(a, b, s)
    assert place_agreement(a, c, s) == -1 and cannot_link(a, c, s)


def test_two_reports_told_apart_are_two_incidents():
    """A component of two: one report of each arrest is enough to keep them apart."""
    def arrest(eid: str, sentence: str, who: str) -> LinkRecord:
        return _report(eid, sentence, place=ISLAMABAD, event_type="COERCE", source="PAK",
                       target="PAK", target_text=who)

    a = arrest("q1", "Police arrested former foreign minister Mahmood Qureshi in Islamabad on "
                     "Tuesday.", "former foreign minister Mahmood Qureshi")
    b = arrest("m1", "Police arrested opposition senator Ali Zaidi in Islamabad on Tuesday.",
               "opposition senator Ali Zaidi")
    assert _incidents([a, b]) == [["m1"], ["q1"]]
    assert _incidents([a, b], _without("told_apart_weight")) == [["m1", "q1"]]


def test_a_night_told_on_either_side_of_midnight_is_one_day():
    """"Friday night" in Washington is "early on Saturday" in Damascus; two evenings a day apart
    are two days."""
    from flashpoint.aggregate.pair_rule import days_apart, told_before_it_happened

    night = _report("w1", "The United States struck chemical weapons sites in Syria on Friday "
                          "night, the president said.", place=None, source="USA", target="SYR",
                    day=13, published=13)
    dawn = _report("w2", "Loud explosions shook Damascus early on Saturday as missiles hit "
                         "research centres.", place=None, source="USA", target="SYR", day=14,
                   published=14)
    assert (night.part_of_day, dawn.part_of_day) == ("late", "early")
    assert not days_apart(night, dawn) and not told_before_it_happened(night, dawn)
    evening = _report("w3", "Protesters gathered in the square on Saturday evening.", place=None,
                      event_type="PROTEST", source="SYR", target="SYR", day=14, published=14)
    earlier = _report("w4", "Protesters gathered in the square on Friday evening.", place=None,
                      event_type="PROTEST", source="SYR", target="SYR", day=13, published=13)
    assert days_apart(earlier, evening)
    morning = _report("w5", "Protesters gathered in the square on Friday morning.", place=None,
                      event_type="PROTEST", source="SYR", target="SYR", day=13, published=13)
    assert days_apart(morning, evening)


def test_the_two_sides_of_a_border_crossing_are_not_different_places():
    from flashpoint.aggregate.pair_rule import cannot_link, place_agreement

    s = load_settings()
    wagah = make_record(
        event_id="b1", article_id="ab1", outlet="o1", published=date(2019, 3, 1),
        event_type="RETREAT", quad_class=2, goldstein=4.0, confidence=0.8,
        source_country="PAK", source_sector="GOV", source_actor_id=None, target_country="IND",
        target_sector="MIL", target_actor_id=None, location_name="Wagah",
        location_country="PAK", lat=31.60, lon=74.57, event_date=date(2019, 3, 1),
        background=False, sentence="Pakistan handed the pilot over at the Wagah crossing.",
        date_source="text")  # fmt: skip
    attari = dataclasses.replace(wagah, event_id="b2", article_id="ab2", place="attari",
                                 place_country="IND", lat=31.60, lon=74.60)
    amritsar = dataclasses.replace(wagah, event_id="b3", article_id="ab3", place="amritsar",
                                 place_country="IND", lat=31.63, lon=74.87)  # 29 km away
    assert place_agreement(wagah, attari, s) == 0 and not cannot_link(wagah, attari, s)
    assert place_agreement(wagah, amritsar, s) == -1


def test_a_curfew_is_not_the_crackdown_it_follows():
    """An administrative sanction (CAMEO 172 and the codes below it: a curfew 1723, a state of
    emergency 1724) links only to its own type, however alike the reports of one day are."""
    s = load_settings()
    assert not s.events_compatible("COERCE", "1723", "ASSAULT", "193")
    assert not s.events_compatible("ASSAULT", "190", "COERCE", "1724")
    assert s.events_compatible("COERCE", "175", "ASSAULT", "193")  # riot police, repression
    city = ("Mandalay", 21.97, 96.08)
    reports = [
        dataclasses.replace(_report("c1", "Troops fired on protesters in Mandalay on Tuesday, "
                                          "killing seven, and the junta imposed a curfew.",
                                    place=city, source="MMR", target="MMR"), cameo="1723",
                            event_type="COERCE"),
        dataclasses.replace(_report("c2", "The junta imposed a night-time curfew on Mandalay on "
                                          "Tuesday after troops fired on protesters.",
                                    place=city, source="MMR", target="MMR"), cameo="1723",
                            event_type="COERCE"),
        _report("k1", "Troops fired on protesters in Mandalay on Tuesday, killing seven.",
                place=city, source="MMR", target="MMR"),
        _report("k2", "Seven protesters were shot dead by soldiers in Mandalay on Tuesday.",
                place=city, source="MMR", target="MMR"),
    ]
    assert _incidents(reports) == [["c1", "c2"], ["k1", "k2"]]


def test_a_place_named_as_an_area_is_not_a_point():
    """"The Bago Region town" geocoded to the region's centre is 60 km from Bago town: a report
    placing it so does not disagree with one placing the event in the town."""
    town = _report("t1", "Two men were shot dead by police in Bago on Sunday.",
                   place=("Bago", 17.34, 96.48), source="MMR", target="MMR")
    region = _report("t2", "Two men were killed by gunfire in the Bago Region town on Sunday.",
                     place=("Bago Region", 17.88, 96.0), source="MMR", target="MMR")
    assert region.lat is None and region.place == "bago region"
    assert _incidents([town, region]) == [["t1", "t2"]]


def test_attacks_on_two_named_sites_of_one_city_in_one_night_stay_apart():
    """Gunmen at a hotel and gunmen at a cafe of one city, the same night: one dyad, one place,
    one day, alike words. Reports naming two different sites ("the Taj Mahal hotel", "the
    Leopold Cafe") weigh against joining; reports of one site named alike, or one naming no
    site, do not."""
    city = ("Mumbai", 18.98, 72.83)
    reports = [
        _report("t1", "Gunmen stormed the Taj Mahal hotel in Mumbai late on Wednesday, taking "
                      "guests hostage, police said.", place=city, source="PAK", target="IND"),
        _report("t2", "Flames poured from the dome of the Taj Mahal Palace hotel as gunmen held "
                      "guests inside on Wednesday night.", place=city, source="PAK", target="IND"),
        _report("l1", "Gunmen opened fire on diners at the Leopold Cafe in Mumbai on Wednesday "
                      "night, killing ten people.", place=city, source="PAK", target="IND"),
        _report("l2", "Ten people were killed when gunmen fired into the crowded Leopold Cafe "
                      "late on Wednesday.", place=city, source="PAK", target="IND"),
    ]
    t1, t2, l1, l2 = reports
    assert t1.site_names >= {"taj", "mahal"} and l1.site_names == {"leopold"}
    assert distinct_sites(t1, l1) and not distinct_sites(t1, t2) and not distinct_sites(l1, l2)
    assert _incidents(reports) == [["l1", "l2"], ["t1", "t2"]]
    unnamed = _report("u1", "Gunmen attacked sites across Mumbai on Wednesday night, killing "
                            "dozens.", place=city, source="PAK", target="IND")
    assert not unnamed.site_names and not distinct_sites(unnamed, t1)
    # a site spelled two ways is one site; a city's possessive is no site name
    school = _report("s1", "Shells hit a UN school in Jabalia refugee camp, killing 16.",
                     place=None)
    spelled = _report("s2", "The Jabaliya Elementary Girls School was shelled at dawn.",
                      place=None)
    assert not distinct_sites(school, spelled)
    square = _report("q1", "Police fired on protesters in Cairo's Ramses Square.", place=None)
    assert square.site_names and "cairo" not in square.site_names


def test_an_attack_an_article_tells_as_another_is_another_incident():
    """One article tells two blasts of one city and day, the second "separately"; other
    outlets tell one blast each. A sentence of the same article telling the first blast again,
    without such a word ("another 31" counts more victims, "the wedding blast also destroyed"
    more damage: no other blast), still joins it."""
    kabul = ("Kabul", 34.53, 69.17)
    kw = dict(place=kabul, source="AFG", target="AFG", day=17, published=17)
    reports = [
        _report("k1", "A suicide bomber blew himself up at a crowded wedding party in western "
                      "Kabul on Saturday, killing 14 guests, police said.", article="k", **kw),
        _report("k2", "Separately, a bomb hidden in a handcart exploded next to a minibus in "
                      "Kabul on Saturday, wounding six passengers.", article="k", **kw),
        _report("k3", "The bombing of the wedding, claimed by no group so far, was the deadliest "
                      "attack in Kabul since June.", article="k", **kw),
        _report("k4", "Another 31 guests were wounded by the wedding bomber, a hospital in "
                      "Kabul said on Saturday.", article="k", **kw),
        _report("k5", "The wedding blast also destroyed three cars parked outside the hall in "
                      "Kabul on Saturday.", article="k", **kw),
        _report("w1", "Fourteen people were killed when an attacker detonated explosives among "
                      "guests at a wedding in Kabul on Saturday.", **kw),
        _report("m1", "A handcart bomb hit a minibus in Kabul on Saturday and six passengers "
                      "were hurt, the interior ministry said.", **kw),
    ]
    assert reports[1].additive and not reports[0].additive
    assert not reports[3].additive  # "another 31" counts more victims of the same blast
    assert not reports[4].additive  # "the blast also destroyed": more of the same blast
    assert _incidents(reports) == [["k1", "k3", "k4", "k5", "w1"], ["k2", "m1"]]
    # without the word the article's two blasts are told as one
    plain = [dataclasses.replace(r, additive=False) for r in reports]
    assert _incidents(plain) == [["k1", "k2", "k3", "k4", "k5", "m1", "w1"]]


def test_an_arrest_is_not_the_state_of_emergency_declared_with_it():
    """Two acts of one coup morning, both COERCE with one dyad: detaining the prime minister
    (173) and declaring a state of emergency (1724) are two incidents, however alike the
    reports; reports of the same act still join."""
    s = load_settings()
    assert not s.events_compatible("COERCE", "173", "COERCE", "1724")
    assert s.events_compatible("COERCE", "1724", "COERCE", "172")  # one administrative sanction
    city = ("Niamey", 13.51, 2.11)

    def coup(eid: str, sentence: str, cameo: str) -> LinkRecord:
        return dataclasses.replace(
            _report(eid, sentence, place=city, source="NER", target="NER", day=26, published=26),
            cameo=cameo, event_type="COERCE")
    reports = [
        coup("a1", "Soldiers detained the president and two ministers in Niamey on Wednesday, "
                   "the army said on state television.", "173"),
        coup("a2", "The president was held by his own guards in Niamey on Wednesday, together "
                   "with two of his ministers.", "173"),
        coup("e1", "The army declared a state of emergency in Niamey on Wednesday, the officers "
                   "said on state television.", "1724"),
        coup("e2", "A state of emergency was declared across the country on Wednesday by the "
                   "soldiers who seized power in Niamey.", "1724"),
    ]
    assert _incidents(reports) == [["a1", "a2"], ["e1", "e2"]]
