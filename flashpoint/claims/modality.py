"""Modality refinements on top of the coder's: speculated, denied, hypothetical, demanded, and
reported when an attribution chain names a speaker.

The coder (``EventCoder._modality``) decides negated / future / hypothetical / demanded /
reported from the clause of the trigger. Here we look at the cue it found and at the wider
sentence:

- **denied**: the coder's "negated" whose cue is a denial verb ("Iran denied that it attacked",
  "dismissed reports that ...") is a claim by the denier that something did not happen. Kept in
  the output (unlike negated events, which the pipeline drops by default); never factual.
- **speculated**: a hedged past event ("may have fired", "possibly", "is believed to have",
  "CNN speculates that ...").
- **hypothetical**: the event sits inside the complement of a conditional clause ("If true, this
  would suggest that ..."), or is counterfactual ("would have attacked").
- **demanded**: a nominal event demanded by its head ("called for talks", "demanded the release").
- **future**: a nominal or verbal event under "is due to", "is set to" the coder did not see.
- **reported**: an asserted event with an attribution chain ("..., officials said", "according
  to X", "reportedly").

The set is closed: ``MODALITIES``.
"""
from __future__ import annotations

from spacy.tokens import Token

from flashpoint.claims._words import ClaimWords, claim_words
from flashpoint.claims.attribution import AttributionLink

MODALITIES = ("asserted", "reported", "speculated", "denied", "negated", "future",
              "hypothetical", "demanded")
EPISTEMIC_MODALS = {"may", "might", "could", "must"}
CONDITIONAL_MARKS = {"if", "unless"}
CLAUSE_DEPS = {"ccomp", "xcomp", "advcl", "conj", "relcl", "acl", "pcomp", "dobj", "pobj", "prep",
               "nsubj", "nsubjpass", "attr", "appos"}


def refine_modality(trigger: Token, nominal: bool, modality: str, cue: Token | None,
                    chain: list[AttributionLink], words: ClaimWords | None = None
                    ) -> tuple[str, Token | None]:
    """The event's modality and its cue token after the claim rules (module doc)."""
    w = words or claim_words()
    clause = trigger.head if nominal and trigger.dep_ in {"dobj", "obj", "pobj", "nsubj", "nsubjpass"} else trigger
    if modality == "negated":
        if cue is not None and _denial(trigger, cue, w):
            return "denied", cue
        return modality, cue
    if modality in {"asserted", "reported"} and chain and chain[-1].verb.lemma_.lower() in w.denial_verbs \
            and _denial(trigger, chain[-1].verb, w):
        return "denied", chain[-1].verb  # "the army disputed that soldiers fired"
    if modality in {"demanded", "future"}:
        return modality, cue
    counterfactual = _counterfactual(clause)
    if counterfactual is not None:
        return "hypothetical", counterfactual
    conditional = _conditional_above(trigger)
    if conditional is not None and modality != "hypothetical":
        return "hypothetical", conditional
    spec = _speculation(trigger, clause, chain, w)
    if spec is not None and modality in {"asserted", "reported", "hypothetical"}:
        # "may have struck": the coder reads may/might/could as hypothetical; with a perfect
        # ("have" + participle) it is a guess about the past
        if modality != "hypothetical" or _perfect(clause):
            return "speculated", spec
    if modality == "hypothetical":
        return modality, cue
    if nominal:
        demand = _demand_head(trigger, w)
        if demand is not None:
            return "demanded", demand
    fut = _future_head(clause, w)
    if fut is not None and modality == "asserted":
        return "future", fut
    if modality == "asserted" and chain:
        return "reported", chain[-1].verb
    return modality, cue


CLAIM_NOUNS = {"claim", "report", "allegation", "accusation", "suggestion", "charge", "assertion",
               "rumor", "rumour", "story", "account"}


def _denial(trigger: Token, verb: Token, w: ClaimWords) -> bool:
    """"denied that it attacked", "denied shelling", "rejected claims that ... had kidnapped" are
    denials of a fact; "rejected the proposal to meet", "refused to release" are refusals."""
    lemma = verb.lemma_.lower()
    if lemma not in w.denial_verbs:
        return False
    infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in trigger.children)
    if lemma == "deny":
        return not infinitive
    t = trigger
    for _ in range(6):  # other denial verbs: only of a clause or of a claim noun
        if t.head.i == t.i or t.i == verb.i:
            break
        if t.dep_ == "ccomp" and t.head.i == verb.i:
            return True
        if t.lemma_.lower() in CLAIM_NOUNS:
            return True
        t = t.head
    return False


def _perfect(tok: Token) -> bool:
    return tok.tag_ == "VBN" and any(c.dep_ == "aux" and c.lower_ in {"have", "'ve"} for c in tok.children)


def _counterfactual(tok: Token) -> Token | None:
    """"would have attacked", "could have struck" (not "may/might have": that is a guess)."""
    if not _perfect(tok):
        return None
    for c in tok.children:
        if c.dep_ == "aux" and c.lower_ in {"would", "could", "should"}:
            return c
    return None


def _conditional_above(trigger: Token) -> Token | None:
    """An "if/unless" clause on a governing verb above the event's own clause ("If true, this
    would suggest that Iran attacked"); the coder already sees one on the clause itself."""
    t = trigger
    for _ in range(8):
        if t.head.i == t.i:
            return None
        t = t.head
        if t.pos_ not in {"VERB", "AUX"}:
            continue
        for c in t.children:
            if c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKS:
                return c
            if c.dep_ == "advcl" and c.i != trigger.i and any(
                    g.dep_ == "mark" and g.lower_ in CONDITIONAL_MARKS for g in c.children):
                return next(g for g in c.children if g.dep_ == "mark")
    return None


def _speculation(trigger: Token, clause: Token, chain: list[AttributionLink], w: ClaimWords) -> Token | None:
    for tok in (trigger, clause):
        for c in tok.children:
            if c.dep_ == "advmod" and c.lower_ in w.speculative_adverbs:
                return c
            if c.dep_ == "aux" and c.lower_ in EPISTEMIC_MODALS and _perfect(tok):
                return c
    # "is believed to have fired", "are suspected of planting"
    head = clause.head if clause.dep_ in {"xcomp", "pcomp"} else None
    if head is not None and clause.dep_ == "pcomp":
        head = head.head
    if head is not None and head.lemma_.lower() in w.belief_passives and any(
            c.dep_ in {"auxpass", "nsubjpass"} for c in head.children):
        return head
    for link in chain:  # "CNN speculates that ...", "analysts believe ..."
        if link.verb.lemma_.lower() in w.speculative_verbs:
            return link.verb
    return None


def _demand_head(trigger: Token, w: ClaimWords) -> Token | None:
    """"called for talks", "demanded the release of", "pressed for a ceasefire"."""
    head = trigger.head
    if trigger.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ == "for":
        verb = head.head
        if verb.lemma_.lower() in w.demand_heads:
            return verb
    if trigger.dep_ in {"dobj", "obj"} and head.lemma_.lower() in w.demand_heads - {"call", "ask", "press", "push"}:
        return head
    if trigger.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ == "for" and head.head.pos_ == "NOUN" \
            and head.head.lemma_.lower() in {"call", "demand", "appeal", "plea"}:
        return head.head  # "calls for retaliation" as a noun phrase
    return None


def _future_head(clause: Token, w: ClaimWords) -> Token | None:
    """"is due to meet", "is set to visit": an adjective or participle governing the clause."""
    if clause.dep_ == "xcomp" and any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children):
        head = clause.head
        if head.lemma_.lower() in w.future_heads or head.lower_ in w.future_heads:
            return head
    return None
