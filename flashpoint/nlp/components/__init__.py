"""spaCy components registered as factories (importing this package registers them)."""
from flashpoint.nlp.components.paragraphs import paragraph_breaks

__all__ = ["paragraph_breaks"]
