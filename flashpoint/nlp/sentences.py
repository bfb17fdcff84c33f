"""A fast sentence pre-splitter and trigger filter, so spaCy parses only sentences that can hold
an event. Parsing dominates the cost of coding; most news sentences have no trigger word."""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

_BOUNDARY = re.compile(r"""[.!?]["”’')\]]*\s+(?=["“‘(\[]?[A-Z0-9])""")
_PARAGRAPH = re.compile(r"\n\s*\n")
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")


@dataclass(frozen=True)
class SentenceSpan:
    start: int
    end: int


class SentenceFilter:
    """Splits text into sentences by punctuation and paragraph breaks (abbreviation-aware) and
    keeps those containing one of ``surface_forms`` (lower-case word forms of the triggers)."""

    def __init__(self, surface_forms: Iterable[str], abbreviations: Iterable[str]) -> None:
        self.forms = frozenset(surface_forms)
        self.abbreviations = frozenset(a.lower() for a in abbreviations)

    def sentences(self, text: str) -> Iterator[SentenceSpan]:
        pos = 0
        for para in _PARAGRAPH.finditer(text + "\n\n"):
            yield from self._split(text, pos, para.start())
            pos = para.end()

    def _split(self, text: str, start: int, end: int) -> Iterator[SentenceSpan]:
        cur = start
        for m in _BOUNDARY.finditer(text, start, end):
            word = text[max(start, m.start() - 12):m.start()].split()
            last = word[-1].lower().rstrip(".") if word else ""
            if last in self.abbreviations or (len(last) == 1 and last.isalpha()):
                continue  # "U.S.", "Gen.", an initial
            yield from _span(text, cur, m.end())
            cur = m.end()
        yield from _span(text, cur, end)

    def candidates(self, text: str) -> list[SentenceSpan]:
        """Sentences with at least one trigger word form."""
        return [s for s in self.sentences(text)
                if any(w in self.forms for w in _WORD.findall(text[s.start:s.end].lower()))]


def _span(text: str, start: int, end: int) -> Iterator[SentenceSpan]:
    chunk = text[start:end]
    stripped = chunk.strip()
    if stripped:
        lead = len(chunk) - len(chunk.lstrip())
        yield SentenceSpan(start + lead, start + lead + len(stripped))
