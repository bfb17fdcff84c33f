"""Turn the PETRARCH validation dictionaries into a flashpoint actor overlay (YAML).

The overlay has the format of ``flashpoint/resources/actors/people_orgs.yaml``: a list of
``{id, name, kind, country, sector, aliases}``. A PETRARCH code becomes ``country`` = its first
3-letter chunk ("GON" for "GONGOV"; none for "---") and ``sector`` = its first later chunk that is a CAMEO/PLOVER sector.

Limits, by design of the overlay format:

* date-restricted codes (``GOLLUM [HOB <950601] [HOBGOV …] [HOBREB >990816]``): the overlay has no
  dated codes for a name, so the undated code is used, else the code in force at
  ``reference_date`` (or the last one listed);
* alternative codes (``LORIEN [ELR/GAL]``): the first one;
* the agents dictionary (generic role nouns such as ``PRESIDENT [~GOV]``) is not converted: the
  pipeline's own sector lexicon (``actors/sectors.yaml``) covers these nouns.

Fictional country codes (ARN, GON, OSG …) are not ISO 3166 codes, which the overlay validation
rightly refuses. Each is therefore **relabelled** one-to-one to a real but unrelated ISO code (the
least populous countries of the knowledge base whose names, demonyms and capitals appear in none
of the suite's texts and whose codes the suite does not use); :attr:`Overlay.back` maps the stand-in
codes back, and the harness translates predictions before scoring. Scores are unchanged by a
consistent relabelling. Sector codes that are not CAMEO/PLOVER sectors (ORC, TNK, GGS …) are left
skipped: the first chunk that is a sector is used (``PSEHMSGOV`` → GOV), else ``sector: null``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from flashpoint.eval.petrarch import DatedCode, PetrActor, read_actors
from flashpoint.resolve._kb import nonstate_codes, valid_sectors
from flashpoint.resources import resource_path

_ACRONYMS_MAX = 4


def _display(name: str) -> str:
    """'MINAS TIRITH' → 'Minas Tirith'; acronyms ('U.N.', 'USSR', 'IMF') stay upper case."""
    words = []
    for w in name.split():
        if "." in w or (len(w) <= _ACRONYMS_MAX and not re.search(r"[AEIOU]", w[1:])) or w in {"UN", "USA", "PLO", "UAE"}:
            words.append(w)
        else:
            words.append("-".join(part.capitalize() for part in w.split("-")))
    return " ".join(words)


def _pick(codes: list[DatedCode], reference_date: date | None) -> str:
    undated = [c for c in codes if c.start is None and c.end is None]
    if undated:
        return undated[0].code
    if reference_date is not None:
        for c in codes:
            if (c.start is None or c.start <= reference_date) and (c.end is None or reference_date <= c.end):
                return c.code
    return codes[-1].code


def _split(code: str) -> tuple[str | None, str | None]:
    code = code.split("/")[0].upper()
    country, rest = code[:3], code[3:]
    return (None if country in {"---", "###", "+++"} else country), (rest or None)


@dataclass
class Overlay:
    path: Path
    back: dict[str, str]  # stand-in ISO code → the suite's own code


def _kb_countries() -> list[dict]:
    data = yaml.safe_load(resource_path("actors", "countries.yaml").read_text(encoding="utf-8"))
    return [c for c in data or [] if isinstance(c, dict) and c.get("iso3")]


def stand_ins(needed: set[str], used: set[str], texts: list[str]) -> dict[str, str]:
    """One real ISO code per fictional code: least populous first, never named in ``texts``."""
    blob = "\n".join(texts).lower()
    candidates = []
    for c in sorted(_kb_countries(), key=lambda c: (int(c.get("population") or 0), c["iso3"])):
        words = [c.get("name"), c.get("capital"), *(c.get("names") or []), *(c.get("demonyms") or [])]
        if c["iso3"] in used or not c.get("centroid") or any(w and len(w) > 2 and w.lower() in blob for w in words):
            continue
        candidates.append(c["iso3"])
    if len(candidates) < len(needed):
        raise ValueError(f"only {len(candidates)} stand-in country codes for {len(needed)} fictional codes")
    return dict(zip(sorted(needed), candidates))


def overlay_entries(actors: list[PetrActor], reference_date: date | None = None) -> list[dict]:
    entries: list[dict] = []
    seen: set[str] = set()
    for actor in actors:
        country, sector = _split(_pick(actor.codes, reference_date))
        names = [_display(n) for n in actor.names if n]
        slug = re.sub(r"[^a-z0-9]+", "_", names[0].lower()).strip("_")
        ident = f"petr_{slug}"
        n = 2
        while ident in seen:
            ident, n = f"petr_{slug}_{n}", n + 1
        seen.add(ident)
        entry: dict = {"id": ident, "name": names[0], "kind": "org", "country": country, "sector": sector}
        aliases = [a for a in dict.fromkeys(names[1:] + [raw for raw in actor.names if raw != names[0]]) if a != names[0]]
        if aliases:
            entry["aliases"] = aliases
        entries.append(entry)
    return entries


def write_overlay(
    actors_file: Path | str,
    out: Path | str,
    *,
    texts: list[str] = (),  # type: ignore[assignment]
    gold_codes: set[str] = frozenset(),  # type: ignore[assignment]
    reference_date: date | None = None,
) -> Overlay:
    """Write the overlay YAML for a PETRARCH actors dictionary (see the module docstring).

    ``texts``/``gold_codes``: the suite's texts and country codes, kept clear of the stand-ins.
    """
    out = Path(out)
    entries = overlay_entries(read_actors(actors_file), reference_date)
    valid = {c["iso3"] for c in _kb_countries()} | nonstate_codes()
    fictional = {e["country"] for e in entries if e["country"] and e["country"] not in valid}
    fictional |= {c for c in gold_codes if c not in valid}
    used = {e["country"] for e in entries if e["country"]} | set(gold_codes)
    forward = stand_ins(fictional, used, list(texts))
    sectors = valid_sectors()
    for e in entries:
        if e["country"] in forward:
            e["country"] = forward[e["country"]]
        rest = e["sector"] or ""
        e["sector"] = next((rest[i : i + 3] for i in range(0, len(rest), 3) if rest[i : i + 3] in sectors), None)
    header = (
        f"# Actor overlay generated by flashpoint.eval.overlay from {Path(actors_file).name}\n"
        "# (PETRARCH validation dictionary, openeventdata/petrarch2, MIT). Do not edit.\n"
    )
    out.write_text(header + yaml.safe_dump(entries, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return Overlay(out, {v: k for k, v in forward.items()})
