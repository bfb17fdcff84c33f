"""Tokenising and normalising actor phrases and place names (no spaCy).

Every dictionary alias and every input phrase goes through the same functions, so that matching
is case-, diacritic- and punctuation-insensitive: "U.S." == "US" == "u.s.", "Iran's" == "Iran",
"al-Assad" == "al Assad", "Erdoğan" == "Erdogan".
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

_TOKEN = re.compile(r"(?:[^\W\d_]\.){2,}|[^\W_]+(?:['’][^\W_]+)*['’]?", re.UNICODE)
_VOWELS = set("aeiouy")
# Arabic article tokens dropped from the phonetic key ("al-Assad" == "Assad").
_ARTICLES = frozenset({"al", "el", "ul"})


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str  # as written
    norm: str  # folded: lower case, no diacritics, no dots/apostrophes, possessive 's dropped
    possessive: bool

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()

    @property
    def all_caps(self) -> bool:
        """Written in capitals, a possessive ending aside ("IRGC's", "UN’s")."""
        text = self.text
        if self.possessive:
            text = text.rstrip("sS").rstrip("'’")
        letters = [c for c in text if c.isalpha()]
        return bool(letters) and all(c.isupper() for c in letters)


def fold(text: str) -> str:
    """Lower case without diacritics ("Erdoğan" -> "erdogan")."""
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch)).lower()


@functools.lru_cache(maxsize=65_536)  # news repeats its words: fold each distinct one once
def _norm_token(raw: str) -> tuple[str, bool]:
    t = fold(raw).replace("’", "'")
    possessive = False
    if t.endswith("'s"):
        t, possessive = t[:-2], True
    elif t.endswith("'"):
        t, possessive = t[:-1], True
    return t.replace(".", "").replace("'", ""), possessive


def tokenize(text: str) -> list[Token]:
    """The tokens of a phrase or text (a new list; the tokens themselves are immutable)."""
    if len(text) <= 200:  # phrases recur (actor phrases, names): memoized
        return list(_tokenize_short(text))
    return _tokenize(text)


def _tokenize(text: str) -> list[Token]:
    out = []
    for m in _TOKEN.finditer(text):
        norm, poss = _norm_token(m.group())
        if norm:
            out.append(Token(m.start(), m.end(), m.group(), norm, poss))
    return out


@functools.lru_cache(maxsize=8_192)  # bounded: ~30 tokens an entry, a few tens of MB at most
def _tokenize_short(text: str) -> tuple[Token, ...]:
    return tuple(_tokenize(text))


def key_of(text: str) -> str:
    """The lookup key of an alias: its normalised tokens joined by single spaces, with a leading
    "the" dropped ("the White House" -> "white house")."""
    toks = [t.norm for t in tokenize(text)]
    if len(toks) > 1 and toks[0] == "the":
        toks = toks[1:]
    return " ".join(toks)


def phonetic_token(tok: str) -> str:
    """A spelling-variant-tolerant key for one name token: q/k, gh/k, kh/k, ph/f, dh/d, doubled
    letters collapsed, vowels after the first letter dropped ("Qassim" and "Kasem" -> "ksm";
    "Suleimani", "Soleimani" and "Sulaimani" -> "slmn")."""
    t = tok.replace("ph", "f").replace("gh", "k").replace("kh", "k").replace("dh", "d")
    t = t.replace("q", "k").replace("ck", "k")
    t = re.sub(r"(.)\1+", r"\1", t)
    if not t:
        return t
    return t[0] + "".join(c for c in t[1:] if c not in _VOWELS)


def phonetic_key(norm_tokens: list[str] | tuple[str, ...]) -> str:
    toks = [phonetic_token(t) for t in norm_tokens if t not in _ARTICLES and t != "the"]
    return " ".join(t for t in toks if t)


def plural_forms(lemma: str) -> list[str]:
    """Regular English plurals of the last word of a (possibly multi-word) noun."""
    head, _, last = lemma.rpartition(" ")
    prefix = head + " " if head else ""
    forms = []
    if last.endswith("man"):
        forms.append(last[:-3] + "men")
    if re.search(r"[^aeiou]y$", last):
        forms.append(last[:-1] + "ies")
    elif re.search(r"(s|x|z|ch|sh)$", last):
        forms.append(last + "es")
    else:
        forms.append(last + "s")
    return [prefix + f for f in forms]
