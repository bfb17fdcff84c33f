"""Typed coded events: who did what to whom, where, when, with evidence and confidence."""
from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any


@dataclass(frozen=True)
class Span:
    """A character span in the article text (``Article.text``)."""

    start: int
    end: int
    text: str


@dataclass
class Actor:
    """A resolved (or unresolved) participant of an event."""

    text: str | None
    country: str | None = None  # ISO 3166 alpha-3, or IGO code such as "IGO"/"UNO"
    sector: str | None = None  # CAMEO/PLOVER sector: GOV, MIL, REB, CVL, MED, IGO ...
    actor_id: str | None = None  # id in the actor dictionary, where matched
    name: str | None = None  # canonical name from the dictionary
    span: Span | None = None
    resolved: bool = False  # False: text kept, nothing in the dictionary matched
    confidence: float = 0.0


@dataclass
class Location:
    name: str | None
    country: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    feature: str | None = None  # "country", "city", "airbase", ...
    geonames_id: int | None = None
    span: Span | None = None


@dataclass
class Attribution:
    """One link of the chain of who says an event happened, outermost first
    ("MSNBC reported that Iranian state television described ...")."""

    text: str  # the source as written ("MSNBC", "Iranian state television")
    verb: str | None = None  # the reporting verb ("reported", "described", "speculates")
    actor: Actor | None = None  # resolved where possible (outlets are MED actors)
    span: Span | None = None


@dataclass
class Flag:
    """Something a reader should know about an event: e.g. the article contradicts itself on its
    actor, place, count or date. ``spans`` holds the competing readings' evidence."""

    kind: str  # "contradiction:source", "contradiction:place", "contradiction:date", ...
    message: str
    spans: list[Span] = field(default_factory=list)


@dataclass
class Evidence:
    sentence: str
    start: int  # sentence start offset in Article.text
    end: int
    trigger: Span
    source: Span | None = None
    target: Span | None = None


# Modalities of events that happened according to the text (asserted by the article or
# reported by a named source). Future, hypothetical, demanded and negated events did not.
FACTUAL_MODALITIES = frozenset({"asserted", "reported"})


@dataclass
class Event:
    article_id: str  # content hash of the article (dedup key)
    event_type: str  # PLOVER type, e.g. "ASSAULT"
    cameo: str  # CAMEO code as a string ("190", "14", ...)
    goldstein: float | None
    quad_class: int
    source: Actor
    target: Actor | None
    evidence: Evidence
    confidence: float
    mode: str | None = None  # PLOVER mode where PLOVER defines one
    context: list[str] = field(default_factory=list)
    date: date | None = None
    date_precision: str | None = None
    # where the date comes from: "text" (the article says when) or "published" (nothing said: the
    # publication date stands in, as GDELT dates every event)
    date_source: str | None = None
    location: Location | None = None
    modality: str = "asserted"
    modality_span: Span | None = None  # the words that set the modality ("did not", "expected to")
    attribution: list[Attribution] = field(default_factory=list)
    background: bool = False  # told as earlier context, not as news of this article
    flags: list[Flag] = field(default_factory=list)
    field_confidence: dict[str, float] = field(default_factory=dict)  # per field: source, target, type, date, location
    record_id: str | None = None  # the input's own id (JSONL "id"), shown as article_id
    id: str = ""

    def __post_init__(self) -> None:
        if not self.id:
            key = f"{self.article_id}|{self.evidence.trigger.start}|{self.event_type}|{self.cameo}"
            self.id = hashlib.sha256(key.encode()).hexdigest()[:20]

    @property
    def is_factual(self) -> bool:
        """True when the text says the event happened (modality asserted or reported)."""
        return self.modality in FACTUAL_MODALITIES

    def to_dict(self) -> dict[str, Any]:
        """The public JSON shape of an event (``flashpoint code --json``)."""
        d = asdict(self)
        d["article_hash"] = self.article_id
        d["article_id"] = self.record_id or self.article_id
        d["date"] = self.date.isoformat() if self.date else None
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Event":
        """Inverse of :meth:`to_dict` (used by the store to rebuild events)."""

        def span(x: dict | None) -> Span | None:
            return Span(**x) if x else None

        def actor(x: dict | None) -> Actor | None:
            if x is None:
                return None
            x = dict(x)
            x["span"] = span(x.get("span"))
            return Actor(**x)

        def attribution(x: dict) -> Attribution:
            x = dict(x)
            x["actor"] = actor(x.get("actor"))
            x["span"] = span(x.get("span"))
            return Attribution(**x)

        def flag(x: dict) -> Flag:
            return Flag(kind=x["kind"], message=x["message"], spans=[Span(**s) for s in x.get("spans") or []])

        ev = dict(d["evidence"])
        for k in ("trigger", "source", "target"):
            ev[k] = span(ev.get(k))
        loc = d.get("location")
        if loc:
            loc = dict(loc)
            loc["span"] = span(loc.get("span"))
        return cls(
            id=d["id"],
            article_id=d.get("article_hash") or d["article_id"],
            record_id=d.get("record_id"),
            event_type=d["event_type"],
            cameo=d["cameo"],
            goldstein=d.get("goldstein"),
            quad_class=d["quad_class"],
            source=actor(d["source"]) or Actor(text=None),
            target=actor(d.get("target")),
            evidence=Evidence(**ev),
            confidence=d["confidence"],
            mode=d.get("mode"),
            context=list(d.get("context") or []),
            date=date.fromisoformat(d["date"]) if d.get("date") else None,
            date_precision=d.get("date_precision"),
            date_source=d.get("date_source"),
            location=Location(**loc) if loc else None,
            modality=d.get("modality", "asserted"),
            modality_span=span(d.get("modality_span")),
            attribution=[attribution(a) for a in d.get("attribution") or []],
            background=bool(d.get("background", False)),
            flags=[flag(f) for f in d.get("flags") or []],
            field_confidence=dict(d.get("field_confidence") or {}),
        )
