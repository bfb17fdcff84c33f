"""Dependency-tree helpers shared by the coder: arguments, phrases, conjuncts."""
from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

SUBJECT_DEPS = {"nsubj", "csubj"}
PASSIVE_SUBJECT_DEPS = {"nsubjpass", "csubjpass"}
OBJECT_DEPS = {"dobj", "obj"}
PREP_DEPS = {"prep", "agent", "prt", "dative"}
# Container nouns whose "of" object is the real thing: "a series of missiles".
QUANTITY_NOUNS = {"series", "barrage", "dozen", "number", "volley", "salvo", "wave", "hail",
                  "couple", "pair", "lot", "string", "spate", "round", "batch", "group", "kind",
                  "succession", "handful", "score", "hundreds", "thousands", "dozens", "tens",
                  "tonne", "ton", "kilogram", "kg", "worth", "package", "shipment", "consignment",
                  "load", "cargo", "million", "billion", "amount", "quantity", "supply"}
# Phrase parts that belong to the actor phrase.
PHRASE_LEFT = {"det", "amod", "compound", "poss", "nummod", "nmod", "quantmod", "case", "advmod",
               "predet", "punct", "flat"}
PHRASE_RIGHT = {"compound", "flat", "case", "appos", "nummod"}
# A common-noun actor located or affiliated by a named place or organisation.
PLACE_OF_ACTOR = {"in", "from", "at", "on"}
NAMED_PLACE_OR_ORG = {"GPE", "ORG", "NORP", "LOC", "FAC"}


def children(tok: Token, deps: set[str]) -> list[Token]:
    return [c for c in tok.children if c.dep_ in deps]


def is_passive(tok: Token) -> bool:
    if any(c.dep_ in {"auxpass", "nsubjpass", "csubjpass"} for c in tok.children):
        return True
    # reduced relative: "the activists arrested by police"
    if tok.tag_ == "VBN" and tok.dep_ == "acl":
        return True
    # a passive conjunct that shares the first one's auxiliary: "one protester was killed and
    # several others wounded" (its subject is who was wounded)
    return (tok.tag_ == "VBN" and tok.dep_ == "conj" and tok.head.i != tok.i
            and not any(c.dep_ in {"aux", "auxpass"} for c in tok.children)
            and any(c.dep_ == "auxpass" for c in tok.head.children))


def prep_objects(tok: Token, prep: str) -> Iterator[Token]:
    """Objects of preposition ``prep`` governed by tok ("fired at X" -> X)."""
    for c in tok.children:
        if c.dep_ in PREP_DEPS and c.lower_ == prep:
            for g in c.children:
                if g.dep_ in {"pobj", "pcomp"}:
                    yield g


def has_prep(tok: Token, preps: frozenset[str]) -> bool:
    return any(c.dep_ in PREP_DEPS and c.lower_ in preps for c in tok.children)


def unwrap_quantity(tok: Token) -> Token:
    """'a series of missiles' -> 'missiles'; 'dozens of people' -> 'people'."""
    seen = 0
    while (tok.lemma_.lower() in QUANTITY_NOUNS or tok.pos_ == "NUM") and seen < 3:
        nxt = next(prep_objects(tok, "of"), None)
        if nxt is None:
            break
        tok = nxt
        seen += 1
    return tok


def direct_object(tok: Token) -> Token | None:
    objs = children(tok, OBJECT_DEPS)
    return unwrap_quantity(objs[0]) if objs else None


def phrase_tokens(head: Token) -> list[Token]:
    """The actor phrase around a head noun: its determiners, modifiers, compounds, possessor,
    appositive and "of" complement ("Iran's foreign minister", "leader of Iran"), without
    relative clauses, conjuncts or other prepositional phrases."""
    keep = [head]
    stack = [head]
    while stack:
        t = stack.pop()
        for c in t.children:
            if c.dep_ in {"relcl", "acl", "conj", "cc", "advcl", "ccomp", "xcomp"}:
                continue
            left = c.i < t.i
            ok = (left and c.dep_ in PHRASE_LEFT) or (not left and c.dep_ in PHRASE_RIGHT)
            if not ok and c.dep_ == "prep" and c.lower_ == "of" and t.pos_ in {"NOUN", "PROPN"}:
                ok = True
            if (not ok and c.dep_ == "prep" and c.lower_ in PLACE_OF_ACTOR and t.i == head.i
                    and head.pos_ == "NOUN" and not _named_modifier(head)
                    and any(g.dep_ == "pobj" and g.ent_type_ in NAMED_PLACE_OR_ORG for g in c.children)):
                ok = True  # "protesters in Hong Kong", "hosts on Fox News", "officials from Kyiv"
            if not ok and c.dep_ == "pobj" and t.dep_ == "prep":
                ok = True
            if ok:
                keep.append(c)
                stack.append(c)
    keep.sort(key=lambda x: x.i)
    # trim punctuation at the edges
    while keep and keep[0].is_punct:
        keep.pop(0)
    while keep and keep[-1].is_punct:
        keep.pop()
    return keep or [head]


def _named_modifier(head: Token) -> bool:
    """"two U.S. bases": the noun already says whose it is."""
    return any(c.i < head.i and c.dep_ in {"compound", "amod", "poss", "nmod"}
               and (c.ent_type_ in NAMED_PLACE_OR_ORG or c.pos_ == "PROPN") for c in head.children)


def clause_verb(tok: Token) -> Token:
    """The verb whose clause contains tok (tok itself for verbs)."""
    t = tok
    while t.pos_ not in {"VERB", "AUX"} and t.head.i != t.i:
        t = t.head
    return t


def governing_verb(tok: Token) -> Token:
    """The nearest verb at or above tok ("stopped short of imposing" -> stopped)."""
    t = tok
    for _ in range(4):
        if t.pos_ in {"VERB", "AUX"} or t.head.i == t.i:
            return t
        t = t.head
    return t


def controller(verb: Token) -> Token | None:
    """Who a control verb acts on: "urged Iran to ...", "called on Iran to ..."."""
    objs = children(verb, OBJECT_DEPS)
    if objs:
        return objs[0]
    for prep in ("on", "upon"):
        t = next(prep_objects(verb, prep), None)
        if t is not None:
            return t
    return None
