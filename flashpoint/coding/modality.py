"""How an event is asserted: negated, future, hypothetical, demanded, reported or asserted, and
CAMEO's coding of stated intentions ("X will meet Y" is an intent to meet, 036)."""
from __future__ import annotations

from spacy.tokens import Token

from flashpoint.coding.candidate import Candidate
from flashpoint.coding.lexicon import Frames, IntentCodes
from flashpoint.coding.syntax import SUBJECT_DEPS, controller, governing_verb


def modality_of(tok: Token, f: Frames) -> tuple[str, Token | None]:
    """Negation first (it removes the event), then future/hypothetical/demanded, then reported."""
    for c in tok.children:
        if c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ in {"never", "not"}):
            return "negated", c
    # "did not board or seize": a conjoined verb without its own subject shares the negation
    if tok.dep_ == "conj" and not any(c.dep_ in SUBJECT_DEPS for c in tok.children):
        for c in tok.head.children:
            if c.dep_ == "neg":
                return "negated", c
    # complement of "denied/refused/failed (to)/stopped short of", unless that verb is negated
    t = tok
    for _ in range(3):
        if t.dep_ not in {"xcomp", "ccomp", "pcomp", "conj", "advcl", "acl"}:
            break
        gov = governing_verb(t.head) if t.dep_ in {"pcomp", "acl"} else t.head
        lem = gov.lemma_.lower()
        gov_neg = any(c.dep_ == "neg" for c in gov.children)
        if lem in f.negating_verbs and not gov_neg and t.dep_ != "conj":
            return "negated", gov
        if t.dep_ == "acl" and any(c.dep_ == "det" and c.lower_ == "no" for c in t.head.children):
            return "negated", t.head  # "has no plans to send troops"
        if t.dep_ == "advcl" and gov_neg:
            return "negated", gov  # "denied it sent troops to fight": the purpose goes too
        if t.dep_ in {"xcomp", "ccomp"} and gov_neg and lem not in f.reporting_verbs:
            return "negated", gov  # "would not allow the envoy to meet": no meeting
        if t.dep_ not in {"conj", "advcl"}:
            break
        t = gov
    conditional = _conditional(tok)
    if conditional is not None:
        return "hypothetical", conditional
    for c in tok.children:
        if c.dep_ == "aux" and c.lower_ in f.demand_modals:
            return "demanded", c
        if c.dep_ == "aux" and c.lower_ in f.future_auxiliaries:
            return "future", c
        if c.dep_ == "aux" and c.lower_ in f.hypothetical_markers:
            return "hypothetical", c
    if (tok.dep_ == "xcomp" and tok.head.lemma_.lower() in f.object_control_verbs
            and controller(tok.head) is not None):
        return "demanded", tok.head  # "urged Iran to release": the release is demanded
    if (tok.dep_ == "ccomp" and tok.head.lemma_.lower() in f.object_control_verbs
            and tok.head.lemma_.lower() not in f.reporting_verbs
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)):
        return "demanded", tok.head  # "wants Putin to attack"
    if tok.dep_ == "acl" and tok.head.lemma_.lower() in f.demand_nouns:
        return "demanded", tok.head  # "pressure from Congress to help Iran", "calls to resign"
    if tok.dep_ in {"xcomp", "acl"} and tok.head.lemma_.lower() in f.future_verbs:
        return "future", tok.head  # "plans to", "ready to", "vowed to", "plans to" (noun)
    if tok.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
        return "future", tok.head  # purpose: "sent troops to fight" - intended, not reported
    if tok.dep_ == "ccomp" and tok.head.lemma_.lower() in f.reporting_verbs:
        return "reported", tok.head
    return "asserted", None


def as_intent(cand: Candidate, f: Frames, intents: IntentCodes) -> Candidate:
    """CAMEO codes a stated intention as an event of its own: "X will meet Y" is an intent
    to meet (036), "X would attack" a threat (1384), "X will not meet Y" a rejection (125).
    The statement is what happened, so the event is then asserted (or reported)."""
    if cand.modality == "future" and cand.modality_cue is not None and _commits(cand):
        code = intents.intent_of(cand.code)
        if code:
            cand.code = code
            cand.modality = "asserted"
    elif cand.modality == "negated" and _future_negated(cand, f.future_auxiliaries):
        code = intents.refusal_of(cand.code)
        if code:
            cand.code = code
            cand.modality = "asserted"
    return cand


CONDITIONAL_MARKS = {"if", "unless"}


def _conditional(tok: Token) -> Token | None:
    """An "if/unless" clause on the event or the event inside one."""
    for c in tok.children:
        if c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKS:
            return c
        if c.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ in CONDITIONAL_MARKS for g in c.children):
            return c
    return None


# Events whose clause is the content of another coded event: "called on X to release" (the
# release is demanded), "threatened to impose" (threatened), "refused to meet" (negated).
VERBAL_ROOT_MODALITY = {"02": "demanded", "10": "demanded", "03": "future", "13": "future",
                        "12": "negated", "11": "reported", "09": "reported"}


def subsume_complements(found: list[Candidate]) -> None:
    by_token = {c.trigger.i: c for c in found}
    for c in found:
        clause = c.trigger if not c.nominal else c.trigger.head
        if clause.dep_ not in {"xcomp", "ccomp", "advcl"} or clause.head.i not in by_token:
            continue
        gov = by_token[clause.head.i]
        modality = VERBAL_ROOT_MODALITY.get(gov.code[:2])
        if modality is not None and gov is not c:
            c.modality, c.modality_cue, c.code = modality, gov.trigger, c.sense.cameo
            if gov.target is None and c.target is not None:
                gov.target = c.target  # "promised to continue aid to Mozambique"


def _commits(cand: Candidate) -> bool:
    """Future by the actor's own word (will/would/shall, plans/vows/pledges to), not someone
    else's expectation ("is expected to") and not a purpose ("blocked roads to protest")."""
    cue = cand.modality_cue
    clause = cand.trigger if not cand.nominal else cand.trigger.head
    if clause.dep_ == "advcl":
        return False
    return cue is not None and cue.lemma_.lower() not in {"expect", "schedule", "set"}


def _future_negated(cand: Candidate, future_aux: frozenset[str]) -> bool:
    tok = cand.trigger if not cand.nominal else cand.trigger.head
    return any(c.dep_ == "aux" and (c.lower_ in future_aux or c.lower_ == "would") for c in tok.children)
