"""Word forms of the lexicon's triggers (inflections from rules + an irregular-verb table), for
the sentence filter that decides what spaCy must parse."""
from __future__ import annotations

import csv
from functools import lru_cache

from flashpoint.coding.lexicon import Lexicon, load_lexicon
from flashpoint.resources import resource_path

VOWELS = set("aeiou")


def inflections(lemma: str) -> set[str]:
    """Regular English inflections of a verb or noun lemma (over-generation is harmless here)."""
    w = lemma.lower()
    forms = {w, w + "s", w + "es", w + "ed", w + "d", w + "ing", w + "'s"}
    if w.endswith("e"):
        forms |= {w[:-1] + "ing", w + "d"}
    if w.endswith("y") and len(w) > 2 and w[-2] not in VOWELS:
        forms |= {w[:-1] + "ies", w[:-1] + "ied"}
    if len(w) >= 3 and w[-1] not in VOWELS | {"w", "x", "y"} and w[-2] in VOWELS and w[-3] not in VOWELS:
        forms |= {w + w[-1] + "ed", w + w[-1] + "ing"}  # ban -> banned, plan -> planning
    return forms


@lru_cache(maxsize=1)
def _irregular() -> dict[str, set[str]]:
    with resource_path("lexicon", "irregular_verbs.csv").open(encoding="utf-8", newline="") as fh:
        return {r["base"]: set(r["forms"].split()) for r in csv.DictReader(fh)}


def trigger_forms(lexicon: Lexicon | None = None) -> frozenset[str]:
    lex = lexicon or load_lexicon()
    irregular = _irregular()
    lemmas = set(lex.verbs) | set(lex.nouns) | set(lex.frames.demand_modals)
    forms: set[str] = set()
    for lemma in lemmas:
        forms |= inflections(lemma)
        forms |= irregular.get(lemma, set())
    return frozenset(forms)


def abbreviations() -> list[str]:
    lines = resource_path("lexicon", "abbreviations.txt").read_text(encoding="utf-8").splitlines()
    return [ln.strip() for ln in lines if ln.strip() and not ln.startswith("#")]


def word_form_index(lemmas: set[str]) -> dict[str, str]:
    """Word form -> lemma for the given verb lemmas (irregular table first, then regular
    inflections; a form claimed by two lemmas keeps the first in sorted order)."""
    irregular = _irregular()
    index: dict[str, str] = {}
    for lemma in sorted(lemmas):
        for form in irregular.get(lemma, set()) | inflections(lemma):
            index.setdefault(form, lemma)
    return index
