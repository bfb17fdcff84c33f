"""Background: events the article tells as earlier context, not as its news.

Syntax first: the event sits under "after / following / since" ("the deadliest attack since the
2018 bombing"; not "hours after", "shortly after": the same news), under "in response to / in
retaliation for / revenge for", is the object of "avenge / follow / answer", or is an adverbial
clause marked "after / since" ("after Israel killed its general, ..."). Then tense: a pluperfect
outside reported speech ("had killed").
Then time: the event's own date lies more than ``STALE_DAYS`` before publication (the end of a
month / year for coarser dates: "last month", "in 2018", "three years ago"; "last week" counts),
except bare weekdays ("on Monday"), which news uses for this week's events. Only events told as
having happened (or not) can be background: future, hypothetical and demanded events cannot.
"""
from __future__ import annotations

import re
from datetime import date, timedelta

from spacy.tokens import Token

from flashpoint.claims._words import ClaimWords, claim_words
from flashpoint.claims.time import period_end

STALE_DAYS = 2
MAX_DEPTH = 8
PAST_DEPS_FROM_NOUN = {"to", "for", "of"}


def background_cue(trigger: Token, *, reported: bool, words: ClaimWords | None = None) -> Token | None:
    """The token that makes the event earlier context (a preposition, noun, verb, mark or the
    pluperfect "had"), or None. ``reported``: the event sits in someone's reported speech,
    where the pluperfect is only back-shifted tense."""
    w = words or claim_words()
    child, t = trigger, trigger
    for _ in range(MAX_DEPTH):
        if t.dep_ in {"advcl", "pcomp"}:  # "after Israel killed", "since taking office"
            mark = next((c for c in t.children if c.dep_ == "mark" and c.lower_ in w.background_marks), None)
            if mark is not None and (_factual_clause(t.head) or _past_by_a_span(t)) and (
                    not same_moment(mark, w)):
                return mark
        if t.head.i == t.i:
            break
        child, t = t, t.head
        lem = t.lemma_.lower()
        if t.dep_ in {"prep", "agent"} or t.pos_ == "ADP":
            if (t.lower_ in w.background_preps and child.dep_ in {"pobj", "pcomp"}
                    and _factual_clause(t.head) and not same_moment(t, w)):
                return t
            if t.lower_ in PAST_DEPS_FROM_NOUN and t.head.lemma_.lower() in w.background_nouns:
                return t.head  # "in response to the strike", "revenge for the killing"
        elif t.pos_ == "VERB" and lem in w.background_verbs and child.dep_ in {"dobj", "obj"}:
            return t  # "to avenge the killing of"
        elif t.pos_ == "VERB" and child.dep_ in {"ccomp", "xcomp", "conj", "parataxis", "nsubj"}:
            break  # a new clause of its own: its context is not ours
    if not reported:
        aux = _pluperfect(trigger)
        if aux is not None:
            return aux
    return None


def same_moment(after: Token, words: ClaimWords | None = None) -> bool:
    """ "hours after", "shortly after": what follows is the same news, not earlier context."""
    w = words or claim_words()
    return after.i > 0 and after.doc[after.i - 1].lower_ in w.same_moment_spans


MODALS = {"may", "might", "could", "would", "will", "shall", "should", "can", "must", "'ll", "wo"}
SPAN_NOUNS = {"year", "month", "week", "day", "decade", "hour"}


def _past_by_a_span(clause: Token) -> bool:
    """A past-tense clause a span of time before its main clause, whatever that clause's mood:
    "(Arnor is about to restore ties) five years after crowds burned down its embassy"."""
    return clause.tag_ == "VBD" and any(
        c.dep_ == "npadvmod" and c.lemma_.lower() in SPAN_NOUNS for c in clause.children)


def _factual_clause(tok: Token) -> bool:
    """The clause an "after ..." phrase hangs on tells something that happened ("Iran struck
    after ..."), so what follows "after" is earlier context; in "the war may be over after a
    night in which Iran fired" the night is the news and the clause a guess."""
    t = tok
    for _ in range(4):
        if t.pos_ in {"VERB", "AUX"} or t.head.i == t.i:
            break
        t = t.head
    if t.pos_ not in {"VERB", "AUX"}:
        return True  # a noun phrase headline ("Strikes on bases after killing of general")
    if any(c.dep_ == "aux" and c.lower_ in MODALS for c in t.children):
        return False
    return t.tag_ != "VB"


def _pluperfect(tok: Token) -> Token | None:
    if tok.tag_ != "VBN":
        return None
    for c in tok.children:
        if c.dep_ == "aux" and c.lower_ in {"had", "'d"}:
            return c
    return None


_WEEKDAY_ONLY = re.compile(r"^(?!.*\b(?:last|(?:19|20)\d\d|\d{1,2})\b).*\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b",
                           re.I)


def stale(event_date: date, precision: str | None, published: date | None, expression: str = "") -> bool:
    """The event's own date ends more than STALE_DAYS before the publish date. A bare weekday
    ("on Monday") is this week's news in any case: news names older days by their date."""
    if published is None or _WEEKDAY_ONLY.search(expression):
        return False
    return period_end(event_date, precision) < published - timedelta(days=STALE_DAYS)
