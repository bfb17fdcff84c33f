"""An event found in a parsed sentence, before its actors, place and date are resolved."""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from flashpoint.coding.lexicon import Sense


@dataclass
class Candidate:
    """Token-level result of the coder: trigger, roles and how the event is asserted."""

    trigger: Token
    sense: Sense
    nominal: bool  # trigger is a noun ("the attack on")
    source: Token | None  # head token of the source phrase
    target: Token | None  # head token of the target phrase
    modality: str  # asserted | reported | future | hypothetical | demanded | negated
    modality_cue: Token | None = None
    passive: bool = False
    instrument_source: bool = False  # source slot held an instrument ("missiles hit ...")
    code: str = ""  # the CAMEO code coded: the sense's, or its intent/refusal form

    def __post_init__(self) -> None:
        if not self.code:
            self.code = self.sense.cameo

    @property
    def sentence(self):  # spaCy Span
        return self.trigger.sent
