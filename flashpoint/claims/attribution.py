"""Who says an event happened: the chain of speakers above its trigger, outermost first.

"MSNBC reported that Iranian state television described the attacks as ..." gives, for the
attacks, ``[MSNBC (reported), Iranian state television (described)]``. Links come from
reporting verbs that govern the event's clause (``ccomp``, object, ``parataxis``: "..., officials
said"), from "according to X", from "citing X" on a reporting verb, and from reporting adverbs
("reportedly": a link with no speaker). The event's own trigger is never a link of its own chain.
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from flashpoint.claims._words import ClaimWords, claim_words
from flashpoint.coding.syntax import phrase_tokens

# How the path from the event enters a governing verb for that verb to be its speaker.
SPEECH_ENTRY_DEPS = {"ccomp", "dobj", "obj", "parataxis", "xcomp", "oprd", "dep"}
SUBJECT_DEPS = {"nsubj", "nsubjpass"}
CONTRAST_MARKS = {"while", "whereas", "although", "though", "but"}
MAX_DEPTH = 12


@dataclass(frozen=True)
class AttributionLink:
    """One speaker of the chain: the speaker's head token (None: unnamed, "reportedly"), the
    verb or cue that makes them the speaker, and the speaker phrase's tokens."""

    speaker: Token | None
    verb: Token
    phrase: tuple[Token, ...] = ()

    @property
    def text(self) -> str:
        if not self.phrase:
            return ""
        doc = self.verb.doc
        return doc.text[self.phrase[0].idx:self.phrase[-1].idx + len(self.phrase[-1])]

    @property
    def verb_text(self) -> str:
        if self.verb.lower_ == "according":  # "according to X"
            nxt = self.verb.nbor(1) if self.verb.i + 1 < len(self.verb.doc) else None
            return "according to" if nxt is not None and nxt.lower_ == "to" else self.verb.text
        return self.verb.text


def attribution_chain(trigger: Token, words: ClaimWords | None = None) -> list[AttributionLink]:
    """Speakers of the event at ``trigger``, outermost first (see the module doc)."""
    w = words or claim_words()
    inner: list[AttributionLink] = []  # innermost first; reversed at the end
    seen: set[int] = set()
    child, tok = trigger, trigger
    _local_links(tok, inner, w, seen, skip_self=True)
    for _ in range(MAX_DEPTH):
        if tok.head.i == tok.i:
            break
        child, tok = tok, tok.head
        entry = child.dep_
        if entry == "advcl" and any(c.dep_ == "mark" and c.lower_ in CONTRAST_MARKS for c in child.children):
            break  # "..., while Kyiv denied that ...": a clause of its own, not in Russia's words
        if (_is_speech_verb(tok, w) and tok.i not in seen
                and (entry in SPEECH_ENTRY_DEPS or (entry == "advcl" and _speech_advcl(child, tok)))
                and not (entry == "xcomp" and _passive(tok))):  # "are believed to have": a hedge
            speaker = _speaker(tok)
            seen.add(tok.i)
            inner.append(_link(speaker, tok))
        elif entry == "pcomp" and tok.dep_ == "prep" and _is_speech_verb(tok.head, w) \
                and tok.head.lemma_.lower() in {"accuse", "charge", "blame"} and tok.head.i not in seen:
            verb = tok.head  # "accused Israel of attacking"
            speaker = _speaker(verb)
            seen.add(verb.i)
            inner.append(_link(speaker, verb))
        _local_links(tok, inner, w, seen, skip_self=False)
    return list(reversed(inner))


def _local_links(tok: Token, out: list[AttributionLink], w: ClaimWords, seen: set[int], *, skip_self: bool) -> None:
    """Attributions hanging on one clause: "..., officials said" (parataxis), "according to X",
    "citing X", "reportedly"."""
    for c in tok.children:
        if c.dep_ == "parataxis" and _is_speech_verb(c, w) and c.i not in seen:
            speaker = _speaker(c)
            seen.add(c.i)
            out.append(_link(speaker, c))
        elif c.dep_ == "prep" and c.lower_ == "according" and c.i not in seen:
            to = next((g for g in c.children if g.lower_ == "to"), None)
            src = next((g for g in to.children if g.dep_ == "pobj"), None) if to is not None else None
            if src is not None:
                seen.add(c.i)
                out.append(AttributionLink(src, c, tuple(phrase_tokens(src))))
        elif c.dep_ == "advcl" and c.lemma_.lower() == "cite" and c.i not in seen and not skip_self:
            obj = next((g for g in c.children if g.dep_ in {"dobj", "obj"}), None)
            if obj is not None:
                seen.add(c.i)
                link = AttributionLink(obj, c, tuple(phrase_tokens(obj)))
                # "state media reported, citing a source": the source is inside the speaker's link
                # (``out`` is innermost first, so it goes just before the clause's own link)
                at = len(out) - 1 if out and out[-1].verb.i == tok.i else len(out)
                out.insert(at, link)
        elif c.dep_ == "advmod" and c.lower_ in w.reporting_adverbs and c.i not in seen:
            seen.add(c.i)
            out.append(AttributionLink(None, c, ()))


def _passive(verb: Token) -> bool:
    return any(c.dep_ in {"auxpass", "nsubjpass"} for c in verb.children)


def _link(speaker: Token | None, verb: Token) -> AttributionLink:
    return AttributionLink(speaker, verb, tuple(phrase_tokens(speaker)) if speaker is not None else ())


def _is_speech_verb(tok: Token, w: ClaimWords) -> bool:
    lemma = tok.lemma_.lower()
    return tok.pos_ in {"VERB", "AUX"} and (lemma in w.attribution_verbs or lemma in w.denial_verbs)


def _speech_advcl(child: Token, verb: Token) -> bool:
    """"Iran attacked the base, state media reported" is sometimes parsed with the event as an
    adverbial clause of the reporting verb; a clause with its own mark ("after", "as") is not."""
    return not any(c.dep_ == "mark" for c in child.children) and child.i < verb.i


def _speaker(verb: Token) -> Token | None:
    for c in verb.children:
        if c.dep_ == "nsubj":
            return c
    for c in verb.children:  # "it was reported by X"
        if c.dep_ == "agent":
            return next((g for g in c.children if g.dep_ == "pobj"), None)
    if verb.dep_ in {"conj", "xcomp"} and verb.head.i != verb.i:  # "said and added that ..."
        return _speaker(verb.head)
    return None
