"""Actor resolution: a phrase as written -> country + sector + dictionary actor.

Indexes are plain dicts keyed by normalised n-grams (see ``_text``); ``resolve`` looks up every
n-gram of the phrase once, so its cost depends on the phrase length, not on the dictionary size.
"""
from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from flashpoint.errors import ResourceError
from flashpoint.resolve import _kb
from flashpoint.resolve._text import Token, key_of, phonetic_key, plural_forms, tokenize
from flashpoint.resources import resource_path

__all__ = ["ActorResolver", "ResolvedActor", "validate_overlay"]

_PRONOUNS = frozenset(
    "he she it they we i you him her them us me his its their our who whom which that this these "
    "those one someone somebody anyone everyone nobody".split())
# Words that make a country word name a sponsor, not the actor: "U.S.-backed Iraqi forces".
_SPONSOR = frozenset({"backed", "led", "supported", "funded", "sponsored", "allied", "trained",
                      "armed", "aligned", "installed", "brokered", "made"})
# A country word after these prepositions names a counterpart, not the actor ("envoy to Iran").
_COUNTERPART = frozenset({"to", "against", "toward", "towards", "with", "at", "on", "into", "versus"})
_FORMER = frozenset({"former", "ex", "late", "then"})
# Name parts that make a two-word surname in Arabic names ("Adel Abdul Mahdi" -> "Abdul Mahdi").
_NAME_PARTICLES = frozenset({"abdul", "abdel", "abd", "abdol", "abu", "bin", "ibn"})
# Words joining coordinated country words ("Chinese and Indian soldiers": the first is the source).
_COORD = frozenset({"and", "or", "&"})

# Confidence of each rule (documented in the report / README).
CONF_ENTITY, CONF_ENTITY_ACRONYM, CONF_PHONETIC, CONF_SURNAME = 0.95, 0.9, 0.85, 0.8
CONF_ROLE_PERSON, CONF_COUNTRY_SECTOR, CONF_COUNTRY = 0.8, 0.9, 0.85
CONF_CONTEXT_SECTOR, CONF_SECTOR_ONLY = 0.6, 0.4


@dataclass(frozen=True)
class ResolvedActor:
    country: str | None
    sector: str | None
    actor_id: str | None
    name: str | None
    confidence: float
    matched: str  # the alias/words of the phrase that matched
    group: str | None = None  # CAMEO known-group code of a matched organisation, where it has one


@dataclass(frozen=True)
class _Alias:
    """An index value: what an alias key stands for."""

    kind: str  # "entity" | "country" | "metonym"
    target: str  # entity id or ISO3
    sector: str | None = None  # for metonyms
    acronym: bool = False  # matches only when written in capitals ("US", "UN")


@dataclass(frozen=True)
class _Match:
    start: int  # token index
    end: int  # token index, exclusive
    how: str  # "exact" | "phonetic" | "surname"
    alias: _Alias
    rank: int  # higher wins among equal-length matches


def _is_head(norm: str, head_key: str | None) -> bool:
    """Whether a token (normalised) is the phrase head given as a lemma ("supporters"/"supporter")."""
    return head_key is not None and (norm == head_key or norm in plural_forms(head_key))


def _is_acronym(alias: str) -> bool:
    letters = [c for c in alias if c.isalpha()]
    return 0 < len(letters) <= 5 and all(c.isupper() for c in letters) and " " not in alias.strip()


class ActorResolver:
    """Resolve actor phrases against the knowledge base in ``flashpoint/resources/actors/``."""

    def __init__(self, entries: list[_kb.ActorEntry], countries: dict[str, _kb.CountryRecord],
                 version: str) -> None:
        self.version = version
        self.entries = {e.id: e for e in entries}
        self.countries = countries
        self._exact: dict[str, list[_Alias]] = defaultdict(list)
        self._phonetic: dict[str, list[_Alias]] = defaultdict(list)
        self._surname: dict[str, list[_Alias]] = defaultdict(list)
        self._countries: dict[str, _Alias] = {}
        self._roles: dict[tuple[str, str], list[tuple[_kb.Role, str]]] = defaultdict(list)
        nouns, roles, titles = _kb.load_sectors()
        self._sector_nouns = {key_of(k): v for k, v in nouns.items()}
        self._role_aliases = {key_of(k): v for k, v in roles.items()}
        self._titles = {key_of(k): v for k, v in titles.items()}
        self._namesake_heads = frozenset(key_of(h) for h in _kb.load_namesake_heads())
        self._build_country_index()
        self._build_entity_index()
        self._country_firsts = frozenset(k.split(" ", 1)[0] for k in self._countries)
        self._country_max_n = max(len(k.split()) for k in self._countries)
        self._found: dict[str, tuple[tuple[int, int, str], ...]] = {}
        self._us_states = _kb.us_state_keys()
        self._max_n = max(len(k.split()) for k in (*self._exact, *self._countries,
                                                   *self._sector_nouns))

    # ------------------------------------------------------------------ construction
    @classmethod
    def load(cls, overlay: Path | None = None) -> "ActorResolver":
        """The resolver over the packaged KB, plus a user overlay (same format as
        ``people_orgs.yaml``; an entry with an existing id replaces it). Cached per overlay file."""
        if overlay is None:
            return _load_cached(None, 0)
        path = Path(overlay).resolve()
        if not path.is_file():
            raise ResourceError(f"{overlay}: actor overlay file not found")
        return _load_cached(str(path), path.stat().st_mtime_ns)

    def _add_country_alias(self, alias: str, value: _Alias) -> None:
        key = key_of(alias)
        if key:
            self._countries[key] = value

    def _build_country_index(self) -> None:
        # generated first, curated extras last so they win on conflict
        for c in sorted(self.countries.values(), key=lambda c: c.population):
            for n in c.names:
                self._add_country_alias(n, _Alias("country", c.iso3, acronym=_is_acronym(n)))
            for d in c.demonyms:
                self._add_country_alias(d, _Alias("country", c.iso3, acronym=_is_acronym(d)))
            # a capital stands for the government; small capitals ("Victoria", "Male") are too
            # often something else to count as metonyms
            if c.capital and c.population >= 1_000_000:
                self._add_country_alias(c.capital, _Alias("metonym", c.iso3, "GOV"))
        for c in self.countries.values():
            for alias, sector in c.metonyms.items():
                self._add_country_alias(alias, _Alias("metonym", c.iso3, sector, _is_acronym(alias)))

    def _build_entity_index(self) -> None:
        stop = set(self._countries) | set(self._sector_nouns) | set(self._titles) | _PRONOUNS
        surname_owners: dict[str, set[str]] = defaultdict(set)
        for e in self.entries.values():
            for alias in (e.name, *e.aliases):
                key = key_of(alias)
                if not key:
                    continue
                a = _Alias("entity", e.id, acronym=_is_acronym(alias))
                self._exact[key].append(a)
                if not a.acronym and e.kind == "person":
                    pk = phonetic_key(key.split())
                    if len(pk.replace(" ", "")) >= 3:
                        self._phonetic[pk].append(a)
            if e.kind == "person":
                words = e.name.split()
                names = e.surnames if e.surnames is not None else (words[-1],)
                if e.surnames is None and len(words) >= 3 and key_of(words[-2]) in _NAME_PARTICLES:
                    names = (*names, " ".join(words[-2:]))  # "Abdul Mahdi", "bin Salman"
                for s in names:
                    surname_owners[key_of(s)].add(e.id)
            for r in e.roles:
                if r.country:
                    self._roles[(r.country, r.role)].append((r, e.id))
        for key, owners in surname_owners.items():
            if len(owners) == 1 and key not in stop and key not in self._exact:
                (owner,) = owners
                self._surname[key].append(_Alias("entity", owner))

    # ------------------------------------------------------------------ matching
    @staticmethod
    def _case_ok(tokens: list[Token], alias: _Alias, mixed_case: bool) -> bool:
        if alias.acronym:
            return all(t.all_caps for t in tokens)
        return not mixed_case or any(t.capitalised for t in tokens)

    def _scan(self, toks: list[Token], index: str, mixed_case: bool) -> list[_Match]:
        """All dictionary matches of one kind ("entity" or "country") over the token n-grams."""
        norms = [t.norm for t in toks]
        out: list[_Match] = []
        for i in range(len(toks)):
            for n in range(min(self._max_n, len(toks) - i), 0, -1):
                span = toks[i:i + n]
                key = " ".join(norms[i:i + n])
                if index == "country":
                    a = self._countries.get(key)
                    if a and self._case_ok(span, a, mixed_case):
                        out.append(_Match(i, i + n, "exact", a, 2 if a.kind == "metonym" else 1))
                    continue
                for a in self._exact.get(key, ()):
                    if self._case_ok(span, a, mixed_case):
                        out.append(_Match(i, i + n, "exact", a, 3))
                if mixed_case and not all(t.capitalised for t in span if t.norm not in ("al", "el", "bin", "bint", "ibn", "de", "da", "von", "der")):
                    continue
                if n > 1 or len(key) >= 5:
                    for a in self._phonetic.get(phonetic_key(norms[i:i + n]), ()):
                        out.append(_Match(i, i + n, "phonetic", a, 2))
                for a in self._surname.get(key, ()):
                    out.append(_Match(i, i + n, "surname", a, 1))
        return out

    def _sector_matches(self, norms: list[str]) -> list[tuple[int, int, _kb.SectorNoun]]:
        out = []
        for i in range(len(norms)):
            for n in range(min(self._max_n, len(norms) - i), 0, -1):
                s = self._sector_nouns.get(" ".join(norms[i:i + n]))
                if s:
                    out.append((i, i + n, s))
        return out

    def _role_match(self, norms: list[str]) -> tuple[int, int, str] | None:
        best = None
        for i in range(len(norms)):
            for n in range(min(4, len(norms) - i), 0, -1):
                role = self._role_aliases.get(" ".join(norms[i:i + n]))
                if role and (best is None or n > best[1] - best[0]):
                    best = (i, i + n, role)
        return best

    def _entity_result(self, m: _Match, text: str, toks: list[Token], when: date | None,
                       context_countries: Sequence[str]) -> ResolvedActor:
        e = self.entries[m.alias.target]
        country, sector = e.country, e.sector
        if when is not None:
            role = e.role_at(when)
            if role is not None:
                country, sector = role.country, role.sector
        conf = {"exact": CONF_ENTITY_ACRONYM if m.alias.acronym else CONF_ENTITY,
                "phonetic": CONF_PHONETIC, "surname": CONF_SURNAME}[m.how]
        return ResolvedActor(country, sector, e.id, e.name, conf,
                             text[toks[m.start].start:toks[m.end - 1].end], e.group)

    def _pick_entity(self, matches: list[_Match], toks: list[Token], head: str | None,
                     context_countries: Sequence[str], when: date | None) -> _Match | None:
        if not matches:
            return None
        head_key = key_of(head) if head else None

        def score(m: _Match) -> tuple:
            e = self.entries[m.alias.target]
            has_head = any(_is_head(t.norm, head_key) for t in toks[m.start:m.end])
            in_ctx = e.country in context_countries
            active = when is not None and e.role_at(when) is not None
            return (m.end - m.start, m.rank, has_head, e.kind == "person", active, in_ctx, m.end)

        return max(matches, key=score)

    def resolve(self, text: str, *, head: str | None = None,
                context_countries: Sequence[str] = (), when: date | None = None
                ) -> ResolvedActor | None:
        """Resolve an actor phrase. Priority: named person/organisation > country word + sector
        noun > sector noun with the context country > country word alone. None when nothing in
        the phrase is known (or the phrase is a pronoun)."""
        toks = tokenize(text)
        if not toks or all(t.norm in _PRONOUNS or t.norm == "the" for t in toks):
            return None
        norms = [t.norm for t in toks]
        letters = [c for c in text if c.isalpha()]
        mixed_case = any(c.isupper() for c in letters) and any(c.islower() for c in letters)

        entities = self._scan(toks, "entity", mixed_case)
        country_ms = [self._qualified(m, text, toks, mixed_case)
                      for m in self._scan(toks, "country", mixed_case)]
        best = self._pick_entity(entities, toks, head, context_countries, when)
        if best is not None and self._namesake(best, toks, head):
            best = None  # "the al-Asad base": a place named after a person
        # a longer country metonym covering the name wins ("Trump administration")
        head_key = key_of(head) if head else None
        if (best is not None and head_key and not toks[best.end - 1].possessive
                and self.entries[best.alias.target].kind == "person"
                and not any(_is_head(t.norm, head_key) for t in toks[best.start:best.end])):
            noun = self._pick_sector([m for m in self._sector_matches(norms)
                                      if _is_head(toks[m[1] - 1].norm, head_key)
                                      and (m[1] <= best.start or m[0] >= best.end)], toks, head, [])
            if noun is not None and not noun[2].weak and noun[2].sector != "GOV":
                owner = self._entity_result(best, text, toks, when, context_countries)
                return ResolvedActor(owner.country, noun[2].sector, None, None,
                                     CONF_COUNTRY_SECTOR,
                                     f"{owner.matched} + {text[toks[noun[0]].start:toks[noun[1] - 1].end]}")
        if (best is not None and head_key and self.entries[best.alias.target].kind == "org"
                and self.entries[best.alias.target].sector in ("IGO", None)
                and not any(_is_head(t.norm, head_key) for t in toks[best.start:best.end])):
            # "G7 leaders", "EU foreign ministers", "European troops": the body gives the
            # country code, the head noun the sector
            noun = self._pick_sector([m for m in self._sector_matches(norms)
                                      if _is_head(toks[m[1] - 1].norm, head_key)
                                      and m[0] >= best.end], toks, head, [])
            if noun is not None:
                owner = self._entity_result(best, text, toks, when, context_countries)
                return ResolvedActor(owner.country, noun[2].sector, None, None,
                                     CONF_COUNTRY_SECTOR,
                                     f"{owner.matched} + {text[toks[noun[0]].start:toks[noun[1] - 1].end]}")
        if best is not None and toks[best.end - 1].possessive:
            # "Assad's forces": the possessor gives the country, a following noun the sector
            noun = self._pick_sector([m for m in self._sector_matches(norms) if m[0] >= best.end],
                                     toks, head, [])
            if noun is not None and not noun[2].weak:
                owner = self._entity_result(best, text, toks, when, context_countries)
                return ResolvedActor(owner.country, noun[2].sector, None, None,
                                     CONF_COUNTRY_SECTOR,
                                     f"{owner.matched} + {text[toks[noun[0]].start:toks[noun[1] - 1].end]}")
        if best is not None and not any(
                c.alias.kind == "metonym" and c.start <= best.start and c.end >= best.end
                and c.end - c.start > best.end - best.start for c in country_ms):
            return self._entity_result(best, text, toks, when, context_countries)

        country_m = self._pick_country(country_ms, toks, head)
        sector_m = self._pick_sector(self._sector_matches(norms), toks, head, country_ms)
        pieces = []
        country = sector = None
        conf = 0.0
        if country_m is not None:
            country = country_m.alias.target
            pieces.append((country_m.start, country_m.end))
        if sector_m is not None:
            i, j, noun = sector_m
            sector = noun.sector
            if country_m is not None and country_m.alias.kind == "metonym" and noun.weak:
                sector = country_m.alias.sector  # "Pentagon spokesman" -> MIL
            pieces.append((i, j))
        elif country_m is not None and country_m.alias.kind == "metonym":
            sector = country_m.alias.sector
        if sector is None:
            sector = self._title_sector(norms)
        if country is None and sector is not None and context_countries:
            country, conf = context_countries[0], CONF_CONTEXT_SECTOR
        elif country is not None and sector is not None:
            conf = CONF_COUNTRY_SECTOR
        elif country is not None:
            conf = CONF_COUNTRY
        elif sector is not None:
            conf = CONF_SECTOR_ONLY
        else:
            return None
        pieces.sort()
        matched = " + ".join(text[toks[a].start:toks[b - 1].end] for a, b in pieces)

        # a role noun with a country, read at a date -> the office holder
        if country is not None and when is not None and country_m is not None:
            role = self._role_match(norms)
            if role is not None and not any(n in _FORMER for n in norms[:role[0]]):
                holder = self._holder(country, role[2], when)
                if holder is not None:
                    e = self.entries[holder]
                    r = e.role_at(when)
                    return ResolvedActor(r.country if r else country,
                                         r.sector if r else sector, e.id, e.name,
                                         CONF_ROLE_PERSON, matched, e.group)
        return ResolvedActor(country, sector, None, None, conf, matched)

    def _namesake(self, m: _Match, toks: list[Token], head: str | None) -> bool:
        """Whether a person match only modifies a place-like head noun that follows it."""
        if self.entries[m.alias.target].kind != "person" or toks[m.end - 1].possessive:
            return False
        after = [t.norm for t in toks[m.end:]]
        head_key = key_of(head) if head else (after[-1] if after else None)
        if head_key is None or head_key not in self._namesake_heads:
            return False
        return any(n == head_key for n in after) or any(
            " ".join(after[i:i + 2]) == head_key for i in range(len(after)))

    def _holder(self, country: str, role: str, when: date) -> str | None:
        holders = {eid for r, eid in self._roles.get((country, role), ()) if r.covers(when)}
        return holders.pop() if len(holders) == 1 else None

    def _title_sector(self, norms: list[str]) -> str | None:
        for i in range(len(norms)):
            for n in (2, 1):
                s = self._titles.get(" ".join(norms[i:i + n]))
                if s:
                    return s
        return None

    @staticmethod
    def _pick_country(ms: list[_Match], toks: list[Token], head: str | None) -> _Match | None:
        if not ms:
            return None
        norms = [t.norm for t in toks]
        head_key = key_of(head) if head else None
        head_idx = None
        if head_key:
            idx = [i for i, n in enumerate(norms) if _is_head(n, head_key)]
            head_idx = idx[-1] if idx else None
        good, sponsors = [], []
        for m in ms:
            # inner n-grams of a longer match ("korea" inside "north korea") do not count
            if any(o is not m and o.start <= m.start and o.end >= m.end
                   and o.end - o.start > m.end - m.start for o in ms):
                continue
            if m.start > 0 and norms[m.start - 1] in _COUNTERPART:
                continue
            if m.end < len(norms) and norms[m.end] in _SPONSOR:
                sponsors.append(m)  # "U.S.-backed": only if nothing else names the actor
                continue
            good.append(m)
        good = good or sponsors
        if not good:
            return None
        if head_idx is not None:
            before = [m for m in good if m.end <= head_idx + 1]
            if before:
                good = before
        pick = max(good, key=lambda m: (m.end, m.end - m.start))
        # "Chinese and Indian soldiers", "U.S. and British warplanes": the first conjunct
        while True:
            prev = [m for m in good if m.end < pick.start and
                    all(n in _COORD for n in norms[m.end:pick.start])]
            if not prev:
                return pick
            pick = max(prev, key=lambda m: m.end)

    @staticmethod
    def _pick_sector(ms: list[tuple[int, int, _kb.SectorNoun]], toks: list[Token],
                     head: str | None, country_ms: list[_Match]
                     ) -> tuple[int, int, _kb.SectorNoun] | None:
        # drop nouns inside a country name/metonym ("State Department", "Security Council")
        ms = [m for m in ms if not any(c.start <= m[0] and c.end >= m[1] and
                                       c.end - c.start > m[1] - m[0] for c in country_ms)]
        if not ms:
            return None
        if head:
            head_key = key_of(head)
            at_head = [m for m in ms if _is_head(toks[m[1] - 1].norm, head_key)]
            if at_head:
                pick = max(at_head, key=lambda m: (m[1] - m[0], m[1]))
                # a weak head takes the sector of a strong modifier ("jihadist leader" -> REB,
                # "police chief" -> COP, "rebel positions" -> REB)
                mods = [m for m in ms if m[1] <= pick[0] and not m[2].weak]
                return max(mods, key=lambda m: (m[1], m[1] - m[0])) if pick[2].weak and mods else pick
        strong = [m for m in ms if not m[2].weak] or ms
        # the rightmost noun is the head of an English noun phrase; longest first at that end
        return max(strong, key=lambda m: (m[1], m[1] - m[0]))

    # ------------------------------------------------------------------ countries in text
    def find_countries(self, text: str) -> list[tuple[int, int, str]]:
        """Every country mention (name, demonym, capital, metonym) as (start, end, iso3) char
        offsets, longest match first, non-overlapping, in text order."""
        cached = self._found.get(text)
        if cached is not None:
            return list(cached)
        toks = tokenize(text)
        norms = [t.norm for t in toks]
        mixed_case = any(c.isupper() for c in text) and any(c.islower() for c in text)
        firsts, max_n = self._country_firsts, self._country_max_n
        out = []
        i = 0
        while i < len(toks):
            found = None
            if norms[i] not in firsts:  # no country alias starts with this word
                i += 1
                continue
            for n in range(min(max_n, len(toks) - i), 0, -1):
                a = self._countries.get(" ".join(norms[i:i + n]))
                if a and self._case_ok(toks[i:i + n], a, mixed_case):
                    found = (n, a)
                    break
            if found:
                n, a = found
                end, iso = toks[i + n - 1].end, a.target
                if a.kind == "metonym":  # "Paris, Texas": a qualifier names the country
                    q = self._qualifier(text, toks, i + n, mixed_case)
                    if q is not None:
                        n, end, iso = n + q[0], q[1], q[2]
                out.append((toks[i].start, end, iso))
                i += n
            else:
                i += 1
        if len(self._found) >= 4096:  # bounded memo: articles repeat sentences and titles
            self._found.clear()
        self._found[text] = tuple(out)
        return out

    def _qualified(self, m: _Match, text: str, toks: list[Token], mixed_case: bool) -> _Match:
        """A capital read with its qualifier: "Paris, Texas" is in the United States."""
        if m.alias.kind != "metonym":
            return m
        q = self._qualifier(text, toks, m.end, mixed_case)
        if q is None:
            return m
        return _Match(m.start, m.end + q[0], "exact", _Alias("country", q[2]), 1)

    def _qualifier(self, text: str, toks: list[Token], j: int, mixed_case: bool
                   ) -> tuple[int, int, str] | None:
        """A country or US state after a comma at token ``j`` ("Paris, Texas", "Paris, TX"):
        (tokens used, end offset, ISO3), else None."""
        if j >= len(toks) or text[toks[j - 1].end:toks[j].start].strip() != ",":
            return None
        for n in range(min(3, len(toks) - j), 0, -1):
            span = toks[j:j + n]
            key = " ".join(t.norm for t in span)
            a = self._countries.get(key)
            if a is not None and a.kind == "country" and self._case_ok(span, a, mixed_case):
                return n, span[-1].end, a.target
            if key in self._us_states and (all(t.all_caps for t in span) if len(key) == 2
                                           else all(t.capitalised for t in span)):
                return n, span[-1].end, "USA"
        return None

    def country_of(self, text: str) -> str | None:
        """ISO3 of a country word ("Iranian" -> "IRN", "Washington" -> "USA"), else None."""
        a = self._countries.get(key_of(text))
        if a is not None:
            return a.target
        found = self.find_countries(text)
        return found[0][2] if found else None

    def actor(self, actor_id: str) -> _kb.ActorEntry | None:
        """The dictionary entry of an actor id (aliases, roles, Wikidata id ...)."""
        return self.entries.get(actor_id)


def validate_overlay(path: Path) -> int:
    """Check a user overlay file (``people_orgs.yaml`` format) and return its number of entries;
    raises :class:`ResourceError` naming the file and the entry at the first problem."""
    countries = _kb.load_countries()
    codes = frozenset(countries) | _kb.nonstate_codes()
    return len(_kb.parse_entries(_kb.read_yaml(Path(path)), Path(path), codes))


@functools.lru_cache(maxsize=8)
def _load_cached(overlay: str | None, mtime_ns: int) -> ActorResolver:
    countries = _kb.load_countries()
    codes = frozenset(countries) | _kb.nonstate_codes()
    base_path = resource_path("actors", "people_orgs.yaml")
    entries = {e.id: e for e in _kb.parse_entries(_kb.read_yaml(base_path), base_path, codes)}
    if overlay is not None:
        path = Path(overlay)
        for e in _kb.parse_entries(_kb.read_yaml(path), path, codes):
            entries[e.id] = e
    return ActorResolver(list(entries.values()), countries, _kb.kb_version())
