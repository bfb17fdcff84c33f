"""Pronoun speakers of attribution chains ("He announced that ...", "They said ...").

The assembler resolves pronouns that are an event's own source as it goes; a pronoun that only
speaks (the event sits in its complement) is resolved here, after the article's events are
built, with the same coreference memory (:class:`flashpoint.resolve.coref.DocMemory`) replayed
up to the pronoun: the actors named before it (event sources and targets, named speakers),
in text order, so that "he" takes the latest fitting person before it, not the article's last.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date

from spacy.tokens import Token

from flashpoint.model import Actor, Span
from flashpoint.resolve import ActorResolver
from flashpoint.resolve.actors import ResolvedActor
from flashpoint.resolve.coref import Antecedent, DocMemory, mention_antecedent

SPEAKER_PRONOUNS = {"he", "she", "they", "it"}


class SpeakerMemory:
    """The actor mentions of one article with their offsets in ``Article.text``."""

    def __init__(self, actors: ActorResolver) -> None:
        self.actors = actors
        self._mentions: list[tuple[int, Antecedent]] = []

    def add(self, actor: Actor | None, token: Token | None, when: date | None, *, subject: bool) -> None:
        """Remember a mention (an actor with a span; ``token``: its head, for person-ness;
        ``subject``: it is an event's source or a speaker, the most salient for a later "he")."""
        if actor is None or actor.span is None or not actor.text:
            return
        is_person = token is not None and (token.ent_type_ == "PERSON" or any(
            t.ent_type_ == "PERSON" for t in token.subtree))
        if token is not None and token.pos_ == "PRON" and actor.actor_id is None:
            return  # an unresolved pronoun adds nothing
        resolved = None
        if actor.resolved:
            resolved = ResolvedActor(actor.country, actor.sector, actor.actor_id, actor.name,
                                     actor.confidence, actor.text)
        elif not is_person:
            return
        antecedent = mention_antecedent(self.actors, actor.text, resolved, when=when, is_person=is_person)
        self._mentions.append((actor.span.start, replace(antecedent, subject=subject)))

    def speaker(self, pronoun: Token, span: Span) -> Actor | None:
        """The actor a speaker pronoun at ``span`` stands for, from the mentions before it."""
        word = pronoun.lower_
        if word not in SPEAKER_PRONOUNS or pronoun.pos_ != "PRON":
            return None
        memory = DocMemory()
        for start, antecedent in sorted(self._mentions, key=lambda m: m[0]):
            if start >= span.start:
                break
            memory.remember(antecedent)
        gender = {"Masc": "m", "Fem": "f"}.get(next(iter(pronoun.morph.get("Gender")), ""))
        link = memory.pronoun(word, gender)
        if link is None:
            return None
        a = link.antecedent
        return Actor(text=span.text, country=a.country, sector=a.sector, actor_id=a.actor_id,
                     name=a.name or a.text, span=span,
                     resolved=a.country is not None or a.actor_id is not None,
                     confidence=round(min(link.confidence, a.confidence or 1.0), 3))
