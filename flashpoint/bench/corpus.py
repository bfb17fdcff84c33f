"""A reproducible benchmark corpus of ~600-word news articles.

Articles are assembled deterministically from the sentence templates in
``flashpoint/resources/bench/templates.yaml`` (written for flashpoint in wire-news style) with a
seeded :class:`random.Random`: a headline; a dateline lead ("CAPITAL, Month D (AGENCY) -") opening
with an event sentence; then paragraphs of two to four sentences drawn from event sentences (all
16 PLOVER types, between real country names, demonyms, capitals and government/military/police
phrases), quotes and background sentences (economy, weather, history …), about one event sentence
in three, until the body reaches ``target_words`` words. The same ``(n, seed, target_words)``
always gives the same texts, on any machine.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

import yaml

from flashpoint.errors import ResourceError
from flashpoint.resources import resource_path

DEFAULT_SEED = 20200108
TARGET_WORDS = 600


@dataclass(frozen=True)
class BenchArticle:
    id: str
    title: str
    body: str
    published: date
    url: str

    @property
    def n_words(self) -> int:
        return len(self.title.split()) + len(self.body.split())

    def record(self) -> dict[str, str]:
        """The article as a JSONL input record (``id,title,text,url,published``)."""
        return {"id": self.id, "title": self.title, "text": self.body, "url": self.url,
                "published": self.published.isoformat()}


@lru_cache(maxsize=1)
def templates() -> dict[str, Any]:
    path = resource_path("bench", "templates.yaml")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ResourceError(f"{path}: cannot load the benchmark templates ({exc})") from exc
    for key in ("countries", "actor_forms", "events", "quotes", "background", "headlines"):
        if not data.get(key):
            raise ResourceError(f"{path}: missing or empty section {key!r}")
    return data


class _Writer:
    def __init__(self, rng: random.Random, home: list[str], other: list[str], when: date) -> None:
        self.t = templates()
        self.rng = rng
        self.home, self.other, self.when = home, other, when

    def actor(self, country: list[str]) -> str:
        name, demonym, capital = country
        return self.rng.choice(self.t["actor_forms"]).format(country=name, demonym=demonym, capital=capital)

    def fill(self, template: str) -> str:
        rng = self.rng
        src_c, tgt_c = (self.home, self.other) if rng.random() < 0.6 else (self.other, self.home)
        text = template.format(
            src=self.actor(src_c),
            tgt=self.actor(tgt_c),
            country=self.home[0],
            demonym=self.home[1],
            capital=self.home[2],
            tgt_country=self.other[0],
            day=self.t["weekdays"][self.when.weekday()],
            month=rng.choice(self.t["months"]),
            number=rng.choice(["two", "three", "five", "12", "40", "several", "dozens of"]),
            agency=rng.choice(self.t["agencies"]),
            org=rng.choice(self.t["organisations"]),
        )
        return text[0].upper() + text[1:]

    def event(self) -> str:
        etype = self.rng.choice(sorted(self.t["events"]))
        return self.fill(self.rng.choice(self.t["events"][etype]))

    def sentence(self) -> str:
        roll = self.rng.random()
        if roll < 0.33:
            return self.event()
        if roll < 0.5:
            return self.fill(self.rng.choice(self.t["quotes"]))
        return self.fill(self.rng.choice(self.t["background"]))


def build_article(index: int, *, seed: int = DEFAULT_SEED, target_words: int = TARGET_WORDS) -> BenchArticle:
    """Article number ``index`` of the corpus for ``seed`` (independent of the other articles)."""
    t = templates()
    rng = random.Random(f"{seed}:{index}")
    home, other = rng.sample(t["countries"], 2)
    when = date(2019, 1, 1) + timedelta(days=rng.randrange(0, 5 * 365))
    w = _Writer(rng, home, other, when)
    agency = rng.choice(t["agencies"])
    title = w.fill(rng.choice(t["headlines"]))
    lead = f"{home[2].upper()}, {t['months'][when.month - 1]} {when.day} ({agency}) - {w.event()}"
    paragraphs = [lead]
    words = len(lead.split())
    while words < target_words:
        para = " ".join(w.sentence() for _ in range(rng.randint(2, 4)))
        paragraphs.append(para)
        words += len(para.split())
    slug = "-".join(title.lower().split()[:6]).strip(".,")
    return BenchArticle(
        id=f"bench-{seed}-{index:06d}",
        title=title,
        body="\n\n".join(paragraphs),
        published=when,
        url=f"https://news.example.org/{when:%Y/%m/%d}/{slug}-{index}",
    )


def build_corpus(n: int, *, seed: int = DEFAULT_SEED, target_words: int = TARGET_WORDS) -> list[BenchArticle]:
    """The first ``n`` articles of the corpus for ``seed``."""
    if n < 1:
        raise ValueError("the benchmark needs at least one article (n >= 1)")
    return [build_article(i, seed=seed, target_words=target_words) for i in range(n)]
