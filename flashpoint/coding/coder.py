"""Rule-based event coder over a spaCy parse: triggers from the lexicon, roles from syntax.

For every sentence it finds verbal and nominal triggers, picks the lexicon sense whose
conditions hold, finds source and target through the dependency tree (active, passive,
relative clauses, control verbs, light verbs such as "launched an attack on"), and decides
how the event is asserted (negated, future, hypothetical, reported). Accidents are not
events: a killing verb whose subject is a vehicle or a disaster has no acting party.
"""
from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from flashpoint.coding.candidate import Candidate
from flashpoint.coding.forms import word_form_index
from flashpoint.coding.modality import (
    VERBAL_ROOT_MODALITY,
    as_intent,
    modality_of,
    subsume_complements,
)
from flashpoint.coding.lexicon import Lexicon, Sense, load_lexicon
from flashpoint.coding.syntax import (
    OBJECT_DEPS,
    PASSIVE_SUBJECT_DEPS,
    SUBJECT_DEPS,
    children,
    controller,
    direct_object,
    governing_verb,
    has_prep,
    is_passive,
    prep_objects,
    unwrap_quantity,
)

VERB_TAGS = {"VB", "VBD", "VBG", "VBN", "VBP", "VBZ"}
NOUN_TAGS = {"NN", "NNS"}
MODIFIER_DEPS = {"compound", "amod", "nmod"}
MATERIAL_ROOT = "14"  # CAMEO roots from here on are acts (protest, coercion, force), not words
HOSTAGE_TAKING = "181"  # CAMEO: abduct, hijack, or take hostage
# a direct object that names a place (spaCy GPE/LOC) matches ``objects: ["@place"]`` in the lexicon
PLACE_OBJECT, PLACE_OBJECT_ENTS = "@place", frozenset({"GPE", "LOC"})
# subordinators of a clause telling what happened at the same time ("killed when police fired")
CIRCUMSTANCE_MARKS = frozenset({"when", "as"})
ACTOR_ENTS = {"PERSON", "ORG", "NORP", "GPE", "FAC"}


# CAMEO artillery and tank fire, aerial weapons: fired from afar, never accidents
STANDOFF_ATTACKS = frozenset({"194", "195"})


class EventCoder:
    """Codes events in parsed docs. Stateless apart from the lexicon; safe to share."""

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        self.lex = lexicon or load_lexicon()
        self.f = self.lex.frames
        self._demand_sense = Sense(lemma="must", cameo=self.f.demand_code)
        # The statistical lemmatizer errs ("staged" -> "stag"): a word form of a lexicon verb
        # found in the irregular table or by regular inflection also counts.
        self._verb_forms = word_form_index(set(self.lex.verbs) | set(self.f.light_verbs))

    # -- public ------------------------------------------------------------------------------
    def code_doc(self, doc: Doc) -> list[Candidate]:
        out: list[Candidate] = []
        for sent in doc.sents:
            out.extend(self.code_sentence(sent))
        return out

    def code_sentence(self, sent: Span) -> list[Candidate]:
        found: list[Candidate] = []
        verb_events: dict[int, Candidate] = {}
        for tok in sent:
            if tok.tag_ in VERB_TAGS or (tok.pos_ == "VERB"):
                cand = self._verbal(tok)
                if cand is not None:
                    found.append(cand)
                    verb_events[tok.i] = cand
        for tok in sent:
            if tok.tag_ in NOUN_TAGS and tok.lemma_.lower() in self.lex.nouns:
                verb = verb_events.get(tok.head.i) if tok.dep_ in OBJECT_DEPS else None
                if verb is not None and not self._generic_light_verb(verb):
                    continue  # "launched a missile strike on" is already coded on the verb
                cand = self._nominal(tok)
                if cand is not None and verb is not None:
                    if cand.code[:2] < MATERIAL_ROOT:
                        continue  # "ordered an investigation": a demand (CAMEO 10)
                    found.remove(verb)  # "ordered the detention of": the detention, not an order
                    del verb_events[tok.head.i]
                if cand is not None:
                    found.append(cand)
        found.extend(self._modal_demands(sent))
        subsume_complements(found)
        return _dedupe(found)

    def _generic_light_verb(self, cand: Candidate) -> bool:
        """A light verb coded by its sense without conditions ("ordered" as a demand): its
        event-noun object says better what was done ("ordered the detention of 2,745 judges")."""
        s = cand.sense
        return (self._lemma(cand.trigger) in self.f.light_verbs and not cand.nominal
                and not (s.objects or s.preps or s.subjects or s.pobjs or s.complement))

    def _modal_demands(self, sent: Span) -> list[Candidate]:
        """"Russia said Sudan must return the helicopter": a demand by the speaker on the
        subject of the modal clause, whatever the demanded act is."""
        out = []
        sense = self._demand_sense
        for tok in sent:
            modal = next((c for c in tok.children if c.dep_ == "aux" and c.lower_ in self.f.demand_modals), None)
            if modal is None or tok.dep_ not in {"ccomp", "acl"}:
                continue
            speaker_verb = tok.head
            if tok.dep_ == "ccomp" and speaker_verb.lemma_.lower() not in self.f.reporting_verbs | {"conclude", "warn", "decide"}:
                continue
            subj = [c for c in tok.children if c.dep_ in SUBJECT_DEPS]
            if not subj:
                continue
            if tok.dep_ == "acl":  # "a reminder to Iraq that it must cooperate"
                source = self._verb_source(governing_verb(speaker_verb), False)[0]
            else:
                source = self._verb_source(speaker_verb, is_passive(speaker_verb))[0]
            if source is None:
                continue
            modality, cue = modality_of(speaker_verb, self.f)
            out.append(Candidate(modal, sense, False, source, subj[0], modality, cue))
        return out

    # -- verbal triggers ---------------------------------------------------------------------------
    def _lemma(self, tok: Token) -> str:
        lemma = tok.lemma_.lower()
        if lemma in self.lex.verbs or lemma in self.f.light_verbs:
            return lemma
        return self._verb_forms.get(tok.lower_, lemma) if tok.tag_ in VERB_TAGS else lemma

    def _verbal(self, tok: Token) -> Candidate | None:
        if tok.dep_ == "amod":
            return None  # a participle used as an adjective: "alleged crimes", "Israeli-occupied"
        lemma = self._lemma(tok)
        if tok.dep_ == "acl" and tok.tag_ == "VBN" and lemma in self.f.state_participles:
            return None  # "gangs armed with machetes": what they carry, not who armed them
        senses = self.lex.verbs.get(lemma)
        if not senses:
            return None
        passive = is_passive(tok)
        obj = direct_object(tok)
        if obj is None and passive:
            subj = _patients(tok)
            obj = unwrap_quantity(subj[0]) if subj else (tok.head if tok.dep_ == "acl" else None)
        sense = self._pick_verb_sense(tok, senses, obj)
        if sense is None:
            return None
        if sense.reversed:  # "villages received food from the UAE"
            source, instrument = next(prep_objects(tok, "from"), None), False
            target, _ = self._verb_source(tok, passive)
        else:
            source, instrument = self._verb_source(tok, passive)
            target = self._verb_target(tok, sense, passive, obj)
        if not self._has_agent(sense, source, instrument) and not (
            passive and source is None and target is not None and self._passive_without_agent_ok(tok)
        ):
            return None
        if source is None and target is None:
            return None  # "missiles hit in or near the base": no participant to code
        source = None if _is_time(source) else source
        target = None if _is_time(target) else target
        if target is None and sense.cameo[:2] in VERBAL_ROOT_MODALITY:
            target = _complement_subject(tok)  # "Poland demanded that Germany pay"
            if target is None:  # "threatened to cut off electricity to Nakhichevan"
                target = _complement_actor(tok, source)
        elif target is not None and sense.cameo[:2] in TOPIC_ROOTS:
            target = _topic_actor(target)
        elif target is not None and target.lemma_.lower() in self.f.agentive_of_nouns:
            target = next(prep_objects(target, "of"), target)  # "demanded the withdrawal of X"
        if target is None and source is not None and sense.cameo[:2] in SYMMETRIC_ROOTS:
            target = _partner(source)  # "Ethiopia and Eritrea agreed", "Turkish and Swedish ministers met"
        if source is not None and target is not None and source.i == target.i:
            target = None
        modality, cue = modality_of(tok, self.f)
        cand = Candidate(tok, sense, False, source, target, modality, cue, passive, instrument)
        return self._intent(cand)

    def _pick_verb_sense(self, tok: Token, senses: tuple[Sense, ...], obj: Token | None) -> Sense | None:
        obj_words: set[str] = set()
        objs = [obj] if obj is not None else []
        for c in tok.children:  # "allowed a convoy to enter": the complement's subject
            if c.dep_ in {"ccomp", "xcomp"}:
                objs += [g for g in c.children if g.dep_ in SUBJECT_DEPS]
        for o in list(objs):
            objs += [c for c in o.children if c.dep_ == "conj"]  # "warplanes and warships"
        for o in list(objs):  # "a state of emergency", "a ban on ..."
            objs += [g for g in prep_objects(o, "of")]
        # a noun predicated of the object: "took dozens of people hostage"
        obj_words |= {c.lemma_.lower() for c in tok.children
                      if c.dep_ in ("xcomp", "oprd") and c.pos_ == "NOUN"}
        for o in objs:
            obj_words |= {o.lemma_.lower(), o.lower_}
            if o.ent_type_ in PLACE_OBJECT_ENTS:
                obj_words.add(PLACE_OBJECT)  # "captured Tikrit": a named place
            # "drone strikes", "tear gas", "aid convoy": modifiers of the object count too
            obj_words |= {c.lemma_.lower() for c in o.children if c.dep_ in MODIFIER_DEPS}
        subj_words = _subject_lemmas(tok)
        if not subj_words and tok.dep_ in ("xcomp", "conj") and tok.head.i != tok.i:
            # "troops began leaving": the subject of the verb it completes or is joined to
            subj_words = _subject_lemmas(tok.head)
        pobj_words = {g.lemma_.lower() for c in tok.children if c.dep_ in {"prep", "prt"}
                      for g in c.children if g.dep_ == "pobj"}
        for s in senses:
            if s.objects and not (obj_words & s.objects):
                continue
            if s.not_objects and obj_words & s.not_objects:
                continue
            if s.preps and not has_prep(tok, s.preps):
                continue
            if s.complement and not any(c.dep_ in {"xcomp", "ccomp"} for c in tok.children):
                continue
            if s.subjects and not (subj_words & s.subjects):
                continue
            if s.pobjs and not (pobj_words & s.pobjs):
                continue
            return s
        return None

    def _verb_source(self, tok: Token, passive: bool) -> tuple[Token | None, bool]:
        """Source head token, and whether the subject slot held an instrument instead."""
        if passive:
            agents = list(prep_objects(tok, "by"))
            if agents:
                return self._actor_or_instrument(agents[0])
            doer = self._circumstance_doer(tok)
            if doer is not None:
                actor, _ = self._actor_or_instrument(doer)
                # a weapon or vehicle there ("when a shell hit", "when jets struck") names no one
                if actor is not None and actor.lemma_.lower() not in self.f.non_agent_nouns:
                    return actor, False
            return None, False
        subj = children(tok, SUBJECT_DEPS)
        if subj:
            s = subj[0]
            if s.lower_ in self.f.relative_pronouns and tok.dep_ == "relcl":
                s = tok.head  # "the strike that killed X" -> the strike
            elif s.pos_ == "PRON" and s.lower_ in SPEAKER_PRONOUNS:
                speaker = self._speaker(tok)  # "Iran said it would ...": it = Iran
                if speaker is not None:
                    s = speaker
            return self._actor_or_instrument(s)
        # no subject of its own: relative clause, control verb, conjunct, participle
        if tok.dep_ == "xcomp" and tok.head.lemma_.lower() in self.f.object_control_verbs:
            # "urged Iran to release ...": the one urged is the one who would act
            urged = controller(tok.head)
            if urged is not None:
                return self._actor_or_instrument(urged)
        if tok.dep_ == "relcl":
            return self._actor_or_instrument(tok.head)
        agent = self._gerund_agent(tok)
        if agent is not None:
            return self._actor_or_instrument(agent)
        if tok.dep_ == "xcomp":  # raising: "militants are believed to have killed ..."
            raised = children(tok.head, PASSIVE_SUBJECT_DEPS)
            if raised and tok.head.lemma_.lower() not in self.f.object_control_verbs:
                return self._actor_or_instrument(raised[0])
        if (tok.dep_ == "acl" and tok.tag_ == "VBG" and tok.head.dep_ in OBJECT_DEPS
                and tok.head.head.pos_ in {"VERB", "AUX"}):
            # "signed an order freezing the assets": who signed the order
            return self._verb_source(tok.head.head, is_passive(tok.head.head))
        if tok.dep_ in {"xcomp", "conj", "advcl", "pcomp"} and tok.head.i != tok.i:
            head = tok.head
            if head.pos_ in {"VERB", "AUX"}:
                return self._verb_source(head, is_passive(head) and tok.dep_ == "conj")
            if tok.dep_ == "pcomp" and head.head.i != head.i:
                return self._verb_source(head.head, False)
        return None, False

    def _circumstance_doer(self, tok: Token) -> Token | None:
        """Who acted in the "when"/"as" clause of an agentless passive: "one protester was
        killed when police fired tear gas", "a boy was shot dead as police confronted
        supporters" (the clause's verb an event verb, told in the active voice)."""
        # "one was killed and another wounded when ...": the clause tells both conjuncts
        verbs = [tok] + [c for c in tok.children if c.dep_ == "conj" and is_passive(c)]
        if tok.dep_ == "conj" and tok.head.i != tok.i and is_passive(tok.head):
            verbs.append(tok.head)
        for v in verbs:
            for c in v.children:
                if c.dep_ != "advcl" or is_passive(c) or self._lemma(c) not in self.lex.verbs:
                    continue
                if not any(m.dep_ in {"mark", "advmod"} and m.lower_ in CIRCUMSTANCE_MARKS
                           for m in c.children):
                    continue
                subj = children(c, SUBJECT_DEPS)
                if subj:
                    return subj[0]
        return None

    def _gerund_agent(self, tok: Token) -> Token | None:
        """"accused Israel of killing", "was blamed for detonating": the object (passive subject)
        of an agent_object_verbs verb is who did its "of"/"for" gerund."""
        if tok.dep_ != "pcomp" or tok.head.lower_ not in ("of", "for") or tok.head.i == tok.head.head.i:
            return None
        verb = tok.head.head
        if verb.lemma_.lower() not in self.f.agent_object_verbs:
            return None
        if is_passive(verb):
            subj = children(verb, PASSIVE_SUBJECT_DEPS)
            return subj[0] if subj else None
        objs = children(verb, OBJECT_DEPS)
        return objs[0] if objs else None

    def _speaker(self, tok: Token) -> Token | None:
        """The subject of the reporting verb whose complement holds tok, if it names someone."""
        t = tok
        for _ in range(4):
            if t.dep_ in {"ccomp", "xcomp", "conj", "advcl"} and t.head.i != t.i:
                t = t.head
                if t.lemma_.lower() in self.f.reporting_verbs or t.lemma_.lower() in self.f.future_verbs:
                    subj = children(t, SUBJECT_DEPS)
                    if subj and subj[0].pos_ != "PRON":
                        return subj[0]
            else:
                return None
        return None

    def _actor_or_instrument(self, tok: Token) -> tuple[Token | None, bool]:
        """An instrument ("missiles hit the base") is no actor, unless it says whose it is
        ("Israeli jets", "U.S. drones"). Non-agents (a crashed plane) stay, to be refused."""
        tok = unwrap_quantity(tok)
        lemma = tok.lemma_.lower()
        if lemma in self.f.instrument_nouns and tok.ent_type_ not in ACTOR_ENTS:
            if self._owned(tok):
                return tok, False
            if lemma not in self.f.non_agent_nouns:
                return None, True
        return tok, False

    def _armed(self, tok: Token) -> bool:
        """A vehicle named as a weapon: "fighter jets", "military aircraft", "enemy planes"."""
        return any(c.dep_ in {"amod", "compound"} and c.lemma_.lower() in self.f.military_modifiers
                   for c in tok.children)

    @staticmethod
    def _owned(tok: Token) -> bool:
        return any(c.dep_ in {"amod", "compound", "poss", "nmod"}
                   and (c.ent_type_ in ACTOR_ENTS or c.pos_ == "PROPN") for c in tok.children)

    def _verb_target(self, tok: Token, sense: Sense, passive: bool, obj: Token | None) -> Token | None:
        for slot in sense.targets:
            if slot == "dobj":
                if passive:
                    subj = _patients(tok)
                    if subj:
                        return subj[0]
                    if tok.dep_ == "acl":
                        return tok.head
                    continue
                objs = children(tok, OBJECT_DEPS)
                if objs and (sense.object_target or not (
                        sense.objects and obj is not None and obj.lemma_.lower() in sense.objects)):
                    return objs[0]
                if objs and obj is not None:  # the object is what was done: whose it is
                    owner = next((c for c in obj.children if c.dep_ == "poss"), None) or next(
                        prep_objects(obj, "of"), None)  # "froze the assets of X", "seized control of Y"
                    if owner is None and sense.cameo == HOSTAGE_TAKING:  # "took 30 workers hostage"
                        owner = next((c for c in obj.children
                                      if c.dep_ == "compound" and c.pos_ == "NOUN"), None)
                    if owner is not None:
                        return owner
                continue
            if slot == "dative":
                d = [c for c in tok.children if c.dep_ == "dative" and c.pos_ != "ADP"]
                if d:
                    return d[0]
                continue
            t = next(prep_objects(tok, slot), None)
            if t is None and obj is not None:  # "fired missiles at X" parsed with X under the object
                t = next(prep_objects(obj, slot), None)
            if t is not None:
                return t
        return None

    def _has_agent(self, sense: Sense, source: Token | None, instrument: bool) -> bool:
        """Accidents and disasters are not events by anyone."""
        if (source is not None and source.lemma_.lower() in self.f.non_agent_nouns
                and not (sense.intentional and (self._owned(source) or self._armed(source)
                                                or sense.cameo[:3] in STANDOFF_ATTACKS))):
            # "the plane crashed, killing 176"; but "Israeli jets struck Gaza", "fighter jets
            # struck a depot", "jets bombed a depot" (an air strike is never an accident)
            return False
        if sense.intentional:
            return True
        return source is not None or instrument

    def _passive_without_agent_ok(self, tok: Token) -> bool:
        """"Ten soldiers were killed in Ukraine" is violence by someone; "killed in a crash" or
        "in the earthquake" is not."""
        for c in tok.children:
            if c.dep_ in {"prep", "agent"}:
                for g in c.children:
                    if g.dep_ == "pobj" and unwrap_quantity(g).lemma_.lower() in self.f.non_agent_nouns:
                        return False
        return True

    # -- nominal triggers -------------------------------------------------------------------------
    def _nominal(self, tok: Token) -> Candidate | None:
        senses = self.lex.nouns[tok.lemma_.lower()]
        mods = {c.lemma_.lower() for c in tok.children if c.dep_ in MODIFIER_DEPS}
        sense = None
        for s in senses:
            if s.modifiers and not (mods & s.modifiers):
                continue
            if s.not_modifiers and mods & s.not_modifiers:
                continue
            if s.heads and governing_verb(tok).lemma_.lower() not in s.heads:
                continue
            if s.preps and not has_prep(tok, s.preps):
                continue
            sense = s
            break
        if sense is None:
            return None
        source = self._noun_source(tok, sense)
        target = self._noun_target(tok, sense)
        if source is None and target is None:
            return None  # an anaphoric mention ("casualties from the attack") carries no dyad
        if source is not None and source.lemma_.lower() in self.f.non_agent_nouns:
            return None
        source = None if _is_time(source) else source
        target = None if _is_time(target) else target
        if target is None and source is not None and sense.cameo[:2] in SYMMETRIC_ROOTS:
            target = _partner(source)
        if source is None and target is None:
            return None
        if source is not None and target is not None and source.i == target.i:
            target = None
        modality, cue = modality_of(tok, self.f)
        if tok.dep_ in OBJECT_DEPS and tok.head.pos_ in {"VERB", "AUX"}:
            vm, vcue = modality_of(tok.head, self.f)
            if vm != "asserted":
                modality, cue = vm, vcue
        if any(c.dep_ == "det" and c.lower_ == "no" for c in tok.children):
            modality, cue = "negated", tok
        return self._intent(Candidate(tok, sense, True, source, target, modality, cue))

    def _intent(self, cand: Candidate) -> Candidate:
        return as_intent(cand, self.f, self.lex.intents)

    def _noun_source(self, tok: Token, sense: Sense) -> Token | None:
        by = next(prep_objects(tok, "by"), None)
        if by is not None:
            return by
        poss = children(tok, {"poss"})
        if poss and not _patient_possessor(tok, self.f.patient_possessor_nouns):
            return poss[0]
        if sense.of_role == "source":
            of = next(prep_objects(tok, "of"), None)
            if of is not None:
                return of
        between = next(prep_objects(tok, "between"), None)
        if between is not None:
            return between
        for c in tok.children:  # "U.S. drone strike", "Israeli airstrike"
            if c.dep_ in {"compound", "amod", "nmod"} and c.i < tok.i and (
                c.ent_type_ in ACTOR_ENTS or c.pos_ == "PROPN"
            ):
                return c
        # light verb: "Iran launched an attack on ...", "carried out a raid"
        if tok.dep_ in OBJECT_DEPS and self._lemma(tok.head) in self.f.light_verbs:
            src, _ = self._verb_source(tok.head, is_passive(tok.head))
            return src
        verb = governing_verb(tok)  # "doctors went on strike"
        if sense.heads and verb.lemma_.lower() in sense.heads:
            return self._verb_source(verb, is_passive(verb))[0]
        if tok.dep_ in {"nsubj", "nsubjpass"}:
            return None
        return None

    def _noun_target(self, tok: Token, sense: Sense) -> Token | None:
        if _patient_possessor(tok, self.f.patient_possessor_nouns):
            return children(tok, {"poss"})[0]  # "Castillo's arrest"
        slots = list(sense.targets)
        if "between" in slots:  # "talks between A and B": B is the target
            b = next(prep_objects(tok, "between"), None)
            if b is not None:
                conj = [c for c in b.children if c.dep_ == "conj"]
                if conj:
                    return conj[0]
        for slot in slots:
            if slot == "of" and sense.of_role != "target":
                continue
            t = next(prep_objects(tok, slot), None)
            if t is None and tok.dep_ in OBJECT_DEPS and self._lemma(tok.head) in self.f.light_verbs:
                t = next(prep_objects(tok.head, slot), None)
            if t is not None:
                return t
        return None



TIME_ENTS = {"DATE", "TIME"}
SPEAKER_PRONOUNS = {"it", "they", "he", "she", "we"}
# Interactions where "A and B did X" means A did X with B (agree, consult, cooperate, support).
SYMMETRIC_ROOTS = {"03", "04", "05", "06"}


# Verbs about someone's act: the actor of the act is the target ("condemned Serbia's crackdown").
TOPIC_ROOTS = {"05", "09", "11", "12"}


def _topic_actor(target: Token) -> Token:
    """The actor behind a topic noun: "Serbia's suppression", "the attack by rebels", "an offer
    from Afghanistan", "a Senegalese peace plan"."""
    if target.pos_ != "NOUN":
        return target
    for c in target.children:
        if c.dep_ == "poss" and c.pos_ in {"PROPN", "NOUN"}:
            return c
    for prep in ("by", "from"):
        t = next(prep_objects(target, prep), None)
        if t is not None:
            return t
    for c in target.children:
        if c.dep_ in {"amod", "compound"} and c.ent_type_ in ACTOR_ENTS and c.i < target.i:
            return c
    return target


def _complement_actor(tok: Token, source: Token | None) -> Token | None:
    """A named actor inside the clause that says what was threatened/demanded/promised."""
    clauses = [c for c in tok.children if c.dep_ in {"xcomp", "ccomp"}]
    for clause in clauses:
        for t in clause.subtree:
            if t.ent_type_ in ACTOR_ENTS and t.dep_ in {"pobj", "dobj", "dative", "poss", "compound", "amod"} \
                    and (source is None or t.i not in {x.i for x in source.subtree}):
                return t
    return None


def _is_time(tok: Token | None) -> bool:
    """"agreed on Monday": a date is never a participant."""
    return tok is not None and tok.ent_type_ in TIME_ENTS


def _partner(source: Token) -> Token | None:
    """The second of two conjoined actors ("Ethiopia and Eritrea", "Turkish and Swedish
    ministers"): the first is the source, this one the target."""
    for c in source.children:
        if c.dep_ == "conj" and c.pos_ in {"NOUN", "PROPN"}:
            return c
    for m in source.children:
        if m.dep_ in {"amod", "compound"} and m.i < source.i:
            for c in m.children:
                if c.dep_ == "conj":
                    return c
    return None


def _complement_subject(tok: Token) -> Token | None:
    for c in tok.children:
        if c.dep_ in {"ccomp", "xcomp"}:
            for g in c.children:
                if g.dep_ in SUBJECT_DEPS and g.pos_ in {"NOUN", "PROPN"}:
                    return g
    return None


def _dedupe(found: list[Candidate]) -> list[Candidate]:
    """One event per (type, source, target) within a sentence: keep the verbal trigger. A noun
    trigger that is itself the source of a coded verb ("the drone strike that killed X") is
    told by that verb's event."""
    sources = {c.source.i for c in found if c.source is not None and not c.nominal}
    best: dict[tuple, Candidate] = {}
    for c in found:
        if c.nominal and c.trigger.i in sources:
            continue
        key = (c.code[:2], c.source.i if c.source is not None else None,
               c.target.i if c.target is not None else None)
        prev = best.get(key)
        if prev is None or (prev.nominal and not c.nominal):
            best[key] = c
    return sorted(best.values(), key=lambda c: c.trigger.i)


def _subject_lemmas(verb: Token) -> set[str]:
    return {unwrap_quantity(c).lemma_.lower() for c in verb.children if c.dep_ in SUBJECT_DEPS}


def _patients(verb: Token) -> list[Token]:
    """Who a passive verb happens to: its passive subject, or the subject of a passive conjunct
    that shares the first one's auxiliary ("one was killed and several others wounded")."""
    subj = children(verb, PASSIVE_SUBJECT_DEPS)
    if not subj and verb.dep_ == "conj":
        subj = children(verb, SUBJECT_DEPS)
    return subj


def _patient_possessor(tok: Token, nouns: frozenset[str]) -> bool:
    """A name's possessive on a noun of what is done to a person, with no "of" phrase:
    "Castillo's arrest", "Soleimani's assassination" (but "the army's raid", "Russia's invasion",
    "the police's arrest of Badie": the possessor acted)."""
    if tok.lemma_.lower() not in nouns or next(prep_objects(tok, "of"), None) is not None:
        return False
    poss = children(tok, {"poss"})
    return bool(poss) and poss[0].pos_ == "PROPN"
