"""Language identification behind a small interface, so another detector can plug in later.

The default detector is ``py3langid`` (97 languages, ISO 639-1 codes, model shipped in the
package, loaded on first use). Texts with too few letters to judge get the caller's default.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Protocol

DEFAULT_LANGUAGE = "en"
MIN_LETTERS = 40  # below this many letters a language guess is noise
_MAX_CHARS = 10_000  # a detector sees at most this much of the text


class LanguageDetector(Protocol):
    """Anything that maps a text to an ISO 639-1 code (or ``None`` when it cannot tell)."""

    def detect(self, text: str) -> str | None: ...


class Py3LangidDetector:
    """``py3langid`` with its bundled model, restricted to ``languages`` when given."""

    def __init__(self, languages: list[str] | None = None) -> None:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier

        self._identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=False)
        if languages:
            self._identifier.set_languages(languages)

    def detect(self, text: str) -> str | None:
        code, _score = self._identifier.classify(text)
        return str(code) if code else None


@lru_cache(maxsize=1)
def default_detector() -> LanguageDetector:
    """The shared default detector, built on first use (not at import)."""
    return Py3LangidDetector()


def detect_language(
    text: str, *, detector: LanguageDetector | None = None, default: str = DEFAULT_LANGUAGE
) -> str:
    """ISO 639-1 code of ``text``; ``default`` when the text is too short to judge."""
    sample = text[:_MAX_CHARS]
    if sum(c.isalpha() for c in sample) < MIN_LETTERS:
        return default
    code = (detector or default_detector()).detect(sample)
    return code or default
