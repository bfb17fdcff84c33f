"""Sentence and word vectors for evidence similarity: WordLlama's ``l2_supercat`` 256-dimension
token embeddings (``wordllama`` on PyPI, MIT licence; the weights ship inside the wheel and are
loaded from there, never downloaded). A sentence's vector is the normalised average of its
tokens', so "a truck bomb exploded" and "a massive blast" come out near each other though they
share no word; a word's vector lets two reports' words match where they are near ("blast" /
"explosion", "killed" / "died": :func:`soft_weighted_jaccard`). Each text is embedded alone
(cached), so a similarity does not depend on which other texts were embedded with it."""
from __future__ import annotations

from collections.abc import Mapping
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


@lru_cache(maxsize=16_384)  # 1 KB a word: at most 16 MB
def word_vector(word: str) -> np.ndarray:
    """The unit-length vector of one word (or word stem, as evidence weights key them)."""
    return _model().embed([word], norm=True)[0]


@lru_cache(maxsize=4_096)  # a report's words, about 15 KB: at most 64 MB
def _word_matrix(words: tuple[str, ...]) -> np.ndarray:
    """The vectors of a report's words, one row each (a count's row is zero: it matches only
    the same count)."""
    import numpy as np

    return np.stack([np.zeros(DIM, dtype=np.float32) if w.startswith("#") else word_vector(w)
                     for w in words])


def soft_weighted_jaccard(a: Mapping[str, float], b: Mapping[str, float],
                          min_cosine: float) -> float:
    """Rarity-weighted Jaccard (similarity.weighted_jaccard) in which a word of one text that
    the other lacks still counts as shared, times their cosine, where the other's nearest word
    is at least ``min_cosine`` near ("blast" / "explosion"). Each text's words are matched to
    the other's and the smaller of the two shared weights counts, so the measure is symmetric
    and one common word cannot stand for many. Counts ("#27") match only exactly."""
    if not a or not b:
        return 0.0
    ka, kb = tuple(a), tuple(b)
    near = _word_matrix(ka) @ _word_matrix(kb).T
    exact = sum(min(a[k], b[k]) for k in a.keys() & b.keys())
    shared = exact + min(
        _near_weight(a, b, ka, kb, near.argmax(axis=1).tolist(), near.max(axis=1).tolist(),
                     min_cosine),
        _near_weight(b, a, kb, ka, near.argmax(axis=0).tolist(), near.max(axis=0).tolist(),
                     min_cosine))
    total = sum(a.values()) + sum(b.values()) - shared
    return shared / total if total else 0.0


def _near_weight(a: Mapping[str, float], b: Mapping[str, float], ka: tuple[str, ...],
                 kb: tuple[str, ...], nearest: list[int], cos: list[float],
                 min_cosine: float) -> float:
    """Weight of ``a``'s words not in ``b`` whose nearest word there (``nearest``, at cosine
    ``cos``) is at least ``min_cosine`` near, each times that cosine and the smaller weight."""
    out = 0.0
    for k, j, c in zip(ka, nearest, cos):
        if c >= min_cosine and k not in b:
            out += c * min(a[k], b[kb[j]])
    return out
