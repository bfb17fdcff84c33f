"""Hand-built articles and coded events (realistic news) for the store and export tests.

Offsets are computed from the article text, so every span points at the words it names.
"""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from flashpoint.model import Actor, Article, Event, Evidence, Location, Span

STRIKE_TITLE = "Iran fires missiles at two U.S. bases in Iraq in retaliation for Soleimani killing"
STRIKE_BODY = (
    "Iran fired more than a dozen ballistic missiles at two Iraqi bases hosting U.S. troops early "
    "on Wednesday, the Pentagon said.\n\n"
    "The missiles struck the Ain al-Asad air base in Anbar province and a base in Erbil. "
    "Iranian Foreign Minister Javad Zarif said the strikes were proportionate measures in "
    "self-defence.\n\n"
    "Hundreds of protesters rallied outside the White House on Tuesday against a war with Iran."
)
PROTEST_TITLE = "Thousands march in Baghdad demanding U.S. troop withdrawal"
PROTEST_BODY = (
    "Tens of thousands of supporters of cleric Moqtada al-Sadr marched in central Baghdad on "
    "Friday to demand the expulsion of U.S. forces from Iraq.\n\n"
    "Police arrested several protesters near the Green Zone, witnesses said. "
    "Iraqi journalists accused security forces of beating reporters covering the march."
)


def strike_article(**kw: object) -> Article:
    base = dict(
        title=STRIKE_TITLE,
        body=STRIKE_BODY,
        url="https://example-news.org/2020/01/08/iran-missiles-iraq-bases",
        outlet="Example News",
        published=date(2020, 1, 8),
        record_id="rss-2020-01-08-001",
        origin="feeds/world.xml",
    )
    base.update(kw)
    return Article(**base)  # type: ignore[arg-type]


def protest_article(**kw: object) -> Article:
    base = dict(
        title=PROTEST_TITLE,
        body=PROTEST_BODY,
        url="https://example-wire.com/iraq/baghdad-march",
        outlet="Example Wire",
        published=date(2020, 1, 24),
    )
    base.update(kw)
    return Article(**base)  # type: ignore[arg-type]


_SENTENCE_END = re.compile(r"(?<!\b[A-Z])\.(?=\s|$)")


def _span(text: str, phrase: str, after: int = 0) -> Span:
    at = text.index(phrase, after)
    return Span(at, at + len(phrase), phrase)


def _sentence(text: str, contains: str) -> tuple[int, int, str]:
    at = text.index(contains)
    start = max(text.rfind(". ", 0, at) + 2, text.rfind("\n", 0, at) + 1, 0)
    end = _SENTENCE_END.search(text, at).end()  # type: ignore[union-attr]
    return start, end, text[start:end]


def actor(
    article: Article, phrase: str, country: str | None, sector: str | None, *,
    actor_id: str | None = None, name: str | None = None, after: int = 0,
) -> Actor:  # fmt: skip
    return Actor(
        text=phrase, country=country, sector=sector, actor_id=actor_id, name=name,
        span=_span(article.text, phrase, after), resolved=actor_id is not None, confidence=0.9,
    )  # fmt: skip


def event(
    article: Article, *, trigger: str, sentence_with: str, event_type: str, cameo: str,
    goldstein: float | None, quad_class: int, source: Actor, target: Actor | None,
    mode: str | None = None, context: list[str] | None = None, day: date | None = None,
    location: Location | None = None, modality: str = "asserted", confidence: float = 0.8,
) -> Event:  # fmt: skip
    text = article.text
    s_start, s_end, sentence = _sentence(text, sentence_with)
    return Event(
        article_id=article.id, record_id=article.record_id, event_type=event_type, cameo=cameo,
        goldstein=goldstein, quad_class=quad_class, source=source, target=target,
        evidence=Evidence(
            sentence=sentence, start=s_start, end=s_end,
            trigger=_span(text, trigger, s_start),
            source=source.span, target=target.span if target else None,
        ),
        confidence=confidence, mode=mode, context=context or [], date=day,
        date_precision="day" if day else None, location=location, modality=modality,
    )  # fmt: skip


def strike_events(article: Article) -> list[Event]:
    t = article.text
    body = t.index("Iran fired more")
    iran = actor(article, "Iran", "IRN", "GOV", actor_id="IRN_GOV", name="Iran", after=body)
    us = actor(
        article, "U.S. troops", "USA", "MIL", actor_id="USA_MIL", name="United States military"
    )
    zarif = actor(
        article, "Javad Zarif", "IRN", "GOV", actor_id="zarif_javad", name="Mohammad Javad Zarif"
    )
    protesters = actor(article, "Hundreds of protesters", "USA", "CVL")
    white_house = actor(
        article, "the White House", "USA", "GOV", actor_id="USA_GOV", name="United States"
    )
    anbar = Location(
        name="Ain al-Asad Air Base", country="IRQ", admin1="Anbar", lat=33.7856, lon=42.4412,
        feature="airbase", geonames_id=99442, span=_span(t, "Ain al-Asad air base"),
    )  # fmt: skip
    washington = Location(
        name="Washington", country="USA", admin1="District of Columbia", lat=38.8951,
        lon=-77.0364, feature="city", geonames_id=4140963, span=_span(t, "the White House"),
    )  # fmt: skip
    return [
        event(
            article, trigger="fired", sentence_with="Iran fired more", event_type="ASSAULT",
            cameo="195", goldstein=-10.0, quad_class=4, source=iran, target=us,
            mode="heavy-weapons", context=["military"], day=date(2020, 1, 8), location=anbar,
            confidence=0.91,
        ),
        event(
            article, trigger="said", sentence_with="Javad Zarif said", event_type="ACCUSE",
            cameo="112", goldstein=-2.0, quad_class=3, source=zarif, target=None,
            mode="disapprove", day=date(2020, 1, 8), modality="reported", confidence=0.55,
        ),
        event(
            article, trigger="rallied", sentence_with="protesters rallied", event_type="PROTEST",
            cameo="141", goldstein=-6.5, quad_class=3, source=protesters, target=white_house,
            mode="demo", day=date(2020, 1, 7), location=washington, confidence=0.74,
        ),
    ]


def protest_events(article: Article) -> list[Event]:
    t = article.text
    sadrists = actor(article, "supporters of cleric Moqtada al-Sadr", "IRQ", "CVL")
    usa = actor(
        article, "U.S. forces", "USA", "MIL", actor_id="USA_MIL", name="United States military"
    )
    police = actor(article, "Police", "IRQ", "COP", actor_id="IRQ_COP", name="Iraqi police")
    protesters = actor(article, "several protesters", "IRQ", "CVL")
    journalists = actor(article, "Iraqi journalists", "IRQ", "MED")
    security = actor(article, "security forces", "IRQ", "MIL")
    baghdad = Location(
        name="Baghdad", country="IRQ", admin1="Baghdad", lat=33.3406, lon=44.4009,
        feature="city", geonames_id=98182, span=_span(t, "Baghdad"),
    )  # fmt: skip
    return [
        event(
            article, trigger="marched", sentence_with="marched in central", event_type="PROTEST",
            cameo="14", goldstein=-6.5, quad_class=3, source=sadrists, target=usa, mode="demo",
            day=date(2020, 1, 24), location=baghdad,
        ),
        event(
            article, trigger="arrested", sentence_with="Police arrested", event_type="COERCE",
            cameo="173", goldstein=-5.0, quad_class=4, source=police, target=protesters,
            mode="arrest", context=["repression"], day=date(2020, 1, 24), location=baghdad,
        ),
        event(
            article, trigger="accused", sentence_with="journalists accused", event_type="ACCUSE",
            cameo="112", goldstein=-2.0, quad_class=3, source=journalists, target=security,
            mode="allege", day=None, modality="reported",
        ),
    ]


def sample_results() -> list[tuple[Article, list[Event]]]:
    a, b = strike_article(), protest_article()
    return [(a, strike_events(a)), (b, protest_events(b))]


def synthetic_results(
    n_articles: int, events_per_article: int
) -> list[tuple[Article, list[Event]]]:
    """Many distinct articles (bulk tests): the strike story with a numbered dateline."""
    out = []
    for i in range(n_articles):
        a = strike_article(
            body=f"(Dispatch {i}) " + STRIKE_BODY,
            record_id=f"wire-{i:05d}",
            published=date(2020, 1, 8),
        )
        base = strike_events(a)
        evs = [base[k % len(base)] for k in range(events_per_article)]
        # the same three codings repeated: give each copy its own id
        evs = [replace(e, id=f"{a.id[:12]}-{k:03d}") for k, e in enumerate(evs)]
        out.append((a, evs))
    return out
