"""In-document coreference of actor mentions: pronouns, definite descriptions and surnames.

No spaCy here: callers pass simple facts about a mention (its text, head lemma, whether it is a
pronoun, a gender where known) and :class:`DocMemory` answers from the actors resolved earlier in
the same article. One memory per article; it is cheap (a short list, most recent last).

>>> memory = DocMemory()
>>> memory.remember(Antecedent("Mohammad Javad Zarif", "IRN", "GOV", "javad_zarif",
...                            "Mohammad Javad Zarif", kind="person",
...                            roles=frozenset({"foreign", "minister"})))
>>> memory.pronoun("he").antecedent.actor_id
'javad_zarif'
>>> memory.description("the minister", "minister").antecedent.actor_id
'javad_zarif'
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from flashpoint.resolve._text import tokenize

if TYPE_CHECKING:
    from flashpoint.resolve.actors import ActorResolver, ResolvedActor

__all__ = ["Antecedent", "CorefMatch", "DocMemory", "GROUP_PRONOUNS", "PERSON_PRONOUNS",
           "mention_antecedent", "role_words"]

PERSON_PRONOUNS = {"he": "m", "him": "m", "his": "m", "himself": "m",
                   "she": "f", "her": "f", "hers": "f", "herself": "f"}
GROUP_PRONOUNS = frozenset({"they", "them", "their", "it", "its"})
# Description heads that stand for any earlier person with a public role.
_PERSON_HEADS = frozenset({"official", "leader", "politician", "diplomat", "envoy", "spokesman",
                           "spokeswoman", "spokesperson", "lawmaker", "cleric", "commander",
                           "general", "man", "woman", "ruler", "premier", "monarch", "dictator"})
# Heads that stand for an earlier organisation or group, with the sectors that fit them
# (None: any non-person antecedent).
_GROUP_HEADS: dict[str, frozenset[str] | None] = {
    "group": None, "organization": None, "organisation": None, "movement": None,
    "alliance": None, "bloc": None, "body": None, "agency": None,
    "militia": frozenset({"REB", "MIL", "INS", "UAF"}),
    "militant": frozenset({"REB", "INS", "UAF"}),
    "insurgent": frozenset({"REB", "INS", "UAF"}),
    "rebel": frozenset({"REB", "INS", "UAF"}),
    "military": frozenset({"MIL"}), "army": frozenset({"MIL"}), "force": frozenset({"MIL", "COP"}),
    "government": frozenset({"GOV"}), "administration": frozenset({"GOV"}),
    "regime": frozenset({"GOV"}), "ministry": frozenset({"GOV"}),
    "outlet": frozenset({"MED"}), "newspaper": frozenset({"MED"}),
    "court": frozenset({"JUD"}), "council": None, "country": None, "nation": None,
}
# Role names of the knowledge base -> the words a description may use for them.
_ROLE_WORDS = {
    "president": {"president", "leader", "head"},
    "vice_president": {"vice", "president"},
    "prime_minister": {"prime", "minister", "premier", "leader", "head"},
    "foreign_minister": {"foreign", "minister", "diplomat", "secretary"},
    "defense_minister": {"defense", "defence", "minister", "secretary"},
    "supreme_leader": {"supreme", "leader", "ayatollah", "cleric"},
    "chancellor": {"chancellor", "leader"},
    "king": {"king", "monarch", "ruler"},
    "emir": {"emir", "ruler"},
    "crown_prince": {"crown", "prince", "ruler"},
    "secretary_general": {"secretary", "general", "chief", "head"},
    "director_general": {"director", "general", "chief", "head"},
}

CONF_PRONOUN_SURE, CONF_PRONOUN, CONF_GROUP_PRONOUN = 0.75, 0.55, 0.45
CONF_DESCRIPTION_ROLE, CONF_DESCRIPTION_SECTOR, CONF_SURNAME = 0.7, 0.5, 0.85


def role_words(role: str | None) -> frozenset[str]:
    """The description words that fit a knowledge-base role ("foreign_minister" -> minister ...)."""
    if not role:
        return frozenset()
    return frozenset(_ROLE_WORDS.get(role, set(role.split("_"))))


@dataclass(frozen=True)
class Antecedent:
    """An actor resolved earlier in the article."""

    text: str  # as written
    country: str | None
    sector: str | None
    actor_id: str | None
    name: str | None
    kind: str = "other"  # "person" | "group" | "other"
    gender: str | None = None  # "m" | "f" | None
    roles: frozenset[str] = frozenset()  # words a description may use ("minister", "president")
    confidence: float = 0.0
    position: int = 0  # order of mention in the article
    subject: bool = False  # mentioned as the source (grammatical subject) of an event

    @functools.cached_property  # looked up for every bare name later in the article
    def surname(self) -> str | None:
        toks = tokenize(self.text)
        caps = [t.norm for t in toks if t.capitalised]
        return caps[-1] if self.kind == "person" and len(caps) >= 2 else None


@dataclass(frozen=True)
class CorefMatch:
    antecedent: Antecedent
    confidence: float  # of the link (pronoun/description -> antecedent)
    how: str  # "pronoun" | "description" | "surname"


class DocMemory:
    """The actors of one article in order of mention, and the lookups over them."""

    def __init__(self, window: int = 12) -> None:
        self.window = window  # how many recent mentions a pronoun/description looks back over
        self._items: list[Antecedent] = []

    def __len__(self) -> int:
        return len(self._items)

    def remember(self, antecedent: Antecedent, *, subject: bool | None = None) -> None:
        """Add a resolved mention (most recent last). A mention linked by coreference is
        remembered again, so that it stays the most salient."""
        if subject is not None:
            antecedent = replace(antecedent, subject=subject)
        self._items.append(replace(antecedent, position=len(self._items)))

    def _recent(self) -> list[Antecedent]:
        return self._items[-self.window:][::-1]

    def pronoun(self, text: str, gender: str | None = None) -> CorefMatch | None:
        """"he"/"she"/"his" -> the most recent person of a compatible gender; "they"/"it" -> the
        most recent group or organisation. Confidence is higher when no other candidate is near."""
        word = text.strip().lower()
        if word in PERSON_PRONOUNS:
            gender = gender or PERSON_PRONOUNS[word]
            people = [a for a in self._recent() if a.kind == "person"
                      and (a.gender is None or gender is None or a.gender == gender)]
            if not people:
                return None
            # the latest subject among the nearest people is the most salient ("Erdogan met
            # Putin ... He said" -> Erdogan)
            exact = [p for p in people[:3] if gender is not None and p.gender == gender]
            first = exact[0] if exact else next((p for p in people[:3] if p.subject), people[0])
            rivals = {p.actor_id or p.text for p in people[:3]} - {first.actor_id or first.text}
            conf = CONF_PRONOUN if rivals else CONF_PRONOUN_SURE
            return CorefMatch(first, conf, "pronoun")
        if word in GROUP_PRONOUNS:
            groups = [a for a in self._recent() if a.kind == "group"]
            return CorefMatch(groups[0], CONF_GROUP_PRONOUN, "pronoun") if groups else None
        return None

    def description(self, text: str, head: str) -> CorefMatch | None:
        """A definite description ("the minister", "the foreign minister", "the group") -> the most
        recent antecedent its words fit: knowledge-base role words for people, sector for
        groups. None when nothing earlier fits."""
        head = head.lower()
        words = {t.norm for t in tokenize(text)} - {"the", "this", "that", "these", "those"}
        if head.endswith("s") and head[:-1] in _GROUP_HEADS:
            head = head[:-1]
        for a in self._recent():
            if a.kind == "person":
                if a.roles and head in a.roles and words <= a.roles | _PERSON_HEADS | {head}:
                    return CorefMatch(a, CONF_DESCRIPTION_ROLE, "description")
                if head in _PERSON_HEADS and a.sector is not None and a.roles:
                    return CorefMatch(a, CONF_DESCRIPTION_SECTOR, "description")
            elif head in _GROUP_HEADS and a.kind == "group":
                sectors = _GROUP_HEADS[head]
                if sectors is None or a.sector in sectors:
                    return CorefMatch(a, CONF_DESCRIPTION_SECTOR, "description")
        return None

    def recent_country(self) -> str | None:
        """The country of the latest actor with one ("Lukashenko ... ordered the army": the army
        of Belarus), for a generic actor whose phrase and sentence name no country."""
        for a in self._recent():
            if a.country and len(a.country) == 3 and a.country not in _NONSTATE:
                return a.country
        return None

    def surname(self, text: str) -> CorefMatch | None:
        """A bare surname ("Erdogan", "Smith") -> the person named in full earlier in the article
        with that surname (the latest one)."""
        toks = [t for t in tokenize(text) if t.norm not in ("mr", "mrs", "ms", "dr")]
        if len(toks) != 1 or not toks[0].capitalised:
            return None
        key = toks[0].norm
        for a in self._items[::-1]:
            if a.surname == key:
                return CorefMatch(a, CONF_SURNAME, "surname")
        return None


_NONSTATE = frozenset({"IGO", "UNO", "EUR", "NGO", "IMG", "MNC"})
_GROUP_SECTORS = frozenset({"REB", "INS", "UAF", "MIL", "COP", "SPY", "IGO", "MED", "OPP", "PTY"})


def mention_antecedent(actors: "ActorResolver", text: str, resolved: "ResolvedActor | None", *,
                       when: date | None = None, is_person: bool = False,
                       gender: str | None = None) -> Antecedent:
    """The memory record of a mention just resolved (or not: an unknown person named in full
    still takes the later "he" and the later bare surname)."""
    words = frozenset(t.norm for t in tokenize(text))
    if resolved is None:
        return Antecedent(text, None, None, None, None, "person" if is_person else "other",
                          gender, words)
    entry = actors.actor(resolved.actor_id) if resolved.actor_id else None
    roles = set(words)
    if entry is not None and when is not None:
        role = entry.role_at(when)
        roles |= role_words(role.role if role else None)
    if entry is not None:
        kind = entry.kind if entry.kind == "person" else "group"
    elif is_person:
        kind = "person"
    elif resolved.sector in _GROUP_SECTORS:
        kind = "group"
    else:
        kind = "other"
    return Antecedent(text, resolved.country, resolved.sector, resolved.actor_id, resolved.name,
                      "person" if kind == "person" else kind, gender, frozenset(roles),
                      resolved.confidence)
