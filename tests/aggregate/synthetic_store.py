"""A synthetic store for series/alert tests: 120 days of IRN-USA incidents, quiet (about one
verbal incident every other day) until day 80, then several distinct attacks a day; each surge
attack is told by three articles; other-dyad filler articles give the news volume."""
from __future__ import annotations

import random
from datetime import date, timedelta

from flashpoint.model import Actor, Article, Event, Evidence, Location, Span

START = date(2024, 1, 1)
SURGE_DAY = 80
VERBS = ["criticised", "warned", "condemned", "denounced", "rebuked", "accused"]
PLACES = ["Erbil", "Baghdad", "Basra", "Mosul", "Kirkuk", "Tikrit", "Najaf", "Ramadi", "Duhok"]


def _event(article: Article, etype: str, quad: int, gold: float, src: str, tgt: str,
           sentence: str, when: date, place: tuple[str, float, float] | None) -> Event:  # fmt: skip
    start = len(article.title) + 2 + article.body.index(sentence)
    return Event(
        article_id=article.id, event_type=etype, cameo="190" if quad == 4 else "112",
        goldstein=gold, quad_class=quad, source=Actor(text=src, country=src, sector="GOV"),
        target=Actor(text=tgt, country=tgt, sector="MIL"),
        evidence=Evidence(sentence, start, start + len(sentence), Span(start, start + 4, sentence[:4])),
        confidence=0.7, date=when, date_precision="day",
        location=Location(name=place[0], country="IRQ", lat=place[1], lon=place[2]) if place else None,
    )  # fmt: skip


def synthetic_pairs(seed: int = 5) -> list[tuple[Article, list[Event]]]:
    rng = random.Random(seed)
    pairs: list[tuple[Article, list[Event]]] = []
    for day in range(120):
        when = START + timedelta(days=day)
        for k in range(rng.randint(8, 12)):  # filler news: other dyads, volume
            s = f"Officials in country {k} met trade partners on day {day} about tariffs {rng.random():.6f}."
            a = Article(title=f"Filler {day}-{k}", body=s, outlet=f"outlet{k % 5}", published=when)
            pairs.append((a, [_event(a, "CONSULT", 1, 1.0, "FRA", "DEU", s, when, None)]))
        if day < SURGE_DAY and day % 2 == 0:
            s = f"Iran {rng.choice(VERBS)} the United States over sanctions, episode {day}."
            a = Article(title=f"Verbal {day}", body=s, outlet="Reuters", published=when)
            pairs.append((a, [_event(a, "ACCUSE", 3, -2.0, "IRN", "USA", s, when, None)]))
        if day >= SURGE_DAY:
            for j in range(rng.randint(3, 5)):
                lat = 30.0 + 2.0 * j + (day % 3) * 0.9  # places >60 km apart: distinct attacks
                place = (f"{PLACES[j]} district {day}", lat, 44.0 + j)
                for outlet in ("Reuters", "AP", "BBC"):
                    s = f"{outlet}: rockets fired by Iran-backed units hit a US position near {place[0]}."
                    a = Article(title=f"Attack {day}-{j}-{outlet}", body=s, outlet=outlet,
                                published=when)
                    pairs.append((a, [_event(a, "ASSAULT", 4, -10.0, "IRN", "USA", s, when, place)]))
    return pairs
