"""Lexical similarity of evidence sentences: rarity-weighted Jaccard over content words (the measure
the linker uses; a word's weight is its information content in general text, from ``wordfreq``, so
"Kuriga", "Moskva" or "theatre" count for more than "missiles" or "attack"), and the rare
capitalised words (names) the linker also searches by."""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache

_WORD = re.compile(r"[a-z][a-z0-9']+")  # hyphens split: "al-Asad" -> "al", "asad"
_SUFFIXES = ("ings", "ing", "ied", "ies", "ed", "es", "s")


def stem(word: str) -> str:
    """A crude suffix stripper: "strikes"/"struck" stay apart, "fired"/"fires"/"firing" meet."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


_NAME = re.compile(r"(?<![\w'])([A-Z][\w']*(?:-[\w']+)*)")  # "Yo-jong", "al-Asad" (no capital)
# A capitalised word counts as a name only when it is rare as a word: "Kuriga", "Moskva",
# "Zahedi", not "President", "White House", "Sea" (Zipf frequency in wordfreq below the first
# limit; the first word of a sentence, capitalised anyway, below the second: "Bazoum", not
# "Gunmen"). Famous names ("Biden") are common words by this measure: the actor dictionary, not
# the name, tells those reports apart.
NAME_MAX_ZIPF = 4.5
INITIAL_NAME_MAX_ZIPF = 3.0


def name_tokens(text: str, stopwords: Iterable[str], common: Iterable[str],
                language: str = "en") -> frozenset[str]:
    """Stemmed rare words written with a capital letter (hyphenated parts apart: "Yo-jong" ->
    "jong"): names of places, people, units, ships ("Kharkiv", "Moskva", "Soleimani"), less
    stopwords and ``common`` names (countries and their demonyms, which every report of a dyad
    shares)."""
    stop = stopwords if isinstance(stopwords, (set, frozenset)) else set(stopwords)
    skip = common if isinstance(common, (set, frozenset)) else set(common)
    out = set()
    for m in _NAME.finditer(text):
        limit = INITIAL_NAME_MAX_ZIPF if m.start() == 0 else NAME_MAX_ZIPF
        for part in m.group(1).split("-"):
            w = _name_word(part.lower(), stop, skip, limit, language)
            if w is not None:
                out.add(w)
    return frozenset(out)


def _name_word(word: str, stop: set[str] | frozenset[str], skip: set[str] | frozenset[str],
               limit: float, language: str) -> str | None:
    """The stem of a lower-cased word of a name, where it is one: longer than two letters, no
    stopword, no country or demonym, rarer than Zipf ``limit``; else None."""
    w = word.strip("'").removesuffix("'s")
    if len(w) > 2 and w not in stop and w not in skip and (
            ZIPF_CEILING - word_weight(w, language) < limit):
        return stem(w)
    return None


def site_tokens(text: str, pattern: re.Pattern[str] | None, stopwords: Iterable[str],
                common: Iterable[str]) -> frozenset[str]:
    """Stemmed words of the names a sentence gives the sites it tells of: the capitalised words
    before a site noun ("the Taj Mahal hotel", "the Leopold Cafe", "the Bataclan concert hall"
    -> "taj", "mahal", "leopold", "bataclan"), less stopwords, ``common`` names (countries and
    demonyms: "the Turkish consulate" names no site), common words ("Police headquarters") and
    whose site it is ("Cairo's Ramses Square", "the Hezbollah-run station"). ``pattern``
    (settings.site_pattern) captures the name (group 1) and a lower-case word between it and
    the site noun (group 2)."""
    if pattern is None:
        return frozenset()
    stop = stopwords if isinstance(stopwords, (set, frozenset)) else set(stopwords)
    skip = common if isinstance(common, (set, frozenset)) else set(common)
    out = set()
    for m in pattern.finditer(text):
        tokens = m.group(1).split()
        # the possessive of the last name word is the site's own only right before its noun:
        # "St Anthony's Shrine", not "Beirut's international airport"
        owned = len(tokens) if m.group(2) else len(tokens) - 1
        for i, token in enumerate(tokens):
            if (token.endswith(("'s", "\u2019s")) and i < owned) or _DESCRIBED.search(token):
                continue  # whose site: "Cairo's Ramses Square", "the Hezbollah-run station"
            for w in _WORD.findall(token.lower()):  # not "Police", "National": common words
                w = _name_word(w, stop, skip, NAME_MAX_ZIPF, "en")
                if w is not None:
                    out.add(w)
    return frozenset(out)


_DESCRIBED = re.compile(r"-[a-z]")  # "Hezbollah-run", "Israeli-owned": a description


# information content of a word, from its Zipf frequency (log10 per billion words): "the" 7.7,
# "missiles" 4.0, a village's name 0. Weight = ZIPF_CEILING - zipf, at least MIN_WEIGHT.
ZIPF_CEILING = 7.0
MIN_WEIGHT = 0.5


@lru_cache(maxsize=200_000)
def word_weight(word: str, language: str = "en") -> float:
    """How much sharing ``word`` (lower case, unstemmed) says: rarer words weigh more."""
    from wordfreq import zipf_frequency  # loads its frequency table on first use

    return max(MIN_WEIGHT, ZIPF_CEILING - zipf_frequency(word, language))


def weighted_tokens(text: str, stopwords: Iterable[str], language: str = "en",
                    number_weight: float = 0.0,
                    synonyms: Mapping[str, str] | None = None) -> dict[str, float]:
    """Stemmed content words of ``text`` -> weight (the highest of the surface forms; a word of
    a ``synonyms`` group under the group's first word), and the counts it gives
    (``number_tokens``) -> ``number_weight`` where that is set."""
    stop = stopwords if isinstance(stopwords, (set, frozenset)) else set(stopwords)
    same = synonyms or {}
    out: dict[str, float] = {}
    for w in _WORD.findall(text.lower()):
        w = w.strip("'").removesuffix("'s")
        if len(w) < 2 or w in stop:
            continue
        key = stem(w)
        key = same.get(key, key)
        out[key] = max(out.get(key, 0.0), word_weight(w, language))
    if number_weight:
        for n in number_tokens(text):
            out[n] = number_weight
    return out


_NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty".split())}
_MONTH_WORDS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_COUNT = re.compile(r"(?<![\w.,/-])(\d{1,3}(?:,\d{3})*|\d+|[a-z]+)(?![\w/-]|\.\d|,\d)")


def number_tokens(text: str) -> set[str]:
    """Counts a sentence gives ("27 people", "six members", "200,000 residents") as tokens
    "#27", "#6", "#200000": two reports of one occurrence often give the same toll. Not "one",
    not years (1900-2099), not a day of a month ("13 June", "June 13")."""
    low = text.lower()
    out = set()
    for m in _COUNT.finditer(low):
        tok = m.group(1)
        if tok.isalpha():
            if tok not in _NUMBER_WORDS:
                continue
            n = _NUMBER_WORDS[tok]
        else:
            n = int(tok.replace(",", ""))
            if 1900 <= n <= 2099:
                continue
            after = low[m.end():m.end() + 12].split()[:1]
            before = low[max(0, m.start() - 12):m.start()].split()[-1:]
            if any(w[:3] in _MONTH_WORDS for w in after + before):
                continue
        if n >= 2:
            out.add(f"#{n}")
    return out


def weighted_jaccard(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """Weight of the shared words over the weight of all words of both texts (a word's weight
    may differ between the texts, by its surface form: the smaller counts as shared, the larger
    in the total, so the measure is symmetric)."""
    if not a or not b:
        return 0.0
    shared = sum(min(a[k], b[k]) for k in a.keys() & b.keys())
    total = sum(a.values()) + sum(b.values()) - shared
    return shared / total if total else 0.0

