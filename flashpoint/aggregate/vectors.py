"""Sentence vectors for evidence similarity: WordLlama's ``l2_supercat`` 256-dimension token
embeddings (``wordllama`` on PyPI, MIT licence; the weights ship inside the wheel and are
loaded from there, never downloaded). A sentence's vector is the normalised average of its
tokens', so "a truck bomb exploded" and "a massive blast" come out near each other though they
share no word. Each sentence is embedded alone (cached), so a similarity does not depend on
which other sentences were embedded with it."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from flashpoint.errors import ResourceError

if TYPE_CHECKING:
    import numpy as np

MODEL = "l2_supercat"
DIM = 256


@lru_cache(maxsize=1)
def _model():  # -> wordllama.inference.WordLlamaInference
    try:
        import wordllama
        from wordllama import WordLlama
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise ResourceError(f"wordllama is not installed ({exc}); pip install wordllama") from exc
    home = Path(wordllama.__file__).parent  # holds weights/ and tokenizers/
    try:
        return WordLlama.load(config=MODEL, dim=DIM, cache_dir=home, disable_download=True)
    except FileNotFoundError as exc:
        raise ResourceError(f"wordllama {MODEL} {DIM}-d weights not in {home}: {exc}") from exc


@lru_cache(maxsize=32_768)  # 1 KB a sentence: at most 32 MB; a miss costs about 0.06 ms
def sentence_vector(text: str) -> np.ndarray:
    """The unit-length vector of one sentence."""
    return _model().embed([text], norm=True)[0]


def cosine(a: str, b: str) -> float:
    """Cosine similarity of two sentences' vectors (1 for the same sentence)."""
    if a == b:
        return 1.0
    return float(sentence_vector(a) @ sentence_vector(b))
