"""The event's own time: date expressions attached to its clause, resolved against the article's
publish date (``flashpoint.resolve.dates.resolve_date``).

Looks at DATE/TIME entities whose head chain reaches the trigger (or, for a noun that is the
object of a light verb, that verb), and at time adverbials spaCy leaves untagged ("overnight",
"later in the evening", "three years ago"). The sentence's other dates (those of the main clause
when the event is a noun inside "in response to the strike") are not the event's.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from spacy.tokens import Token

from flashpoint.resolve.dates import ResolvedDate, resolve_date

TIME_ENTS = {"DATE", "TIME"}
ADVERBIAL_DEPS = {"npadvmod", "advmod", "prep", "tmod", "obl:tmod", "nmod", "amod", "compound", "nummod"}
# A phrase worth handing to the date resolver (keeps dateparser off "at two bases").
_TIMEY = re.compile(
    r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|"
    r"may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|"
    r"sept|oct|nov|dec|morning|afternoon|evening|night|overnight|dawn|noon|midnight|yesterday|"
    r"today|tonight|week|weekend|month|year|ago|(?:19|20)\d\d)\b", re.I)
MAX_PHRASE_TOKENS = 7
PRECISION_RANK = {"part-of-day": 0, "day": 1, "week": 2, "month": 3, "year": 4}


@dataclass(frozen=True)
class EventTime:
    resolved: ResolvedDate
    start: int  # char offsets of the expression in the parsed doc
    end: int
    text: str


def date_anchors(trigger: Token, nominal: bool) -> list[Token]:
    """Tokens whose time modifiers date the event: the trigger, and for a noun object of a verb
    ("launched an attack on Tuesday") that verb."""
    anchors = [trigger]
    if nominal and trigger.dep_ in {"dobj", "obj"} and trigger.head.pos_ in {"VERB", "AUX"}:
        anchors.append(trigger.head)
    return anchors


def event_time(trigger: Token, nominal: bool, published: date | None) -> EventTime | None:
    """The first date expression attached to the event that resolves (most precise first when
    several do)."""
    anchors = date_anchors(trigger, nominal)
    found: list[EventTime] = []
    doc = trigger.doc
    for start, end, roots in _time_phrases(trigger):
        if not any(_attached(r, anchors) for r in roots):
            continue
        text = doc.text[start:end]
        r = resolve_date(text, published)
        if r is not None:
            found.append(EventTime(r, start, end, text))
    if not found:
        for anchor in anchors:
            for c in anchor.children:
                if c.dep_ not in ADVERBIAL_DEPS or c.ent_type_ in TIME_ENTS:
                    continue
                toks = list(c.subtree)
                if len(toks) > MAX_PHRASE_TOKENS:
                    continue
                text = trigger.doc.text[toks[0].idx:toks[-1].idx + len(toks[-1])]
                if not _TIMEY.search(text):
                    continue
                r = resolve_date(text, published)
                if r is not None:
                    found.append(EventTime(r, toks[0].idx, toks[-1].idx + len(toks[-1]), text))
    if not found:
        return None
    found.sort(key=lambda t: PRECISION_RANK.get(t.resolved.precision, 9))
    return found[0]


def _time_phrases(trigger: Token) -> list[tuple[int, int, list[Token]]]:
    """DATE/TIME entities of the sentence, adjacent ones joined ("Monday" + "morning")."""
    out: list[tuple[int, int, list[Token]]] = []
    last_end = -1
    for ent in trigger.sent.ents:
        if ent.label_ not in TIME_ENTS:
            continue
        if out and ent.start == last_end:
            start, _, roots = out[-1]
            out[-1] = (start, ent.end_char, roots + [ent.root])
        else:
            out.append((ent.start_char, ent.end_char, [ent.root]))
        last_end = ent.end
    return out


def _attached(root: Token, anchors: list[Token]) -> bool:
    t = root
    for _ in range(3):
        if t in anchors:
            return True
        if t.head.i == t.i:
            return False
        t = t.head
    return t in anchors


def period_end(d: date, precision: str | None) -> date:
    """Last day of the period a date of this precision stands for (a week is dated by the day
    it was counted back to: "last week" is seven days before publication)."""
    if precision == "month":
        nxt = (d.replace(day=28) + timedelta(days=4)).replace(day=1)
        return nxt - timedelta(days=1)
    if precision == "year":
        return date(d.year, 12, 31)
    return d
