"""The trigger lexicon (verbs.yaml, nouns.yaml) and frame word lists (frames.yaml) as typed data."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from flashpoint.coding.tables import load_tables
from flashpoint.errors import ResourceError
from flashpoint.resources import resource_path

DEFAULT_VERB_TARGETS = ("dobj", "dative", "against", "on", "at", "with", "to", "into")
DEFAULT_NOUN_TARGETS = ("on", "against", "at", "with")


@dataclass(frozen=True)
class Sense:
    """One meaning of a trigger word, with the conditions under which it applies."""

    lemma: str
    cameo: str
    objects: frozenset[str] = frozenset()
    not_objects: frozenset[str] = frozenset()  # the sense does not apply with these objects
    preps: frozenset[str] = frozenset()
    modifiers: frozenset[str] = frozenset()
    not_modifiers: frozenset[str] = frozenset()
    targets: tuple[str, ...] = ()
    intentional: bool = True
    of_role: str | None = None  # nouns: "target" or "source"
    complement: bool = False  # applies only with a clausal complement ("declined to resign")
    subjects: frozenset[str] = frozenset()  # applies only with one of these subject lemmas
    pobjs: frozenset[str] = frozenset()  # applies only with a prepositional object among these
    heads: frozenset[str] = frozenset()  # nouns: applies only under one of these verbs ("go on strike")
    reversed: bool = False  # subject is the recipient, "from" names the source ("received aid from")
    object_target: bool = False  # the object the sense asks for is its target ("dissolved parliament")
    plover: str | None = None  # PLOVER type where the current manual differs from CAMEO2PLOVER-2021
    mode: str | None = None  # PLOVER mode to go with ``plover``


@dataclass(frozen=True)
class Frames:
    light_verbs: frozenset[str]
    negating_verbs: frozenset[str]
    future_verbs: frozenset[str]
    hypothetical_markers: frozenset[str]
    future_auxiliaries: frozenset[str]
    reporting_verbs: frozenset[str]
    instrument_nouns: frozenset[str]
    non_agent_nouns: frozenset[str]
    military_modifiers: frozenset[str]
    relative_pronouns: frozenset[str]
    object_control_verbs: frozenset[str]
    agent_object_verbs: frozenset[str]
    demand_modals: frozenset[str]
    agentive_of_nouns: frozenset[str]
    demand_nouns: frozenset[str]
    state_participles: frozenset[str]
    patient_possessor_nouns: frozenset[str]
    demand_code: str


@dataclass(frozen=True)
class IntentCodes:
    """CAMEO's coding of stated intentions: "will meet" -> 036, "will attack" -> 1384,
    "will not meet" -> 125. Looked up by the most specific prefix of the event's code."""

    intent: dict[str, str]
    refusal: dict[str, str]

    def _lookup(self, table: dict[str, str], code: str) -> str | None:
        for n in range(len(code), 1, -1):
            if code[:n] in table:
                return table[code[:n]] or None
        return None

    def intent_of(self, code: str) -> str | None:
        return self._lookup(self.intent, code)

    def refusal_of(self, code: str) -> str | None:
        return self._lookup(self.refusal, code)


@dataclass(frozen=True)
class Lexicon:
    verbs: dict[str, tuple[Sense, ...]]
    nouns: dict[str, tuple[Sense, ...]]
    frames: Frames
    intents: IntentCodes
    version: str = field(default="lexicon-2026.11.5")


# YAML 1.1 reads bare on/off/yes/no as booleans; in the lexicon they are always words.
_YAML_BOOL_WORDS = {True: "on", False: "off"}


def _words(values: object) -> tuple[str, ...]:
    return tuple(_YAML_BOOL_WORDS.get(v, v) if isinstance(v, bool) else str(v) for v in (values or ()))


_SENSE_KEYS = {"cameo", "objects", "preps", "modifiers", "not_modifiers", "targets",
               "intentional", "of_role", "complement", "note", "not_objects",
               "subjects", "pobjs", "heads", "reversed", "plover", "mode",
               "object_target"}


def _senses(path: Path, kind: str, default_targets: tuple[str, ...]) -> dict[str, tuple[Sense, ...]]:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ResourceError(f"cannot read {kind} lexicon {path}: {exc}") from exc
    tables = load_tables()
    out: dict[str, tuple[Sense, ...]] = {}
    for lemma, entries in raw.items():
        senses = []
        for i, e in enumerate(entries or []):
            where = f"{path.name}: '{lemma}' sense {i + 1}"
            if not isinstance(e, dict) or "cameo" not in e:
                raise ResourceError(f"{where}: each sense needs a 'cameo' code")
            unknown = set(e) - _SENSE_KEYS
            if unknown:
                raise ResourceError(f"{where}: unknown keys {sorted(unknown)}")
            code = str(e["cameo"])
            if not tables.is_known(code):
                raise ResourceError(f"{where}: '{code}' is not a CAMEO code in cameo_codes.csv")
            if e.get("plover") and e["plover"] not in tables.plover_quad:
                raise ResourceError(f"{where}: '{e['plover']}' is not a PLOVER type")
            if e.get("mode") and e["mode"] not in tables.plover_modes.get(e.get("plover") or "", ()):
                raise ResourceError(f"{where}: mode '{e['mode']}' is not a mode of {e.get('plover')}")
            senses.append(Sense(
                lemma=str(lemma),
                cameo=code,
                objects=frozenset(_words(e.get("objects"))),
                not_objects=frozenset(_words(e.get("not_objects"))),
                preps=frozenset(_words(e.get("preps"))),
                modifiers=frozenset(_words(e.get("modifiers"))),
                not_modifiers=frozenset(_words(e.get("not_modifiers"))),
                targets=_words(e.get("targets")) or default_targets,
                intentional=bool(e.get("intentional", True)),
                of_role=e.get("of_role"),
                complement=bool(e.get("complement", False)),
                subjects=frozenset(_words(e.get("subjects"))),
                pobjs=frozenset(_words(e.get("pobjs"))),
                heads=frozenset(_words(e.get("heads"))),
                reversed=bool(e.get("reversed", False)),
                object_target=bool(e.get("object_target", False)),
                plover=e.get("plover"),
                mode=e.get("mode"),
            ))
        if senses:
            out[str(lemma)] = tuple(senses)
    return out


@lru_cache(maxsize=4)
def load_lexicon(directory: str | None = None) -> Lexicon:
    """Load the lexicon from ``flashpoint/resources/lexicon`` (or another directory)."""
    base = Path(directory) if directory else resource_path("lexicon")
    try:
        f = yaml.safe_load((base / "frames.yaml").read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ResourceError(f"cannot read frames {base / 'frames.yaml'}: {exc}") from exc
    demand_code = str(f.pop("demand_code"))
    if not load_tables().is_known(demand_code):
        raise ResourceError(f"frames.yaml: demand_code '{demand_code}' is not a CAMEO code")
    frames = Frames(demand_code=demand_code, **{k: frozenset(_words(v)) for k, v in f.items()})
    return Lexicon(
        verbs=_senses(base / "verbs.yaml", "verb", DEFAULT_VERB_TARGETS),
        nouns=_senses(base / "nouns.yaml", "noun", DEFAULT_NOUN_TARGETS),
        frames=frames,
        intents=_intents(base / "intent_codes.csv"),
    )


def _intents(path: Path) -> IntentCodes:
    import csv

    try:
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
    except OSError as exc:
        raise ResourceError(f"cannot read intent codes {path}: {exc}") from exc
    tables = load_tables()
    for r in rows:
        for col in ("intent_code", "refusal_code"):
            if r[col] and not tables.is_known(r[col]):
                raise ResourceError(f"{path.name}: '{r[col]}' ({col}) is not a CAMEO code")
    return IntentCodes(
        intent={r["cameo_prefix"]: r["intent_code"] for r in rows},
        refusal={r["cameo_prefix"]: r["refusal_code"] for r in rows},
    )
