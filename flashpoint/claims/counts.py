"""Counts of an occurrence and the article's disagreements about them (``contradiction:count``).

An event's counted nouns are its object ("fired at least a dozen missiles"), an instrument
subject ("10 missiles hit"), its target ("at two U.S. bases") and the nouns under a count word
("dozens of protesters"); the count is the number phrase attached to them (``nummod`` and its
subtree: "at least", "about", "a dozen"). Sentences of the article with no event of their own are
scanned for further mentions of the object and instrument nouns with a number ("But while at
least 10 missiles hit ..."): the article's other readings of the occurrence. Targets and victims
are compared between events only: a plain-text "five civilians" may be the wounded, not the
killed.

Each count is a range (:func:`parse_count`, words in ``claims.yaml``): "12" is [12, 12];
"at least 10" [10, ∞); "about 200" [160, 240] (approximate); "nearly 50" [42.5, 50]; "up to 30"
[0, 30]; "a dozen" 12 (a figure); "dozens" [24, 99] (approximate). Two readings of one noun in
one occurrence group (:func:`flashpoint.claims.consistency.occurrence_groups`) are compared:

- ranges that exclude each other ("12 missiles" / "20 missiles", "at least 10" / "about 5"):
  a flag of severity **high**;
- ranges that overlap but give different figures, neither of them approximate ("at least a
  dozen" / "at least 10", "12" / "at least 10"): both can be true, but the article is not
  consistent in what it says: severity **low**;
- the same figure, or an approximate one whose range holds the other ("about 10" / "12",
  "dozens" / "30"): no flag.

The flag (kind ``contradiction:count``, message starting ``[high]`` or ``[low]``) goes on every
event of the group, with the spans of all its readings. No field confidence is lowered: the count
is not a field of the event.
"""
from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Token

from flashpoint.claims._words import CountWords, count_words
from flashpoint.claims.consistency import occurrence_groups
from flashpoint.model import Event, Flag, Span

APPROX_SPREAD, NEAR_SPREAD = 0.2, 0.15
OBJECT_DEPS = {"dobj", "obj"}
_DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})+$|^\d+$")


@dataclass(frozen=True)
class Count:
    low: float
    high: float  # math.inf for "at least N"
    figure: float  # the number as written (12 for "at least a dozen")
    approximate: bool


@dataclass(frozen=True)
class CountReading:
    noun: str  # key of the counted noun (:func:`noun_key`)
    count: Count
    span: Span  # number phrase through the noun, in Article.text


def noun_key(word: str) -> str:
    """Singular-ish key of a counted noun ("missiles" -> "missile", "casualties" -> "casualty")."""
    w = word.lower()
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith("s") and not w.endswith("ss") and len(w) > 3:
        return w[:-1]
    return w


def parse_count(phrase: str, words: CountWords | None = None) -> Count | None:
    """The range a number phrase stands for ("at least a dozen" -> [12, inf)); None when it is
    not one."""
    w = words or count_words()
    text = " ".join(phrase.lower().replace("’", "'").split())
    text = re.sub(r"\s+of$", "", text)
    kind = None
    for q in sorted(w.qualifiers, key=len, reverse=True):
        if text.startswith(q + " "):
            kind, text = w.qualifiers[q], text[len(q) + 1:]
            break
    if text in w.ranges:
        low, high = w.ranges[text]
        figure = (low + high) / 2
        if kind == "lower":
            return Count(low, math.inf, figure, True)
        if kind == "upper":
            return Count(0, high, figure, True)
        return Count(low, high, figure, True)
    if _DIGITS.match(text):
        n = float(text.replace(",", ""))
    elif text in w.numbers:
        n = float(w.numbers[text])
    else:
        return None
    if kind == "lower":
        return Count(n, math.inf, n, False)
    if kind == "upper":
        return Count(0, n, n, False)
    if kind == "near":
        return Count(n * (1 - NEAR_SPREAD), n, n, False)
    if kind == "approximate":
        return Count(n * (1 - APPROX_SPREAD), n * (1 + APPROX_SPREAD), n, True)
    return Count(n, n, n, False)


def severity(a: Count, b: Count) -> str | None:
    """"high", "low" or None for two readings of one count (module doc)."""
    if a.high < b.low or b.high < a.low:
        return "high"
    if a.figure == b.figure or a.approximate or b.approximate:
        return None
    return "low"


# ------------------------------------------------------------------------------ from the parse
def counted_nouns(trigger: Token, target: Token | None, instrument: Token | None) -> list[tuple[Token, bool]]:
    """The nouns whose number the event states, each with whether it is what the actor used
    (object or instrument: "fired 12 missiles", "10 missiles hit") rather than the target or
    victims; the noun under a count word stands for it ("dozens of protesters" -> protesters)."""
    w = count_words()
    out: list[tuple[Token, bool]] = []
    heads = [(c, True) for c in trigger.children if c.dep_ in OBJECT_DEPS]
    heads += [(t, used) for t, used in ((instrument, True), (target, False)) if t is not None]
    for n, used in heads:
        if n.pos_ not in {"NOUN", "PROPN", "NUM"}:
            continue
        if target is not None and n.i == target.i:
            used = False  # "arrested 50 protesters": the object is the target
        if n.lower_ in w.ranges or n.lower_ in {"dozen", "series", "number", "barrage", "salvo", "volley"}:
            of = next((c for c in n.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            inner = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
            if inner is not None:
                out.append((inner, used))
            continue
        if n.pos_ != "NUM" and all(n.i != t.i for t, _ in out):
            out.append((n, used))
    return out


def event_counts(trigger: Token, target: Token | None, instrument: Token | None, base: int,
                 text: str) -> tuple[set[str], list[CountReading]]:
    """The keys of the nouns the event's actor used (objects, instruments: their other mentions
    in the article are looked up in the plain text), and the readings of all its counted nouns
    with a number phrase (spans offset by ``base`` into ``text``, the article text)."""
    w = count_words()
    keys: set[str] = set()
    readings: list[CountReading] = []
    for noun, used in counted_nouns(trigger, target, instrument):
        key = noun_key(noun.text)
        if used:
            keys.add(key)
        phrase = _number_phrase(noun, w)
        if phrase is None:
            continue
        start_tok, end_tok = phrase
        doc = noun.doc
        count = parse_count(doc.text[start_tok.idx:end_tok.idx + len(end_tok)], w)
        if count is None:
            continue
        start, end = base + start_tok.idx, base + noun.idx + len(noun)
        readings.append(CountReading(key, count, Span(start, end, text[start:end])))
    return keys, readings


def _number_phrase(noun: Token, w: CountWords) -> tuple[Token, Token] | None:
    """First and last token of the number phrase of a counted noun: its ``nummod`` subtree
    ("at least a dozen"), or the count word above it ("dozens of" protesters)."""
    num = next((c for c in noun.children if c.dep_ == "nummod"), None)
    if num is not None:
        toks = sorted(num.subtree, key=lambda t: t.i)
        first = toks[0]
        if first.i > 0 and noun.doc[first.i - 1].lower_ == "a" and noun.doc[first.i - 1].head in (noun, num):
            first = noun.doc[first.i - 1]  # "a dozen": the article is the noun's det
        return first, toks[-1]
    of = noun.head if noun.dep_ == "pobj" else None
    above = of.head if of is not None and of.lower_ == "of" else None
    if above is not None and (above.lower_ in w.ranges or above.lower_ == "dozen"):
        toks = sorted((t for t in above.subtree if t.i <= above.i), key=lambda t: t.i)
        return toks[0], above
    return None


# ------------------------------------------------------------------------ from the plain text
@lru_cache(maxsize=256)
def _mention_pattern(key: str) -> re.Pattern[str]:
    w = count_words()
    quals = "|".join(re.escape(q) for q in sorted(w.qualifiers, key=len, reverse=True))
    nums = "|".join(re.escape(n) for n in sorted({*w.numbers, *w.ranges}, key=len, reverse=True))
    stem = re.escape(key[:-1]) + "(?:y|ies)" if key.endswith("y") else re.escape(key) + "s?"
    return re.compile(
        rf"\b(?P<phrase>(?:(?:{quals})\s+)?(?:\d{{1,3}}(?:,\d{{3}})+|\d+|{nums}))(?:\s+of)?"
        rf"\s+(?:[A-Za-z][\w.'’-]*\s+){{0,2}}?{stem}\b", re.I)


def text_counts(text: str, key: str, outside: Sequence[tuple[int, int]]) -> list[CountReading]:
    """Mentions of the noun ``key`` with a number in ``text``, outside the given spans (the
    sentences that hold events: their counts are read from the parse)."""
    out: list[CountReading] = []
    for m in _mention_pattern(key).finditer(text):
        if any(s <= m.start() < e for s, e in outside):
            continue
        count = parse_count(m.group("phrase"))
        if count is not None:
            out.append(CountReading(key, count, Span(m.start(), m.end(), m.group(0))))
    return out


# ------------------------------------------------------------------------------------- flags
def count_flags(events: Sequence[Event], nouns: Sequence[set[str]], readings: Sequence[list[CountReading]],
                text: str) -> int:
    """Flag count disagreements among the readings of each occurrence (module doc), in place.
    ``nouns[i]`` / ``readings[i]``: the keys of the nouns ``events[i]``'s actor used (looked up in
    the plain text too) and its count readings;
    ``text``: the article text. Returns the number of flags added."""
    index = {id(e): i for i, e in enumerate(events)}
    sentences = [(e.evidence.start, e.evidence.end) for e in events]
    added = 0
    for group in occurrence_groups(events, singletons=True):
        members = [index[id(e)] for e in group]
        scan = set().union(*(nouns[i] for i in members))
        for key in sorted(scan | {r.noun for i in members for r in readings[i]}):
            found = [r for i in members for r in readings[i] if r.noun == key]
            if key in scan:
                found += text_counts(text, key, sentences)
            found = list({r.span.start: r for r in found}.values())
            worst = None
            for a in range(len(found)):
                for b in range(a + 1, len(found)):
                    s = severity(found[a].count, found[b].count)
                    if s == "high" or (s == "low" and worst is None):
                        worst = s
            if worst is None:
                continue
            found.sort(key=lambda r: r.span.start)
            described = ", ".join(f"'{r.span.text}'" for r in found)
            how = ("they exclude each other" if worst == "high"
                   else "they can all hold, but the figures differ")
            message = (f"[{worst}] the article gives different counts of '{key}' for this "
                       f"{group[0].event_type} event: {described} ({how})")
            for e in group:
                e.flags.append(Flag(kind="contradiction:count", message=message,
                                    spans=[r.span for r in found]))
                added += 1
    return added
