"""Hand-built news articles with coded events (offsets computed from the text) for the API
tests: a known mix of dates, countries, types, modalities, outlets and places to filter on."""
from __future__ import annotations

from datetime import date, timedelta

from flashpoint.model import Actor, Article, Event, Evidence, Location, Span

# (sentence, trigger, source phrase, source country, target phrase, target country,
#  event type, cameo, goldstein, quad, place, place country, lat, lon, modality)
TEMPLATES = [
    ("Israeli aircraft struck weapons depots near Damascus, the army said.", "struck",
     "Israeli aircraft", "ISR", "weapons depots", "SYR", "ASSAULT", "195", -10.0, 4,
     "Damascus", "SYR", 33.51, 36.29, "reported"),
    ("Iran fired missiles at a base in Erbil hosting U.S. troops.", "fired", "Iran", "IRN",
     "U.S. troops", "USA", "ASSAULT", "190", -10.0, 4, "Erbil", "IRQ", 36.19, 44.01, "asserted"),
    ("Chinese and Russian diplomats met in Beijing to discuss trade.", "met",
     "Chinese and Russian diplomats", "CHN", "Russian", "RUS", "CONSULT", "040", 1.0, 1,
     "Beijing", "CHN", 39.91, 116.40, "asserted"),
    ("The United States accused Iran of attacking tankers in the Gulf of Oman.", "accused",
     "The United States", "USA", "Iran", "IRN", "ACCUSE", "112", -2.0, 3, None, None, None,
     None, "asserted"),
    ("Turkey may send troops to northern Syria next week, officials said.", "send", "Turkey",
     "TUR", "northern Syria", "SYR", "MOBILIZE", "150", -7.2, 4, "Syria", "SYR", 35.0, 38.0,
     "speculated"),
]
OUTLETS = ["Example News", "Example Wire"]
API_KEY = "test-key-9f2c4e1a7b3d5f60"
N_ARTICLES = 30


def _span(text: str, phrase: str) -> Span:
    start = text.index(phrase)
    return Span(start, start + len(phrase), phrase)


def seed_pairs(n_articles: int = 30, start: date = date(2021, 3, 1)) -> list[tuple[Article, list[Event]]]:
    """``n_articles`` articles, one a day, each telling two or three of the template events."""
    pairs = []
    for i in range(n_articles):
        day = start + timedelta(days=i)
        chosen = [TEMPLATES[(i + k) % len(TEMPLATES)] for k in range(2 + i % 2)]
        title = f"Regional briefing for {day:%d %B %Y}"
        body = " ".join(t[0] for t in chosen) + f" Reporting by staff, bulletin {i}."
        outlet = OUTLETS[i % 2]
        article = Article(title=title, body=body, url=f"https://{outlet.lower().replace(' ', '-')}.example/{i}",
                          outlet=outlet, published=day)
        text = article.text
        events = []
        for k, (sent, trig, src, sc, tgt, tc, etype, cameo, gold, quad, place, pc, lat, lon,
                modality) in enumerate(chosen):  # fmt: skip
            s = _span(text, sent)
            t = Span(s.start + sent.index(trig), s.start + sent.index(trig) + len(trig), trig)
            so = Span(s.start + sent.index(src), s.start + sent.index(src) + len(src), src)
            ta = Span(s.start + sent.index(tgt), s.start + sent.index(tgt) + len(tgt), tgt)
            events.append(Event(
                article_id=article.id, event_type=etype, cameo=cameo, goldstein=gold,
                quad_class=quad,
                source=Actor(text=src, country=sc, sector="GOV", span=so, resolved=True,
                             actor_id=f"{sc}-GOV", confidence=0.9),
                target=Actor(text=tgt, country=tc, span=ta, resolved=True, confidence=0.8),
                evidence=Evidence(sentence=sent, start=s.start, end=s.end, trigger=t, source=so,
                                  target=ta),
                confidence=round(0.5 + ((i * 7 + k * 3) % 50) / 100, 2),
                date=None if (i % 10 == 9 and k == 0) else day - timedelta(days=k % 2),
                date_precision="day",
                location=Location(name=place, country=pc, lat=lat, lon=lon) if place else None,
                modality=modality, background=(k == 2),
            ))  # fmt: skip
        pairs.append((article, events))
    return pairs
