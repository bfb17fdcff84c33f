"""The pairwise rule of incident linking: whether two events tell one real-world occurrence
(:func:`same_incident`, with how clearly: :func:`link_margin`), whether only their wording
keeps them apart (:func:`link_evidence`: candidates), and whether they cannot, however a chain
of links joins them (:func:`cannot_link`). Every function is symmetric in its two
events."""
from __future__ import annotations

import math
from datetime import date
from difflib import SequenceMatcher

from flashpoint.aggregate.records import LinkRecord
from flashpoint.aggregate.settings import LinkSettings, load_settings
from flashpoint.aggregate.similarity import weighted_jaccard
from flashpoint.aggregate.vectors import cosine, soft_weighted_jaccard


def _may_be_one(c1: str | None, id1: str | None, c2: str | None, id2: str | None) -> bool:
    """Whether two actors, each a country and/or a dictionary actor (either may be unknown), may
    be one: both countries known -> the same country; else the same dictionary actor, or one
    side not named at all. A non-state actor without a country ("islamic_state") is not a
    country's forces."""
    if (c1 is None and id1 is None) or (c2 is None and id2 is None):
        return True
    if c1 is not None and c2 is not None:
        return c1 == c2
    return id1 is not None and id1 == id2


def roles_relation(a: LinkRecord, b: LinkRecord, s: LinkSettings) -> int:
    """1: the sources may be one actor (see _may_be_one); -1: the dyad is reversed and the types
    allow it (a meeting told from either side, an accusation and its denial); 0: the sources
    differ."""
    if _may_be_one(a.source_country, a.source_actor_id, b.source_country, b.source_actor_id):
        return 1
    if not s.reversible(a.event_type, b.event_type):
        return 0
    at, bt = a.link_target, b.link_target
    crossed = (a.source_country is not None and a.source_country == bt) or (
        b.source_country is not None and b.source_country == at)
    fits = bt in (None, a.source_country) and at in (None, b.source_country)
    return -1 if crossed and fits else 0


BORDER_KM = 25.0  # places in two countries this close may be one border crossing or area
NAME_SPELLING_RATIO = 0.8  # two spellings of one name ("Kolesnikova" / "Kalesnikava")


def _points(a: LinkRecord, b: LinkRecord) -> bool:
    """Both places have coordinates (towns, bases; not countries or regions)."""
    return a.lat is not None and a.lon is not None and b.lat is not None and b.lon is not None


def _km(a: LinkRecord, b: LinkRecord) -> float:
    assert a.lat is not None and a.lon is not None and b.lat is not None and b.lon is not None
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def place_agreement(a: LinkRecord, b: LinkRecord, s: LinkSettings) -> int:
    """1: same place, 0: unknown (one side has none, or only a country), -1: different places.
    A statement's place (where it was said, or the place it is about: "Trump, at the White House,
    called off his Copenhagen visit") may differ between reports of it: for statement types
    (``s.statement_types``) a different place is unknown, the same place still agrees."""
    if a.place is None or b.place is None:
        return 0
    if a.event_type in s.statement_types or b.event_type in s.statement_types:
        return 1 if a.place == b.place else 0
    if a.place != b.place and (names_place_of(a, b) or names_place_of(b, a)):
        return 0  # one raid on several places: "struck Fordow, Natanz and Isfahan"
    if a.place_country and b.place_country and a.place_country != b.place_country:
        # the two sides of one border crossing or border area ("Wagah" / "Attari") are one place
        # told from either country: unknown, not different
        near = _points(a, b) and _km(a, b) <= BORDER_KM
        return 0 if near else -1
    if a.place == b.place:
        return 1
    if _points(a, b):
        km = _km(a, b)
        if km > s.place_km:
            return -1
        return 1 if s.same_place_km is None or km <= s.same_place_km else 0
    return 0


def names_place_of(a: LinkRecord, b: LinkRecord) -> bool:
    """``b``'s sentence names ``a``'s place besides its own (every content word of its name,
    not all of them words of ``b``'s own place's name)."""
    return (bool(a.place_names) and a.place_names <= b.weights.keys()
            and not a.place_names <= b.place_names)


def distinct_places(a: LinkRecord, b: LinkRecord, s: LinkSettings) -> bool:
    """Two differently named points (towns, camps, bases) further apart than
    ``s.same_place_km`` though near enough to be one place told at another scale: Rafah and
    Jabalia are 35 km apart, Kyiv and the power plant of Ukrainka near it 35 km too."""
    if s.same_place_km is None or a.place is None or b.place is None or a.place == b.place:
        return False
    if a.event_type in s.statement_types or b.event_type in s.statement_types:
        return False
    if not _points(a, b):
        return False
    if names_place_of(a, b) or names_place_of(b, a):
        return False
    return _km(a, b) > s.same_place_km


def distinct_times(a: LinkRecord, b: LinkRecord) -> bool:
    """One report tells a morning, the other an evening, and they may be the same day (both
    dated alike, or either undated): a dawn missile strike and an evening drone strike."""
    if a.part_of_day is None or b.part_of_day is None or a.part_of_day == b.part_of_day:
        return False
    return a.event_date is None or b.event_date is None or a.event_date == b.event_date


def distinct_targets(a: LinkRecord, b: LinkRecord) -> bool:
    """Both reports name their target ("Asad Umar", "Fawad Chaudhry") and neither sentence
    names the other's: two people arrested in one city on one day."""
    if not a.target_names or not b.target_names:
        return False
    return not (_names_meet(a.target_names, b.target_names | b.names)
                or _names_meet(b.target_names, a.names))


def distinct_sites(a: LinkRecord, b: LinkRecord) -> bool:
    """Both reports name the site they tell of ("the Taj Mahal hotel", "the Leopold Cafe",
    "Chhatrapati Shivaji Terminus") and neither sentence writes a word of the other's site name:
    attacks on two sites of one city in one night."""
    if not a.site_names or not b.site_names:
        return False
    if a.site_names & b.weights.keys() or b.site_names & a.weights.keys():
        return False
    # spelled two ways ("Jabalia" / "Jabaliya", "Rabia" / "Rabaa")
    return not (_names_meet(a.site_names, b.names | b.site_names)
                or _names_meet(b.site_names, a.names))


def _names_meet(x: frozenset[str], y: frozenset[str]) -> bool:
    """A name of ``x`` is one of ``y``, or spelled nearly alike ("Kolesnikova" / "Kalesnikava",
    "Araghchi" / "Araqchi": a similarity ratio of at least 0.8)."""
    if x & y:
        return True
    return any(SequenceMatcher(None, p, q).ratio() >= NAME_SPELLING_RATIO
               for p in x for q in y if abs(len(p) - len(q)) <= 3)


def _gap_days(x: tuple[date, date], y: tuple[date, date]) -> int:
    """Days between two date spans (0 where they overlap)."""
    return max(0, (y[0] - x[1]).days, (x[0] - y[1]).days)


def told_before_it_happened(a: LinkRecord, b: LinkRecord) -> bool:
    """Either article was published before the day the other's article says its event happened:
    a report cannot tell an event of a later day ("overnight" may still cross midnight)."""
    for x, y in ((a, b), (b, a)):
        if x.published is not None and y.exact_day and y.event_date is not None:
            # "early on Saturday" local time may be Friday night where the report was filed
            slack = 1 if y.date_precision == "part-of-day" or y.part_of_day == "early" else 0
            if (y.event_date - x.published).days > slack:
                return True
    return False


def dates_compatible(a: LinkRecord, b: LinkRecord, s: LinkSettings) -> bool:
    if told_before_it_happened(a, b):
        return False
    ua, ub = a.undated_background, b.undated_background
    if not ua and not ub:
        sa, sb = a.date_span, b.date_span
        if sa is not None and sb is not None:  # both resolved by the coder
            return _gap_days(sa, sb) <= 1
        da, db = a.ref_date, b.ref_date
        return da is None or db is None or abs((da - db).days) <= s.window_days
    if ua and ub:
        if a.published is None or b.published is None:
            return True
        return abs((a.published - b.published).days) <= s.background_lookback_days
    u, x = (a, b) if ua else (b, a)
    if u.published is None or x.ref_date is None:
        return True
    if x.event_date is not None and x.event_date > u.published:
        return False  # a retelling tells what happened before it was published
    gap = (u.published - x.ref_date).days  # how long before the retelling it happened
    return -s.window_days <= gap <= s.background_lookback_days


def anchored(a: LinkRecord, b: LinkRecord, place: int, relation: int) -> bool:
    """Whether two reports share something concrete besides their wording: a country in the
    same role (either role where the dyad is reversed), the same place, a name both write
    ("Kuriga", "Moskva"), a dictionary actor ("islamic_state"), or one evidence sentence."""
    if place > 0 or a.names & b.names or a.actor_ids & b.actor_ids:
        return True
    if a.article_id == b.article_id and a.sentence == b.sentence:
        return True
    if relation < 0:
        return True  # a reversed dyad already shares its countries
    return (a.source_country is not None and a.source_country == b.source_country) or (
        a.target_country is not None and a.target_country == b.target_country)


def days_apart(a: LinkRecord, b: LinkRecord) -> bool:
    """Both articles say which day, and they say different days ("overnight", "late on Tuesday"
    may fall either side of midnight: one day apart is not different there)."""
    if not (a.exact_day and b.exact_day):
        return False
    assert a.event_date is not None and b.event_date is not None
    gap = abs((a.event_date - b.event_date).days)
    if gap != 1:
        return gap > 1
    return not _across_midnight(*sorted((a, b), key=lambda r: r.event_date))


def _across_midnight(x: LinkRecord, y: LinkRecord) -> bool:
    """``x`` dated the day before ``y`` may tell the same night: the late one late ("Friday
    night"), the later one early ("early on Saturday", where it happened or where the other
    report was filed), or either told "overnight" (the coder's part-of-day date) unless the
    words say morning of the first day or evening of the second."""
    if (x.part_of_day == "late" and y.part_of_day != "late") or (
            y.part_of_day == "early" and x.part_of_day != "early"):
        return True  # not two evenings, nor two mornings
    return "part-of-day" in (x.date_precision, y.date_precision) and (
        x.part_of_day != "early" and y.part_of_day != "late")


def link_margin(a: LinkRecord, b: LinkRecord, s: LinkSettings | None = None) -> float | None:
    """How far the evidence similarity of two events clears the threshold their agreement sets
    (>= 0) where they tell one occurrence; None where they do not (symmetric in a and b)."""
    s = s or load_settings()
    if a.event_id == b.event_id:
        return 1.0
    evidence = link_evidence(a, b, s)
    if evidence is None:
        return None
    sim, need = evidence
    return sim - need if sim >= need else None


def link_evidence(a: LinkRecord, b: LinkRecord, s: LinkSettings) -> tuple[float, float] | None:
    """(evidence similarity, the similarity it must reach) of two events that may tell one
    occurrence by all but their wording: compatible types, sources that may be one, places that
    do not differ, something concrete shared, dates that fit; None where they cannot. A pair
    whose wording falls short is still a candidate: two incidents that are each other's only
    candidate join (partition.split_component)."""
    if not s.events_compatible(a.event_type, a.cameo, b.event_type, b.cameo):
        return None
    # sources must not differ (unless the dyad is reversed and the types allow it); a differing
    # target only raises the evidence threshold (see agreement): coders get targets wrong more
    # often than sources
    if a.article_id == b.article_id and a.background != b.background:
        return None  # an article's news and the earlier events it retells are not one
    if two_speakers(a, b, s) or told_as_another(a, b):
        return None
    relation = roles_relation(a, b, s)
    if relation == 0:
        return None
    place = place_agreement(a, b, s)
    if place < 0 or not anchored(a, b, place, relation):
        return None
    if not dates_compatible(a, b, s):
        return None
    need = s.min_similarity[agreement(a, b, place, relation)]
    if days_apart(a, b):
        # both articles say when, and they say different days: two events told alike (a strike
        # on the same city the next day), unless the wording is nearly the same
        need = max(need, s.different_days_min_similarity)
    if a.undated_background or b.undated_background:
        # a retelling without a date is matched over months: the wording has to say which
        need = max(need, s.retelling_min_similarity)
    return evidence_similarity(a, b, s), need


def evidence_similarity(a: LinkRecord, b: LinkRecord, s: LinkSettings) -> float:
    """How alike two evidence sentences are: rarity-weighted Jaccard over their content words
    (near words matching too where ``s.word_match`` is set: "blast" / "explosion"), or, where it
    is higher, their sentence vectors' cosine above ``s.vector_floor`` times ``s.vector_weight``
    (paraphrases that share no word: "a truck bomb exploded at a busy junction" / "a massive
    blast near the hotel")."""
    if s.word_match is not None:
        sim = soft_weighted_jaccard(a.weights, b.weights, s.word_match)
    else:
        sim = weighted_jaccard(a.weights, b.weights)
    if s.vector_weight > 0:
        sim = max(sim, s.vector_weight * (cosine(a.sentence, b.sentence) - s.vector_floor))
    return sim


def same_incident(a: LinkRecord, b: LinkRecord, s: LinkSettings | None = None) -> bool:
    """Whether two events tell one real-world occurrence (symmetric in ``a`` and ``b``)."""
    return link_margin(a, b, s) is not None


def cannot_link(a: LinkRecord, b: LinkRecord, s: LinkSettings,
                similarity: float | None = None) -> bool:
    """Whether two events must be in different incidents even where a chain of links joins
    them: their places do not agree (further apart than ``split_place_km``, or in different
    countries); both articles say the day, the days differ and the wording is not nearly the
    same (the pager blasts and the radio blasts of the next day, joined through a report that
    says neither day); or one article was published before the other's event happened. For
    statements a different place does not count (see place_agreement)."""
    if place_agreement(a, b, s) < 0:
        if not _points(a, b):
            return True  # different countries, or named differently without coordinates
        if _km(a, b) > s.split_place_km:
            return True
    if told_before_it_happened(a, b) or told_as_another(a, b):
        return True
    if not days_apart(a, b):
        return False
    if similarity is None:  # the caller may have it already (link_evidence)
        similarity = evidence_similarity(a, b, s)
    return similarity < s.different_days_min_similarity


def told_as_another(a: LinkRecord, b: LinkRecord) -> bool:
    """One article tells both, in two sentences, and one of them says it tells another
    occurrence ("Gunmen also fired on diners ...", "Separately, ...", "Another raid ...")."""
    return (a.article_id == b.article_id and a.sentence != b.sentence
            and not a.background and not b.background and (a.additive or b.additive))


def two_speakers(a: LinkRecord, b: LinkRecord, s: LinkSettings) -> bool:
    """Two statements of different types (an accusation, a denial) by speakers named differently
    ("Erdogan" / "the cleric's movement", both Turkish): an accusation and its denial, two
    statements. Statements of one type may still name their speaker differently ("Erdogan" /
    "the Turkish government")."""
    return (a.event_type != b.event_type and a.event_type in s.statement_types
            and b.event_type in s.statement_types and _keys_agree(a.source_key, b.source_key) < 0)


def _keys_agree(x: str | None, y: str | None) -> int:
    if x is None or y is None:
        return 0
    return 1 if x == y else -1


def agreement(a: LinkRecord, b: LinkRecord, place: int, relation: int = 1) -> int:
    """How much the structure of two reports agrees, clipped to -1..3: actors (+1 for each role
    both name alike: same dictionary actor, or country and sector; -1 in all if a role is named
    differently), place (+1 same), date (both resolved to a day: +1 same day, -1 a day apart;
    further apart never links), a rare name both sentences write (+1). The evidence-text
    threshold falls as it rises."""
    if relation < 0:  # compare a's source with b's target and the other way round
        roles = (_keys_agree(a.source_key, b.link_target_key),
                 _keys_agree(a.link_target_key, b.source_key))
    else:
        roles = (_keys_agree(a.source_key, b.source_key),
                 _keys_agree(a.link_target_key, b.link_target_key))
    actors = -1 if -1 in roles else sum(roles)
    day = 0
    if a.exact_day and b.exact_day:
        day = 1 if a.event_date == b.event_date else -1
    elif a.event_date is not None and a.event_date == b.event_date:
        day = 1  # the same publication day standing in: news of the same day
    names = 1 if a.names & b.names else 0
    return max(-1, min(3, actors + max(place, 0) + day + names))
