"""``LinkRecord``: the few fields of a stored event that incident linking looks at."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from flashpoint.aggregate.settings import LinkSettings, load_settings
from flashpoint.aggregate.similarity import name_tokens, site_tokens, weighted_tokens
from flashpoint.model import Article, Event


COUNTRY_FEATURES = frozenset({"country"})
WEEK_SLACK_DAYS = 6  # "last week" is dated a week before publication: the event is in the days around
AREA_FEATURES = frozenset({"region", "sea", "state", "province", "admin1", "continent"})
# a place whose name says it is an area ("Bago Region", "Khost province", "Zvecan municipality")
# is one, whatever feature the geocoder gave it: its point says nothing about where in it
AREA_WORDS = frozenset({"region", "province", "state", "governorate", "oblast", "district",
                        "county", "prefecture", "municipality", "territory"})


@dataclass(frozen=True)
class LinkRecord:
    event_id: str
    article_id: str
    outlet: str | None
    published: date | None
    event_type: str
    quad_class: int
    goldstein: float | None
    confidence: float
    source_country: str | None
    target_country: str | None
    source_key: str | None  # actor id, else country/sector: what "the same actor" means here
    target_key: str | None
    place: str | None  # normalised place name
    place_country: str | None
    lat: float | None
    lon: float | None
    event_date: date | None  # the event's own date, where the coder resolved one
    background: bool
    sentence: str
    names: frozenset[str] = frozenset()  # capitalised words of the sentence (similarity.name_tokens)
    # content word -> rarity weight (similarity.weighted_tokens), what the evidence text is
    # compared by
    weights: dict[str, float] = field(default_factory=dict, compare=False, hash=False)
    date_precision: str | None = None  # of event_date: day, part-of-day, week, month, year
    cameo: str | None = None
    date_from_text: bool = False  # the article said when (not the publication date standing in)
    source_actor_id: str | None = None  # dictionary actors named as source, target
    target_actor_id: str | None = None
    # rare capitalised words of the target as written ("Asad Umar", "the Trypilska plant"):
    # who or what was hit, arrested, met, where the sentence names it
    target_names: frozenset[str] = frozenset()
    part_of_day: str | None = None  # "early" (dawn, morning) or "late" (evening, night) as written
    place_names: frozenset[str] = frozenset()  # words of the place's name, as ``weights`` keys
    site_names: frozenset[str] = frozenset()  # names of the sites it tells of ("the Oberoi hotel")
    additive: bool = False  # its sentence adds an occurrence to its article's ("also", "another")

    @property
    def actor_ids(self) -> frozenset[str]:
        return frozenset(a for a in (self.source_actor_id, self.target_actor_id) if a)

    @property
    def date_span(self) -> tuple[date, date] | None:
        """The days ``event_date`` stands for: one day, or the week around it, its month or
        year ("earlier this month" is dated the 1st with precision month)."""
        d = self.event_date
        if d is None:
            return None
        if self.date_precision == "week":
            return d - timedelta(days=WEEK_SLACK_DAYS), d + timedelta(days=WEEK_SLACK_DAYS)
        if self.date_precision == "month":
            nxt = date(d.year + d.month // 12, d.month % 12 + 1, 1)
            return d.replace(day=1), nxt - timedelta(days=1)
        if self.date_precision == "year":
            return date(d.year, 1, 1), date(d.year, 12, 31)
        return d, d

    @property
    def window_span(self) -> tuple[date, date] | None:
        """The days date windows start from: the date span, else the publication day."""
        if self.date_span is not None:
            return self.date_span
        d = self.ref_date
        return (d, d) if d is not None else None

    @property
    def exact_day(self) -> bool:
        """The article says which day (not a week, month or year; not the publication date)."""
        return (self.event_date is not None and self.date_from_text
                and self.date_precision not in ("week", "month", "year"))

    @property
    def link_target(self) -> str | None:
        """The target country as linking compares it: none where it is the source's own country
        (a coder often falls back to the source's country for a target it did not resolve)."""
        return None if self.target_country == self.source_country else self.target_country

    @property
    def link_target_key(self) -> str | None:
        return None if self.link_target is None else self.target_key

    @property
    def undated_background(self) -> bool:
        """Told as earlier context without a date of its own: matched without the date window."""
        return self.background and self.event_date is None

    @property
    def ref_date(self) -> date | None:
        """The date used for windows: the event's date, else the article's publication date."""
        return self.event_date or self.published


def _actor_key(country: str | None, sector: str | None, actor_id: str | None) -> str | None:
    if actor_id:
        return actor_id
    if country:
        return f"{country}/{sector or ''}"
    return None


def _norm_place(name: str | None) -> str | None:
    if not name:
        return None
    return " ".join(name.lower().replace("-", " ").split()) or None


def make_record(
    *,
    event_id: str,
    article_id: str,
    outlet: str | None,
    published: date | None,
    event_type: str,
    quad_class: int,
    goldstein: float | None,
    confidence: float,
    source_country: str | None,
    source_sector: str | None,
    source_actor_id: str | None,
    target_country: str | None,
    target_sector: str | None,
    target_actor_id: str | None,
    location_name: str | None,
    location_country: str | None,
    lat: float | None,
    lon: float | None,
    event_date: date | None,
    background: bool,
    sentence: str,
    location_feature: str | None = None,
    settings: LinkSettings | None = None,
    language: str = "en",
    date_precision: str | None = None,
    cameo: str | None = None,
    date_source: str | None = None,
    target_text: str | None = None,
) -> LinkRecord:
    """A record from flat fields (the store's columns). A place that is a whole country says
    nothing about where (dropped); a region or sea keeps its name but not its centre point,
    which is too far from any town in it to compare by distance."""
    s = settings or load_settings()
    if location_feature in COUNTRY_FEATURES:
        location_name = location_country = None
        lat = lon = None
    elif location_feature in AREA_FEATURES or (
            location_name and location_name.lower().split()[-1] in AREA_WORDS):
        lat = lon = None
    place_names = frozenset(weighted_tokens(location_name, s.content_stopwords, language)
                            if location_name else ())
    return LinkRecord(
        event_id=event_id, article_id=article_id, outlet=outlet, published=published,
        event_type=event_type, quad_class=int(quad_class), goldstein=goldstein,
        confidence=float(confidence),
        source_country=source_country, target_country=target_country,
        source_key=_actor_key(source_country, source_sector, source_actor_id),
        target_key=_actor_key(target_country, target_sector, target_actor_id),
        place=_norm_place(location_name), place_country=location_country, lat=lat, lon=lon,
        event_date=event_date, background=bool(background), sentence=sentence,
        names=name_tokens(sentence, s.stopwords, s.common_names, language),
        weights=weighted_tokens(sentence, s.content_stopwords, language, s.number_weight,
                                s.synonyms),
        date_precision=date_precision, cameo=cameo,
        date_from_text=event_date is not None and date_source == "text",
        source_actor_id=source_actor_id, target_actor_id=target_actor_id,
        target_names=name_tokens(target_text, s.stopwords, s.common_names, language)
        if target_text else frozenset(),
        part_of_day=s.part_of_day(sentence),
        place_names=place_names,
        site_names=site_tokens(sentence, s.site_pattern, s.stopwords, s.common_names) - place_names
        if language == "en" else frozenset(),  # site nouns are English words
        additive=bool((p := s.additive.get(language)) and p.search(sentence)),
    )  # fmt: skip


def record_from_event(event: Event, article: Article | None = None) -> LinkRecord:
    """A record from a coded event and (for outlet and publication date) its article."""
    loc = event.location
    tgt = event.target
    return make_record(
        event_id=event.id, article_id=event.article_id,
        outlet=article.outlet if article else None,
        published=article.published if article else None,
        event_type=event.event_type, quad_class=event.quad_class, goldstein=event.goldstein,
        confidence=event.confidence,
        source_country=event.source.country, source_sector=event.source.sector,
        source_actor_id=event.source.actor_id,
        target_country=tgt.country if tgt else None, target_sector=tgt.sector if tgt else None,
        target_actor_id=tgt.actor_id if tgt else None, target_text=tgt.text if tgt else None,
        location_name=loc.name if loc else None, location_country=loc.country if loc else None,
        lat=loc.lat if loc else None, lon=loc.lon if loc else None,
        event_date=event.date, background=event.background, sentence=event.evidence.sentence,
        location_feature=loc.feature if loc else None,
        language=(article.language if article else None) or "en",
        date_precision=event.date_precision, cameo=event.cameo, date_source=event.date_source,
    )  # fmt: skip
