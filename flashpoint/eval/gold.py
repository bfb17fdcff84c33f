"""Load gold-standard JSONL files (format: ``shared/data/README.md``) into typed records.

Normalisation, per event:

* PLOVER type: the ``plover`` field for ``plover`` files; for CAMEO codes the PLOVER type of the
  code via ``cameo_to_plover.csv`` (the code, then its 3-digit parent, then its root). CAMEO roots
  01 (make statement) and 02 (appeal) have no PLOVER type: such events are left out of the type and
  dyad scores but kept for the quad-class score (quad 1 by CAMEO root).
* Quad class: CAMEO root → 1..4 (``cameo_codes.csv``) for CAMEO codes; PLOVER type → 1..4
  (``plover_types.csv``) for PLOVER files.
* Actors: see :mod:`flashpoint.eval.codes`.
* Published date: the record's ``date`` (YYYYMMDD or YYYY-MM-DD); it selects date-ranged roles.
  PLOVER GSR dates are a 2000-01-01 placeholder, close to the 1990–2000 origin of its sentences.

PETRARCH unit-test suites (``code_scheme == "petr_validate"``) keep only the records whose codes
are all CAMEO codes and that test coding rather than input handling: records with a non-CAMEO
code (README: 066, 095, 096, 174K, 174L, 212, 222–224, 345, 802, 901–907, 911–915, 1010, 1717), an
``expected_error`` and the FINAL-RECORD sentinel are dropped and counted.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from flashpoint.errors import InputError
from flashpoint.eval.codes import SCHEMES, GoldActor, tables
from flashpoint.model import Article


@dataclass(frozen=True)
class GoldEvent:
    code: str | None  # CAMEO code as given, or None (PLOVER files)
    event_type: str | None  # PLOVER type, None for CAMEO roots 01/02
    quad_class: int | None
    source: GoldActor | None
    target: GoldActor | None
    reciprocal: bool = False  # PLOVER GSR SRC/TAR compounds: all actors listed under source


@dataclass(frozen=True)
class GoldRecord:
    id: str
    text: str
    scheme: str
    events: tuple[GoldEvent, ...]
    published: date | None = None

    def article(self) -> Article:
        """The record as an article for the pipeline (the gold date is the published date)."""
        return Article(title="", body=self.text, record_id=self.id, published=self.published)


@dataclass
class GoldSet:
    path: Path
    name: str
    scheme: str
    records: list[GoldRecord]
    dropped: dict[str, int] = field(default_factory=dict)  # reason → number of records


def _parse_date(value: object) -> date | None:
    if not isinstance(value, str) or not value:
        return None
    digits = value.replace("-", "")
    if len(digits) != 8 or not digits.isdigit():
        return None
    try:
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        return None


def _event(raw: dict, scheme: str) -> GoldEvent:
    tab = tables()
    code = raw.get("code")
    if scheme == "plover":
        etype = raw.get("plover")
        quad = tab.plover_quad_class(etype) if etype else None
        source = tab.plover_actor(raw.get("source"))
        target = tab.plover_actor(raw.get("target"))
        reciprocal = raw.get("target") is None and len(raw.get("source") or []) > 1
        return GoldEvent(code, etype, quad, source, target, reciprocal)
    etype = tab.plover_type(code) if code else None
    quad = tab.cameo_quad_class(code) if code else None
    return GoldEvent(
        code, etype, quad, tab.cameo_actor(raw.get("source"), scheme), tab.cameo_actor(raw.get("target"), scheme)
    )


def load_gold(path: Path | str) -> GoldSet:
    """Read one gold JSONL file; raises :class:`InputError` naming the file and line on bad input."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(str(path), f"cannot read the gold file ({exc.strerror})") from exc
    tab = tables()
    records: list[GoldRecord] = []
    dropped: dict[str, int] = {}
    schemes: set[str] = set()
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{path}:{lineno}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(where, f"not valid JSON ({exc.msg})") from exc
        if not isinstance(rec, dict) or not {"id", "text", "events", "code_scheme"} <= rec.keys():
            raise InputError(where, "a gold record needs the keys id, text, events and code_scheme")
        scheme = rec["code_scheme"]
        if scheme not in SCHEMES:
            raise InputError(where, f"unknown code_scheme {scheme!r} (expected cameo, petr_validate or plover)")
        schemes.add(scheme)
        if scheme == "petr_validate":
            reason = None
            if rec["id"] == "FINAL-RECORD":
                reason = "sentinel record"
            elif rec.get("expected_error"):
                reason = "expects an input error"
            elif any(not tab.is_cameo(ev.get("code") or "") for ev in rec["events"]):
                reason = "non-CAMEO code"
            if reason:
                dropped[reason] = dropped.get(reason, 0) + 1
                continue
        events = tuple(_event(ev, scheme) for ev in rec["events"])
        records.append(
            GoldRecord(
                id=str(rec["id"]),
                text=rec["text"],
                scheme=scheme,
                events=events,
                published=_parse_date(rec.get("date")),
            )
        )
    if len(schemes) > 1:
        raise InputError(str(path), f"mixes code schemes {sorted(schemes)}; one scheme per gold file")
    scheme = schemes.pop() if schemes else "cameo"
    name = path.name.removesuffix(".jsonl")
    return GoldSet(path=path, name=name, scheme=scheme, records=records, dropped=dropped)
