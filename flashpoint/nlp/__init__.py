"""spaCy layer: the model for a language and flashpoint's registered components."""
from flashpoint.nlp.pipeline import load_nlp

__all__ = ["load_nlp"]
