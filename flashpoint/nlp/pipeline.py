"""Build the spaCy pipeline once per process: model for the language + our components."""
from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

import flashpoint.nlp.components  # noqa: F401  (registers our factories)
from flashpoint.errors import FlashpointError
from flashpoint.nlp.languages import model_for

# The coder needs tags, lemmas, the parse and entities; nothing else is loaded.
_NOT_NEEDED: tuple[str, ...] = ()


@lru_cache(maxsize=4)
def load_nlp(language: str = "en") -> Language:
    lm = model_for(language)
    try:
        nlp = spacy.load(lm.model, exclude=list(_NOT_NEEDED))
    except OSError as exc:
        raise FlashpointError(
            f"spaCy model '{lm.model}' is not installed; install it with `pip install {lm.package}` "
            "(the project's own install step does this)"
        ) from exc
    nlp.add_pipe("fp_paragraph_breaks", before="parser")
    return nlp
