"""Read the PETRARCH validation dictionaries (``PETR.Validate.actors.txt`` / ``.agents.txt``).

The PETRARCH unit-test suites code fictional actors (Arnor, Gondor, …) with the suite's own
codes. To run them as a peer's test suite, their dictionaries become an actor overlay for the
pipeline (:func:`flashpoint.eval.overlay.write_overlay`).

Dictionary format (PETRARCH 2 / TABARI, as used in these files):

* ``NAME [CODE]``: an actor; ``_`` joins words, a trailing ``_`` only marks a word boundary;
* ``+SYNONYM`` lines add names to the entry above; a code may come on a later line;
* date-restricted codes: ``[CODE <YYMMDD]``, ``[CODE >YYMMDD]``, ``[CODE D1-D2]`` (6 or 8 digits);
* ``#`` starts a comment, ``<!-- … -->`` blocks are comments;
* agents: ``NOUN {PLURAL} [~SEC]`` (role appended to the actor's code) or ``[SEC~]`` (prefix);
  ``!PERSON! = MAN, MEN …`` defines a substitution set.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from flashpoint.errors import InputError

_CODE = re.compile(r"\[\s*([^\]]*?)\s*\]")


@dataclass(frozen=True)
class DatedCode:
    code: str
    start: date | None = None  # inclusive
    end: date | None = None  # inclusive


@dataclass
class PetrActor:
    names: list[str]
    codes: list[DatedCode] = field(default_factory=list)


@dataclass(frozen=True)
class PetrAgent:
    names: tuple[str, ...]
    code: str  # the role code without "~"
    prefix: bool  # True for "[NGO~]": the code replaces the country part


def _name(raw: str) -> str:
    return " ".join(raw.replace("_", " ").split()).strip()


def _date(raw: str) -> date:
    raw = raw.strip()
    if len(raw) == 6:  # YYMMDD: TABARI convention, 2-digit years below 30 are 20xx
        yy = int(raw[:2])
        year = 2000 + yy if yy < 30 else 1900 + yy
        return date(year, int(raw[2:4]), int(raw[4:6]))
    return date(int(raw[:4]), int(raw[4:6]), int(raw[6:8]))


def _dated(body: str) -> DatedCode:
    """``CODE``, ``CODE <D``, ``CODE >D``, ``CODE D1-D2`` → DatedCode."""
    body = body.strip()
    m = re.fullmatch(r"(\S+)\s*(?:([<>])\s*(\d{6,8})|(\d{6,8})\s*-\s*(\d{6,8}))?", body)
    if not m:
        raise ValueError(body)
    code, op, d, d1, d2 = m.groups()
    if op == "<":
        return DatedCode(code, None, date.fromordinal(_date(d).toordinal() - 1))
    if op == ">":
        return DatedCode(code, date.fromordinal(_date(d).toordinal() + 1), None)
    if d1:
        return DatedCode(code, _date(d1), _date(d2))
    return DatedCode(code)


def _lines(path: Path) -> list[tuple[int, str]]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(str(path), f"cannot read the dictionary ({exc.strerror})") from exc
    text = re.sub(r"<!.*?-->", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S)
    out = []
    for lineno, line in enumerate(text.splitlines(), 1):
        line = line.split("#", 1)[0].rstrip()
        if line.strip():
            out.append((lineno, line))
    return out


def read_actors(path: Path | str) -> list[PetrActor]:
    """Actors with their names and (dated) codes; entries without any code are skipped."""
    path = Path(path)
    actors: list[PetrActor] = []
    current: PetrActor | None = None
    for lineno, line in _lines(path):
        stripped = line.strip()
        codes = _CODE.findall(stripped)
        head = _CODE.sub("", stripped).strip()
        try:
            dated = [_dated(c) for c in codes]
        except ValueError as exc:
            raise InputError(f"{path}:{lineno}", f"cannot read the code block [{exc}]") from exc
        if head.startswith("+") and current is not None:
            current.names.append(_name(head[1:]))
            current.codes.extend(dated)
        elif head:
            current = PetrActor(names=[_name(head)], codes=dated)
            actors.append(current)
        elif current is not None:  # a code block on its own line belongs to the entry above
            current.codes.extend(dated)
    return [a for a in actors if a.codes and a.names[0]]


def read_agents(path: Path | str) -> list[PetrAgent]:
    """Agents (generic role nouns) with their role code; ``!SET!`` substitutions are expanded."""
    path = Path(path)
    sets: dict[str, list[str]] = {}
    agents: list[PetrAgent] = []
    for lineno, line in _lines(path):
        stripped = line.strip()
        m = re.fullmatch(r"(![A-Z]+!)\s*=\s*(.+)", stripped)
        if m:
            sets[m.group(1)] = [w.strip() for w in m.group(2).split(",") if w.strip()]
            continue
        codes = _CODE.findall(stripped)
        if not codes:
            continue
        code = codes[0].replace(" ", "")
        prefix = code.endswith("~")
        code = code.strip("~")
        head = _CODE.sub("", stripped)
        plurals = re.findall(r"\{([^}]*)\}", head)
        head = re.sub(r"\{[^}]*\}", "", head).strip()
        names = [head, *(p for p in plurals if p.strip())]
        expanded: list[str] = []
        for n in names:
            marker = next((k for k in sets if k in n), None)
            if marker:
                expanded.extend(n.replace(marker, w) for w in sets[marker])
            else:
                expanded.append(n)
        if not code:
            raise InputError(f"{path}:{lineno}", "empty agent code")
        agents.append(PetrAgent(tuple(_name(n) for n in expanded if _name(n)), code, prefix))
    return agents
